/**
 * DCE-RPC calls as dce_rpc.log shows them. Over TCP a client first asks the endpoint mapper on
 * port 135 where an interface listens, then calls it on that dynamic port (Zeek logs the port as
 * the "named pipe"); over SMB the calls travel through a named pipe such as \pipe\samr.
 */
import type { Random } from '../../util/random.js';
import type { Conn } from '../conn.js';
import type { HostDay, SynthContext } from '../context.js';
import { logNormal } from '../distributions.js';
import { dceRpcRow } from '../logs.js';

export interface RpcCall {
  endpoint: string;
  operation: string;
}

/** Where Windows Server 2019 registers its RPC interfaces (the dynamic ports after 49664). */
export const DC_RPC_PORTS: Record<string, number> = {
  drsuapi: 49667,
  lsarpc: 49667,
  samr: 49667,
  netlogon: 49668,
  dnsserver: 49670,
  svcctl: 49669,
  ITaskSchedulerService: 49669,
};

/** Seconds a call takes on the LAN. */
function rpcRtt(rng: Random): number {
  return logNormal(rng, 0.0006, 0.8);
}

/** Log `calls` made over `conn` one after another from `ts`; returns when the last answer is in. */
export function logRpcCalls(
  ctx: SynthContext,
  rng: Random,
  conn: Conn,
  ts: number,
  pipe: string,
  calls: RpcCall[],
): number {
  let t = ts;
  for (const call of calls) {
    const rtt = rpcRtt(rng);
    ctx.out.add(dceRpcRow(t, conn, rtt, pipe, call.endpoint, call.operation));
    t += rtt + logNormal(rng, 0.002, 0.8);
  }
  return t;
}

/**
 * Look `calls[0].endpoint` up at the endpoint mapper of `server`, then make the calls on its
 * dynamic port. Returns the connection that carried the calls.
 */
export function rpcOverTcp(
  ctx: SynthContext,
  host: HostDay,
  rng: Random,
  ts: number,
  server: string,
  calls: RpcCall[],
  service = 'gssapi,dce_rpc',
): Conn {
  const mapRtt = rpcRtt(rng);
  const mapper = ctx.out.conn(rng, {
    ts,
    origH: host.ip,
    origP: host.nextPort(rng),
    respH: server,
    respP: 135,
    proto: 'tcp',
    service: 'dce_rpc',
    duration: mapRtt + logNormal(rng, 0.01, 0.6),
    origBytes: Math.round(logNormal(rng, 280, 0.1)),
    respBytes: Math.round(logNormal(rng, 250, 0.1)),
  });
  ctx.out.add(dceRpcRow(ts + 0.0005, mapper, mapRtt, '135', 'epmapper', 'ept_map'));
  const port = DC_RPC_PORTS[calls[0].endpoint] ?? 49670;
  const start = ts + mapRtt + 0.002;
  const stub = calls.length * logNormal(rng, 420, 0.5);
  const conn = ctx.out.conn(rng, {
    ts: start,
    origH: host.ip,
    origP: host.nextPort(rng),
    respH: server,
    respP: port,
    proto: 'tcp',
    service,
    duration: calls.length * 0.004 + logNormal(rng, 0.05, 1),
    origBytes: Math.round(1700 + stub),
    respBytes: Math.round(600 + stub * 1.3),
  });
  logRpcCalls(ctx, rng, conn, start + 0.003, String(port), calls);
  return conn;
}
