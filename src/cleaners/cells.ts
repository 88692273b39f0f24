/**
 * Reading a log column for a feature, with the type checks that turn a mis-typed column into a clear
 * error instead of a silently wrong feature. Columns follow the reader's conventions: numbers in a
 * Float64Array (NaN = unset), booleans, strings and sets/vectors in plain arrays (null = unset).
 */
import type { ColumnTable } from 'arquero';
import { ZeekseqError } from '../util/errors.js';
import { columnValues } from '../zeek/log-rows.js';

/** Where a value is being read: for error messages. */
export interface FeatureSite {
  logType: string;
  feature: string;
}

export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(describeValue).join(', ')}] (a set/vector)`;
  return `${String(value)} (${typeof value})`;
}

function wrongType(site: FeatureSite, column: string, row: number, value: unknown, expected: string): ZeekseqError {
  return new ZeekseqError(
    `${site.logType} feature ${site.feature}: column ${column} row ${row} holds ${describeValue(value)}, expected ${expected}; ` +
      `read logs with readZeekDir (which types columns from #types) or convert the column before cleaning.`,
  );
}

/** Whether a cell is unset: null, undefined or NaN. */
export function isUnset(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value));
}

/** The cells of a column in the table's row order. */
export function cellsOf(table: ColumnTable, column: string): ArrayLike<unknown> {
  return columnValues(table, column);
}

/** A numeric column as a Float64Array (NaN = unset); a column of anything but numbers is an error. */
export function numbersOf(table: ColumnTable, column: string, site: FeatureSite): Float64Array {
  const cells = cellsOf(table, column);
  if (cells instanceof Float64Array) return cells;
  const out = new Float64Array(cells.length);
  for (let i = 0; i < cells.length; i++) {
    const value = cells[i];
    if (typeof value === 'number') out[i] = value;
    else if (typeof value === 'bigint') out[i] = Number(value);
    else if (isUnset(value)) out[i] = NaN;
    else throw wrongType(site, column, i, value, 'a number');
  }
  return out;
}

/** Calls `visit` with each element of a cell: the value itself, or every element of a set/vector. */
export function forEachElement(value: unknown, visit: (element: unknown) => void): void {
  if (Array.isArray(value)) for (const element of value) visit(element);
  else if (!isUnset(value)) visit(value);
}

/** Checks that every set element of a column is of one of the `allowed` JavaScript types. */
export function checkElementTypes(
  cells: ArrayLike<unknown>,
  allowed: readonly string[],
  column: string,
  site: FeatureSite,
  expected: string,
): void {
  for (let i = 0; i < cells.length; i++) {
    forEachElement(cells[i], (element) => {
      if (!isUnset(element) && !allowed.includes(typeof element)) throw wrongType(site, column, i, cells[i], expected);
    });
  }
}
