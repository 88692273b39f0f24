/** Hand-made access records and sessions for the web-log tests. */
import type { AccessRecord } from '../../src/weblog/parse.js';
import type { Session } from '../../src/weblog/sessions.js';

/** A GET (or `method`) of `target` by `client` at `time` seconds. */
export function req(
  client: string,
  time: number,
  target: string | null,
  options: { method?: string; userAgent?: string | null; line?: number; status?: number } = {},
): AccessRecord {
  const method = target === null ? null : (options.method ?? 'GET');
  return {
    file: 'test.log',
    line: options.line ?? 1,
    client,
    ident: null,
    user: null,
    time,
    request: target === null ? null : `${method} ${target} HTTP/1.1`,
    method,
    target,
    protocol: target === null ? null : 'HTTP/1.1',
    status: options.status ?? 200,
    bytes: 100,
    referer: null,
    userAgent: options.userAgent === undefined ? 'ua' : options.userAgent,
    extra: {},
  };
}

/** One session of `client` visiting `targets` a minute apart from `start`. */
export function visit(client: string, start: number, targets: readonly string[], id = `${client}#1`): Session {
  const records = targets.map((t, i) => req(client, start + 60 * i, t));
  return { id, client, userAgent: 'ua', start, end: start + 60 * (targets.length - 1), records };
}

/** A combined-format access-log line: `client` GETs `target` `seconds` after 2015-05-17 10:00:00 UTC. */
export function accessLine(client: string, seconds: number, target: string, agent = 'Mozilla/5.0'): string {
  const d = new Date(Date.UTC(2015, 4, 17, 10, 0, 0) + seconds * 1000);
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n: number) => String(n).padStart(2, '0');
  const time = `${pad(d.getUTCDate())}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
  return `${client} - - [${time}] "GET ${target} HTTP/1.1" 200 512 "-" "${agent}"`;
}
