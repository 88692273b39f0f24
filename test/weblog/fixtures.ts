/** Hand-made access records and sessions for the web-log tests. */
import type { AccessRecord } from '../../src/weblog/parse.js';
import type { Session } from '../../src/weblog/sessions.js';

/** A GET (or `method`) of `target` by `client` at `time` seconds. */
export function req(client: string, time: number, target: string | null, options: { method?: string; userAgent?: string | null; line?: number } = {}): AccessRecord {
  const method = target === null ? null : options.method ?? 'GET';
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
    status: 200,
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
