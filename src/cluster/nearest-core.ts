/**
 * Each query point's nearest core sample of a fitted DBSCAN: the index over the distinct core samples (their KD
 * forest and each position's cluster) and the search over a range of query points. The calling thread and the
 * search workers (nearest-threads.ts) run the same search on the same index, so their answers are the same.
 */
import { KdForest } from './kd-forest.js';
import type { MetricSpace, WeightedPoints } from './weighted-points.js';

/** What an index is built from: typed arrays and plain fields, so that a worker can be sent them. */
export interface CoreSamples {
  /** The distinct core samples, embedded in `space`. */
  points: WeightedPoints;
  space: MetricSpace;
  eps: number;
  /** The cluster of each distinct core sample. */
  pointLabels: Int32Array;
}

export interface NearestIndex {
  readonly samples: CoreSamples;
  readonly forest: KdForest;
  /** The cluster at each forest position, which is also the tie-break (the lower cluster wins). */
  readonly labelAt: Int32Array;
}

export function buildNearestIndex(samples: CoreSamples): NearestIndex {
  const forest = new KdForest(samples.points, samples.space, samples.eps);
  const labelAt = new Int32Array(forest.count);
  for (let p = 0; p < samples.points.count; p++) labelAt[forest.positionOf[p]] = samples.pointLabels[p];
  return { samples, forest, labelAt };
}

/**
 * For the queries `from` to `to` − 1 of `coords` (embedded like the samples, `forest.dims` per query): the
 * cluster of the nearest core sample within `factor` × eps (-1 when none) and the distance to it (Infinity).
 */
export function searchRange(
  index: NearestIndex,
  coords: Float64Array,
  from: number,
  to: number,
  factor: number,
  labels: Int32Array,
  distances: Float64Array,
): void {
  const { forest, labelAt } = index;
  const dims = forest.dims;
  for (let q = from; q < to; q++) {
    const { position, distance } = forest.nearest(coords, q * dims, labelAt, factor);
    labels[q] = position < 0 ? -1 : labelAt[position];
    distances[q] = distance;
  }
}
