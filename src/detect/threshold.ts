/**
 * The anomaly threshold from the threshold split's scores and an acceptance rate R: the smallest score t such
 * that at most a share R of the split's connections score above t. Exact: with the scores sorted from the
 * highest, and k the largest count with k / n ≤ R, t is the (k+1)-th highest score (so ties at t are all
 * accepted, never split). The original searched a 0.01 grid (then 0.001 above 0.99) with a strict "< R", so its
 * threshold could sit up to a grid step above this one.
 *
 * Edge cases: R = 0 gives the highest score (nothing above it); R = 1 the lowest (everything but the lowest
 * scores may be above); an empty split, NaN scores or R outside [0, 1] are errors.
 */
import { ZeekseqError } from '../util/errors.js';

export interface Threshold {
  /** Scores strictly above this are anomalies. */
  threshold: number;
  acceptanceRate: number;
  /** Connections of the split scoring above the threshold. */
  above: number;
  /** Connections in the split. */
  total: number;
}

/**
 * The threshold for `scores` (one per distinct row) with `counts` connections each (default 1): the split's
 * connections are each row repeated count times.
 */
export function chooseThreshold(
  scores: ArrayLike<number>,
  acceptanceRate: number,
  counts?: ArrayLike<number>,
): Threshold {
  if (!(acceptanceRate >= 0 && acceptanceRate <= 1)) {
    throw new ZeekseqError(
      `threshold: the acceptance rate must be a share in [0, 1] (e.g. 0.001 for one in a thousand), got ${acceptanceRate}.`,
    );
  }
  if (scores.length === 0) {
    throw new ZeekseqError(
      'threshold: no threshold-split scores to choose from; the training data is too small to leave a threshold split — give more connections.',
    );
  }
  if (counts !== undefined && counts.length !== scores.length) {
    throw new ZeekseqError(`threshold: ${counts.length} counts for ${scores.length} scores; give one count per score.`);
  }
  const order = Array.from({ length: scores.length }, (_, i) => i);
  let total = 0;
  for (let i = 0; i < scores.length; i++) {
    if (Number.isNaN(scores[i]))
      throw new ZeekseqError(
        `threshold: score ${i} is NaN; score every threshold-split row before choosing a threshold.`,
      );
    const count = counts ? counts[i] : 1;
    if (!(Number.isInteger(count) && count >= 1))
      throw new ZeekseqError(`threshold: count ${i} is ${count}; counts are whole numbers >= 1.`);
    total += count;
  }
  order.sort((a, b) => scores[b] - scores[a]);
  // largest k with k / total ≤ R, computed as the proportion itself so that e.g. R = 0.29, n = 100 allows 29
  let allowed = Math.min(total, Math.floor(acceptanceRate * total));
  while (allowed < total && (allowed + 1) / total <= acceptanceRate) allowed++;
  while (allowed > 0 && allowed / total > acceptanceRate) allowed--;
  // walk down distinct score values; `above` counts connections strictly above the current value
  let above = 0;
  let i = 0;
  let threshold = scores[order[0]];
  while (i < order.length) {
    const value = scores[order[i]];
    threshold = value;
    let tied = 0;
    for (; i < order.length && scores[order[i]] === value; i++) tied += counts ? counts[order[i]] : 1;
    if (above + tied > allowed) break;
    above += tied;
  }
  let aboveThreshold = 0;
  for (let j = 0; j < scores.length; j++) if (scores[j] > threshold) aboveThreshold += counts ? counts[j] : 1;
  return { threshold, acceptanceRate, above: aboveThreshold, total };
}
