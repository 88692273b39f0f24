/**
 * Sorting logs by timestamp. Zeek writes a connection when it ends, so files are not in start-time
 * order; sequences and "the first n connections" need time order. The sort is stable, and rows
 * without a timestamp (NaN or null) go last rather than being dropped.
 */
import type { ZeekDataset } from './dataset.js';
import { columnValues, takeRows } from './log-rows.js';

/** The given rows (default: all) ordered by `ts`, stable, rows without a timestamp last. */
export function timeOrder(ts: ArrayLike<unknown>, rows?: Uint32Array): Uint32Array {
  const key = new Float64Array(ts.length);
  for (let i = 0; i < ts.length; i++) {
    const value = ts[i];
    key[i] = typeof value === 'number' ? value : NaN;
  }
  const order = rows ? Uint32Array.from(rows) : Uint32Array.from({ length: ts.length }, (_, i) => i);
  return order.sort((a, b) => {
    const ka = key[a];
    const kb = key[b];
    const missingA = Number.isNaN(ka);
    const missingB = Number.isNaN(kb);
    if (missingA || missingB) return missingA === missingB ? a - b : missingA ? 1 : -1;
    // Ties (and ±Infinity pairs, whose difference is NaN) fall back to row order: that is the stability.
    return ka - kb || a - b;
  });
}

/** Every log that has a `ts` column sorted by it (stable, missing timestamps last); other logs unchanged. */
export function sortByTs(dataset: ZeekDataset): ZeekDataset {
  return dataset.mapLogs((table) =>
    table.columnNames().includes('ts') ? takeRows(table, timeOrder(columnValues(table, 'ts'))) : table,
  );
}
