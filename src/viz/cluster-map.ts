/**
 * A picture of a log type's clusters: a 2-D UMAP projection of its (distinct) cleaned feature rows, coloured by
 * DBSCAN cluster, sized by how many rows each point stands for. Analysts use it to see whether clusters are
 * tight, whether noise sits between clusters or far away, and how a change to a cleaner moves them.
 */
import { UMAP } from 'umap-js';
import type { TopLevelSpec } from 'vega-lite';
import { collapseRows, metricSpace } from '../cluster/weighted-points.js';
import { selectRows, type FeatureMatrix } from '../distance/feature-matrix.js';
import { ZeekseqError } from '../util/errors.js';
import { createRandom, DEFAULT_SEED } from '../util/random.js';

export interface ClusterMapOptions {
  /**
   * UMAP neighbourhood size (default 50, capped below the number of points). Cleaned log rows are many near
   * copies of few profiles; UMAP's usual 15 neighbours then breaks each profile into tight clumps scattered at
   * random, where 50 keeps the clusters' layout (trickbot conn rows, checked by eye).
   */
  neighbors?: number;
  /** UMAP minimum distance between embedded points (default 0.5: spreads the clumps of near copies). */
  minDist?: number;
  seed?: number;
  title?: string;
  /** clusterMap: most distinct rows to project (default 2,000; UMAP takes about 4 s per 1,000 here). */
  maxPoints?: number;
}

export interface ClusterMap {
  spec: TopLevelSpec;
  /** Per point: the first row of the matrix it stands for, its cluster, the rows it stands for, its position. */
  rows: number[];
  labels: number[];
  weights: number[];
  points: Array<[number, number]>;
  /** Distinct rows in the matrix; more than `rows.length` when sampled. */
  distinct: number;
}

/**
 * Rows as vectors whose Manhattan distance divided by the number of features is the Gower distance of the rows
 * (numeric features are already scaled to [0, 1] by the cleaners; a categorical mismatch costs 1): numeric values
 * as they are, each categorical or boolean column one-hot. Missing values become 0, which is close enough for a
 * picture.
 */
function gowerVectors(matrix: FeatureMatrix): number[][] {
  const vectors: number[][] = [];
  for (let r = 0; r < matrix.rows; r++) {
    const vector: number[] = [];
    for (const column of matrix.columns) {
      if (column.kind === 'numeric') {
        const value = matrix.numeric[r * matrix.numericWidth + column.slot];
        vector.push(Number.isNaN(value) ? 0 : value);
      } else {
        const code = matrix.codes[r * matrix.codeWidth + column.slot];
        const width = column.kind === 'boolean' ? 2 : Math.max(column.categories.length, 1);
        for (let k = 0; k < width; k++) vector.push(code === k ? 0.5 : 0);
      }
    }
    vectors.push(vector);
  }
  return vectors;
}

/** 2-D coordinates of each row (seeded UMAP under the Gower-like distance). */
export function projectRows(matrix: FeatureMatrix, options: ClusterMapOptions = {}): Array<[number, number]> {
  if (matrix.rows < 3)
    throw new ZeekseqError(`a cluster map needs at least 3 rows, got ${matrix.rows}; cluster more data first.`);
  const width = matrix.columns.length;
  const rng = createRandom(options.seed ?? DEFAULT_SEED);
  const umap = new UMAP({
    nComponents: 2,
    nNeighbors: Math.min(options.neighbors ?? 50, matrix.rows - 1),
    minDist: options.minDist ?? 0.5,
    random: () => rng.next(),
    distanceFn: (a, b) => {
      let sum = 0;
      for (let i = 0; i < a.length; i++) sum += Math.abs(a[i] - b[i]);
      return sum / width;
    },
  });
  return umap.fit(gowerVectors(matrix)).map(([x, y]) => [x, y]);
}

const PALETTE = [
  '#4c78a8',
  '#f58518',
  '#54a24b',
  '#e45756',
  '#72b7b2',
  '#eeca3b',
  '#b279a2',
  '#ff9da6',
  '#9d755d',
  '#79706e',
];
const NOISE_COLOUR = '#bbbbbb';

/**
 * A Vega-Lite colour scale for DBSCAN labels named as clusterMapSpec names them (`cluster 3`, `noise`): clusters in
 * label order in a fixed palette (repeating past ten), noise last in grey, so a log's clusters keep their colours
 * from chart to chart.
 */
