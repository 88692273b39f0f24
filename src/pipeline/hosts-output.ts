/**
 * hosts.csv: every originator of a detection ranked by one priority (src/detect/host-priority.ts) — notables,
 * the anomalous connections' summed (plain and weighted by how many hosts share each anomaly) and highest scores,
 * and the host's best beacon score — so a beacon, which no per-connection score can raise, has a place beside the
 * hosts with notables.
 */
import type { ColumnTable } from 'arquero';
import * as aq from 'arquero';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type BeaconInput, type BeaconOptions, beaconScores } from '../detect/beacon.js';
import { hostPriority, type HostPriorityOptions, type HostPriorityRow } from '../detect/host-priority.js';
import type { Notable } from '../detect/notables.js';
import { toCsv } from '../util/escape.js';
import { columnValues } from '../zeek/log-rows.js';
import type { Detection } from './detection.js';

export interface HostsOptions extends HostPriorityOptions {
  beacon?: BeaconOptions;
}

/** The beacon scorer's input from a conn table: the originator's bytes, else its IP bytes, else none. */
export function beaconInputOf(conn: ColumnTable): BeaconInput {
  const has = (name: string) => conn.columnIndex(name) >= 0;
  const bytesColumn = has('orig_bytes') ? 'orig_bytes' : has('orig_ip_bytes') ? 'orig_ip_bytes' : null;
  return {
    ts: columnValues(conn, 'ts') as ArrayLike<number>,
    origHosts: columnValues(conn, 'id.orig_h') as ArrayLike<string | null>,
    respHosts: columnValues(conn, 'id.resp_h') as ArrayLike<string | null>,
    bytes: bytesColumn ? (columnValues(conn, bytesColumn) as ArrayLike<number>) : new Float64Array(conn.numRows()),
  };
}

/**
 * The host ranking of a detection: its connections' scores against its threshold, the notables raised on them,
 * and beacon scores over every connection read (conn-only ones too: a beacon's failed calls are beats as well).
 */
export function detectionHostPriority(
  detection: Detection,
  notables: readonly Notable[],
  options: HostsOptions = {},
): HostPriorityRow[] {
  const conn = detection.dataset.log('conn');
  const threshold = detection.threshold.point.threshold;
  const beacons = beaconScores(beaconInputOf(detection.rawConn), options.beacon).rows;
  return hostPriority(
    {
      origHosts: columnValues(conn, 'id.orig_h') as ArrayLike<string | null>,
      scores: detection.connectionScores,
      anomalous: Array.from(detection.connectionScores, (s) => s > threshold),
      patterns: detection.tokenized.sequences.distinctOf,
      notables,
      beacons,
    },
    options,
  );
}

const round = (x: number) => (Number.isFinite(x) ? Math.round(x * 1e6) / 1e6 : x);

/** Host priority rows as a table, one column per field of HostPriorityRow. */
export function hostsTable(rows: readonly HostPriorityRow[]): aq.ColumnTable {
  return aq.table({
    rank: rows.map((r) => r.rank),
    host: rows.map((r) => r.host),
    signal: rows.map((r) => r.signal),
    notables: rows.map((r) => r.notables),
    anomalies: rows.map((r) => r.anomalies),
    max_score: rows.map((r) => round(r.maxScore)),
    summed_score: rows.map((r) => round(r.summedScore)),
    weighted_score: rows.map((r) => round(r.weightedScore)),
    beacon_score: rows.map((r) => round(r.beaconScore)),
    beacon_peer: rows.map((r) => r.beaconPeer),
  });
}

/**
 * Writes `output`/hosts.csv: the hosts with an anomaly, a notable or a beacon score at or above the cut (signal
 * other than `none`), in priority order. Returns the file and every ranked row.
 */
export async function writeHostsCsv(
  output: string,
  detection: Detection,
  notables: readonly Notable[],
  options: HostsOptions = {},
): Promise<{ file: string; rows: HostPriorityRow[] }> {
  const rows = detectionHostPriority(detection, notables, options);
  const file = path.join(output, 'hosts.csv');
  await writeFile(file, toCsv(hostsTable(rows.filter((r) => r.signal !== 'none'))));
  return { file, rows };
}
