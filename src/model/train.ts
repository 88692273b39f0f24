/**
 * Training the masked-token transformer on distinct token rows with connection counts.
 *
 * Counts are handled by sampling, not by weighting the loss: the connections are the expanded multiset (row r
 * appears counts[r] times), and everything the original did per connection is done per connection here — the
 * 70/20/10 train/validation/threshold split is a seeded shuffle of the connections, and each training epoch is a
 * seeded shuffle of the training connections cut into batches. Training therefore sees exactly the batches it
 * would see on the expanded data (the same number of optimizer steps, the same mix of sequences per batch);
 * weighting one copy of each distinct row by its count would give the same expected loss but far fewer steps per
 * epoch and batches dominated by a few heavy rows, which Adam does not treat alike. Two departures from the
 * original, both standard: each batch is masked when it is drawn (a connection seen twice is masked afresh; the
 * original masked once before training), and the validation and threshold splits are evaluated on their distinct
 * rows weighted by count, which gives the expanded numbers at a fraction of the work.
 *
 * Adam (adam.ts) with a settable learning rate; early stopping when the validation loss has not improved for `patience`
 * epochs, keeping the weights of the best epoch. Seeded end to end: the same rows, config, options and backend
 * give the same weights.
 */
import * as tf from '@tensorflow/tfjs';
import { ZeekseqError } from '../util/errors.js';
import { createRandom, shuffledIndices } from '../util/random.js';
import { EventStream } from '../util/events.js';
import { chooseBackend, type BackendInfo, type BackendName } from './backend.js';
import { validateConfig, type TransformerConfig } from './config.js';
import { TransformerModel, type DropoutSource } from './transformer.js';
import { maskRows } from './masking.js';
import { HostAdam } from './adam.js';
import { GradientWorkers } from './gradient-workers.js';
import { maskedBatch } from './batch.js';
import { evaluateMasked, type MaskedMetrics } from './evaluate.js';
import { prepareRows, type TokenRows } from './token-rows.js';
import { SPLIT_SHARES, TRAIN_DEFAULTS } from './scorer-defaults.js';
import { typedFrom } from '../util/typed-from.js';

export { SPLIT_SHARES, TRAIN_DEFAULTS };

const VALIDATION_END = 0.9;

export interface TrainOptions {
  /** Adam learning rate (default 1e-3). */
  learningRate?: number;
  /** Connections per batch (default 256). */
  batchSize?: number;
  /** Most epochs to train (default 10). */
  epochs?: number;
  /** Stop after this many epochs without a better validation loss (default 2). */
  patience?: number;
  /** Seed of the weights, split, batch order, masking and dropout (default DEFAULT_SEED). */
  seed?: number;
  /** Backend to run on (default auto: see backend.ts). */
  backend?: BackendName | 'auto';
  /**
   * Threads computing each batch's gradients in parallel, this one included (default 1: this thread alone; see
   * gradient-workers.ts). Results are reproducible for a given number of threads.
   */
  workers?: number;
  /** Where progress goes; each epoch's numbers go there as metrics (`train_loss`, ... with the epoch as step). */
  events?: EventStream;
  /** The 70/20/10 split to use (default: splitConnections(counts, seed), which it must equal). */
  split?: ConnectionSplit;
}

export interface EpochReport extends Omit<MaskedMetrics, 'loss' | 'positions'> {
  /** 1-based. */
  epoch: number;
  /** Mean training loss over the epoch's masked positions (with dropout). */
  trainLoss: number;
  validationLoss: number;
  /** Training connections per second of the epoch's training steps. */
  sequencesPerSecond: number;
  seconds: number;
}

/** Rows of one split, with how many of each row's connections fell in it. */
export interface SplitPart {
  rows: Int32Array;
  counts: Int32Array;
  /** Connections in the split (sum of counts). */
  connections: number;
}

/** The seeded 70/20/10 split of the connections. */
export interface ConnectionSplit {
  train: SplitPart;
  validation: SplitPart;
  threshold: SplitPart;
}

export interface TrainResult {
  model: TransformerModel;
  history: EpochReport[];
  /** Epoch whose weights the model has (1-based). */
  bestEpoch: number;
  stoppedEarly: boolean;
  backend: BackendInfo;
  split: ConnectionSplit;
}

export interface ResolvedOptions {
  learningRate: number;
  batchSize: number;
  epochs: number;
  patience: number;
  seed: number;
  workers: number;
}

/** The training defaults (the original's, except 10 epochs with early stopping). */

