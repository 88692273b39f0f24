/**
 * Web sessions: a client's requests in time order, split where the client was idle for the timeout. A client
 * is an address plus user agent by default (several people behind one NAT address, or a bot and a browser on
 * one host, make separate sessions), or the address alone.
 *
 * The edge: a session ends once the client has been idle for the whole timeout, so a request exactly
 * `timeout` seconds after the previous one starts a new session; one a moment earlier continues it.
 */
import { ZeekseqError } from '../util/errors.js';
import type { AccessRecord } from './parse.js';

export type ClientKey = 'ip+ua' | 'ip';

export interface SessionOptions {
  /** Idle seconds that end a session (default 1800, 30 minutes). */
  timeout?: number;
  /** What identifies a client (default 'ip+ua'). */
  clientKey?: ClientKey;
}

export interface Session {
  /** `<client>#<n>`: the n-th session of that address by start time (1-based). */
  id: string;
  /** The client address. */
  client: string;
  /** The user agent of the first request. */
  userAgent: string | null;
  /** Epoch seconds of the first and last request. */
  start: number;
  end: number;
  /** The requests in time order (file order among equal times). */
  records: AccessRecord[];
}

export const DEFAULT_SESSION_TIMEOUT = 1800;

/** Splits records into sessions, ordered by start time (then client). */
export function sessionize(records: readonly AccessRecord[], options: SessionOptions = {}): Session[] {
  const timeout = options.timeout ?? DEFAULT_SESSION_TIMEOUT;
  const clientKey = options.clientKey ?? 'ip+ua';
  if (!(timeout > 0) || !Number.isFinite(timeout)) {
    throw new ZeekseqError(
      `sessions: the timeout must be a number of seconds > 0, got ${timeout}; pass e.g. --timeout 30m.`,
    );
  }
  if (clientKey !== 'ip+ua' && clientKey !== 'ip') {
    throw new ZeekseqError(`sessions: the client key must be 'ip+ua' or 'ip', got '${clientKey}'.`);
  }
  const byClient = new Map<string, AccessRecord[]>();
  for (const record of records) {
    const key = clientKey === 'ip' ? record.client : `${record.client}\u0000${record.userAgent ?? ''}`;
    let list = byClient.get(key);
    if (!list) {
      list = [];
      byClient.set(key, list);
    }
    list.push(record);
  }
  const sessions: Array<Omit<Session, 'id'>> = [];
  for (const list of byClient.values()) {
    // Array.prototype.sort is stable, so requests logged in the same second keep their file order.
    list.sort((a, b) => a.time - b.time);
    let current: AccessRecord[] = [list[0]];
    const close = () =>
      sessions.push({
        client: current[0].client,
        userAgent: current[0].userAgent,
        start: current[0].time,
        end: current[current.length - 1].time,
        records: current,
      });
    for (let i = 1; i < list.length; i++) {
      if (list[i].time - list[i - 1].time >= timeout) {
        close();
        current = [];
      }
      current.push(list[i]);
    }
    close();
  }
  sessions.sort((a, b) => a.start - b.start || (a.client < b.client ? -1 : a.client > b.client ? 1 : 0));
  const ordinal = new Map<string, number>();
  return sessions.map((session) => {
    const n = (ordinal.get(session.client) ?? 0) + 1;
    ordinal.set(session.client, n);
    return { id: `${session.client}#${n}`, ...session };
  });
}
