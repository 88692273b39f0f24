/**
 * Which connection(s) a log row belongs to. Most logs carry one `uid`; older files.log carries a set
 * `conn_uids`, and dhcp.log a set `uids`. Logs with none of these (x509, pe, stats ...) belong to no connection.
 */
import type { ColumnTable } from 'arquero';
import { columnValues } from './log-rows.js';

/** Column names that link a row to connections, in order of preference. */
export const UID_COLUMNS = ['uid', 'conn_uids', 'uids'] as const;

/** The linking column of a table, or null when its rows belong to no connection. */
export function uidColumnOf(table: ColumnTable): string | null {
  for (const name of UID_COLUMNS) if (table.columnIndex(name) >= 0) return name;
  return null;
}

/**
 * Calls `visit(row, uid)` for every (row, connection uid) pair of the table, in row order; a row linked to
 * several connections is visited once per uid. Returns false when the table has no linking column.
 */
export function forEachRowUid(table: ColumnTable, visit: (row: number, uid: string) => void): boolean {
  const name = uidColumnOf(table);
  if (name === null) return false;
  const values = columnValues(table, name);
  for (let row = 0; row < values.length; row++) {
    const value = values[row];
    if (typeof value === 'string') {
      if (value !== '') visit(row, value);
    } else if (Array.isArray(value)) {
      for (const uid of value) if (typeof uid === 'string' && uid !== '') visit(row, uid);
    }
  }
  return true;
}
