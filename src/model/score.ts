/**
 * Anomaly scores by pseudo-likelihood, as the original's deployment code: each position after CLS is masked
 * alone and the model's probability p of the true token there is read. Over a row's n − 1 positions after CLS
 * (its tokens and SEP when present; never padding):
 *
 *   score = ((1 − geomean(p)) + geomean(1 − p)) / 2
 *
 * the original's "average of geometric means to avoid bias" (it multiplied the p of all positions and took the
 * (n − 1)-th root, with n the real length including CLS). It saturates near 1 as soon as one token is
 * improbable, so p = 1e-5 and p = 0.01 score alike; `scoreBy: 'surprisal'` scores the mean −ln p instead
 * (nats, p floored at 1e-30), which keeps "never seen" above "rare", as the Markov chain's score does. Per position, 1 − p is the token's anomaly, and the
 * model's top-k tokens there say what it expected instead. One departure: the original's loop left earlier
 * positions masked while masking later ones; here every position is masked alone, as pseudo-likelihood means.
 *
 * Work is done once per distinct row (real traffic repeats heavily), grouped by row length so no batch carries
 * padding, with all masked variants of a block of rows in one forward pass. With `workers` > 1 the distinct rows
 * are split into that many parts of about equal work: this thread scores the first while worker threads, each
 * with its own tfjs and a copy of the weights, score the others.
 */
import * as tf from '@tensorflow/tfjs';
import { ZeekseqError } from '../util/errors.js';
import { EventStream } from '../util/events.js';
import type { Progress } from '../util/progress.js';
import { MASK } from '../sequence/vocabulary.js';
import { chooseBackend, type BackendInfo, type BackendName } from './backend.js';
import type { TransformerConfig } from './config.js';
import type { TransformerModel } from './transformer.js';
import { prepareRows, type TokenRows } from './token-rows.js';
import { startModelWorker } from './worker-thread.js';

export interface ScoreOptions {
  /** Masked variants per forward pass (default 4096). */
  batchSize?: number;
  /** Expected tokens kept per position (default 3; 0 for none). */
  topK?: number;
  /** Threads, this one included (default 1: score in this thread alone). */
  workers?: number;
  /** Backend for this thread and the workers (default auto). */
  backend?: BackendName | 'auto';
  /** Where progress goes. */
  events?: EventStream;
  /** Row score: the original's formula (default) or the mean surprisal (see the module comment). */
  scoreBy?: TransformerScoreBy;
}

export { TRANSFORMER_SCORE_BY, type TransformerScoreBy } from './scorer-defaults.js';
import type { TransformerScoreBy } from './scorer-defaults.js';
/** Probabilities below this count as it, so that a float32 zero does not make a score infinite. */
const MIN_PROBABILITY = 1e-30;

export interface TransformerScores {
  /** Positions per row; per-position arrays have `seqLen − 1` entries per row, for positions 1..seqLen−1. */
  seqLen: number;
  topK: number;
  /** Sequence anomaly score per input row: in [0, 1] (original), or nats >= 0 (surprisal). */
  score: Float64Array;
  /** 1 − p of the true token, rows × (seqLen − 1); NaN past the row's end. */
  tokenAnomaly: Float32Array;
  /** The model's top-k tokens at each position, rows × (seqLen − 1) × topK; −1 past the row's end. */
  expected: Int32Array;
  /** Their probabilities, same layout; NaN past the row's end. */
  expectedProbability: Float32Array;
  /** Distinct rows actually run through the model. */
  distinctRows: number;
  backend: BackendInfo;
}

