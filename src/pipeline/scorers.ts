/**
 * The scorers evaluation compares, each as one score per connection plus its own threshold-split scores:
 *  - transformer: the scores of inferPipeline, calibrated on the threshold split saved at training;
 *  - markov and frequency: baselines (src/detect/baselines.ts) fitted on the same 70% train split of the same
 *    training rows as the transformer (saved in the model directory's `sequences` part; the split is re-drawn
 *    with the saved seed), calibrated on the same threshold split, and scoring the same tokenized connections.
 *
 * Scores are laid on the connections as read (first conn row per uid), so connections the pipeline dropped (e.g.
 * conn-only ones) stay in the evaluation with score -Infinity.
 */
import { FrequencyBaseline, fitMarkovBaseline, markovScores, type CountedRows } from '../detect/baselines.js';
import type { ConnectionTable, ScorerScores } from '../detect/evaluate.js';
import type { Threshold } from '../detect/threshold.js';
import { readModelDir } from '../model/model-dir.js';
import { splitConnections, type SplitPart } from '../model/train.js';
import { ZeekseqError } from '../util/errors.js';
import { columnValues } from '../zeek/log-rows.js';
import type { InferResult } from './infer.js';

export const SCORER_NAMES = ['transformer', 'markov', 'frequency'] as const;
export type ScorerName = (typeof SCORER_NAMES)[number];

/** The training rows saved by trainPipeline (`sequences` part) and the seed of their split. */
export interface SavedTrainingRows {
  seqLen: number;
  seed: number;
  distinct: number[];
  counts: number[];
}

/** The threshold part as saved by trainPipeline: the threshold, its bootstrap interval, and the split's scores and counts. */
export type SavedThreshold = Threshold & {
  interval?: { lower: number; upper: number; quantiles: [number, number]; resamples: number };
  thresholdScores?: number[];
  thresholdCounts?: number[];
};

export interface EvaluationConnections {
  table: ConnectionTable;
  /** Per connection of the table, its index among the scored connections, or -1 when it was not scored. */
  scoredIndex: Int32Array;
}

/** The connections as read (first conn row per uid) and which of them the pipeline scored. */
export function evaluationConnections(result: InferResult): EvaluationConnections {
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
  return Float64Array.from(connections.scoredIndex, (c) => (c < 0 ? -Infinity : perScored[c]));
}

/** The transformer's scores and its saved threshold split. */
export function transformerScorer(result: InferResult, connections: EvaluationConnections): ScorerScores {
  const saved = result.threshold as SavedThreshold;
  if (!saved.thresholdScores || !saved.thresholdCounts) {
    throw new ZeekseqError(
      "the model directory's threshold part has no thresholdScores/thresholdCounts (an older zeekseq saved it); retrain the model with `zeekseq train`.",
    );
  }
  return {
    name: 'transformer',
    scores: spreadScores(result.connectionScores, connections),
    thresholdScores: saved.thresholdScores,
    thresholdCounts: saved.thresholdCounts,
  };
}

function partRows(rows: SavedTrainingRows, part: SplitPart): CountedRows {
  const distinct = new Int32Array(part.rows.length * rows.seqLen);
  part.rows.forEach((r, i) => {
    for (let k = 0; k < rows.seqLen; k++) distinct[i * rows.seqLen + k] = rows.distinct[r * rows.seqLen + k];
  });
  return { seqLen: rows.seqLen, distinct, counts: part.counts };
}

/** The Markov and frequency baselines, fitted on the model's train split and scoring the result's connections. */
export async function baselineScorers(
  result: InferResult,
  modelDir: string,
  connections: EvaluationConnections,
): Promise<ScorerScores[]> {
  const dir = await readModelDir(modelDir, []);
  if (!('sequences' in dir.manifest.parts)) {
    throw new ZeekseqError(
      `model directory ${modelDir} has no "sequences" part (the training rows the baselines are fitted on; older models lack it); retrain the model with \`zeekseq train\`.`,
    );
  }
  const rows = dir.json<SavedTrainingRows>('sequences');
  const split = splitConnections(rows.counts, rows.seed);
  const train = partRows(rows, split.train);
  const threshold = partRows(rows, split.threshold);
  const { sequences } = result.tokenized;
  const scored: CountedRows = { seqLen: sequences.seqLen, distinct: sequences.distinct, counts: sequences.counts };
  const perConnection = (perRow: Float64Array) =>
    spreadScores(
      Float64Array.from(sequences.distinctOf, (d) => perRow[d]),
      connections,
    );

  const markov = fitMarkovBaseline(train, result.tokenizer.vocabulary.size);
  const frequency = new FrequencyBaseline().fit(train);
  return [
    {
      name: 'markov',
      scores: perConnection(markovScores(markov, scored)),
      thresholdScores: markovScores(markov, threshold),
      thresholdCounts: threshold.counts,
    },
    {
      name: 'frequency',
      scores: perConnection(frequency.score(scored)),
      thresholdScores: frequency.score(threshold),
      thresholdCounts: threshold.counts,
    },
  ];
}

/** All three scorers on an inference result, on the connections as read. */
export async function allScorers(
  result: InferResult,
  modelDir: string,
): Promise<{ connections: EvaluationConnections; scorers: ScorerScores[] }> {
  const connections = evaluationConnections(result);
  return {
    connections,
    scorers: [transformerScorer(result, connections), ...(await baselineScorers(result, modelDir, connections))],
  };
}
