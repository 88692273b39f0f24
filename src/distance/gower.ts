/**
 * Gower distance for mixed rows with missing values:
 *   d(i, j) = sum_k delta_ijk d_ijk / sum_k delta_ijk
 * numeric d = |x - y| / range_k, categorical and boolean d = 0 if equal else 1, and delta_ijk = 0 when
 * either value is missing, so a missing feature drops out of both sums; null when the rows share no
 * present feature. The ranges are fitted once (fitGowerRanges) and passed in, so that distances to new
 * rows use the training ranges. A numeric column with range 0 (constant in training) counts 0 if equal
 * else 1, since dividing by its range is undefined.
 *
 * ml-distance's `gower` is the mean absolute difference of two numeric vectors (no ranges,
 * categories or missing values), so the loops here are our own, over the matrix's typed arrays.
 */
import { ZeekseqError } from '../util/errors.js';
import type { FeatureMatrix } from './feature-matrix.js';

/** Per numeric column (by slot): max - min over its present values; 0 when it has fewer than two. */
export function fitGowerRanges(matrix: FeatureMatrix): Float64Array {
  const width = matrix.numericWidth;
  const lo = new Float64Array(width).fill(Infinity);
  const hi = new Float64Array(width).fill(-Infinity);
  for (let r = 0; r < matrix.rows; r++) {
    for (let s = 0; s < width; s++) {
      const v = matrix.numeric[r * width + s];
      if (Number.isNaN(v)) continue;
      if (!Number.isFinite(v)) {
        const name = matrix.columns.find((c) => c.kind === 'numeric' && c.slot === s)?.name;
        throw new ZeekseqError(
          `column '${name}' row ${r} is ${v}; Gower needs finite numbers (leave a value missing as NaN/null instead)`,
        );
      }
      if (v < lo[s]) lo[s] = v;
      if (v > hi[s]) hi[s] = v;
    }
  }
  const ranges = new Float64Array(width);
  for (let s = 0; s < width; s++) ranges[s] = hi[s] > lo[s] ? hi[s] - lo[s] : 0;
  return ranges;
}

function checkCompatible(a: FeatureMatrix, b: FeatureMatrix, ranges: ArrayLike<number>): void {
  if (a.numericWidth !== b.numericWidth || a.codeWidth !== b.codeWidth) {
    throw new ZeekseqError(
      'Gower distance between rows of differently shaped matrices; align the matrices (alignFeatureMatrix) first',
    );
  }
  if (ranges.length !== a.numericWidth) {
    throw new ZeekseqError(
      `Gower needs one range per numeric column: got ${ranges.length} for ${a.numericWidth} columns; fit them with fitGowerRanges`,
    );
  }
}

function gowerUnchecked(
  a: FeatureMatrix,
  i: number,
  b: FeatureMatrix,
  j: number,
  ranges: ArrayLike<number>,
): number | null {
  let sum = 0;
  let shared = 0;
  const nw = a.numericWidth;
  for (let s = 0, ai = i * nw, bj = j * nw; s < nw; s++) {
    const x = a.numeric[ai + s];
    const y = b.numeric[bj + s];
    if (Number.isNaN(x) || Number.isNaN(y)) continue;
    const range = ranges[s];
    sum += range > 0 ? Math.abs(x - y) / range : x === y ? 0 : 1;
    shared++;
  }
  const cw = a.codeWidth;
  for (let s = 0, ai = i * cw, bj = j * cw; s < cw; s++) {
    const x = a.codes[ai + s];
    const y = b.codes[bj + s];
    if (x < 0 || y < 0) continue;
    if (x !== y) sum += 1;
    shared++;
  }
  return shared === 0 ? null : sum / shared;
}

/** Gower distance between row i of `a` and row j of `b` (matrices laid out alike), or null. */
export function gower(
  a: FeatureMatrix,
  i: number,
  b: FeatureMatrix,
  j: number,
  ranges: ArrayLike<number>,
): number | null {
  checkCompatible(a, b, ranges);
  return gowerUnchecked(a, i, b, j, ranges);
}

/** All pairwise Gower distances of `matrix`, n x n row-major; NaN where two rows share no feature. */
export function gowerPairwise(matrix: FeatureMatrix, ranges: ArrayLike<number> = fitGowerRanges(matrix)): Float64Array {
  checkCompatible(matrix, matrix, ranges);
  const n = matrix.rows;
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const d = gowerUnchecked(matrix, i, matrix, j, ranges) ?? NaN;
      out[i * n + j] = d;
      out[j * n + i] = d;
    }
  }
  return out;
}
