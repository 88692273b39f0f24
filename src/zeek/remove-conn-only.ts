/**
 * Removing connections seen only in conn. A connection that no protocol log (dns, http, ssl, ...)
 * mentions carries no protocol tokens, so its sequence is conn alone; the original project
 * dropped these before training. Logs without a uid column (x509, older dhcp) cannot mention a
 * connection and so do not count.
 */
import type { ZeekDataset } from './dataset.js';
import { connUids, rowsWhere, takeRows, uidValues } from './log-rows.js';

/** The dataset without the conn rows whose uid appears in no other log that has a uid column. */
export function removeConnOnly(dataset: ZeekDataset): ZeekDataset {
  const { conn, uids } = connUids(dataset, 'removeConnOnly');
  const mentioned = new Set<unknown>();
  for (const [type, table] of dataset.logs) {
    if (type === 'conn') continue;
    const other = uidValues(table);
    if (!other) continue;
    for (let row = 0; row < other.length; row++) mentioned.add(other[row]);
  }
  mentioned.delete(null);
  const kept = takeRows(conn, rowsWhere(uids.length, (row) => mentioned.has(uids[row])));
  return dataset.withLogs(new Map(dataset.logs).set('conn', kept));
}