export function resolveTrainOptions(options: TrainOptions): ResolvedOptions {
  const resolved = {
    learningRate: options.learningRate ?? TRAIN_DEFAULTS.learningRate,
    batchSize: options.batchSize ?? TRAIN_DEFAULTS.batchSize,
    epochs: options.epochs ?? TRAIN_DEFAULTS.epochs,
    patience: options.patience ?? TRAIN_DEFAULTS.patience,
    seed: options.seed ?? TRAIN_DEFAULTS.seed,
    workers: options.workers ?? TRAIN_DEFAULTS.workers,
  };
  const problems: string[] = [];
  if (!(resolved.learningRate > 0 && Number.isFinite(resolved.learningRate)))
    problems.push(`learningRate must be a positive number, got ${resolved.learningRate}`);
  for (const name of ['batchSize', 'epochs', 'patience', 'workers'] as const) {
    if (!(Number.isInteger(resolved[name]) && resolved[name] >= 1))
      problems.push(`${name} must be a whole number >= 1, got ${resolved[name]}`);
  }
  if (!Number.isFinite(resolved.seed)) problems.push(`seed must be a finite number, got ${resolved.seed}`);
  if (problems.length > 0) throw new ZeekseqError(`training options: ${problems.join('; ')}.`);
  return resolved;
}

/** Trains a new model on `data`; see the module comment for how counts, splits and seeds are used. */
export async function trainTransformer(
  data: TokenRows,
  config: TransformerConfig,
  options: TrainOptions = {},
): Promise<TrainResult> {
  validateConfig(config);
  const opts = resolveTrainOptions(options);
  const backend = await chooseBackend({ backend: options.backend });
  const prepared = prepareRows(data, config.vocabSize, config.seqLen, 'training rows');
  const split = options.split ?? splitConnections(prepared.counts, opts.seed);
  const events = options.events ?? new EventStream();
  const { seqLen } = prepared;

  const model = TransformerModel.create(config, streamSeed(opts.seed, 'weights'));
  const optimizer = new HostAdam({ learningRate: opts.learningRate });
  const dropout = { rng: createRandom(streamSeed(opts.seed, 'dropout')) };
  const maskRng = createRandom(streamSeed(opts.seed, 'masking'));
  const validationMask = maskRows(
    prepared.tokens,
    prepared.lengths,
    seqLen,
    config.vocabSize,
    createRandom(streamSeed(opts.seed, 'validation')),
    split.validation.rows,
  );
  const validationLengths = typedFrom(Int32Array, split.validation.rows, (r) => prepared.lengths[r]);
  const validationWeights = Float64Array.from(split.validation.counts);

  const trainConnections = expand(split.train);
  const steps = Math.ceil(trainConnections.length / opts.batchSize);
  const pool =
    opts.workers > 1
      ? await GradientWorkers.start(opts.workers, model, backend.name, dropout, (w) =>
          streamSeed(opts.seed, `dropout ${w}`),
        )
      : null;
  const progress = events.progress('training', opts.epochs * steps, 'batches');
  const history: EpochReport[] = [];
  let best: { loss: number; epoch: number; weights: tf.NamedTensorMap } | null = null;
  let stoppedEarly = false;
  try {
    for (let epoch = 1; epoch <= opts.epochs; epoch++) {
      const started = performance.now();
      const order = shuffledIndices(trainConnections.length, streamSeed(opts.seed, `epoch ${epoch}`));
      let lossSum = 0;
      let positions = 0;
      for (let s = 0; s < steps; s++) {
        const batchRows = new Int32Array(Math.min(opts.batchSize, order.length - s * opts.batchSize));
        for (let b = 0; b < batchRows.length; b++) batchRows[b] = trainConnections[order[s * opts.batchSize + b]];
        const masked = maskRows(prepared.tokens, prepared.lengths, seqLen, config.vocabSize, maskRng, batchRows);
        const lengths = typedFrom(Int32Array, batchRows, (r) => prepared.lengths[r]);
        const [loss, count] = pool
          ? await parallelStep(pool, model, optimizer, masked, lengths, seqLen)
          : trainStep(model, optimizer, masked, lengths, seqLen, dropout);
        lossSum += loss * count;
        positions += count;
        progress.tick();
      }
      const trainSeconds = (performance.now() - started) / 1000;
      const validation = evaluateMasked(
        model,
        validationMask,
        validationLengths,
        validationWeights,
        seqLen,
        Math.max(opts.batchSize, 512),
      );
      const report: EpochReport = {
        epoch,
        trainLoss: lossSum / positions,
        validationLoss: validation.loss,
        accuracy: validation.accuracy,
        macroF1: validation.macroF1,
        sequencesPerSecond: trainConnections.length / trainSeconds,
        seconds: (performance.now() - started) / 1000,
      };
      history.push(report);
      emitEpoch(events, report);
      if (best === null || report.validationLoss < best.loss) {
        if (best) tf.dispose(best.weights);
        best = { loss: report.validationLoss, epoch, weights: snapshot(model) };
      } else if (epoch - best.epoch >= opts.patience) {
        stoppedEarly = epoch < opts.epochs;
        break;
      }
    }
  } finally {
    progress.stop();
    await pool?.close();
  }
  const bestEpoch = best ? best.epoch : history.length;
  if (best) {
    model.assignWeights(best.weights);
    tf.dispose(best.weights);
  }
  return { model, history, bestEpoch, stoppedEarly, backend, split };
}

