/**
 * Removing connections seen only in conn. A connection that no protocol log (dns, http, ssl, ...)
 * mentions carries no protocol tokens, so its sequence is conn alone; the original project
 * dropped these before training. A log mentions a connection through `uid`, or through the uid sets of
 * older files.log (`conn_uids`) and dhcp.log (`uids`); logs with none of these (x509, pe) do not count.
 */
import type { ZeekDataset } from './dataset.js';
import { connUids, rowsWhere, takeRows } from './log-rows.js';
import { forEachRowUid } from './row-uids.js';

/** The dataset without the conn rows whose uid no other log mentions. */
export function removeConnOnly(dataset: ZeekDataset): ZeekDataset {
  const { conn, uids } = connUids(dataset, 'removeConnOnly');
  const mentioned = new Set<unknown>();
  for (const [type, table] of dataset.logs) {
    if (type !== 'conn') forEachRowUid(table, (_row, uid) => mentioned.add(uid));
  }
  const kept = takeRows(
    conn,
    rowsWhere(uids.length, (row) => mentioned.has(uids[row])),
  );
  return dataset.withLogs(new Map(dataset.logs).set('conn', kept));
}
