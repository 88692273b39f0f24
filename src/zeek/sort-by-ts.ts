/**
 * Sorting logs by timestamp. Zeek writes a connection when it ends, so files are not in start-time
 * order; sequences and "the first n connections" need time order. The sort is stable, and rows
 * without a timestamp (NaN or null) go last rather than being dropped.
 */
import type { ZeekDataset } from './dataset.js';
import { columnValues, takeRows } from './log-rows.js';

/** The given rows (default: all) ordered by `ts`, stable, rows without a timestamp last. */
export function timeOrder(ts: ArrayLike<unknown>, rows?: Uint32Array): Uint32Array {
  const count = rows ? rows.length : ts.length;
  const key = new Float64Array(ts.length);
  for (let i = 0; i < ts.length; i++) {
    const value = ts[i];
    key[i] = typeof value === 'number' ? value : NaN;
  }
  const timed: number[] = [];
  const untimed: number[] = [];
  for (let i = 0; i < count; i++) {
    const row = rows ? rows[i] : i;
    (Number.isNaN(key[row]) ? untimed : timed).push(row);
  }
  // Array sort is TimSort, fast on the nearly sorted times of Zeek logs. Ties, and pairs of equal
  // infinities (whose difference is NaN), fall back to row order: that makes the sort stable.
  timed.sort((a, b) => key[a] - key[b] || a - b);
  const order = new Uint32Array(count);
  order.set(timed);
  order.set(untimed, timed.length);
  return order;
}

/** Every log that has a `ts` column sorted by it (stable, missing timestamps last); other logs unchanged. */
export function sortByTs(dataset: ZeekDataset): ZeekDataset {
  return dataset.mapLogs((table) =>
    table.columnNames().includes('ts') ? takeRows(table, timeOrder(columnValues(table, 'ts'))) : table,
  );
}
