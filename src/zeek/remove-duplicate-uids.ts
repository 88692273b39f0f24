/**
 * Removing duplicate connections. The same uid can appear twice in conn when a folder holds two
 * files of type conn (Stratosphere's conn.log beside labeled-conn.log) or overlapping rotations;
 * counting it twice would double its sequence. The first occurrence, in file order, is kept.
 */
import type { ZeekDataset } from './dataset.js';
import { connUids, rowsWhere, takeRows } from './log-rows.js';

/** The dataset with each conn uid kept once (its first row); conn rows without a uid are kept. */
export function removeDuplicateUids(dataset: ZeekDataset): ZeekDataset {
  const { conn, uids } = connUids(dataset, 'removeDuplicateUids');
  const seen = new Set<unknown>();
  const rows = rowsWhere(uids.length, (row) => {
    const uid = uids[row];
    if (uid === null || uid === undefined) return true;
    if (seen.has(uid)) return false;
    seen.add(uid);
    return true;
  });
  return dataset.withLogs(new Map(dataset.logs).set('conn', takeRows(conn, rows)));
}
