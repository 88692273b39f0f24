/**
 * A picture of a log type's clusters: a 2-D UMAP projection of its (distinct) cleaned feature rows, coloured by
 * DBSCAN cluster, sized by how many rows each point stands for. Analysts use it to see whether clusters are
 * tight, whether noise sits between clusters or far away, and how a change to a cleaner moves them.
 */
import { UMAP } from 'umap-js';
import type { TopLevelSpec } from 'vega-lite';
import type { FeatureMatrix } from '../distance/feature-matrix.js';
import { ZeekseqError } from '../util/errors.js';
import { createRandom } from '../util/random.js';

export interface ClusterMapOptions {
  /** UMAP neighbourhood size (default 15, capped below the number of points). */
  neighbors?: number;
  /** UMAP minimum distance between embedded points (default 0.1). */
  minDist?: number;
  seed?: number;
  title?: string;
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
  if (matrix.rows < 3) throw new ZeekseqError(`a cluster map needs at least 3 rows, got ${matrix.rows}; cluster more data first.`);
  const width = matrix.columns.length;
  const rng = createRandom(options.seed ?? 42);
  const umap = new UMAP({
    nComponents: 2,
    nNeighbors: Math.min(options.neighbors ?? 15, matrix.rows - 1),
    minDist: options.minDist ?? 0.1,
    random: () => rng.next(),
    distanceFn: (a, b) => {
      let sum = 0;
      for (let i = 0; i < a.length; i++) sum += Math.abs(a[i] - b[i]);
      return sum / width;
    },
  });
  return umap.fit(gowerVectors(matrix)).map(([x, y]) => [x, y]);
}

/** A Vega-Lite scatter of projected rows coloured by cluster (-1 drawn as noise) and sized by weight. */
export function clusterMapSpec(points: ReadonlyArray<readonly [number, number]>, labels: ArrayLike<number>, weights?: ArrayLike<number>, title = 'Clusters'): TopLevelSpec {
  if (points.length !== labels.length) throw new ZeekseqError(`cluster map: ${points.length} points but ${labels.length} labels; give one label per point.`);
  const values = points.map(([x, y], i) => ({ x, y, cluster: labels[i] < 0 ? 'noise' : `cluster ${labels[i]}`, rows: weights ? weights[i] : 1 }));
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
      color: { field: 'cluster', type: 'nominal', title: 'DBSCAN' },
      size: { field: 'rows', type: 'quantitative', title: 'rows', scale: { type: 'sqrt' } },
      tooltip: [{ field: 'cluster' }, { field: 'rows' }],
    },
  };
}
