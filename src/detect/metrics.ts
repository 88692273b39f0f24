/**
 * Detection-quality metrics for any scorer (higher score = more anomalous) against binary labels, with the
 * definitions scikit-learn uses, so numbers here compare with published ones.
 */
import { ZeekseqError } from '../util/errors.js';
import { typedFrom } from '../util/typed-from.js';

export interface Confusion {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  trueNegatives: number;
}

export interface ClassificationMetrics extends Confusion {
  precision: number;
  recall: number;
  f1: number;
}

function checkInputs(scores: ArrayLike<number>, labels: ArrayLike<boolean | number>, what: string): void {
  if (scores.length !== labels.length) {
    throw new ZeekseqError(`${what}: ${scores.length} scores but ${labels.length} labels; pass one label per score.`);
  }
  for (let i = 0; i < scores.length; i++) {
    if (Number.isNaN(scores[i]))
      throw new ZeekseqError(`${what}: score ${i} is NaN; score every item before evaluating.`);
  }
}

/** Precision, recall and F1 of the predictions `predicted` (true or 1 = flagged). Empty sets give 0, not NaN. */
export function classificationMetrics(
  predicted: ArrayLike<boolean | number>,
  labels: ArrayLike<boolean | number>,
): ClassificationMetrics {
  if (predicted.length !== labels.length) {
    throw new ZeekseqError(`classificationMetrics: ${predicted.length} predictions but ${labels.length} labels.`);
  }
  let tp = 0,
    fp = 0,
    fn = 0,
    tn = 0;
  for (let i = 0; i < predicted.length; i++) {
    const positive = Boolean(labels[i]);
    if (predicted[i]) positive ? tp++ : fp++;
    else positive ? fn++ : tn++;
  }
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { truePositives: tp, falsePositives: fp, falseNegatives: fn, trueNegatives: tn, precision, recall, f1 };
}

/** Indices sorted by score, highest first (stable). */
function byScoreDescending(scores: ArrayLike<number>): Int32Array {
  const order = typedFrom(Int32Array, { length: scores.length }, (_, i) => i);
  return order.sort((a, b) => scores[b] - scores[a] || a - b);
}

/**
 * Average precision as scikit-learn's average_precision_score: sum over distinct thresholds of
 * (R_n - R_{n-1}) * P_n. NaN when there is no positive label (undefined, as in scikit-learn).
 */
export function averagePrecision(scores: ArrayLike<number>, labels: ArrayLike<boolean | number>): number {
  checkInputs(scores, labels, 'averagePrecision');
  let positives = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i]) positives++;
  if (positives === 0) return NaN;
  const order = byScoreDescending(scores);
  let tp = 0,
    fp = 0,
    previousRecall = 0,
    ap = 0;
  for (let k = 0; k < order.length; k++) {
    if (labels[order[k]]) tp++;
    else fp++;
    const atThreshold = k === order.length - 1 || scores[order[k + 1]] !== scores[order[k]];
    if (!atThreshold) continue;
    const recall = tp / positives;
    ap += (recall - previousRecall) * (tp / (tp + fp));
    previousRecall = recall;
  }
  return ap;
}

/** Area under the ROC curve (ties count one half), as scikit-learn's roc_auc_score. NaN with one class only. */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<boolean | number>): number {
  checkInputs(scores, labels, 'rocAuc');
  const order = typedFrom(Int32Array, { length: scores.length }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  // Mann-Whitney U from average ranks, which handles ties exactly.
  let positives = 0,
    rankSum = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && scores[order[end + 1]] === scores[order[start]]) end++;
    const averageRank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) {
      if (labels[order[k]]) {
        positives++;
        rankSum += averageRank;
      }
    }
    start = end + 1;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Share of true positives among the k highest scores (k larger than the set uses the whole set). */
export function precisionAtK(scores: ArrayLike<number>, labels: ArrayLike<boolean | number>, k: number): number {
  checkInputs(scores, labels, 'precisionAtK');
  if (!Number.isInteger(k) || k < 1) throw new ZeekseqError(`precisionAtK: k must be a whole number >= 1, got ${k}.`);
  const order = byScoreDescending(scores);
  const top = Math.min(k, order.length);
  if (top === 0) return NaN;
  let hits = 0;
  for (let i = 0; i < top; i++) if (labels[order[i]]) hits++;
  return hits / top;
}
