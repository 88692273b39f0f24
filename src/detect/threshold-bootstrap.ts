/**
 * How much the threshold depends on which connections happened to fall in the threshold split. The split is a
 * sample, and at small acceptance rates the threshold is decided by its few highest scores, so it can move a lot
 * between samples. A seeded bootstrap resamples the split's connections with replacement (each distinct row
 * drawn in proportion to its count), recomputes the exact threshold (chooseThreshold) for each resample and
 * reports quantiles of those thresholds. Separately, a threshold with fewer than MIN_ABOVE split connections
 * above it rests on very few observations and gets a warning: lower the acceptance rate's ambition or give a
 * larger threshold split (more training data).
 */
import { ZeekseqError } from '../util/errors.js';
import { createRandom, DEFAULT_SEED } from '../util/random.js';
import { chooseThreshold, type Threshold } from './threshold.js';

/** Fewer threshold-split connections than this above the cut make the threshold unreliable. */
export const MIN_ABOVE = 30;

export interface BootstrapOptions {
  /** Resamples (default 200). */
  resamples?: number;
  /** Seed of the resampling (default DEFAULT_SEED). */
  seed?: number;
  /** Lower and upper quantile of the resampled thresholds (default 0.05 and 0.95). */
  quantiles?: readonly [number, number];
}

export interface ThresholdInterval {
  /** The threshold on the split itself. */
  point: Threshold;
  /** Quantiles of the resampled thresholds. */
  lower: number;
  upper: number;
  quantiles: [number, number];
  resamples: number;
  seed: number;
  /** Why the threshold is unreliable, or null. */
  warning: string | null;
}

/** A warning when fewer than MIN_ABOVE threshold-split connections lie above the threshold, else null. */
export function thresholdWarning(threshold: Threshold): string | null {
  if (threshold.above >= MIN_ABOVE) return null;
  return (
    `only ${threshold.above} of ${threshold.total} threshold-split connections lie above the threshold at acceptance rate ${threshold.acceptanceRate} ` +
    `(fewer than ${MIN_ABOVE}): the threshold rests on too few scores; use a higher acceptance rate or train on more connections.`
  );
}

/**
 * A threshold taken on the scored connections themselves rather than on a sample of them (a scores file read back
 * without its model's threshold split): nothing to resample, so the interval is the point (resamples 0), and no
 * warning, since it rests on every connection.
 */
export function pointInterval(point: Threshold): ThresholdInterval {
  return {
    point,
    lower: point.threshold,
    upper: point.threshold,
    quantiles: [0.05, 0.95],
    resamples: 0,
    seed: DEFAULT_SEED,
    warning: null,
  };
}

/** Quantile q of sorted values with linear interpolation between order statistics (numpy's default). */
export function sortedQuantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) throw new ZeekseqError('quantile of no values; give at least one value.');
  const position = q * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
}

/**
 * The threshold for `scores` (one per distinct row, `counts` connections each, default 1) at `acceptanceRate`,
 * with a seeded bootstrap interval over the split's connections.
 */
export function bootstrapThreshold(
  scores: ArrayLike<number>,
  acceptanceRate: number,
  counts?: ArrayLike<number>,
  options: BootstrapOptions = {},
): ThresholdInterval {
  const resamples = options.resamples ?? 200;
  const seed = options.seed ?? DEFAULT_SEED;
  const quantiles: [number, number] = [options.quantiles?.[0] ?? 0.05, options.quantiles?.[1] ?? 0.95];
  if (!(Number.isInteger(resamples) && resamples >= 1)) {
    throw new ZeekseqError(`threshold bootstrap: resamples must be a whole number >= 1 (e.g. 200), got ${resamples}.`);
  }
  if (!(quantiles[0] >= 0 && quantiles[0] <= quantiles[1] && quantiles[1] <= 1)) {
    throw new ZeekseqError(
      `threshold bootstrap: quantiles must satisfy 0 <= lower <= upper <= 1, got [${quantiles.join(', ')}].`,
    );
  }
  const point = chooseThreshold(scores, acceptanceRate, counts);
  // connection c (0..total-1) belongs to row owner[c]
  const owner = new Int32Array(point.total);
  for (let r = 0, c = 0; r < scores.length; r++) {
    const count = counts ? counts[r] : 1;
    owner.fill(r, c, (c += count));
  }
  const rng = createRandom(seed);
  const drawn = new Int32Array(scores.length);
  const thresholds = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    drawn.fill(0);
    for (let i = 0; i < point.total; i++) drawn[owner[rng.int(point.total)]]++;
    const rows: number[] = [];
    for (let r = 0; r < drawn.length; r++) if (drawn[r] > 0) rows.push(r);
    thresholds[b] = chooseThreshold(
      rows.map((r) => scores[r]),
      acceptanceRate,
      rows.map((r) => drawn[r]),
    ).threshold;
  }
  thresholds.sort();
  return {
    point,
    lower: sortedQuantile(thresholds, quantiles[0]),
    upper: sortedQuantile(thresholds, quantiles[1]),
    quantiles,
    resamples,
    seed,
    warning: thresholdWarning(point),
  };
}
