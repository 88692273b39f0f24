/**
 * Beacon scores after RITA: a beacon's connections are each ordinary, but together they are regular — one
 * source calls one destination at a steady interval with requests of a steady size, for as long as the logs
 * run. Per source → destination pair (optionally per destination port too), six sub-scores in [0, 1], higher =
 * more beacon-like:
 *  - tsSkewScore = 1 − |Bowley skew| of the intervals between distinct connection times (jitter spread evenly
 *    around the period is still a beacon, so symmetry, not tightness, is rewarded);
 *  - tsMadmScore = 1 − MAD / median of those intervals, clamped at 0 (RITA 5's relative form; RITA 3's fixed
 *    30 s cut zeroes any beacon of a few minutes with ±20% jitter);
 *  - tsConnCountScore = connections / (the data's time window / the median interval), capped at 1: the share of
 *    the beats a steady caller would have made over the whole window, so a burst of regular connections in one
 *    hour of three days scores low (it stands in for RITA 5's duration score);
 *  - dsSkewScore, dsMadmScore: the same on the originator's bytes, dsMadmScore 0 when the median is under one
 *    byte (connections that carry nothing are scans or failed connects, not a channel; RITA 5 does the same);
 *  - dsSmallnessScore = 1 − the commonest size / 65,535, clamped (RITA 3: check-ins are small).
 * tsScore and dsScore average their three, score averages all six (RITA 3's unweighted form).
 *
 * Bowley skew (Q1 + Q3 − 2·Q2) / (Q3 − Q1) is taken as 0 when Q2 equals a quartile (RITA's rule) or when the
 * quartile spread is under `skewMinSpread` of the median: the shape of a tight distribution is noise, and
 * microsecond jitter on a 600 s beacon would otherwise swing it anywhere in −1..1 (RITA 5 ignores spreads under
 * 10 whole units for the same reason). Quartiles interpolate linearly between order statistics.
 *
 * Pairs whose destination is a multicast or broadcast address (224.0.0.0/4, 255.255.255.255, ff00::/8) are left
 * out unless `keepMulticast`: they are local discovery (SSDP, mDNS, IPv6 neighbour discovery, DHCP), as regular
 * as any beacon but never a server one reaches, and they crowd the top (on Stratosphere's NjRAT capture nine
 * IPv6 neighbour-discovery pairs outrank the C&C pair).
 *
 * One pass groups rows by pair; each kept pair sorts its own times, intervals and sizes: O(n log n) overall.
 */
import { ZeekseqError } from '../util/errors.js';
import { sortNumbers } from './sort-numbers.js';
import { sortedQuantile } from './threshold-bootstrap.js';

export interface BeaconInput {
  /** Connection start times, seconds (Zeek's `ts`); rows with NaN are left out. */
  ts: ArrayLike<number>;
  /** `id.orig_h` per connection; rows with null are left out. */
  origHosts: ArrayLike<string | null>;
  /** `id.resp_h` per connection; rows with null are left out. */
  respHosts: ArrayLike<string | null>;
  /** The originator's bytes per connection (`orig_bytes` or `orig_ip_bytes`); NaN (unset) counts as 0. */
  bytes: ArrayLike<number>;
  /** `id.resp_p` per connection, needed with `byPort`. */
  respPorts?: ArrayLike<number>;
}

export interface BeaconOptions {
  /**
   * Connections a pair needs to be scored (default 20; RITA 4 wanted more than 23, RITA 5 at least 4 distinct
   * times). Below about 20 a pair's quartiles rest on a handful of intervals: at 4 or 10, research scanners
   * calling rita-missing-host 14 times, every 5 h 8 min, outrank the labelled beacon (5th–6th instead of 2nd).
   */
  minConnections?: number;
  /** One pair per destination port as well (default false: a beacon that alternates ports stays one pair). */
  byPort?: boolean;
  /** Quartile spread, as a share of the median, under which skew counts as 0 (default 0.1). */
  skewMinSpread?: number;
  /** Score pairs whose destination is a multicast or broadcast address too (default false). */
  keepMulticast?: boolean;
}

export interface BeaconRow {
  orig: string;
  resp: string;
  /** The destination port with `byPort`, otherwise null. */
  port: number | null;
  count: number;
  first: number;
  last: number;
  /** Median interval between distinct connection times, seconds. */
  medianInterval: number;
  intervalMad: number;
  medianBytes: number;
  bytesMad: number;
  /** The commonest size (the smallest of equally common ones). */
  modeBytes: number;
  tsSkewScore: number;
  tsMadmScore: number;
  tsConnCountScore: number;
  dsSkewScore: number;
  dsMadmScore: number;
  dsSmallnessScore: number;
  tsScore: number;
  dsScore: number;
  score: number;
}

export interface BeaconResult {
  /** Scored pairs, best score first (then more connections, then by hosts and port). */
  rows: BeaconRow[];
  /** Distinct pairs seen, scored or not. */
  pairs: number;
  /** First and last connection time of the input: the window tsConnCountScore measures against. */
  start: number;
  end: number;
  /** Rows left out for a NaN time or a missing host. */
  skipped: number;
}

