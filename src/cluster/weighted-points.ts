/**
 * Rows as weighted distinct points in metric coordinates, the form DBSCAN indexes.
 *
 * Coordinates: one dimension per column. Euclidean and Manhattan use the numbers as they are (boolean
 * columns as 0/1). Gower divides each numeric value by its fitted range, so that |x/r - y/r| is the
 * per-feature Gower term and the whole distance is a Manhattan sum over the shared dimensions divided
 * by their count; categorical and boolean codes, and numeric columns of range 0, are "mismatch"
 * dimensions (0 if equal, else 1). A missing value is NaN.
 *
 * Cleaned log rows repeat heavily, so identical coordinate rows collapse into one point whose weight is
 * the sum of theirs; every row remembers its point.
 */
import { ZeekseqError } from '../util/errors.js';
import type { FeatureMatrix } from '../distance/feature-matrix.js';
import { fitGowerRanges } from '../distance/gower.js';
import type { MetricName } from '../distance/metric.js';
import { typedFrom } from '../util/typed-from.js';

/** Dimension kinds: an absolute difference, or 0/1 for equal/unequal. */
export const ABS = 0;
export const MISMATCH = 1;

/** How rows of given columns become coordinates under a metric. */
export interface MetricSpace {
  readonly metric: MetricName;
  readonly dims: number;
  /** ABS or MISMATCH per dimension (= per column, in column order). */
  readonly kinds: Uint8Array;
  /** Gower: the fitted range per numeric slot. Null for the other metrics. */
  readonly ranges: Float64Array | null;
  /** Per dimension: 1 if its column is numeric, and the column's slot in `numeric` or `codes`. */
  readonly numericDim: Uint8Array;
  readonly slot: Int32Array;
  readonly names: readonly string[];
}

/** The space of `matrix`'s columns under `metric`; Gower ranges are fitted on `matrix` unless given. */
export function metricSpace(metric: MetricName, matrix: FeatureMatrix, ranges?: ArrayLike<number> | null): MetricSpace {
  const gower = metric === 'gower';
  for (const column of matrix.columns) {
    if (!gower && column.kind === 'categorical') {
      throw new ZeekseqError(
        `column '${column.name}' is categorical, but the ${metric} metric takes numbers only: ` +
          `use metric gower, one-hot encode the column, or drop it`,
      );
    }
  }
  let fitted: Float64Array | null = null;
  if (gower) {
    if (ranges) {
      if (
        ranges.length !== matrix.numericWidth ||
        !Array.prototype.every.call(ranges, (r: number) => Number.isFinite(r) && r >= 0)
      ) {
        throw new ZeekseqError(
          `Gower ranges must be ${matrix.numericWidth} finite numbers >= 0 (one per numeric column); got ${Array.from(ranges).join(', ')}`,
        );
      }
      fitted = Float64Array.from(ranges);
    } else {
      fitted = fitGowerRanges(matrix);
    }
  }
  const kinds = new Uint8Array(matrix.columns.length);
  matrix.columns.forEach((column, d) => {
    if (column.kind === 'numeric') kinds[d] = gower && !(fitted![column.slot] > 0) ? MISMATCH : ABS;
    else kinds[d] = gower ? MISMATCH : ABS;
  });
  return {
    metric,
    dims: kinds.length,
    kinds,
    ranges: fitted,
    numericDim: typedFrom(Uint8Array, matrix.columns, (c) => (c.kind === 'numeric' ? 1 : 0)),
    slot: typedFrom(Int32Array, matrix.columns, (c) => c.slot),
    names: matrix.columns.map((c) => c.name),
  };
}

/**
 * Writes row `r` of `matrix` (laid out like the matrix the space was made for) as coordinates into
 * `out`; a clear error for values the metric cannot take.
 */
function embedRow(space: MetricSpace, matrix: FeatureMatrix, r: number, out: Float64Array): void {
  const { ranges, numericDim, slot, dims } = space;
  const gower = ranges !== null;
  const { numeric, numericWidth, codes, codeWidth } = matrix;
  for (let d = 0; d < dims; d++) {
    let v: number;
    if (numericDim[d]) {
      v = numeric[r * numericWidth + slot[d]];
      if (v !== v) {
        if (!gower) throw missingValue(space, d, r);
      } else if (v === Infinity || v === -Infinity) {
        throw new ZeekseqError(
          `column '${space.names[d]}' row ${r} is ${v}; clustering needs finite numbers: clip or drop the value`,
        );
      } else if (gower) {
        const range = ranges[slot[d]];
        if (range > 0) v /= range;
      }
    } else {
      const code = codes[r * codeWidth + slot[d]];
      if (code < 0) {
        if (!gower) throw missingValue(space, d, r);
        v = NaN;
      } else {
        v = code;
      }
    }
    // -0 and 0 are the same coordinate; one bit pattern keeps identical rows identical when hashed.
    out[d] = v === 0 ? 0 : v;
  }
}

