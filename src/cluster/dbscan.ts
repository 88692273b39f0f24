/**
 * Exact DBSCAN with scikit-learn's semantics and labels: a point's neighbourhood includes itself,
 * distance <= eps counts, a point is core when the weight of its neighbourhood is >= minSamples, and
 * clusters are numbered as scikit-learn numbers them (by their first core row). A border point goes to
 * the lowest-numbered cluster with a core point within eps, which is the one scikit-learn's expansion
 * reaches first, so labels match scikit-learn's exactly.
 *
 * How it stays fast and lean: identical rows collapse into weighted points; a KD forest (kd-forest.ts)
 * answers neighbourhood questions on demand, never holding all neighbourhoods at once. Instead of
 * expanding clusters point by point, it works on "groups" (index nodes whose points are all mutually
 * within eps):
 *  1. core-ness: a group weighing >= minSamples is all core; otherwise node-level bounds on its
 *     points' neighbourhood weights often decide the whole group; only the rest are counted point by
 *     point, stopping at minSamples;
 *  2. connectivity: core points in one group are connected; two groups are connected when some pair of
 *     their core points is within eps (a dual-tree walk over their nodes), recorded in a union-find;
 *     the components are the clusters, equal to what a stack expansion over core points finds;
 *  3. borders: each non-core point takes the smallest cluster label within eps (nodes carry the
 *     smallest label below them, which prunes the search).
 *
 * Gower: two rows that share no present feature have no distance and are never neighbours; rows with
 * no present feature at all are identical, so they are one point (each other's neighbours).
 * Sample weights must be >= 0 (scikit-learn also allows negative ones; they would defeat the
 * early stop at minSamples).
 */
import { ZeekseqError } from '../util/errors.js';
import type { EventStream } from '../util/events.js';
import type { Progress } from '../util/progress.js';
import {
  alignFeatureMatrix,
  asFeatureMatrix,
  featureMatrixFromJSON,
  featureMatrixToJSON,
  selectRows,
  type FeatureColumn,
  type FeatureInput,
  type FeatureMatrix,
  type FeatureMatrixJSON,
} from '../distance/feature-matrix.js';
import { checkMetric, type MetricName } from '../distance/metric.js';
import { KdForest } from './kd-forest.js';
import { buildNearestIndex, type NearestIndex } from './nearest-core.js';
import { defaultSearchThreads, searchNearest } from './nearest-threads.js';
import { collapseRows, metricSpace, type MetricSpace, type WeightedPoints } from './weighted-points.js';
import { typedFrom } from '../util/typed-from.js';

export interface DBSCANOptions {
  /** Neighbourhood radius (> 0; default 0.5 as in scikit-learn). */
  eps?: number;
  /** Weight a neighbourhood needs for its point to be core (an integer >= 1; default 5). */
  minSamples?: number;
  /** euclidean (default), manhattan or gower. */
  metric?: MetricName;
  /** Gower only: ranges (one per numeric column) to use instead of fitting them on the rows. */
  ranges?: ArrayLike<number> | null;
  /**
   * Threads for predict's nearest-core search (default: the machine's cores, at most 4; used from 20,000 distinct
   * rows). The labels do not depend on it. Not learned state: toJSON leaves it out.
   */
  threads?: number;
}

/** The learned state of a DBSCAN, as JSON. */
export interface DBSCANJSON {
  format: 'zeekseq.dbscan';
  version: 1;
  params: { eps: number; minSamples: number; metric: MetricName };
  ranges: number[] | null;
  /** The distinct core samples, as rows of the fitted columns. */
  components: FeatureMatrixJSON;
  componentLabels: number[];
}

/** Validated hyperparameters, shared with BatchDBSCAN. */
export function checkDbscanParams(
  eps: unknown,
  minSamples: unknown,
  metric: unknown,
): { eps: number; minSamples: number; metric: MetricName } {
  if (!(typeof eps === 'number' && Number.isFinite(eps) && eps > 0)) {
    throw new ZeekseqError(
      `eps must be a finite number > 0, got ${String(eps)}; it is the neighbourhood radius in units of the metric (e.g. 0.5)`,
    );
  }
  if (!(typeof minSamples === 'number' && Number.isInteger(minSamples) && minSamples >= 1)) {
    throw new ZeekseqError(
      `minSamples must be an integer >= 1, got ${String(minSamples)}; it is the neighbourhood weight a core point needs (itself included)`,
    );
  }
  return { eps, minSamples, metric: checkMetric(metric) };
}

