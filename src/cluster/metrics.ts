/**
 * Agreement between two clusterings of the same rows, as scikit-learn defines it (noise, -1, is a
 * label like any other): the adjusted Rand index (sklearn.metrics.adjusted_rand_score) and the
 * normalized mutual information with the arithmetic mean of the entropies
 * (sklearn.metrics.normalized_mutual_info_score), special cases included.
 */
import { ZeekseqError } from '../util/errors.js';

interface Contingency {
  n: number;
  /** Sizes of a's labels (rows of the table) and of b's labels (columns). */
  rows: number[];
  cols: number[];
  /** The non-zero cells: their row, column and count. */
  cellRow: number[];
  cellCol: number[];
  cells: number[];
}

/** Each label's index in order of first appearance. */
function codes(labels: ArrayLike<number>, sizes: number[]): Int32Array {
  const index = new Map<number, number>();
  const out = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    let k = index.get(labels[i]);
    if (k === undefined) index.set(labels[i], (k = sizes.push(0) - 1));
    sizes[k]++;
    out[i] = k;
  }
  return out;
}

function contingency(a: ArrayLike<number>, b: ArrayLike<number>): Contingency {
  if (a.length !== b.length)
    throw new ZeekseqError(
      `cannot compare clusterings of ${a.length} and ${b.length} rows; give labels for the same rows`,
    );
  const rows: number[] = [];
  const cols: number[] = [];
  const ra = codes(a, rows);
  const cb = codes(b, cols);
  const cellOf = new Map<number, number>();
  const table: Contingency = { n: a.length, rows, cols, cellRow: [], cellCol: [], cells: [] };
  for (let i = 0; i < a.length; i++) {
    const key = ra[i] * cols.length + cb[i];
    const cell = cellOf.get(key);
    if (cell !== undefined) {
      table.cells[cell]++;
      continue;
    }
    cellOf.set(key, table.cells.push(1) - 1);
    table.cellRow.push(ra[i]);
    table.cellCol.push(cb[i]);
  }
  return table;
}

const sumSquares = (values: number[]) => values.reduce((s, v) => s + v * v, 0);

/** Adjusted Rand index of labelings `a` and `b`: 1 for the same partition, about 0 for chance. */
export function ari(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const { n, rows, cols, cells } = contingency(a, b);
  // The pair confusion matrix (ordered pairs), as sklearn's pair_confusion_matrix builds it.
  const squares = sumSquares(cells);
  const tp = squares - n;
  const fp = sumSquares(cols) - squares;
  const fn = sumSquares(rows) - squares;
  const tn = n * n - fp - fn - squares;
  if (fn === 0 && fp === 0) return 1;
  return (2 * (tp * tn - fn * fp)) / ((tp + fn) * (fn + tn) + (tp + fp) * (fp + tn));
}

function entropy(sizes: number[], n: number): number {
  return -sizes.reduce((h, s) => h + (s / n) * (Math.log(s) - Math.log(n)), 0);
}

/** Normalized mutual information of labelings `a` and `b` (arithmetic normalization): 1 for the same partition. */
export function nmi(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const { n, rows, cols, cellRow, cellCol, cells } = contingency(a, b);
  // Neither labeling splits the rows (or there are none): a perfect match.
  if ((rows.length === 1 && cols.length === 1) || n === 0) return 1;
  let mi = 0;
  cells.forEach((count, k) => {
    mi += (count / n) * (Math.log((count * n) / rows[cellRow[k]]) - Math.log(cols[cellCol[k]]));
  });
  // Independent labelings: sklearn clips rounding noise to 0.
  if (!(mi > 1e-15)) return 0;
  return mi / ((entropy(rows, n) + entropy(cols, n)) / 2);
}