function missingValue(space: MetricSpace, d: number, r: number): ZeekseqError {
  return new ZeekseqError(
    `column '${space.names[d]}' row ${r} is missing${space.numericDim[d] ? ' (NaN)' : ''}; the ${space.metric} metric needs every value: ` +
      `fill or drop such rows, or use metric gower, which skips missing features`,
  );
}

export interface WeightedPoints {
  /** Number of distinct points. */
  readonly count: number;
  readonly dims: number;
  /** count x dims, row-major; NaN is missing (Gower only). */
  readonly coords: Float64Array;
  /** Sum of the weights of each point's rows. */
  readonly weights: Float64Array;
  /** Smallest row index of each point (DBSCAN numbers clusters by it, as scikit-learn does). */
  readonly firstRow: Int32Array;
  /** The point of each row. */
  readonly rowPoint: Int32Array;
}

/** Validates sample weights: one finite weight >= 0 per row. */
export function checkSampleWeight(sampleWeight: ArrayLike<number>, rows: number): void {
  if (sampleWeight.length !== rows) {
    throw new ZeekseqError(`got ${sampleWeight.length} sample weights for ${rows} rows; give one weight per row`);
  }
  for (let r = 0; r < rows; r++) {
    const w = sampleWeight[r];
    if (!(typeof w === 'number' && Number.isFinite(w) && w >= 0)) {
      throw new ZeekseqError(`sample weight of row ${r} is ${w}; weights must be finite numbers >= 0`);
    }
  }
}

const EMPTY = -1;

function mix(h: number, word: number): number {
  h = Math.imul(h ^ word, 0x5bd1e995);
  return h ^ (h >>> 15);
}

/** Embeds every row of `matrix` and collapses identical coordinate rows into weighted points. */
export function collapseRows(
  space: MetricSpace,
  matrix: FeatureMatrix,
  sampleWeight?: ArrayLike<number>,
): WeightedPoints {
  const rows = matrix.rows;
  const dims = space.dims;
  if (sampleWeight) checkSampleWeight(sampleWeight, rows);
  let capacity = Math.max(16, Math.min(rows, 1 << 16));
  let coords = new Float64Array(capacity * dims);
  let weights = new Float64Array(capacity);
  let firstRow = new Int32Array(capacity);
  const rowPoint = new Int32Array(rows);
  let tableSize = 16;
  while (tableSize < 2 * rows) tableSize *= 2;
  const table = new Int32Array(tableSize).fill(EMPTY);
  const mask = tableSize - 1;
  const row = new Float64Array(dims);
  const words = new Uint32Array(row.buffer);
  let count = 0;
  for (let r = 0; r < rows; r++) {
    embedRow(space, matrix, r, row);
    let h = 0x9747b28c;
    for (let d = 0; d < dims; d++) {
      if (row[d] !== row[d]) h = mix(h, 0x7ff80000);
      else h = mix(mix(h, words[2 * d]), words[2 * d + 1]);
    }
    let slot = h & mask;
    let point = EMPTY;
    for (;;) {
      const candidate = table[slot];
      if (candidate === EMPTY) break;
      let same = true;
      for (let d = 0, o = candidate * dims; d < dims; d++) {
        const a = coords[o + d];
        const b = row[d];
        if (a !== b && (a === a || b === b)) {
          same = false;
          break;
        }
      }
      if (same) {
        point = candidate;
        break;
      }
      slot = (slot + 1) & mask;
    }
    if (point === EMPTY) {
      if (count === capacity) {
        capacity *= 2;
        const c = new Float64Array(capacity * dims);
        c.set(coords);
        coords = c;
        const w = new Float64Array(capacity);
        w.set(weights);
        weights = w;
        const f = new Int32Array(capacity);
        f.set(firstRow);
        firstRow = f;
      }
      point = count++;
      table[slot] = point;
      coords.set(row, point * dims);
      firstRow[point] = r;
    }
    weights[point] += sampleWeight ? sampleWeight[r] : 1;
    rowPoint[r] = point;
  }
  return {
    count,
    dims,
    coords: coords.slice(0, count * dims),
    weights: weights.slice(0, count),
    firstRow: firstRow.slice(0, count),
    rowPoint,
  };
}
