/**
 * Occasional weird.log entries, attached to the connection they concern: the protocol oddities
 * a real sensor reports every day on a healthy network (and the netlogon one on every secure
 * channel a Windows machine sets up).
 */
import type { Random } from '../../util/random.js';
import type { Conn } from '../conn.js';
import type { SynthContext } from '../context.js';
import { pick } from '../distributions.js';
import { weirdRow } from '../logs.js';

const WEIRDS = {
  TCP: [
    'possible_split_routing',
    'data_before_established',
    'bad_TCP_checksum',
    'TCP_ack_underflow_or_misorder',
    'window_recision',
    'active_connection_reuse',
  ],
  DNS: ['DNS_RR_unknown_type', 'dns_unmatched_reply', 'DNS_RR_length_mismatch'],
  HTTP: ['unknown_HTTP_method', 'HTTP_version_mismatch', 'line_terminated_with_single_CR'],
} as const;

export type WeirdSource = keyof typeof WEIRDS;

/** With probability `p`, a weird of the kind `source` reports for `conn`. */
export function maybeWeird(ctx: SynthContext, rng: Random, conn: Conn, source: WeirdSource, p: number): void {
  if (rng.next() >= p) return;
  const name = pick(rng, WEIRDS[source]);
  const addl = name === 'DNS_RR_unknown_type' ? String(pick(rng, [65, 64, 13])) : null;
  ctx.out.add(weirdRow(conn.ts + (conn.end - conn.ts) * rng.next(), conn, name, addl, source));
}

/** Zeek's netlogon analyzer does not know the authentication Windows uses on the secure channel. */
export function netlogonWeird(ctx: SynthContext, conn: Conn, ts: number): void {
  ctx.out.add(weirdRow(ts, conn, 'netlogon_dce_rpc_auth_type', '68', 'DCE_RPC'));
}
