/**
 * Row selection shared by the dataset operations: columns as indexable arrays, tables cut down to
 * chosen rows, and logs filtered by uid. They run on 1M-row conn logs, so they work on index
 * arrays and never build an object per row.
 */
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { ZeekseqError } from '../util/errors.js';
import type { ZeekDataset } from './dataset.js';

/** The values of a column, in the table's row order (after any filter or ordering). */
export function columnValues(table: ColumnTable, name: string): ArrayLike<unknown> {
  const column = table.column(name);
  const direct = column !== undefined && !table.isFiltered() && !table.isOrdered();
  if (direct && (Array.isArray(column) || ArrayBuffer.isView(column))) return column as ArrayLike<unknown>;
  return table.array(name);
}

/** A log's uid values, or null when the log has no uid column (x509, older dhcp, ...). */
export function uidValues(table: ColumnTable): ArrayLike<unknown> | null {
  return table.columnNames().includes('uid') ? columnValues(table, 'uid') : null;
}

/** Positions 0..n-1 for which `keep` holds, ascending. */
export function rowsWhere(n: number, keep: (row: number) => boolean): Uint32Array {
  const rows = new Uint32Array(n);
  let count = 0;
  for (let row = 0; row < n; row++) if (keep(row)) rows[count++] = row;
  return rows.subarray(0, count);
}

/**
 * A new table holding the given rows (positions in the table's row order), in the given order.
 * Typed-array columns stay typed arrays; an unchanged selection returns the table itself.
 */
export function takeRows(table: ColumnTable, rows: Uint32Array): ColumnTable {
  const plain = table.isFiltered() || table.isOrdered() ? table.reify() : table;
  if (rows.length === plain.numRows() && rows.every((row, i) => row === i)) return plain;
  const data: Record<string, ArrayLike<unknown>> = {};
  for (const name of plain.columnNames()) {
    const column = plain.column(name) as unknown;
    data[name] = ArrayBuffer.isView(column)
      ? gatherTyped(column as Float64Array, rows)
      : gatherArray(Array.isArray(column) ? column : (plain.array(name) as unknown[]), rows);
  }
  return aq.table(data, plain.columnNames());
}

// Separate copy loops for typed and plain arrays keep each loop's element access monomorphic,
// about twice as fast as arquero's reify, whose one loop sees every column type.
function gatherTyped(column: Float64Array, rows: Uint32Array): Float64Array {
  const out = new (column.constructor as Float64ArrayConstructor)(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = column[rows[i]];
  return out;
}

function gatherArray(column: readonly unknown[], rows: Uint32Array): unknown[] {
  const out = new Array<unknown>(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = column[rows[i]];
  return out;
}

/** Every log that has a uid column cut to the rows whose uid passes `keep`; other logs as they are. */
export function filterLogsByUid(
  logs: ReadonlyMap<string, ColumnTable>,
  keep: (uid: unknown) => boolean,
): Map<string, ColumnTable> {
  const next = new Map<string, ColumnTable>();
  for (const [type, table] of logs) {
    const uids = uidValues(table);
    next.set(
      type,
      uids
        ? takeRows(
            table,
            rowsWhere(uids.length, (row) => keep(uids[row])),
          )
        : table,
    );
  }
  return next;
}

/** The conn log and its uids, or a clear error naming the operation that needs them. */
export function connUids(dataset: ZeekDataset, operation: string): { conn: ColumnTable; uids: ArrayLike<unknown> } {
  const conn = dataset.logs.get('conn');
  if (!conn) {
    const have = dataset.types().join(', ') || 'no logs at all';
    throw new ZeekseqError(
      `${operation} needs a conn log, but ${dataset.origin} has none (it has: ${have}); ` +
        'read a folder or file set that includes conn.log.',
    );
  }
  const uids = uidValues(conn);
  if (!uids) {
    throw new ZeekseqError(
      `${operation} needs the uid column of conn, but the conn log of ${dataset.origin} has none ` +
        `(columns: ${conn.columnNames().join(', ')}); read conn logs written by Zeek, which always carry uid.`,
    );
  }
  return { conn, uids };
}

/** The latest ts of a table's rows (+∞ without a ts column, so that no other row waits for it). */
export function latestTs(rows: ColumnTable): number {
  if (rows.columnIndex('ts') < 0) return Number.POSITIVE_INFINITY;
  const ts = columnValues(rows, 'ts');
  let latest = Number.NEGATIVE_INFINITY;
  for (let row = 0; row < ts.length; row++) if ((ts[row] as number) > latest) latest = ts[row] as number;
  return latest;
}
