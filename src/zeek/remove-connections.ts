/**
 * Removing connections by what they contain: a noisy scanner's address, a service that floods the
 * vocabulary, or anything a predicate recognises. A connection is a uid, and its rows are spread
 * over several logs, so a uid that matches in any log is removed from every log.
 */
import type { ColumnTable } from 'arquero';
import { ZeekseqError } from '../util/errors.js';
import type { ZeekDataset } from './dataset.js';
import { columnValues, rowsWhere, takeRows, uidValues } from './log-rows.js';

/**
 * What to remove: column -> values (a row matches when any listed column holds one of its values,
 * or, for set/vector columns, contains one), or a predicate called with each row of each log.
 */
export type ConnectionMatch =
  | Readonly<Record<string, readonly unknown[]>>
  | ((row: Record<string, unknown>, type: string) => boolean);

/**
 * The dataset without the matching rows and without every row, in any log, that shares a uid with
 * a matching row. Values compare with SameValueZero: numeric columns match numbers, not strings.
 */
export function removeConnections(dataset: ZeekDataset, match: ConnectionMatch): ZeekDataset {
  const matchRow = typeof match === 'function' ? predicateMatcher(match) : valueMatcher(dataset, match);
  const matched = new Map<string, Uint8Array>();
  const removedUids = new Set<unknown>();
  for (const [type, table] of dataset.logs) {
    const flags = matchRow(table, type);
    matched.set(type, flags);
    const uids = uidValues(table);
    if (!uids) continue;
    for (let row = 0; row < flags.length; row++) if (flags[row]) removedUids.add(uids[row]);
  }
  removedUids.delete(null);
  return dataset.mapLogs((table, type) => {
    const flags = matched.get(type)!;
    const uids = uidValues(table);
    return takeRows(
      table,
      rowsWhere(flags.length, (row) => !flags[row] && !(uids && removedUids.has(uids[row]))),
    );
  });
}

/** Which rows of a log match, one flag per row. */
type RowMatcher = (table: ColumnTable, type: string) => Uint8Array;

function predicateMatcher(predicate: (row: Record<string, unknown>, type: string) => boolean): RowMatcher {
  return (table, type) => {
    const names = table.columnNames();
    const columns = names.map((name) => columnValues(table, name));
    const flags = new Uint8Array(table.numRows());
    for (let row = 0; row < flags.length; row++) {
      const object: Record<string, unknown> = {};
      for (let c = 0; c < names.length; c++) object[names[c]] = columns[c][row];
      if (predicate(object, type)) flags[row] = 1;
    }
    return flags;
  };
}

function valueMatcher(dataset: ZeekDataset, match: Readonly<Record<string, readonly unknown[]>>): RowMatcher {
  const present = new Set<string>();
  for (const table of dataset.logs.values()) for (const name of table.columnNames()) present.add(name);
  const unknown = Object.keys(match).filter((name) => !present.has(name));
  if (unknown.length > 0) {
    throw new ZeekseqError(
      `removeConnections: no log of ${dataset.origin} has the column${unknown.length > 1 ? 's' : ''} ` +
        `${unknown.join(', ')}; check the spelling against the columns it has: ${[...present].sort().join(', ')}.`,
    );
  }
  const wanted = new Map<string, Set<unknown>>();
  for (const [name, values] of Object.entries(match)) {
    if (!Array.isArray(values)) {
      throw new ZeekseqError(
        `removeConnections: the values for column ${name} must be an array, got ${typeof values}; ` +
          `write { "${name}": [value, ...] }.`,
      );
    }
    wanted.set(name, new Set(values));
  }
  return (table) => {
    const flags = new Uint8Array(table.numRows());
    for (const name of table.columnNames()) {
      const values = wanted.get(name);
      if (!values) continue;
      const column = columnValues(table, name);
      for (let row = 0; row < flags.length; row++) {
        const value = column[row];
        if (values.has(value) || (Array.isArray(value) && value.some((item) => values.has(item)))) flags[row] = 1;
      }
    }
    return flags;
  };
}
