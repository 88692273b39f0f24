/**
 * BatchDBSCAN, the original project's approximation (models/batchdb.py in
 * IdahoLabUnsupported/sequential-network-anomaly-detection), kept faithful so that its results can be
 * compared with exact DBSCAN:
 *  - with more rows than `batchSize`, shuffle them with the seed and cut them into batches in that order;
 *    otherwise fit the rows as one batch;
 *  - DBSCAN the first batch; its clusters are the clusters, and min_samples random rows of each (the
 *    "baseline") stand for them from then on;
 *  - every later batch is clustered together with the baseline, and each of the batch's clusters takes
 *    the baseline cluster most of its baseline rows came from (ties: the lower label); a cluster holding
 *    no baseline row, and noise, become -1. The original does the same (`cluster_mapping.get(x, -1)`).
 *  - `predict` on new rows does exactly what later batches do, in batches of `batchSize` in their order.
 *
 * Where this differs from the Python, and why:
 *  - the original loops over the baseline's cluster numbers but filters the new fit's labels by them,
 *    so a new cluster whose number exceeds the baseline's cluster count is dropped to -1 even when it
 *    holds baseline rows; its comment ("Does this really make sense?") and docstring intend a majority
 *    vote of the baseline rows in each new cluster, which is what is done here;
 *  - pandas `sample(n=min_samples)` fails on a cluster with fewer rows (a cluster can lose border rows
 *    to another); here such a cluster keeps all its rows;
 *  - sample weights are supported: a baseline row keeps its weight in every later fit;
 *  - Gower ranges are fitted once on all rows (or given), so every batch measures distance alike.
 * Progress shows as each batch's DBSCAN bar (one bar at a time keeps the terminal readable).
 */
import { ZeekseqError } from '../util/errors.js';
import { createRandom, shuffledIndices, DEFAULT_SEED } from '../util/random.js';
import {
  alignFeatureMatrix,
  asFeatureMatrix,
  concatRows,
  featureMatrixFromJSON,
  featureMatrixToJSON,
  selectRows,
  type FeatureInput,
  type FeatureMatrix,
  type FeatureMatrixJSON,
} from '../distance/feature-matrix.js';
import { fitGowerRanges } from '../distance/gower.js';
import type { MetricName } from '../distance/metric.js';
import { DBSCAN, checkDbscanParams, type DBSCANOptions } from './dbscan.js';
import { checkSampleWeight } from './weighted-points.js';
import { typedFrom } from '../util/typed-from.js';

export interface BatchDBSCANOptions extends DBSCANOptions {
  /** Most rows DBSCAN'd at once, besides the baseline (default 200,000 as in the original). */
  batchSize?: number;
  /** Seed of the shuffle and of the baseline sampling (default DEFAULT_SEED, 42 as in the original). */
  seed?: number;
}

export interface BatchDBSCANJSON {
  format: 'zeekseq.batch-dbscan';
  version: 1;
  params: { eps: number; minSamples: number; metric: MetricName; batchSize: number; seed: number };
  ranges: number[] | null;
  baseline: FeatureMatrixJSON;
  baselineLabels: number[];
  /** Weight of each baseline row, or null when fitted without weights. */
  baselineWeights: number[] | null;
}

interface Baseline {
  rows: FeatureMatrix;
  labels: Int32Array;
  weights: Float64Array | null;
  ranges: Float64Array | null;
  clusters: number;
}

/** Labels of one batch, and which of its rows were core in the fit that labelled them. */
interface BatchResult {
  labels: Int32Array;
  core: Uint8Array;
}

function subset(weights: ArrayLike<number> | undefined, rows: ArrayLike<number>): Float64Array | undefined {
  return weights ? typedFrom(Float64Array, rows, (r) => weights[r]) : undefined;
}

/** The most frequent value (ties: the smallest). */
function mode(counts: Map<number, number>): number {
  let best = -1;
  let most = 0;
  for (const [value, count] of counts) {
    if (count > most || (count === most && value < best)) {
      best = value;
      most = count;
    }
  }
  return best;
}

export class BatchDBSCAN {
  readonly eps: number;
  readonly minSamples: number;
  readonly metric: MetricName;
  readonly batchSize: number;
  readonly seed: number;
  readonly fixedRanges: Float64Array | null;
  private baselineState: Baseline | null = null;
  private fitted: { labels: Int32Array; coreSampleIndices: Int32Array } | null = null;

  constructor(options: BatchDBSCANOptions = {}) {
    const params = checkDbscanParams(options.eps ?? 0.5, options.minSamples ?? 5, options.metric ?? 'euclidean');
    this.eps = params.eps;
    this.minSamples = params.minSamples;
    this.metric = params.metric;
    const batchSize = options.batchSize ?? 200_000;
    if (!(Number.isInteger(batchSize) && batchSize >= 1)) {
      throw new ZeekseqError(
        `batchSize must be an integer >= 1, got ${String(batchSize)}; it is how many rows are clustered at once (e.g. 30000)`,
      );
    }
    this.batchSize = batchSize;
    const seed = options.seed ?? DEFAULT_SEED;
    if (!Number.isInteger(seed)) throw new ZeekseqError(`seed must be an integer, got ${String(seed)}; pass e.g. 42`);
    this.seed = seed;
    if (options.ranges && this.metric !== 'gower') {
      throw new ZeekseqError(
        `ranges are for the gower metric only; drop them or use metric gower (metric is ${this.metric})`,
      );
    }
    this.fixedRanges = options.ranges ? Float64Array.from(options.ranges) : null;
  }

