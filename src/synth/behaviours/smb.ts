/**
 * SMB sessions: a TCP connection to port 445 that maps shares (smb_mapping.log), opens, reads and
 * writes files (smb_files.log, and files.log for the data moved), and may carry DCE-RPC calls
 * through named pipes. The connection's sizes are the sum of what happened on it.
 */
import type { Random } from '../../util/random.js';
import type { Conn, ConnState } from '../conn.js';
import type { HostDay, SynthContext } from '../context.js';
import { logNormal, uniform } from '../distributions.js';
import { fileRow, smbFilesRow, smbMappingRow } from '../logs.js';
import { logRpcCalls, type RpcCall } from './rpc.js';

export type SmbAction =
  | 'SMB::FILE_OPEN'
  | 'SMB::FILE_READ'
  | 'SMB::FILE_WRITE'
  | 'SMB::FILE_DELETE'
  | 'SMB::FILE_RENAME';

export interface SmbFileOp {
  action: SmbAction;
  /** The share (`\\server\share`). */
  share: string;
  /** Path inside the share. */
  name: string;
  size: number;
  /** For reads and writes: the type of the data moved (a files.log row is written). */
  mime?: string;
  analyzers?: string[];
  prevName?: string;
  /** Seconds after the previous step. */
  gap?: number;
}

export interface SmbSession {
  server: string;
  /** conn.log service: how the session authenticated (`gssapi,smb,krb`, `gssapi,ntlm,smb`). */
  service: string;
  shares: Array<{ path: string; type: 'DISK' | 'PIPE' }>;
  files?: SmbFileOp[];
  /** RPC calls through a named pipe of IPC$ (e.g. `\pipe\samr`). */
  pipe?: { name: string; calls: RpcCall[] };
  /** Seconds the idle session stays open before it is torn down. */
  linger?: number;
  state?: ConnState;
}

/** `\\server\share`, as smb_mapping.log prints share paths. */
export function unc(server: string, share: string): string {
  return `\\\\${server}\\${share}`;
}

/** File times for smb_files.log: created some weeks ago, changed since. */
function fileTimes(rng: Random, ts: number): { created: number; modified: number; accessed: number } {
  const created = ts - uniform(rng, 7, 400) * 86400;
  const modified = created + (ts - created) * rng.next();
  return { created, modified, accessed: modified + (ts - modified) * rng.next() };
}

/** Make the session from `host`; returns its connection. */
export function smbSession(ctx: SynthContext, host: HostDay, rng: Random, ts: number, s: SmbSession): Conn {
  // Plan the steps first: the conn row needs the totals.
  let origBytes = logNormal(rng, 2600, 0.15); // negotiate and session setup (with a service ticket)
  let respBytes = logNormal(rng, 900, 0.15);
  let t = ts + logNormal(rng, 0.004, 0.5);
  const mappings = s.shares.map((share) => {
    origBytes += 90 + share.path.length * 2;
    respBytes += 90;
    const at = t;
    t += logNormal(rng, 0.002, 0.6);
    return { ...share, at };
  });
  let pipeAt = 0;
  if (s.pipe) {
    pipeAt = t;
    origBytes += 400 + s.pipe.calls.length * 350;
    respBytes += 300 + s.pipe.calls.length * 450;
    t += s.pipe.calls.length * 0.006 + 0.01;
  }
  const ops = (s.files ?? []).map((op) => {
    t += op.gap ?? logNormal(rng, 0.05, 1);
    const at = t;
    origBytes += 350 + op.name.length * 2;
    respBytes += 300;
    const transfer = op.mime ? op.size / logNormal(rng, 40e6, 0.5) : 0;
    if (op.action === 'SMB::FILE_READ') respBytes += op.size;
    if (op.action === 'SMB::FILE_WRITE') origBytes += op.size;
    t += transfer + logNormal(rng, 0.002, 0.5);
    return { op, at, transfer };
  });
  const linger = s.linger ?? uniform(rng, 5, 40);
  const conn = ctx.out.conn(rng, {
    ts,
    origH: host.ip,
    origP: host.nextPort(rng),
    respH: s.server,
    respP: 445,
    proto: 'tcp',
    service: s.service,
    duration: t - ts + linger,
    origBytes: Math.round(origBytes),
    respBytes: Math.round(respBytes),
    state: s.state ?? 'RSTO',
  });
  for (const m of mappings) ctx.out.add(smbMappingRow(m.at, conn, m.path, m.type));
  if (s.pipe) logRpcCalls(ctx, rng, conn, pipeAt, s.pipe.name, s.pipe.calls);
  for (const { op, at, transfer } of ops) {
    const fuid = op.mime ? ctx.out.fuid() : null;
    const times = fileTimes(rng, at);
    ctx.out.add(
      smbFilesRow(at, conn, {
        fuid,
        action: op.action,
        path: op.share,
        name: op.name,
        size: op.size,
        prevName: op.prevName,
        ...times,
      }),
    );
    if (fuid) {
      const write = op.action === 'SMB::FILE_WRITE';
      ctx.out.add(
        fileRow(at + 0.0005, conn, {
          fuid,
          source: 'SMB',
          analyzers: op.analyzers ?? [],
          mimeType: op.mime!,
          filename: op.name,
          duration: transfer,
          localOrig: true,
          isOrig: write,
          bytes: op.size,
        }),
      );
    }
  }
  return conn;
}