export const DEFAULT_BEACON_MIN_CONNECTIONS = 20;
export const DEFAULT_SKEW_MIN_SPREAD = 0.1;
/** RITA 3's smallness scale: a 64 KiB check-in scores 0. */
const SMALLNESS_BYTES = 65535;
/** Quartile skew needs at least three intervals (RITA 5's floor). */
const MIN_INTERVALS = 3;

/** Beacon scores per source → destination pair; see the module comment. */
export function beaconScores(input: BeaconInput, options: BeaconOptions = {}): BeaconResult {
  const minConnections = options.minConnections ?? DEFAULT_BEACON_MIN_CONNECTIONS;
  const byPort = options.byPort ?? false;
  const skewMinSpread = options.skewMinSpread ?? DEFAULT_SKEW_MIN_SPREAD;
  const keepMulticast = options.keepMulticast ?? false;
  const n = input.ts.length;
  if (!Number.isInteger(minConnections) || minConnections < MIN_INTERVALS + 1) {
    throw new ZeekseqError(
      `beacon scores: minConnections must be a whole number >= ${MIN_INTERVALS + 1} (three intervals), got ${minConnections}.`,
    );
  }
  if (!(skewMinSpread >= 0)) {
    throw new ZeekseqError(`beacon scores: skewMinSpread must be a share >= 0 (e.g. 0.1), got ${skewMinSpread}.`);
  }
  if (byPort && input.respPorts === undefined) {
    throw new ZeekseqError('beacon scores: byPort needs respPorts (id.resp_p per connection); pass it or drop byPort.');
  }
  const columns: Array<[string, ArrayLike<unknown>]> = [
    ['origHosts', input.origHosts],
    ['respHosts', input.respHosts],
    ['bytes', input.bytes],
  ];
  if (byPort) columns.push(['respPorts', input.respPorts!]);
  for (const [name, column] of columns) {
    if (column.length !== n) {
      throw new ZeekseqError(`beacon scores: ${column.length} ${name} for ${n} times; give one value per connection.`);
    }
  }

  const { pairOf, pairs, keys, skipped } = groupPairs(input, byPort);
  let start = Infinity,
    end = -Infinity;
  const counts = new Int32Array(pairs);
  let largest = 0;
  for (let i = 0; i < n; i++) {
    if (pairOf[i] < 0) continue;
    largest = Math.max(largest, ++counts[pairOf[i]]);
    start = Math.min(start, input.ts[i]);
    end = Math.max(end, input.ts[i]);
  }
  // Rows of each pair laid out contiguously (a counting sort by pair), so each pair is a subarray.
  const offsets = new Int32Array(pairs + 1);
  for (let p = 0; p < pairs; p++) offsets[p + 1] = offsets[p] + counts[p];
  const fill = offsets.slice(0, pairs);
  const times = new Float64Array(offsets[pairs]);
  const sizes = new Float64Array(offsets[pairs]);
  for (let i = 0; i < n; i++) {
    const p = pairOf[i];
    if (p < 0) continue;
    times[fill[p]] = input.ts[i];
    const b = input.bytes[i];
    sizes[fill[p]++] = Number.isNaN(b) ? 0 : b;
  }

  const window = end - start;
  const scratch = new Float64Array(largest);
  const rows: BeaconRow[] = [];
  for (let p = 0; p < pairs; p++) {
    if (counts[p] < minConnections || (!keepMulticast && isMulticastOrBroadcast(keys[p].resp))) continue;
    const ts = sortNumbers(times.subarray(offsets[p], offsets[p + 1]));
    const intervals = distinctIntervals(ts);
    if (intervals.length < MIN_INTERVALS) continue;
    const bytes = sortNumbers(sizes.subarray(offsets[p], offsets[p + 1]));
    const t = spread(sortNumbers(intervals), scratch, skewMinSpread);
    const d = spread(bytes, scratch, skewMinSpread);
    const tsSkewScore = 1 - Math.abs(t.skew);
    const tsMadmScore = clamp01(1 - t.mad / t.median);
    const tsConnCountScore = Math.min(1, ts.length / (window / t.median));
    const dsSkewScore = 1 - Math.abs(d.skew);
    const dsMadmScore = d.median < 1 ? 0 : clamp01(1 - d.mad / d.median);
    const modeBytes = mode(bytes);
    const dsSmallnessScore = clamp01(1 - modeBytes / SMALLNESS_BYTES);
    const tsSum = tsSkewScore + tsMadmScore + tsConnCountScore;
    const dsSum = dsSkewScore + dsMadmScore + dsSmallnessScore;
    rows.push({
      orig: keys[p].orig,
      resp: keys[p].resp,
      port: keys[p].port,
      count: ts.length,
      first: ts[0],
      last: ts[ts.length - 1],
      medianInterval: t.median,
      intervalMad: t.mad,
      medianBytes: d.median,
      bytesMad: d.mad,
      modeBytes,
      tsSkewScore,
      tsMadmScore,
      tsConnCountScore,
      dsSkewScore,
      dsMadmScore,
      dsSmallnessScore,
      tsScore: tsSum / 3,
      dsScore: dsSum / 3,
      score: (tsSum + dsSum) / 6,
    });
  }
  rows.sort(
    (a, b) =>
      b.score - a.score ||
      b.count - a.count ||
      compare(a.orig, b.orig) ||
      compare(a.resp, b.resp) ||
      (a.port ?? 0) - (b.port ?? 0),
  );
  return { rows, pairs, start: pairs > 0 ? start : NaN, end: pairs > 0 ? end : NaN, skipped };
}