/** Per-position outcome of clustering the points of a forest. */
interface Clustering {
  core: Uint8Array;
  /** Cluster per position, -1 for noise. */
  label: Int32Array;
  clusters: number;
}

const noProgress: Progress = { tick: () => {}, update: () => {}, stop: () => {} };

function clusterForest(forest: KdForest, points: WeightedPoints, minSamples: number, events?: EventStream): Clustering {
  const m = forest.count;
  const bar = events ? events.progress('DBSCAN', 2 * m, 'points') : noProgress;
  const core = new Uint8Array(m);
  const { start, end, groups } = forest;

  for (const g of groups) {
    const s = start[g];
    const e = end[g];
    let all = forest.nodeWeight[g] >= minSamples;
    let none = false;
    if (!all) {
      const [lower, upper] = forest.groupWeightBounds(g, minSamples);
      all = lower >= minSamples;
      none = upper < minSamples;
    }
    if (all) core.fill(1, s, e);
    else if (!none) for (let i = s; i < e; i++) core[i] = forest.weightWithin(i, minSamples) >= minSamples ? 1 : 0;
    bar.tick(e - s);
  }

  const coreCount = forest.sumPerNode(core);
  const parent = new Int32Array(forest.nodeCount);
  for (let i = 0; i < parent.length; i++) parent[i] = i;
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  };
  const hasCore = (node: number) => coreCount[node] > 0;
  for (const g of groups) {
    if (coreCount[g] === 0) continue;
    forest.forEachNearGroup(g, hasCore, (h) => {
      // Each pair once: the walk from the smaller group id handles it.
      if (h < g) return;
      const rg = find(g);
      const rh = find(h);
      if (rg !== rh && forest.anyPairWithin(g, h, core, coreCount)) parent[rh] = rg;
    });
  }

  // Clusters numbered by their first core row, as scikit-learn's scan over rows numbers them.
  const firstCoreRow = new Map<number, number>();
  for (const g of groups) {
    if (coreCount[g] === 0) continue;
    const root = find(g);
    let first = firstCoreRow.get(root) ?? Infinity;
    for (let i = start[g]; i < end[g]; i++) {
      if (core[i]) first = Math.min(first, points.firstRow[forest.pointAt[i]]);
    }
    firstCoreRow.set(root, first);
  }
  const roots = [...firstCoreRow.keys()].sort((a, b) => firstCoreRow.get(a)! - firstCoreRow.get(b)!);
  const labelOfRoot = new Map(roots.map((root, k) => [root, k]));

  const label = new Int32Array(m);
  const coreLabel = new Float64Array(m).fill(Infinity);
  for (let i = 0; i < m; i++) {
    if (core[i]) {
      label[i] = labelOfRoot.get(find(forest.groupOf[i]))!;
      coreLabel[i] = label[i];
      bar.tick();
    }
  }
  const nodeMin = forest.minPerNode(coreLabel);
  for (let i = 0; i < m; i++) {
    if (core[i]) continue;
    const g = forest.groupOf[i];
    // Any core point of the own group is within eps.
    let best = coreCount[g] > 0 ? labelOfRoot.get(find(g))! : Infinity;
    if (best > 0)
      best = forest.smallestWithin(forest.coords, i * forest.dims, forest.treeOf[i], coreLabel, nodeMin, best);
    label[i] = best === Infinity ? -1 : best;
    bar.tick();
  }
  bar.stop();
  return { core, label, clusters: roots.length };
}

interface Learned {
  columns: readonly FeatureColumn[];
  space: MetricSpace;
  components: FeatureMatrix;
  componentLabels: Int32Array;
  clusters: number;
}

interface FitResult {
  labels: Int32Array;
  coreSampleIndices: Int32Array;
}