/** Scores the rows of `data` (see the module comment). Rows are checked against the model's vocabulary first. */
export async function scoreRows(
  model: TransformerModel,
  data: TokenRows,
  options: ScoreOptions = {},
): Promise<TransformerScores> {
  const batchSize = options.batchSize ?? 4096;
  const topK = options.topK ?? 3;
  const workers = options.workers ?? 1;
  const scoreBy = options.scoreBy ?? 'original';
  const { vocabSize, seqLen } = model.config;
  if (!(Number.isInteger(batchSize) && batchSize >= seqLen))
    throw new ZeekseqError(`scoring: batchSize must be a whole number >= seqLen (${seqLen}), got ${batchSize}.`);
  if (!(Number.isInteger(topK) && topK >= 0 && topK <= vocabSize))
    throw new ZeekseqError(`scoring: topK must be a whole number in 0..${vocabSize}, got ${topK}.`);
  if (!(Number.isInteger(workers) && workers >= 1))
    throw new ZeekseqError(`scoring: workers must be a whole number >= 1, got ${workers}.`);
  const backend = await chooseBackend({ backend: options.backend });
  const prepared = prepareRows(data, vocabSize, seqLen, 'scored rows');

  // distinct rows: `unique` holds the first input row of each, `which` maps every input row to its distinct row
  const keys = new Map<string, number>();
  const which = new Int32Array(prepared.rows);
  const unique: number[] = [];
  for (let r = 0; r < prepared.rows; r++) {
    const key = String.fromCharCode(...prepared.tokens.subarray(r * seqLen, r * seqLen + prepared.lengths[r]));
    let id = keys.get(key);
    if (id === undefined) {
      id = unique.length;
      keys.set(key, id);
      unique.push(r);
    }
    which[r] = id;
  }
  const tokens = new Int32Array(unique.length * seqLen);
  const lengths = new Int32Array(unique.length);
  unique.forEach((r, u) => {
    tokens.set(prepared.tokens.subarray(r * seqLen, (r + 1) * seqLen), u * seqLen);
    lengths[u] = prepared.lengths[r];
  });

  const progress = (options.events ?? new EventStream()).progress('scoring', unique.length, 'sequences');
  let distinct: RawScores;
  try {
    distinct =
      workers > 1 && unique.length > 1
        ? await scoreInWorkers(model, tokens, lengths, batchSize, topK, scoreBy, workers, backend.name, progress)
        : scoreDistinct(model, tokens, lengths, batchSize, topK, scoreBy, progress);
  } finally {
    progress.stop();
  }

  const positions = seqLen - 1;
  const out: TransformerScores = {
    seqLen,
    topK,
    score: new Float64Array(prepared.rows),
    tokenAnomaly: new Float32Array(prepared.rows * positions),
    expected: new Int32Array(prepared.rows * positions * topK),
    expectedProbability: new Float32Array(prepared.rows * positions * topK),
    distinctRows: unique.length,
    backend,
  };
  for (let r = 0; r < prepared.rows; r++) {
    const u = which[r];
    out.score[r] = distinct.score[u];
    out.tokenAnomaly.set(distinct.tokenAnomaly.subarray(u * positions, (u + 1) * positions), r * positions);
    out.expected.set(
      distinct.expected.subarray(u * positions * topK, (u + 1) * positions * topK),
      r * positions * topK,
    );
    out.expectedProbability.set(
      distinct.expectedProbability.subarray(u * positions * topK, (u + 1) * positions * topK),
      r * positions * topK,
    );
  }
  return out;
}

/** Per-row results of the model, before they are mapped back to the input rows. */
export type RawScores = Pick<TransformerScores, 'score' | 'tokenAnomaly' | 'expected' | 'expectedProbability'>;

/** Sequence score from the probabilities p of a row's true tokens (the module comment's formulas). */
export function sequenceScore(p: ArrayLike<number>, scoreBy: TransformerScoreBy = 'original'): number {
  if (scoreBy === 'surprisal') {
    let surprisal = 0;
    for (let i = 0; i < p.length; i++) surprisal -= Math.log(Math.max(p[i], MIN_PROBABILITY));
    return surprisal / p.length;
  }
  let logP = 0;
  let logQ = 0;
  for (let i = 0; i < p.length; i++) {
    logP += Math.log(p[i]);
    logQ += Math.log(1 - p[i]);
  }
  return (1 - Math.exp(logP / p.length) + Math.exp(logQ / p.length)) / 2;
}

/**
 * Scores distinct rows (`tokens` row-major at the model's seqLen, real `lengths`) in this thread. Rows of equal
 * length go together, so no forward pass carries padding; each block of rows has all its variants in one pass.
 */
export function scoreDistinct(
  model: TransformerModel,
  tokens: Int32Array,
  lengths: Int32Array,
  batchSize: number,
  topK: number,
  scoreBy: TransformerScoreBy,
  progress?: Progress,
): RawScores {
  const { seqLen, vocabSize } = model.config;
  const positions = seqLen - 1;
  const rows = lengths.length;
  const result: RawScores = {
    score: new Float64Array(rows),
    tokenAnomaly: new Float32Array(rows * positions).fill(NaN),
    expected: new Int32Array(rows * positions * topK).fill(-1),
    expectedProbability: new Float32Array(rows * positions * topK).fill(NaN),
  };
  const byLength = new Map<number, number[]>();
  for (let r = 0; r < rows; r++) {
    const group = byLength.get(lengths[r]) ?? [];
    group.push(r);
    byLength.set(lengths[r], group);
  }
  const top = new Int32Array(topK);
  for (const [length, group] of [...byLength].sort((a, b) => a[0] - b[0])) {
    const variants = length - 1;
    const perBlock = Math.max(1, Math.floor(batchSize / variants));
    for (let start = 0; start < group.length; start += perBlock) {
      const block = group.slice(start, start + perBlock);
      const ids = new Int32Array(block.length * variants * length);
      const where = new Int32Array(block.length * variants);
      block.forEach((r, b) => {
        const row = tokens.subarray(r * seqLen, r * seqLen + length);
        for (let j = 1; j <= variants; j++) {
          const v = b * variants + j - 1;
          ids.set(row, v * length);
          ids[v * length + j] = MASK;
          where[v] = v * length + j;
        }
      });
      const probsTensor = tf.tidy(() => {
        const input = tf.tensor2d(ids, [block.length * variants, length], 'int32');
        return tf.softmax(model.logitsAt(model.encode(input, null, null, tf.tensor1d(where, 'int32')), null));
      });
      const probs = probsTensor.dataSync();
      probsTensor.dispose();
      const p = new Float64Array(variants);
      block.forEach((r, b) => {
        for (let j = 1; j <= variants; j++) {
          const v = b * variants + j - 1;
          const dist = probs.subarray(v * vocabSize, (v + 1) * vocabSize);
          p[j - 1] = dist[tokens[r * seqLen + j]];
          result.tokenAnomaly[r * positions + j - 1] = 1 - p[j - 1];
          if (topK > 0) {
            topTokens(dist, top);
            const at = (r * positions + j - 1) * topK;
            for (let k = 0; k < topK; k++) {
              result.expected[at + k] = top[k];
              result.expectedProbability[at + k] = dist[top[k]];
            }
          }
        }
        result.score[r] = sequenceScore(p, scoreBy);
      });
      progress?.tick(block.length);
    }
  }
  return result;
}