interface PairKey {
  orig: string;
  resp: string;
  port: number | null;
}

/** A pair id per row (-1 for rows left out), numbering pairs in order of first appearance. */
function groupPairs(
  input: BeaconInput,
  byPort: boolean,
): { pairOf: Int32Array; pairs: number; keys: PairKey[]; skipped: number } {
  const n = input.ts.length;
  // Hosts as small integers first, so a pair is a number key, not a concatenated string per row.
  const origIds = new Map<string, number>();
  const respIds = new Map<string, number>();
  const orig = new Int32Array(n).fill(-1);
  const resp = new Int32Array(n);
  let skipped = 0;
  for (let i = 0; i < n; i++) {
    const o = input.origHosts[i];
    const r = input.respHosts[i];
    if (o === null || r === null || Number.isNaN(input.ts[i])) {
      skipped++;
      continue;
    }
    let oi = origIds.get(o);
    if (oi === undefined) origIds.set(o, (oi = origIds.size));
    let ri = respIds.get(r);
    if (ri === undefined) respIds.set(r, (ri = respIds.size));
    orig[i] = oi;
    resp[i] = ri;
  }
  const origNames = [...origIds.keys()];
  const respNames = [...respIds.keys()];
  const width = respIds.size;
  const hostPairIds = new Map<number, number>();
  const pairIds = new Map<number, number>();
  const keys: PairKey[] = [];
  const pairOf = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    if (orig[i] < 0) continue;
    const port = byPort ? input.respPorts![i] : null;
    // exact below 2^53 distinct orig × resp combinations; the port joins a small host-pair id, not this product
    let key = orig[i] * width + resp[i];
    if (port !== null) {
      let hostPair = hostPairIds.get(key);
      if (hostPair === undefined) hostPairIds.set(key, (hostPair = hostPairIds.size));
      key = hostPair * 65537 + (Number.isNaN(port) ? 65536 : port);
    }
    let p = pairIds.get(key);
    if (p === undefined) {
      pairIds.set(key, (p = keys.length));
      keys.push({
        orig: origNames[orig[i]],
        resp: respNames[resp[i]],
        port: port !== null && !Number.isNaN(port) ? port : null,
      });
    }
    pairOf[i] = p;
  }
  return { pairOf, pairs: keys.length, keys, skipped };
}

/** 224.0.0.0/4, 255.255.255.255 or ff00::/8 (subnet broadcasts need the netmask and are not recognised). */
export function isMulticastOrBroadcast(address: string): boolean {
  if (address.includes(':')) return /^ff[0-9a-f]{0,2}:/i.test(address);
  const first = Number.parseInt(address, 10);
  return (first >= 224 && first <= 239) || address === '255.255.255.255';
}

/** Gaps between consecutive distinct times of a sorted series (repeated times are one beat, as in RITA 5). */
function distinctIntervals(sorted: Float64Array): Float64Array {
  const out = new Float64Array(Math.max(0, sorted.length - 1));
  let k = 0;
  for (let i = 1; i < sorted.length; i++) {
    const gap = sorted[i] - sorted[i - 1];
    if (gap > 0) out[k++] = gap;
  }
  return out.subarray(0, k);
}

/** Median, median absolute deviation and guarded Bowley skew of a sorted series. */
function spread(sorted: Float64Array, scratch: Float64Array, skewMinSpread: number) {
  const q1 = sortedQuantile(sorted, 0.25);
  const median = sortedQuantile(sorted, 0.5);
  const q3 = sortedQuantile(sorted, 0.75);
  const deviations = scratch.subarray(0, sorted.length);
  for (let i = 0; i < sorted.length; i++) deviations[i] = Math.abs(sorted[i] - median);
  const mad = sortedQuantile(sortNumbers(deviations), 0.5);
  const iqr = q3 - q1;
  const skew =
    iqr > 0 && iqr >= skewMinSpread * Math.abs(median) && median !== q1 && median !== q3
      ? (q1 + q3 - 2 * median) / iqr
      : 0;
  return { median, mad, skew };
}

/** The commonest value of a sorted series; the smallest among equally common ones. */
function mode(sorted: Float64Array): number {
  let best = sorted[0],
    bestRun = 0,
    run = 0;
  for (let i = 0; i < sorted.length; i++) {
    run = i > 0 && sorted[i] === sorted[i - 1] ? run + 1 : 1;
    if (run > bestRun) {
      bestRun = run;
      best = sorted[i];
    }
  }
  return best;
}

function clamp01(x: number): number {
  return x < 0 || Number.isNaN(x) ? 0 : Math.min(x, 1);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
