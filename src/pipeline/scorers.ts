/**
 * Every scorer of a Detector on the same connections, for evaluation and sweeps: one score per connection as read
 * (first conn row per uid) plus the scorer's threshold-split scores saved at training. Nothing is refitted: the
 * baselines were fitted with the Detector and saved in its model directory.
 *
 * Connections the preparation dropped (e.g. conn-only ones) stay in the evaluation with score -Infinity.
 */
import type { ConnectionTable, ScorerScores } from '../detect/evaluate.js';
import type { ScorerName } from '../model/scorer.js';
import { columnValues } from '../zeek/log-rows.js';
import type { Detection } from './detection.js';
import type { Detector } from './detector.js';
import { typedFrom } from '../util/typed-from.js';

export interface EvaluationConnections {
  table: ConnectionTable;
  /** Per connection of the table, its index among the scored connections, or -1 when it was not scored. */
  scoredIndex: Int32Array;
}

/** The connections as read (first conn row per uid) and which of them the pipeline scored. */
export function evaluationConnections(result: Detection): EvaluationConnections {
  const conn = result.rawConn;
  const uid = columnValues(conn, 'uid') as ArrayLike<string | null>;
  const ts = columnValues(conn, 'ts') as ArrayLike<number>;
  const orig = columnValues(conn, 'id.orig_h') as ArrayLike<string | null>;
  const resp = columnValues(conn, 'id.resp_h') as ArrayLike<string | null>;
  const scored = new Map<string, number>();
  result.tokenized.sequences.uids.forEach((u, c) => scored.set(u, c));
  const seen = new Set<string>();
  const uids: string[] = [],
    origHosts: string[] = [],
    respHosts: string[] = [],
    times: number[] = [],
    index: number[] = [];
  for (let row = 0; row < conn.numRows(); row++) {
    const u = uid[row];
    if (u === null || seen.has(u)) continue;
    seen.add(u);
    uids.push(u);
    times.push(ts[row]);
    origHosts.push(orig[row] ?? '');
    respHosts.push(resp[row] ?? '');
    index.push(scored.get(u) ?? -1);
  }
  return { table: { uids, ts: Float64Array.from(times), origHosts, respHosts }, scoredIndex: Int32Array.from(index) };
}

/** Scores of the scored connections laid on the evaluation connections (-Infinity where not scored). */
export function spreadScores(perScored: ArrayLike<number>, connections: EvaluationConnections): Float64Array {
  return typedFrom(Float64Array, connections.scoredIndex, (c) => (c < 0 ? -Infinity : perScored[c]));
}

/** The named scorers (default all of the Detector's) on the detection's connections. */
export async function evaluationScorers(
  detector: Detector,
  detection: Detection,
  connections: EvaluationConnections,
  names: readonly ScorerName[] = detector.scorerNames,
): Promise<ScorerScores[]> {
  const out: ScorerScores[] = [];
  for (const name of names) {
    const split = detector.thresholdSplit[name]!;
    const perConnection = await detector.rescore(detection, name);
    out.push({
      name,
      scores: spreadScores(perConnection, connections),
      thresholdScores: split.scores,
      thresholdCounts: split.counts,
    });
  }
  return out;
}
