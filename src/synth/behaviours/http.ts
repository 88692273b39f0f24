/**
 * Plain HTTP: one TCP connection carrying one or more requests (HTTP/1.1 keep-alive), each with
 * its http.log row and, for every body, a files.log row. Connection sizes are the sum of the
 * requests' headers and bodies, so conn.log and http.log agree.
 */
import type { Random } from '../../util/random.js';
import type { Conn, ConnState } from '../conn.js';
import type { HostDay, SynthContext } from '../context.js';
import { logNormal } from '../distributions.js';
import { fileRow, httpRow } from '../logs.js';
import { isLocalAddress } from '../network.js';

export interface HttpBody {
  length: number;
  mime: string;
  /** From Content-Disposition, when the server sends one. */
  filename?: string;
  /** File analyzers Zeek attached (`PE` for executables). */
  analyzers?: string[];
  hashes?: { md5: string; sha1: string; sha256: string };
}

export interface HttpRequest {
  method: string;
  host: string;
  uri: string;
  userAgent: string;
  referrer?: string;
  requestBody?: HttpBody;
  status: number;
  response?: HttpBody;
  /** Seconds between the previous response and this request. */
  gap?: number;
}

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  204: 'No Content',
  206: 'Partial Content',
  301: 'Moved Permanently',
  302: 'Found',
  304: 'Not Modified',
  403: 'Forbidden',
  404: 'Not Found',
  500: 'Internal Server Error',
};

function requestHeaderBytes(r: HttpRequest): number {
  return 120 + r.host.length + r.uri.length + r.userAgent.length + (r.referrer?.length ?? 0);
}

/**
 * Make the connection from `host` to `server:port` and log its requests. Returns the connection;
 * its end is when the last response finished.
 */
export function httpConnection(
  ctx: SynthContext,
  host: HostDay,
  rng: Random,
  ts: number,
  server: { ip: string; port: number },
  requests: HttpRequest[],
  state: ConnState = 'SF',
): Conn {
  const rtt = isLocalAddress(server.ip) ? logNormal(rng, 0.0006, 0.4) : logNormal(rng, 0.035, 0.5);
  let origBytes = 0;
  let respBytes = 0;
  let t = ts + 1.5 * rtt; // after the handshake
  const timings: Array<{ at: number; transfer: number }> = [];
  for (const r of requests) {
    t += r.gap ?? 0;
    origBytes += requestHeaderBytes(r) + (r.requestBody?.length ?? 0);
    respBytes += 220 + logNormal(rng, 120, 0.4) + (r.response?.length ?? 0);
    // Server think time, then the body at a few MB/s.
    const transfer = rtt + logNormal(rng, 0.04, 0.8) + (r.response?.length ?? 0) / logNormal(rng, 4e6, 0.6);
    timings.push({ at: t, transfer });
    t += transfer;
  }
  const conn = ctx.out.conn(rng, {
    ts,
    origH: host.ip,
    origP: host.nextPort(rng),
    respH: server.ip,
    respP: server.port,
    proto: 'tcp',
    service: 'http',
    duration: t - ts + rtt,
    origBytes: Math.round(origBytes),
    respBytes: Math.round(respBytes),
    state,
  });
  const serverLocal = isLocalAddress(server.ip);
  requests.forEach((r, i) => {
    const { at, transfer } = timings[i];
    const upload = r.requestBody ? ctx.out.fuid() : null;
    const download = r.response && r.response.length > 0 ? ctx.out.fuid() : null;
    ctx.out.add(
      httpRow(at, conn, {
        depth: i + 1,
        method: r.method,
        host: r.host,
        uri: r.uri,
        referrer: r.referrer ?? null,
        userAgent: r.userAgent,
        requestLength: r.requestBody?.length ?? 0,
        responseLength: r.response?.length ?? 0,
        status: r.status,
        statusMsg: STATUS_TEXT[r.status] ?? 'OK',
        origFuids: upload ? [upload] : undefined,
        origMimeTypes: upload ? [r.requestBody!.mime] : undefined,
        respFuids: download ? [download] : undefined,
        respFilenames: download && r.response!.filename ? [r.response!.filename] : undefined,
        respMimeTypes: download ? [r.response!.mime] : undefined,
      }),
    );
    if (upload) {
      ctx.out.add(fileRow(at, conn, fileFields(upload, r.requestBody!, 0, isLocalAddress(host.ip), true)));
    }
    if (download) {
      ctx.out.add(fileRow(at + rtt, conn, fileFields(download, r.response!, transfer - rtt, serverLocal, false)));
    }
  });
  return conn;
}

function fileFields(fuid: string, body: HttpBody, duration: number, localOrig: boolean, isOrig: boolean) {
  return {
    fuid,
    source: 'HTTP' as const,
    analyzers: body.analyzers ?? [],
    mimeType: body.mime,
    filename: body.filename ?? null,
    duration: Math.max(0, duration),
    localOrig,
    isOrig,
    bytes: body.length,
    ...body.hashes,
  };
}
