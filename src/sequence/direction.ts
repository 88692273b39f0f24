/**
 * Which way a connection crosses the network edge: `in` (a remote host calls a local one), `out` (local calls
 * remote), `int` (local to local) or `ext` (neither end local, e.g. a sensor without Site::local_nets). With
 * the `direction` tokenizer option the conn word carries it, so an inbound scan and an outbound session never
 * share a word even when both are DBSCAN noise.
 */
import type { ColumnTable } from 'arquero';
import { addressMatcher } from '../util/cidr.js';
import { ZeekseqError } from '../util/errors.js';
import { columnValues } from '../zeek/log-rows.js';

export const DIRECTIONS = ['in', 'out', 'int', 'ext'] as const;

/** The private and link-local ranges (RFC 1918, RFC 4193, RFC 3927/4291): local when nothing else is known. */
export const PRIVATE_NETWORKS: readonly string[] = [
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '169.254.0.0/16',
  'fc00::/7',
  'fe80::/10',
];
export type Direction = (typeof DIRECTIONS)[number];

function isTrue(value: unknown): boolean {
  return value === true || value === 'T' || value === 'true';
}

/**
 * Each conn row's direction (an index into DIRECTIONS): from Zeek's `local_orig`/`local_resp` when the log has
 * them, else from `localNetworks` (CIDR ranges; default PRIVATE_NETWORKS) applied to the addresses.
 */
export function connDirections(conn: ColumnTable, localNetworks: readonly string[] = PRIVATE_NETWORKS): Uint8Array {
  const n = conn.numRows();
  let origLocal: (row: number) => boolean;
  let respLocal: (row: number) => boolean;
  if (conn.columnIndex('local_orig') >= 0 && conn.columnIndex('local_resp') >= 0) {
    const orig = columnValues(conn, 'local_orig');
    const resp = columnValues(conn, 'local_resp');
    origLocal = (row) => isTrue(orig[row]);
    respLocal = (row) => isTrue(resp[row]);
  } else {
    if (localNetworks.length === 0) {
      throw new ZeekseqError(
        'direction words: the conn log has no local_orig/local_resp columns and the local networks are empty; give them (localNetworks, e.g. ["10.0.0.0/8", "192.168.0.0/16"]) or turn direction off.',
      );
    }
    const local = addressMatcher(localNetworks);
    const orig = columnValues(conn, 'id.orig_h') as ArrayLike<string | null>;
    const resp = columnValues(conn, 'id.resp_h') as ArrayLike<string | null>;
    origLocal = (row) => local(orig[row]);
    respLocal = (row) => local(resp[row]);
  }
  const out = new Uint8Array(n);
  for (let row = 0; row < n; row++) {
    const o = origLocal(row);
    const r = respLocal(row);
    out[row] = o ? (r ? 2 : 1) : r ? 0 : 3;
  }
  return out;
}
