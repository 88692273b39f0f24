/**
 * Exact DBSCAN against BatchDBSCAN over growing samples of the same rows: time, clusters, noise, and how far the
 * batch labels agree with the exact ones (ARI, NMI), as a table (src/viz/dbscan-comparison-chart.ts draws it).
 * Memory is not measured here: a process's peak resident set never falls, so a figure taken after each run in one
 * process says nothing about that run; bench/dbscan.ts runs each in a fresh process for that.
 */
import { ZeekseqError } from '../util/errors.js';
import { shuffledIndices, DEFAULT_SEED } from '../util/random.js';
import { asFeatureMatrix, selectRows, type FeatureInput } from '../distance/feature-matrix.js';
import type { MetricName } from '../distance/metric.js';
import { BatchDBSCAN } from './batch-dbscan.js';
import { DBSCAN } from './dbscan.js';
import { ari, nmi } from './metrics.js';
import { typedFrom } from '../util/typed-from.js';

export interface CompareOptions {
  /** Sample sizes (rows); each sample is the first n rows of one seeded shuffle, so samples nest. */
  sizes: readonly number[];
  eps: number;
  /** A fixed minSamples, or one per sample size (e.g. 1% of n clamped to [20, 1000]). */
  minSamples: number | ((n: number) => number);
  metric?: MetricName;
  /** BatchDBSCAN's batch size (default 30,000). */
  batchSize?: number;
  seed?: number;
  sampleWeight?: ArrayLike<number>;
}

export interface CompareRow {
  n: number;
  minSamples: number;
  exactSeconds: number;
  batchSeconds: number;
  exactClusters: number;
  batchClusters: number;
  /** Share of rows labelled noise. */
  exactNoiseShare: number;
  batchNoiseShare: number;
  /** Agreement of the batch labels with the exact ones. */
  ari: number;
  nmi: number;
}

export interface Comparison {
  table: CompareRow[];
}

function noiseShare(labels: Int32Array): number {
  let noise = 0;
  for (const l of labels) if (l < 0) noise++;
  return noise / labels.length;
}

function timed<T>(run: () => T): [T, number] {
  const start = performance.now();
  const result = run();
  return [result, (performance.now() - start) / 1000];
}

export function compareDbscan(X: FeatureInput, options: CompareOptions): Comparison {
  const matrix = asFeatureMatrix(X);
  const sizes = [...options.sizes].sort((a, b) => a - b);
  if (sizes.length === 0)
    throw new ZeekseqError('compareDbscan needs at least one sample size (sizes: [10000, 100000])');
  for (const n of sizes) {
    if (!(Number.isInteger(n) && n >= 1 && n <= matrix.rows)) {
      throw new ZeekseqError(
        `sample size ${n} is not a whole number of rows between 1 and the ${matrix.rows} rows given; drop it or give more rows`,
      );
    }
  }
  const seed = options.seed ?? DEFAULT_SEED;
  const order = shuffledIndices(matrix.rows, seed);
  const table: CompareRow[] = [];
  for (const n of sizes) {
    const rows = order.subarray(0, n);
    const sample = selectRows(matrix, rows);
    const weights = options.sampleWeight ? typedFrom(Float64Array, rows, (r) => options.sampleWeight![r]) : undefined;
    const minSamples = typeof options.minSamples === 'function' ? options.minSamples(n) : options.minSamples;
    const params = { eps: options.eps, minSamples, metric: options.metric };
    const [exact, exactSeconds] = timed(() => new DBSCAN(params).fit(sample, weights));
    const [batch, batchSeconds] = timed(() =>
      new BatchDBSCAN({ ...params, batchSize: options.batchSize ?? 30_000, seed }).fit(sample, weights),
    );
    table.push({
      n,
      minSamples,
      exactSeconds,
      batchSeconds,
      exactClusters: exact.nClusters,
      batchClusters: new Set(Array.from(batch.labels).filter((l) => l >= 0)).size,
      exactNoiseShare: noiseShare(exact.labels),
      batchNoiseShare: noiseShare(batch.labels),
      ari: ari(batch.labels, exact.labels),
      nmi: nmi(batch.labels, exact.labels),
    });
  }
  return { table };
}
