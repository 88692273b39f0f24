/**
 * Notables: a host that is anomalous often enough within a short time. Single anomalies are too many to
 * triage; a notable is raised when a host has at least `minCount` anomalies within `window` seconds.
 *
 * Windows are half-open and start at an anomaly: anomalies at times t_j..t_k fall in one window when
 * t_k - t_j < window. Scanning a host's anomalies in time order, the first window that holds minCount anomalies
 * becomes a notable holding every anomaly of that window, and scanning resumes after it — so notables of one host
 * never overlap and each anomaly belongs to at most one notable.
 */
import { ZeekseqError } from '../util/errors.js';
import { HostResolver } from './host-identity.js';

export interface Anomaly {
  uid: string;
  ts: number;
  origHost: string;
  respHost: string;
  score: number;
  /** The connection's tokens as names, for the analyst. */
  sequence?: string;
}

export type HostSide = 'orig' | 'resp' | 'both';

export interface NotableOptions {
  /** Window length in seconds (default 3600). */
  window?: number;
  /** Anomalies needed within a window (default 3). */
  minCount?: number;
  /** Which end of a connection is the host (default the originator). */
  host?: HostSide;
  /** Maps IPs to identities over time (DHCP); by default a host is an IP. */
  resolver?: HostResolver;
  /** How many top connections a notable keeps (default 5). */
  topConnections?: number;
}

export interface Notable {
  /** Identity key: the IP, or `mac:<address>` when DHCP leases were used. */
  host: string;
  hostLabel: string;
  identity: 'ip' | 'mac';
  /** IP addresses the host used in this notable. */
  addresses: string[];
  start: number;
  end: number;
  count: number;
  distinctPeers: number;
  maxScore: number;
  meanScore: number;
  top: Array<{ uid: string; score: number; ts: number; sequence?: string }>;
}

export const DEFAULT_WINDOW_SECONDS = 3600;
export const DEFAULT_MIN_COUNT = 3;

interface HostEvent {
  anomaly: Anomaly;
  address: string;
  peer: string;
}

/** Groups anomalies into notables per host; result sorted by start time, then host. */
export function findNotables(anomalies: readonly Anomaly[], options: NotableOptions = {}): Notable[] {
  const window = options.window ?? DEFAULT_WINDOW_SECONDS;
  const minCount = options.minCount ?? DEFAULT_MIN_COUNT;
  const side = options.host ?? 'orig';
  const resolver = options.resolver ?? new HostResolver();
  const keep = options.topConnections ?? 5;
  if (!(window > 0) || !Number.isFinite(window)) {
    throw new ZeekseqError(`notables: window must be a positive number of seconds, got ${window}; e.g. 3600 for 1h.`);
  }
  if (!Number.isInteger(minCount) || minCount < 1) {
    throw new ZeekseqError(`notables: minCount must be a whole number >= 1, got ${minCount}.`);
  }
  if (!['orig', 'resp', 'both'].includes(side)) {
    throw new ZeekseqError(`notables: host must be orig, resp or both, got ${side}.`);
  }

  const byHost = new Map<string, { label: string; identity: 'ip' | 'mac'; events: HostEvent[] }>();
  const add = (address: string, peer: string, anomaly: Anomaly) => {
    const id = resolver.resolve(address, anomaly.ts, anomaly.uid);
    const entry = byHost.get(id.key) ?? { label: id.label, identity: id.kind, events: [] };
    entry.events.push({ anomaly, address, peer });
    byHost.set(id.key, entry);
  };
  for (const anomaly of anomalies) {
    if (Number.isNaN(anomaly.ts)) {
      throw new ZeekseqError(`notables: anomaly ${anomaly.uid} has no time (ts is NaN); anomalies need timestamps.`);
    }
    if (side !== 'resp') add(anomaly.origHost, anomaly.respHost, anomaly);
    if (side !== 'orig') add(anomaly.respHost, anomaly.origHost, anomaly);
  }

  const notables: Notable[] = [];
  for (const [host, { label, identity, events }] of byHost) {
    events.sort(
      (a, b) =>
        a.anomaly.ts - b.anomaly.ts || (a.anomaly.uid < b.anomaly.uid ? -1 : a.anomaly.uid > b.anomaly.uid ? 1 : 0),
    );
    let j = 0;
    while (j < events.length) {
      let k = j;
      while (k + 1 < events.length && events[k + 1].anomaly.ts - events[j].anomaly.ts < window) k++;
      if (k - j + 1 >= minCount) {
        notables.push(summarize(host, label, identity, events.slice(j, k + 1), keep));
        j = k + 1;
      } else j++;
    }
  }
  return notables.sort((a, b) => a.start - b.start || (a.host < b.host ? -1 : a.host > b.host ? 1 : 0));
}

function summarize(
  host: string,
  hostLabel: string,
  identity: 'ip' | 'mac',
  events: HostEvent[],
  keep: number,
): Notable {
  let maxScore = -Infinity,
    sum = 0;
  for (const { anomaly } of events) {
    maxScore = Math.max(maxScore, anomaly.score);
    sum += anomaly.score;
  }
  const top = [...events]
    .sort((a, b) => b.anomaly.score - a.anomaly.score || a.anomaly.ts - b.anomaly.ts)
    .slice(0, keep)
    .map(({ anomaly }) => ({
      uid: anomaly.uid,
      score: anomaly.score,
      ts: anomaly.ts,
      ...(anomaly.sequence === undefined ? {} : { sequence: anomaly.sequence }),
    }));
  return {
    host,
    hostLabel,
    identity,
    addresses: [...new Set(events.map((e) => e.address))].sort(),
    start: events[0].anomaly.ts,
    end: events[events.length - 1].anomaly.ts,
    count: events.length,
    distinctPeers: new Set(events.map((e) => e.peer)).size,
    maxScore,
    meanScore: sum / events.length,
    top,
  };
}

/** Parses a window such as `15m`, `1h`, `6h`, `90s`, `1d` or a plain number of seconds. */
export function parseWindow(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d)?\s*$/i.exec(text);
  if (!match)
    throw new ZeekseqError(`window "${text}" is not a duration; write e.g. 15m, 1h, 6h, 1d or a number of seconds.`);
  const unit = { s: 1, m: 60, h: 3600, d: 86400 }[(match[2] ?? 's').toLowerCase() as 's' | 'm' | 'h' | 'd'];
  const seconds = Number(match[1]) * unit;
  if (!(seconds > 0)) throw new ZeekseqError(`window "${text}" must be longer than 0.`);
  return seconds;
}

/** A window in seconds as parseWindow reads it, in the largest of d/h/m that divides it (3600 -> 1h). */
export function windowText(seconds: number): string {
  for (const [unit, size] of [
    ['d', 86400],
    ['h', 3600],
    ['m', 60],
  ] as const)
    if (seconds % size === 0) return `${seconds / size}${unit}`;
  return `${seconds}s`;
}