/** Indices of the `top.length` largest entries of `dist`, largest first (ties: lower id first). */
function topTokens(dist: ArrayLike<number>, top: Int32Array): void {
  const k = top.length;
  let filled = 0;
  for (let v = 0; v < dist.length; v++) {
    if (filled === k && dist[v] <= dist[top[k - 1]]) continue;
    let i = filled < k ? filled++ : k - 1;
    while (i > 0 && dist[top[i - 1]] < dist[v]) {
      top[i] = top[i - 1];
      i--;
    }
    top[i] = v;
  }
}

/** What a scoring worker receives. */
export interface ScoreJob {
  config: TransformerConfig;
  weights: Array<{ name: string; shape: number[]; values: Float32Array }>;
  tokens: Int32Array;
  lengths: Int32Array;
  batchSize: number;
  topK: number;
  scoreBy: TransformerScoreBy;
  backend: BackendName;
}

async function scoreInWorkers(
  model: TransformerModel,
  tokens: Int32Array,
  lengths: Int32Array,
  batchSize: number,
  topK: number,
  scoreBy: TransformerScoreBy,
  workers: number,
  backend: BackendName,
  progress: Progress,
): Promise<RawScores> {
  const { seqLen } = model.config;
  const positions = seqLen - 1;
  const rows = lengths.length;
  const weights = Object.entries(model.namedWeights()).map(([name, w]) => ({
    name,
    shape: w.shape,
    values: w.dataSync() as Float32Array,
  }));
  // contiguous parts of about equal work (work ∝ variants × length)
  let totalWork = 0;
  for (let r = 0; r < rows; r++) totalWork += (lengths[r] - 1) * lengths[r];
  const bounds = [0];
  let work = 0;
  for (let r = 0; r < rows && bounds.length < workers; r++) {
    work += (lengths[r] - 1) * lengths[r];
    if (work >= (totalWork * bounds.length) / workers) bounds.push(r + 1);
  }
  if (bounds[bounds.length - 1] < rows) bounds.push(rows);
  // parts 1.. go to worker threads; this thread scores part 0 meanwhile
  const remote = bounds.slice(1, -1).map((from, i) => {
    const to = bounds[i + 2];
    const job: ScoreJob = {
      config: model.config,
      weights,
      tokens: tokens.slice(from * seqLen, to * seqLen),
      lengths: lengths.slice(from, to),
      batchSize,
      topK,
      scoreBy,
      backend,
    };
    return runWorker(job).then((part) => {
      progress.tick(to - from);
      return { from, part };
    });
  });
  const local = {
    from: 0,
    part: scoreDistinct(
      model,
      tokens.subarray(0, bounds[1] * seqLen),
      lengths.subarray(0, bounds[1]),
      batchSize,
      topK,
      scoreBy,
      progress,
    ),
  };
  const parts = [local, ...(await Promise.all(remote))];
  const result: RawScores = {
    score: new Float64Array(rows),
    tokenAnomaly: new Float32Array(rows * positions),
    expected: new Int32Array(rows * positions * topK),
    expectedProbability: new Float32Array(rows * positions * topK),
  };
  for (const { from, part } of parts) {
    result.score.set(part.score, from);
    result.tokenAnomaly.set(part.tokenAnomaly, from * positions);
    result.expected.set(part.expected, from * positions * topK);
    result.expectedProbability.set(part.expectedProbability, from * positions * topK);
  }
  return result;
}

function runWorker(job: ScoreJob): Promise<RawScores> {
  return new Promise((resolve, reject) => {
    const worker = startModelWorker('score-worker', job);
    worker.once('message', (message: { result?: RawScores; error?: string }) => {
      if (message.result) resolve(message.result);
      else reject(new ZeekseqError(`scoring worker failed: ${message.error}`));
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}