export class DBSCAN {
  readonly eps: number;
  readonly minSamples: number;
  readonly metric: MetricName;
  /** Gower ranges given to the constructor, if any. */
  readonly fixedRanges: Float64Array | null;
  private learned: Learned | null = null;
  private fitted: FitResult | null = null;
  readonly threads: number;
  private index: NearestIndex | null = null;

  constructor(options: DBSCANOptions = {}) {
    const params = checkDbscanParams(options.eps ?? 0.5, options.minSamples ?? 5, options.metric ?? 'euclidean');
    this.eps = params.eps;
    this.minSamples = params.minSamples;
    this.metric = params.metric;
    if (options.ranges && this.metric !== 'gower') {
      throw new ZeekseqError(
        `ranges are for the gower metric only; drop them or use metric gower (metric is ${this.metric})`,
      );
    }
    this.fixedRanges = options.ranges ? Float64Array.from(options.ranges) : null;
    const threads = options.threads ?? defaultSearchThreads();
    if (!(Number.isInteger(threads) && threads >= 1)) {
      throw new ZeekseqError(`threads must be a whole number >= 1, got ${String(threads)}`);
    }
    this.threads = threads;
  }

  /**
   * Clusters the rows; `sampleWeight` gives each row a weight (minSamples then counts weight). Progress goes to
   * `events` when given.
   */
  fit(X: FeatureInput, sampleWeight?: ArrayLike<number>, events?: EventStream): this {
    const matrix = asFeatureMatrix(X);
    if (matrix.rows === 0) {
      throw new ZeekseqError(
        'DBSCAN got no rows to cluster; give it at least one row (check the filters that produced the features)',
      );
    }
    if (matrix.columns.length === 0)
      throw new ZeekseqError(
        'DBSCAN got rows without feature columns; give it at least one column to measure distance on',
      );
    const space = metricSpace(this.metric, matrix, this.fixedRanges);
    const points = collapseRows(space, matrix, sampleWeight);
    const forest = new KdForest(points, space, this.eps);
    const { core, label, clusters } = clusterForest(forest, points, this.minSamples, events);

    const labels = new Int32Array(matrix.rows);
    const coreRows = new Int32Array(matrix.rows);
    // One row per distinct core point (its first), ascending.
    const representatives = new Int32Array(points.count);
    let coreCount = 0;
    let representativeCount = 0;
    for (let r = 0; r < matrix.rows; r++) {
      const p = points.rowPoint[r];
      const pos = forest.positionOf[p];
      labels[r] = label[pos];
      if (!core[pos]) continue;
      coreRows[coreCount++] = r;
      if (points.firstRow[p] === r) representatives[representativeCount++] = r;
    }
    const componentRows = representatives.subarray(0, representativeCount);
    this.learned = {
      columns: matrix.columns,
      space,
      components: selectRows(matrix, componentRows),
      componentLabels: typedFrom(Int32Array, componentRows, (r) => labels[r]),
      clusters,
    };
    this.fitted = { labels, coreSampleIndices: coreRows.slice(0, coreCount) };
    this.index = null;
    return this;
  }

  fitPredict(X: FeatureInput, sampleWeight?: ArrayLike<number>, events?: EventStream): Int32Array {
    return this.fit(X, sampleWeight, events).labels;
  }

  private state(): Learned {
    if (!this.learned)
      throw new ZeekseqError(
        'this DBSCAN is not fitted yet; call fit (or fitPredict) first, or load one with DBSCAN.fromJSON',
      );
    return this.learned;
  }

  private fitResult(): FitResult {
    if (!this.fitted) {
      throw new ZeekseqError(
        this.learned
          ? 'this DBSCAN was loaded from JSON, which keeps the learned clusters but not the labels of the rows it was fitted on; use predict on those rows'
          : 'this DBSCAN is not fitted yet; call fit (or fitPredict) first',
      );
    }
    return this.fitted;
  }

  /** Cluster of each fitted row, -1 for noise. */
  get labels(): Int32Array {
    return this.fitResult().labels;
  }

  /** Indices of the fitted rows that are core samples, ascending. */
  get coreSampleIndices(): Int32Array {
    return this.fitResult().coreSampleIndices;
  }

