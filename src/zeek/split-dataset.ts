/**
 * Train/test split at the connection level. A connection (uid) goes to one side whole, with its
 * rows from every log, so no sequence is cut in two. Traffic of known-bad hosts can be forced into
 * test, which keeps it out of the data the model learns "normal" from.
 */
import type { ColumnTable } from 'arquero';
import { ZeekseqError } from '../util/errors.js';
import { shuffledIndices } from '../util/random.js';
import type { ZeekDataset } from './dataset.js';
import { columnValues, connUids, rowsWhere, takeRows, uidValues } from './log-rows.js';

export interface SplitOptions {
  /** Share of the connections drawn into test, strictly between 0 and 1 (give this or testCount). */
  testRatio?: number;
  /** Number of connections drawn into test, from 0 to the number of connections (or testRatio). */
  testCount?: number;
  /** Seed of the draw: the same seed gives the same split. */
  seed: number;
  /** Hosts whose traffic, as originator or responder in any log, always goes to test. */
  testIps?: readonly string[];
}

export interface DatasetSplit {
  train: ZeekDataset;
  test: ZeekDataset;
}

const hostColumns = ['id.orig_h', 'id.resp_h'];

/**
 * Connections are the distinct uids of conn; a seeded draw of them goes to test, then every uid
 * seen with a testIps host (in any log) joins it. Rows whose uid is in neither side (null uids,
 * uids absent from conn and not forced) are in neither; logs without a uid column go to both whole.
 */
export function splitDataset(dataset: ZeekDataset, options: SplitOptions): DatasetSplit {
  const { uids } = connUids(dataset, 'splitDataset');
  // Connections numbered in first-appearance order, with a side each, so each log row is looked up once.
  const index = new Map<unknown, number>();
  for (let row = 0; row < uids.length; row++) {
    const uid = uids[row];
    if (typeof uid === 'string' && !index.has(uid)) index.set(uid, index.size);
  }
  const drawn = testSize(dataset, options, index.size);
  const inTest = new Uint8Array(index.size);
  const order = shuffledIndices(index.size, options.seed);
  for (let i = 0; i < drawn; i++) inTest[order[i]] = 1;
  const forcedElsewhere = new Set<unknown>();
  for (const uid of forcedUids(dataset, options.testIps ?? [])) {
    const i = index.get(uid);
    if (i === undefined) forcedElsewhere.add(uid);
    else inTest[i] = 1;
  }
  const train = new Map<string, ColumnTable>();
  const test = new Map<string, ColumnTable>();
  for (const [type, table] of dataset.logs) {
    const logUids = uidValues(table);
    if (!logUids) {
      train.set(type, table);
      test.set(type, table);
      continue;
    }
    const side = new Int8Array(logUids.length);
    for (let row = 0; row < side.length; row++) {
      const i = index.get(logUids[row]);
      side[row] = i === undefined ? (forcedElsewhere.has(logUids[row]) ? 1 : -1) : inTest[i];
    }
    train.set(
      type,
      takeRows(
        table,
        rowsWhere(side.length, (row) => side[row] === 0),
      ),
    );
    test.set(
      type,
      takeRows(
        table,
        rowsWhere(side.length, (row) => side[row] === 1),
      ),
    );
  }
  return { train: dataset.withLogs(train), test: dataset.withLogs(test) };
}

function testSize(dataset: ZeekDataset, options: SplitOptions, connections: number): number {
  const { testRatio, testCount } = options;
  const where = `splitDataset on ${dataset.origin} (${connections} connections)`;
  if ((testRatio === undefined) === (testCount === undefined)) {
    throw new ZeekseqError(`${where}: give exactly one of testRatio and testCount, for example testRatio: 0.2.`);
  }
  if (testRatio !== undefined) {
    if (typeof testRatio !== 'number' || !(testRatio > 0 && testRatio < 1)) {
      throw new ZeekseqError(
        `${where}: testRatio must be strictly between 0 and 1, got ${testRatio}; use 0.2 for a fifth of the connections.`,
      );
    }
    return Math.round(testRatio * connections);
  }
  if (!Number.isInteger(testCount) || testCount! < 0 || testCount! > connections) {
    throw new ZeekseqError(
      `${where}: testCount must be a whole number from 0 to ${connections}, got ${testCount}; ` +
        'ask for fewer test connections or use testRatio.',
    );
  }
  return testCount!;
}

/** The uids of rows, in any log with uid and host columns, whose originator or responder is one of `ips`. */
function forcedUids(dataset: ZeekDataset, ips: readonly string[]): Set<unknown> {
  const forced = new Set<unknown>();
  if (ips.length === 0) return forced;
  const hosts = new Set<unknown>(ips);
  let searched = false;
  for (const table of dataset.logs.values()) {
    const uids = uidValues(table);
    const names = table.columnNames();
    if (!uids) continue;
    for (const name of hostColumns.filter((column) => names.includes(column))) {
      searched = true;
      const values = columnValues(table, name);
      for (let row = 0; row < values.length; row++) if (hosts.has(values[row])) forced.add(uids[row]);
    }
  }
  if (!searched) {
    throw new ZeekseqError(
      `splitDataset: testIps were given but no log of ${dataset.origin} has both uid and ` +
        `${hostColumns.join(' or ')} columns to find their traffic in; drop testIps or read the conn log with its id fields.`,
    );
  }
  forced.delete(null);
  return forced;
}