  private dbscan(ranges: Float64Array | null): DBSCAN {
    return new DBSCAN({ eps: this.eps, minSamples: this.minSamples, metric: this.metric, ranges });
  }

  fit(X: FeatureInput, sampleWeight?: ArrayLike<number>): this {
    const matrix = asFeatureMatrix(X);
    const n = matrix.rows;
    if (n === 0)
      throw new ZeekseqError(
        'BatchDBSCAN got no rows to cluster; give it at least one row (check the filters that produced the features)',
      );
    if (sampleWeight) checkSampleWeight(sampleWeight, n);
    const ranges = this.metric === 'gower' ? (this.fixedRanges ?? fitGowerRanges(matrix)) : null;
    const order =
      n > this.batchSize ? shuffledIndices(n, this.seed) : typedFrom(Int32Array, { length: n }, (_, i) => i);

    const first = order.subarray(0, Math.min(n, this.batchSize));
    const firstRows = selectRows(matrix, first);
    const firstWeights = subset(sampleWeight, first);
    const model = this.dbscan(ranges).fit(firstRows, firstWeights);
    this.baselineState = this.sampleBaseline(firstRows, model.labels, firstWeights ?? null, ranges, model.nClusters);

    const labels = new Int32Array(n);
    const core = new Uint8Array(n);
    first.forEach((r, k) => (labels[r] = model.labels[k]));
    for (const k of model.coreSampleIndices) core[first[k]] = 1;
    for (let start = this.batchSize; start < n; start += this.batchSize) {
      const batch = order.subarray(start, Math.min(n, start + this.batchSize));
      const result = this.clusterWithBaseline(selectRows(matrix, batch), subset(sampleWeight, batch));
      batch.forEach((r, k) => {
        labels[r] = result.labels[k];
        core[r] = result.core[k];
      });
    }
    const coreRows: number[] = [];
    core.forEach((c, r) => c && coreRows.push(r));
    this.fitted = { labels, coreSampleIndices: Int32Array.from(coreRows) };
    return this;
  }

  fitPredict(X: FeatureInput, sampleWeight?: ArrayLike<number>): Int32Array {
    return this.fit(X, sampleWeight).labels;
  }

  /** minSamples random rows of each cluster (all rows of a smaller one), in label order. */
  private sampleBaseline(
    rows: FeatureMatrix,
    labels: Int32Array,
    weights: Float64Array | null,
    ranges: Float64Array | null,
    clusters: number,
  ): Baseline {
    const members: number[][] = Array.from({ length: clusters }, () => []);
    labels.forEach((l, i) => l >= 0 && members[l].push(i));
    const rng = createRandom(this.seed);
    const picked: number[] = [];
    for (const list of members) {
      const k = Math.min(this.minSamples, list.length);
      // Partial Fisher-Yates: the first k of a seeded shuffle.
      for (let i = 0; i < k; i++) {
        const j = i + rng.int(list.length - i);
        [list[i], list[j]] = [list[j], list[i]];
        picked.push(list[i]);
      }
    }
    return {
      rows: selectRows(rows, picked),
      labels: typedFrom(Int32Array, picked, (i) => labels[i]),
      weights: weights ? typedFrom(Float64Array, picked, (i) => weights[i]) : null,
      ranges,
      clusters,
    };
  }

  /** DBSCAN `rows` together with the baseline, then name the clusters by baseline majority. */
  private clusterWithBaseline(rows: FeatureMatrix, weights: Float64Array | undefined): BatchResult {
    const base = this.baselineState!;
    const nb = rows.rows;
    const combined = concatRows(rows, base.rows);
    let combinedWeights: Float64Array | undefined;
    if (weights || base.weights) {
      combinedWeights = new Float64Array(combined.rows).fill(1);
      if (weights) combinedWeights.set(weights);
      if (base.weights) combinedWeights.set(base.weights, nb);
    }
    const model = this.dbscan(base.ranges).fit(combined, combinedWeights);
    const votes = new Map<number, Map<number, number>>();
    for (let k = 0; k < base.rows.rows; k++) {
      const c = model.labels[nb + k];
      if (c < 0) continue;
      const counts = votes.get(c) ?? new Map<number, number>();
      counts.set(base.labels[k], (counts.get(base.labels[k]) ?? 0) + 1);
      votes.set(c, counts);
    }
    const mapping = new Map([...votes].map(([c, counts]) => [c, mode(counts)]));
    const labels = new Int32Array(nb);
    for (let i = 0; i < nb; i++) labels[i] = mapping.get(model.labels[i]) ?? -1;
    const core = new Uint8Array(nb);
    for (const i of model.coreSampleIndices) if (i < nb && labels[i] >= 0) core[i] = 1;
    return { labels, core };
  }

