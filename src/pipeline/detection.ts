/**
 * What scoring a dataset with a Detector gives: the prepared logs, their token sequences, every connection's score
 * under the Detector's scorer, the threshold, and the host resolver; and the functions that read it (anomalies,
 * a connection's tokens and their per-token detail, the log rows of chosen connections). Writers and notebooks
 * read a Detection; nothing here computes scores.
 */
import type { ColumnTable } from 'arquero';
import type { HostResolver } from '../detect/host-identity.js';
import type { Anomaly } from '../detect/notables.js';
import type { ThresholdInterval } from '../detect/threshold-bootstrap.js';
import type { RowScores, ScorerName } from '../model/scorer.js';
import type { Tokenized, Tokenizer } from '../sequence/tokenizer.js';
import { PAD, SEP } from '../sequence/vocabulary.js';
import type { ZeekDataset } from '../zeek/dataset.js';
import { columnValues } from '../zeek/log-rows.js';

export interface Detection {
  /** The conn log as read, before preparation (evaluation counts labeled connections that preparation dropped). */
  rawConn: ColumnTable;
  /** The prepared logs that were scored. */
  dataset: ZeekDataset;
  tokenizer: Tokenizer;
  tokenized: Tokenized;
  scorer: ScorerName;
  /** The scorer's scores per distinct row, with per-token detail where it has it. */
  scores: RowScores;
  /** Score per connection, in conn order. */
  connectionScores: Float64Array;
  /** The threshold chosen at training, with its bootstrap interval. */
  threshold: ThresholdInterval;
  /** Maps addresses to hosts over time (DHCP leases of the scored data, if any). */
  resolver: HostResolver;
}

/** Connections scoring above a threshold (default the model's), as anomalies for notables. */
export function anomaliesOf(result: Detection, threshold = result.threshold.point.threshold): Anomaly[] {
  const conn = result.dataset.log('conn');
  const ts = columnValues(conn, 'ts') as ArrayLike<number>;
  const orig = columnValues(conn, 'id.orig_h') as ArrayLike<string>;
  const resp = columnValues(conn, 'id.resp_h') as ArrayLike<string>;
  const anomalies: Anomaly[] = [];
  result.connectionScores.forEach((score, c) => {
    if (score > threshold) {
      anomalies.push({
        uid: result.tokenized.sequences.uids[c],
        ts: ts[c],
        origHost: orig[c],
        respHost: resp[c],
        score,
        sequence: sequenceText(result, c),
      });
    }
  });
  return anomalies;
}

/** Number of event tokens in a distinct row (between CLS and SEP/PAD). */
export function eventCount(result: Detection, distinct: number): number {
  const { seqLen, distinct: rows } = result.tokenized.sequences;
  let n = 0;
  while (n + 1 < seqLen && rows[distinct * seqLen + n + 1] !== SEP && rows[distinct * seqLen + n + 1] !== PAD) n++;
  return n;
}

/** A connection's event tokens as names, space-separated. */
export function sequenceText(result: Detection, connection: number): string {
  const { seqLen, distinct, distinctOf } = result.tokenized.sequences;
  const d = distinctOf[connection];
  const names: string[] = [];
  for (let k = 1; k <= eventCount(result, d); k++)
    names.push(result.tokenizer.vocabulary.name(distinct[d * seqLen + k]));
  return names.join(' ');
}

/**
 * Per-event anomaly (1 - p) of a connection's event tokens, and the model's top expected tokens there; null when
 * the scorer has no per-token detail (only the transformer has).
 */
export function tokenDetail(
  result: Detection,
  connection: number,
): { tokenScores: number[]; expected: string[][] } | null {
  if (!result.scores.tokens) return null;
  const { seqLen, distinctOf } = result.tokenized.sequences;
  const { tokenAnomaly, expected, topK } = result.scores.tokens;
  const positions = seqLen - 1;
  const d = distinctOf[connection];
  const tokenScores: number[] = [];
  const expectedNames: string[][] = [];
  for (let k = 0; k < eventCount(result, d); k++) {
    tokenScores.push(tokenAnomaly[d * positions + k]);
    const names: string[] = [];
    for (let j = 0; j < topK; j++) {
      const id = expected[(d * positions + k) * topK + j];
      if (id >= 0) names.push(result.tokenizer.vocabulary.name(id));
    }
    expectedNames.push(names);
  }
  return { tokenScores, expected: expectedNames };
}

/**
 * The rows of one log type that belong to the given connections (uid → connection index in
 * `result.tokenized.sequences.uids`), with each event's token anomaly.
 */
export function eventRows(
  result: Detection,
  logType: string,
  connections: ReadonlyMap<string, number>,
): {
  table: ColumnTable;
  rows: Uint32Array;
  connectionScore: Float64Array;
  eventScore: Float64Array;
  uids: string[];
} | null {
  const index = result.tokenized.events.findIndex((e) => e.logType === logType);
  if (index < 0) return null;
  const events = result.tokenized.events[index];
  const positions = result.tokenized.sequences.eventPositions[index];
  const { seqLen, distinctOf } = result.tokenized.sequences;
  const rows: number[] = [];
  const connectionScore: number[] = [];
  const eventScore: number[] = [];
  const eventUids: string[] = [];
  for (let e = 0; e < events.tokens.length; e++) {
    const uid = events.uids[e];
    const c = connections.get(uid);
    if (c === undefined) continue;
    rows.push(events.sourceRows[e]);
    eventUids.push(uid);
    connectionScore.push(result.connectionScores[c]);
    const position = positions[e];
    const tokens = result.scores.tokens;
    eventScore.push(tokens && position > 0 ? tokens.tokenAnomaly[distinctOf[c] * (seqLen - 1) + position - 1] : NaN);
  }
  return {
    table: result.dataset.log(logType),
    rows: Uint32Array.from(rows),
    connectionScore: Float64Array.from(connectionScore),
    eventScore: Float64Array.from(eventScore),
    uids: eventUids,
  };
}
