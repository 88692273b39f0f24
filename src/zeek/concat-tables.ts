/**
 * Tables of one log type from several reads (chunks of a folder) end to end. Files of a type can differ in
 * columns (a site adds a field mid-week), so columns are unioned in the order first seen and a table without a
 * column is unset there, as the reader does across files: NaN in number columns, null elsewhere.
 */
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { columnValues } from './log-rows.js';

/** The tables' rows one after the other, columns unioned; a single table is returned as it is. */
export function concatTables(tables: readonly ColumnTable[]): ColumnTable {
  if (tables.length === 1) return tables[0];
  const names: string[] = [];
  const seen = new Set<string>();
  for (const table of tables) {
    for (const name of table.columnNames()) {
      if (!seen.has(name)) {
        seen.add(name);
        names.push(name);
      }
    }
  }
  const total = tables.reduce((sum, table) => sum + table.numRows(), 0);
  const data: Record<string, ArrayLike<unknown>> = {};
  for (const name of names) {
    const parts = tables.map((table) => (table.columnIndex(name) >= 0 ? columnValues(table, name) : null));
    const numeric = parts.every((part) => part === null || part instanceof Float64Array);
    const out: Float64Array | unknown[] = numeric ? new Float64Array(total) : new Array<unknown>(total);
    let offset = 0;
    for (const [i, part] of parts.entries()) {
      const n = tables[i].numRows();
      if (part === null) {
        if (numeric) (out as Float64Array).fill(NaN, offset, offset + n);
        else (out as unknown[]).fill(null, offset, offset + n);
      } else if (numeric) (out as Float64Array).set(part as Float64Array, offset);
      else for (let row = 0; row < n; row++) (out as unknown[])[offset + row] = part[row];
      offset += n;
    }
    data[name] = out;
  }
  return aq.table(data, names);
}