  /** The distinct core samples (one row per distinct core value). */
  get components(): FeatureMatrix {
    return this.state().components;
  }

  /** The cluster of each row of `components`. */
  get componentLabels(): Int32Array {
    return this.state().componentLabels;
  }

  get nClusters(): number {
    return this.state().clusters;
  }

  /** Gower ranges in use (fitted or given), or null for the other metrics. */
  get ranges(): Float64Array | null {
    return this.state().space.ranges;
  }

  /** Each new row joins the cluster of its nearest core sample within eps (ties: the lower label), else -1. */
  predict(X: FeatureInput): Int32Array {
    return this.nearestCore(X, 1).labels;
  }

  /**
   * Each row's nearest core sample within `factor` × eps (ties: the lower label): its cluster (-1 when none is
   * within reach) and the distance to it (Infinity when none). With factor 1 the labels are predict's.
   */
  nearestCore(X: FeatureInput, factor: number): { labels: Int32Array; distances: Float64Array } {
    if (!(Number.isFinite(factor) && factor >= 1)) {
      throw new ZeekseqError(`nearestCore: factor must be a finite number >= 1 (multiples of eps), got ${factor}`);
    }
    const learned = this.state();
    const given = asFeatureMatrix(X);
    // No rows: nothing to align (an empty array of plain rows has no columns either).
    if (given.rows === 0) return { labels: new Int32Array(0), distances: new Float64Array(0) };
    const matrix = alignFeatureMatrix(given, learned.columns);
    if (!this.index) {
      const points = collapseRows(learned.space, learned.components);
      const pointLabels = typedFrom(Int32Array, points.firstRow, (row) => learned.componentLabels[row]);
      this.index = buildNearestIndex({ points, space: learned.space, eps: this.eps, pointLabels });
    }
    // Identical rows get the same answer: ask once per distinct row.
    const queries = collapseRows(learned.space, matrix);
    const nearest = searchNearest(this.index, queries.coords, queries.count, factor, this.threads);
    // A plain loop: TypedArray.from with a map function costs about 150 ns a row here.
    const labels = new Int32Array(matrix.rows);
    const distances = new Float64Array(matrix.rows);
    for (let r = 0; r < matrix.rows; r++) {
      const p = queries.rowPoint[r];
      labels[r] = nearest.labels[p];
      distances[r] = nearest.distances[p];
    }
    return { labels, distances };
  }

  toJSON(): DBSCANJSON {
    const learned = this.state();
    return {
      format: 'zeekseq.dbscan',
      version: 1,
      params: { eps: this.eps, minSamples: this.minSamples, metric: this.metric },
      ranges: learned.space.ranges ? Array.from(learned.space.ranges) : null,
      components: featureMatrixToJSON(learned.components),
      componentLabels: Array.from(learned.componentLabels),
    };
  }

  static fromJSON(json: DBSCANJSON, options: { threads?: number } = {}): DBSCAN {
    if (json?.format !== 'zeekseq.dbscan' || json.version !== 1 || !json.params) {
      throw new ZeekseqError(
        'not a saved zeekseq DBSCAN (expected format "zeekseq.dbscan", version 1); save one with toJSON()',
      );
    }
    const { eps, minSamples, metric } = json.params;
    const model = new DBSCAN({ eps, minSamples, metric, ranges: json.ranges, threads: options.threads });
    const components = featureMatrixFromJSON(json.components, 'DBSCAN core samples');
    const labels = json.componentLabels;
    if (
      !Array.isArray(labels) ||
      labels.length !== components.rows ||
      !labels.every((l) => Number.isInteger(l) && l >= 0)
    ) {
      throw new ZeekseqError(
        `saved DBSCAN is malformed: componentLabels needs one cluster number >= 0 per core sample (${components.rows}); save it again with toJSON()`,
      );
    }
    const space = metricSpace(model.metric, components, json.ranges);
    model.learned = {
      columns: components.columns,
      space,
      components,
      componentLabels: Int32Array.from(labels),
      clusters: labels.reduce((most, l) => Math.max(most, l + 1), 0),
    };
    return model;
  }
}