  private baseline(): Baseline {
    if (!this.baselineState)
      throw new ZeekseqError(
        'this BatchDBSCAN is not fitted yet; call fit (or fitPredict) first, or load one with BatchDBSCAN.fromJSON',
      );
    return this.baselineState;
  }

  private fitResult(): { labels: Int32Array; coreSampleIndices: Int32Array } {
    if (!this.fitted) {
      throw new ZeekseqError(
        this.baselineState
          ? 'this BatchDBSCAN was loaded from JSON, which keeps the baseline but not the labels of the rows it was fitted on; use predict on those rows'
          : 'this BatchDBSCAN is not fitted yet; call fit (or fitPredict) first',
      );
    }
    return this.fitted;
  }

  /** Cluster of each fitted row, -1 for noise. */
  get labels(): Int32Array {
    return this.fitResult().labels;
  }

  /** Fitted rows that were core in the DBSCAN run that labelled them and kept a cluster, ascending. */
  get coreSampleIndices(): Int32Array {
    return this.fitResult().coreSampleIndices;
  }

  /** The rows that stand for the clusters (minSamples per cluster of the first batch). */
  get baselineRows(): FeatureMatrix {
    return this.baseline().rows;
  }

  get baselineLabels(): Int32Array {
    return this.baseline().labels;
  }

  /** Number of clusters (those of the first batch). */
  get nClusters(): number {
    return this.baseline().clusters;
  }

  get ranges(): Float64Array | null {
    return this.baseline().ranges;
  }

  /** Clusters new rows with the baseline, batchSize rows at a time, as the original's predict does. */
  predict(X: FeatureInput, sampleWeight?: ArrayLike<number>): Int32Array {
    const base = this.baseline();
    const given = asFeatureMatrix(X);
    if (given.rows === 0) return new Int32Array(0);
    if (sampleWeight) checkSampleWeight(sampleWeight, given.rows);
    const matrix = alignFeatureMatrix(given, base.rows.columns);
    const out = new Int32Array(matrix.rows);
    for (let start = 0; start < matrix.rows; start += this.batchSize) {
      const batch = typedFrom(
        Int32Array,
        { length: Math.min(this.batchSize, matrix.rows - start) },
        (_, k) => start + k,
      );
      out.set(this.clusterWithBaseline(selectRows(matrix, batch), subset(sampleWeight, batch)).labels, start);
    }
    return out;
  }

  toJSON(): BatchDBSCANJSON {
    const base = this.baseline();
    return {
      format: 'zeekseq.batch-dbscan',
      version: 1,
      params: {
        eps: this.eps,
        minSamples: this.minSamples,
        metric: this.metric,
        batchSize: this.batchSize,
        seed: this.seed,
      },
      ranges: base.ranges ? Array.from(base.ranges) : null,
      baseline: featureMatrixToJSON(base.rows),
      baselineLabels: Array.from(base.labels),
      baselineWeights: base.weights ? Array.from(base.weights) : null,
    };
  }

  static fromJSON(json: BatchDBSCANJSON): BatchDBSCAN {
    if (json?.format !== 'zeekseq.batch-dbscan' || json.version !== 1 || !json.params) {
      throw new ZeekseqError(
        'not a saved zeekseq BatchDBSCAN (expected format "zeekseq.batch-dbscan", version 1); save one with toJSON()',
      );
    }
    const model = new BatchDBSCAN({ ...json.params, ranges: json.ranges });
    const rows = featureMatrixFromJSON(json.baseline, 'BatchDBSCAN baseline');
    const labels = json.baselineLabels;
    const bad = (what: string) =>
      new ZeekseqError(`saved BatchDBSCAN is malformed: ${what}; save it again with toJSON()`);
    if (!Array.isArray(labels) || labels.length !== rows.rows || !labels.every((l) => Number.isInteger(l) && l >= 0)) {
      throw bad(`baselineLabels needs one cluster number >= 0 per baseline row (${rows.rows})`);
    }
    const weights = json.baselineWeights;
    if (weights !== null && (!Array.isArray(weights) || weights.length !== rows.rows))
      throw bad(`baselineWeights needs one weight per baseline row (${rows.rows}) or null`);
    if (weights) checkSampleWeight(weights, rows.rows);
    if (model.metric === 'gower' && !(Array.isArray(json.ranges) && json.ranges.length === rows.numericWidth)) {
      throw bad(`a gower model needs one range per numeric column (${rows.numericWidth})`);
    }
    model.baselineState = {
      rows,
      labels: Int32Array.from(labels),
      weights: weights ? Float64Array.from(weights) : null,
      ranges: json.ranges ? Float64Array.from(json.ranges) : null,
      clusters: labels.reduce((most, l) => Math.max(most, l + 1), 0),
    };
    return model;
  }
}