/** An epoch as metrics (numbers, for tracking) and as one line for people. */
export function emitEpoch(events: EventStream, r: EpochReport): void {
  events.metric('train_loss', r.trainLoss, r.epoch);
  events.metric('validation_loss', r.validationLoss, r.epoch);
  events.metric('masked_accuracy', r.accuracy, r.epoch);
  events.metric('macro_f1', r.macroF1, r.epoch);
  events.info(
    `epoch ${r.epoch}: train loss ${r.trainLoss.toFixed(4)}, validation loss ${r.validationLoss.toFixed(4)}, masked accuracy ${r.accuracy.toFixed(3)}, macro-F1 ${r.macroF1.toFixed(3)} (${Math.round(r.sequencesPerSecond)} seq/s)`,
  );
}

/** One Adam step on a masked block; returns the mean loss and the number of masked positions. */
function trainStep(
  model: TransformerModel,
  optimizer: HostAdam,
  masked: ReturnType<typeof maskRows>,
  lengths: Int32Array,
  seqLen: number,
  dropout: DropoutSource,
): [number, number] {
  let count = 0;
  const loss = tf.tidy(() => {
    const batch = maskedBatch(masked, lengths, seqLen);
    count = batch.labelValues.length;
    const { loss, gradients } = model.lossAndGradients(
      batch.ids,
      batch.keyBias,
      batch.positions,
      batch.labels,
      tf.ones([count]) as tf.Tensor1D,
      count,
      dropout,
    );
    optimizer.apply(model, (name) => gradients[name].dataSync() as Float32Array);
    return loss;
  });
  const value = loss.dataSync()[0];
  loss.dispose();
  return [value, count];
}

/** One Adam step with the batch's gradients computed by the worker pool. */
async function parallelStep(
  pool: GradientWorkers,
  model: TransformerModel,
  optimizer: HostAdam,
  masked: ReturnType<typeof maskRows>,
  lengths: Int32Array,
  seqLen: number,
): Promise<[number, number]> {
  const { loss, count, gradients } = await pool.step(model, masked, lengths, seqLen);
  optimizer.apply(model, (name) => gradients.get(name) as Float32Array);
  return [loss, count];
}

/**
 * The seeded 70/20/10 split of the connections (row r counted counts[r] times): a shuffle of all connections,
 * cut at ⌊0.7 n⌋ and ⌊0.9 n⌋ as the original cut its shuffled rows.
 */
export function splitConnections(counts: ArrayLike<number>, seed: number): ConnectionSplit {
  let total = 0;
  for (let r = 0; r < counts.length; r++) total += counts[r];
  const trainEnd = Math.floor(total * SPLIT_SHARES.train);
  // 0.9 written out: 0.7 + 0.2 is 0.8999… in floating point
  const validationEnd = Math.floor(total * VALIDATION_END);
  if (trainEnd < 1 || validationEnd - trainEnd < 1 || total - validationEnd < 1) {
    throw new ZeekseqError(
      `training: ${total} connections are too few to split ${SPLIT_SHARES.train}/${SPLIT_SHARES.validation}/${SPLIT_SHARES.threshold} into non-empty train, validation and threshold parts; give more connections (thousands to learn anything).`,
    );
  }
  const owner = new Int32Array(total);
  for (let r = 0, c = 0; r < counts.length; r++) owner.fill(r, c, (c += counts[r]));
  const order = shuffledIndices(total, streamSeed(seed, 'split'));
  const part = (from: number, to: number): SplitPart => {
    const perRow = new Int32Array(counts.length);
    for (let p = from; p < to; p++) perRow[owner[order[p]]]++;
    const rows: number[] = [];
    for (let r = 0; r < counts.length; r++) if (perRow[r] > 0) rows.push(r);
    return {
      rows: Int32Array.from(rows),
      counts: typedFrom(Int32Array, rows, (r) => perRow[r]),
      connections: to - from,
    };
  };
  return { train: part(0, trainEnd), validation: part(trainEnd, validationEnd), threshold: part(validationEnd, total) };
}

/** The rows of a split part as token rows with the part's counts, e.g. to score the threshold split. */
export function rowsOf(data: TokenRows, part: SplitPart): TokenRows {
  const { seqLen } = data;
  const distinct = new Int32Array(part.rows.length * seqLen);
  part.rows.forEach((r, i) => distinct.set(data.distinct.subarray(r * seqLen, (r + 1) * seqLen), i * seqLen));
  return { seqLen, distinct, counts: part.counts };
}

/** The row of each connection of a split part, in row order. */
function expand(part: SplitPart): Int32Array {
  const rows = new Int32Array(part.connections);
  for (let i = 0, c = 0; i < part.rows.length; i++) rows.fill(part.rows[i], c, (c += part.counts[i]));
  return rows;
}

/** Copies of the model's weights (the live variables change as training goes on). */
function snapshot(model: TransformerModel): tf.NamedTensorMap {
  return tf.tidy(() => Object.fromEntries(Object.entries(model.namedWeights()).map(([name, w]) => [name, w.clone()])));
}

/** An independent seed per random stream (weights, split, masking, …) from the user's seed (FNV-1a). */
export function streamSeed(seed: number, stream: string): number {
  let hash = 0x811c9dc5 ^ (Math.trunc(seed) >>> 0);
  hash = Math.imul(hash, 0x01000193) >>> 0;
  for (let i = 0; i < stream.length; i++) {
    hash ^= stream.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
