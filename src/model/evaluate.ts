/**
 * How well the model predicts masked tokens on held-out rows: cross-entropy loss, accuracy and macro-F1 over
 * the true tokens at masked positions, each position weighted by its row's connection count — the same numbers
 * as on the expanded connections, in expectation over the masking. Macro-F1 averages the per-token F1 over the
 * tokens that occur as true labels (a token only ever predicted, never true, is not a class here; scikit-learn's
 * macro average would count it as an F1 of 0). The original averaged per-batch F1 scores; this is the F1 of the
 * whole validation set.
 */
import * as tf from '@tensorflow/tfjs';
import type { TransformerModel } from './transformer.js';
import type { MaskedRows } from './masking.js';
import { maskedBatch } from './batch.js';

export interface MaskedMetrics {
  /** Weighted mean cross-entropy (nats) at masked positions. */
  loss: number;
  /** Weighted share of masked positions whose most likely token is the true one. */
  accuracy: number;
  macroF1: number;
  /** Weighted number of masked positions. */
  positions: number;
}

/**
 * Metrics of `masked` (a block of masked rows, `seqLen` wide, with real `lengths` and `weights` per row),
 * evaluated `batchSize` rows at a time without dropout.
 */
export function evaluateMasked(
  model: TransformerModel,
  masked: MaskedRows,
  lengths: Int32Array,
  weights: Float64Array,
  seqLen: number,
  batchSize: number,
): MaskedMetrics {
  const vocab = model.config.vocabSize;
  const truth: number[] = [];
  const predicted: number[] = [];
  const positionWeights: number[] = [];
  let lossSum = 0;
  for (let start = 0; start < lengths.length; start += batchSize) {
    const end = Math.min(start + batchSize, lengths.length);
    const block: MaskedRows = {
      inputs: masked.inputs.subarray(start * seqLen, end * seqLen),
      labels: masked.labels.subarray(start * seqLen, end * seqLen),
    };
    let positionRows = new Int32Array(0);
    let labels = new Int32Array(0);
    const logProbs = tf.tidy(() => {
      const batch = maskedBatch(block, lengths.subarray(start, end), seqLen);
      positionRows = batch.positionRows;
      labels = batch.labelValues;
      return tf.logSoftmax(model.logitsAt(model.encode(batch.ids, batch.keyBias, null), batch.positions));
    });
    const values = logProbs.dataSync();
    logProbs.dispose();
    for (let m = 0; m < labels.length; m++) {
      const row = values.subarray(m * vocab, (m + 1) * vocab);
      let best = 0;
      for (let v = 1; v < vocab; v++) if (row[v] > row[best]) best = v;
      const weight = weights[start + positionRows[m]];
      lossSum -= weight * row[labels[m]];
      truth.push(labels[m]);
      predicted.push(best);
      positionWeights.push(weight);
    }
  }
  let total = 0;
  let correct = 0;
  for (let m = 0; m < truth.length; m++) {
    total += positionWeights[m];
    if (truth[m] === predicted[m]) correct += positionWeights[m];
  }
  return {
    loss: total > 0 ? lossSum / total : NaN,
    accuracy: total > 0 ? correct / total : NaN,
    macroF1: macroF1(truth, predicted, positionWeights),
    positions: total,
  };
}

/** Weighted macro-F1 over the classes that occur in `truth` (NaN when there are none). */
export function macroF1(truth: ArrayLike<number>, predicted: ArrayLike<number>, weights?: ArrayLike<number>): number {
  const tp = new Map<number, number>();
  const fp = new Map<number, number>();
  const fn = new Map<number, number>();
  const add = (map: Map<number, number>, key: number, w: number) => map.set(key, (map.get(key) ?? 0) + w);
  for (let i = 0; i < truth.length; i++) {
    const w = weights ? weights[i] : 1;
    if (truth[i] === predicted[i]) add(tp, truth[i], w);
    else {
      add(fn, truth[i], w);
      add(fp, predicted[i], w);
    }
  }
  const classes = new Set<number>();
  for (let i = 0; i < truth.length; i++) classes.add(truth[i]);
  if (classes.size === 0) return NaN;
  let sum = 0;
  for (const c of classes) {
    const t = tp.get(c) ?? 0;
    sum += (2 * t) / (2 * t + (fp.get(c) ?? 0) + (fn.get(c) ?? 0));
  }
  return sum / classes.size;
}