export function clusterColourScale(labels: Iterable<number>): { domain: string[]; range: string[] } {
  const distinct = [...new Set(labels)];
  const clusters = distinct
    .filter((l) => l >= 0)
    .sort((a, b) => a - b)
    .map((l) => `cluster ${l}`);
  const domain = distinct.some((l) => l < 0) ? [...clusters, 'noise'] : clusters;
  return { domain, range: domain.map((name, i) => (name === 'noise' ? NOISE_COLOUR : PALETTE[i % PALETTE.length])) };
}

/** A Vega-Lite scatter of projected rows coloured by cluster (-1 drawn as noise) and sized by weight. */
export function clusterMapSpec(
  points: ReadonlyArray<readonly [number, number]>,
  labels: ArrayLike<number>,
  weights?: ArrayLike<number>,
  title = 'Clusters',
): TopLevelSpec {
  if (points.length !== labels.length)
    throw new ZeekseqError(
      `cluster map: ${points.length} points but ${labels.length} labels; give one label per point.`,
    );
  const values = points.map(([x, y], i) => ({
    x,
    y,
    cluster: labels[i] < 0 ? 'noise' : `cluster ${labels[i]}`,
    rows: weights ? weights[i] : 1,
  }));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: 420,
    height: 320,
    data: { values },
    mark: { type: 'circle', opacity: 0.7 },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: 'UMAP 1', axis: { labels: false, ticks: false } },
      y: { field: 'y', type: 'quantitative', title: 'UMAP 2', axis: { labels: false, ticks: false } },
      color: { field: 'cluster', type: 'nominal', title: 'DBSCAN', scale: clusterColourScale(Array.from(labels)) },
      // A single row is a dot, so that dense regions read as dense rather than as one big circle.
      size: {
        field: 'rows',
        type: 'quantitative',
        title: 'rows',
        scale: { type: 'sqrt', zero: false, range: [6, 250] },
      },
      tooltip: [{ field: 'cluster' }, { field: 'rows' }],
    },
  };
}

/**
 * The cluster map of a clustered log: identical rows collapsed into one point sized by its rows, at most
 * `maxPoints` distinct rows projected (a seeded sample that keeps every cluster and the noise: each label gets
 * its share of the points, and at least min(its points, 10)), coloured by `labels` (one per matrix row).
 */
export function clusterMap(
  matrix: FeatureMatrix,
  labels: ArrayLike<number>,
  options: ClusterMapOptions = {},
): ClusterMap {
  if (labels.length !== matrix.rows)
    throw new ZeekseqError(
      `cluster map: ${matrix.rows} rows but ${labels.length} labels; give the labels fitPredict returned for this matrix.`,
    );
  const maxPoints = options.maxPoints ?? 2000;
  if (!(Number.isInteger(maxPoints) && maxPoints >= 3))
    throw new ZeekseqError(`cluster map: maxPoints must be a whole number >= 3, got ${maxPoints}.`);
  // Identical rows are one weighted point, as DBSCAN sees them (Gower coordinates; missing values equal).
  const collapsed = collapseRows(metricSpace('gower', matrix), matrix);
  const first = collapsed.firstRow.subarray(0, collapsed.count);
  let chosen = Array.from(first, (_, point) => point);
  if (chosen.length > maxPoints) {
    const rng = createRandom(options.seed ?? DEFAULT_SEED);
    const byLabel = new Map<number, number[]>();
    for (const point of chosen) {
      const label = labels[first[point]];
      const group = byLabel.get(label);
      if (group) group.push(point);
      else byLabel.set(label, [point]);
    }
    chosen = [];
    for (const points of byLabel.values()) {
      const take = Math.min(points.length, Math.max(10, Math.round((maxPoints * points.length) / first.length)));
      // Partial Fisher-Yates: the first `take` of a seeded shuffle.
      for (let i = 0; i < take; i++) {
        const j = i + rng.int(points.length - i);
        [points[i], points[j]] = [points[j], points[i]];
      }
      chosen.push(...points.slice(0, take));
    }
    chosen.sort((a, b) => a - b);
  }
  const rows = chosen.map((point) => first[point]);
  const pointLabels = rows.map((row) => labels[row]);
  const weights = chosen.map((point) => collapsed.weights[point]);
  const points = projectRows(selectRows(matrix, rows), options);
  const sampled =
    rows.length < first.length
      ? `, ${rows.length} of ${first.length} distinct rows`
      : `, ${first.length} distinct rows`;
  const spec = clusterMapSpec(
    points,
    pointLabels,
    weights,
    `${options.title ?? 'Clusters'} (${matrix.rows} rows${sampled})`,
  );
  return { spec, rows, labels: pointLabels, weights, points, distinct: first.length };
}
