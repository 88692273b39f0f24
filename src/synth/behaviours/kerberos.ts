/**
 * Kerberos against the domain controller over TCP, one connection per exchange as Windows does:
 * AS requests for tickets-granting tickets (first without pre-authentication, which the KDC
 * refuses with KDC_ERR_PREAUTH_REQUIRED), TGS requests for service tickets, which the client
 * caches for ten hours.
 */
import type { Random } from '../../util/random.js';
import type { HostDay, SynthContext } from '../context.js';
import { logNormal } from '../distributions.js';
import { kerberosRow } from '../logs.js';

export interface KerberosRequest {
  type: 'AS' | 'TGS';
  client: string;
  service: string;
  /** The KDC's error (KDC_ERR_PREAUTH_REQUIRED, KDC_ERR_PREAUTH_FAILED, ...), or none on success. */
  error?: string;
}

const TICKET_LIFETIME = 10 * 3600;
const CIPHER = 'aes256-cts-hmac-sha1-96';

/** One exchange with the KDC; returns when the reply is in. */
export function kerberosExchange(
  ctx: SynthContext,
  host: HostDay,
  rng: Random,
  ts: number,
  req: KerberosRequest,
): number {
  const failed = req.error !== undefined;
  // An AS-REQ without pre-authentication is small; requests with a ticket or authenticator are not.
  const origBytes = Math.round(
    req.type === 'AS' ? (failed ? logNormal(rng, 250, 0.08) : logNormal(rng, 330, 0.08)) : logNormal(rng, 1650, 0.06),
  );
  const respBytes = Math.round(failed ? logNormal(rng, 210, 0.3) : logNormal(rng, 1620, 0.06));
  const duration = logNormal(rng, 0.006, 0.7);
  const conn = ctx.out.conn(rng, {
    ts,
    origH: host.ip,
    origP: host.nextPort(rng),
    respH: ctx.net.dc.ip,
    respP: 88,
    proto: 'tcp',
    service: 'krb_tcp',
    duration,
    origBytes,
    respBytes,
    state: 'RSTR',
  });
  ctx.out.add(
    kerberosRow(ts + duration * 0.3, conn, {
      requestType: req.type,
      client: req.client,
      service: req.service,
      success: !failed,
      error: req.error ?? null,
      cipher: failed ? null : CIPHER,
    }),
  );
  return ts + duration;
}

/** Log on `client`: the refused first AS-REQ, then the pre-authenticated one. */
export function asLogon(ctx: SynthContext, host: HostDay, rng: Random, ts: number, client: string): number {
  const service = `krbtgt/${ctx.net.realm}`;
  const t = kerberosExchange(ctx, host, rng, ts, { type: 'AS', client, service, error: 'KDC_ERR_PREAUTH_REQUIRED' });
  return kerberosExchange(ctx, host, rng, t + logNormal(rng, 0.004, 0.5), { type: 'AS', client, service });
}

/** Get a service ticket unless one is cached; returns when it is in hand. */
export function serviceTicket(
  ctx: SynthContext,
  host: HostDay,
  rng: Random,
  ts: number,
  client: string,
  service: string,
): number {
  const expiry = host.state.tickets.get(service);
  if (expiry !== undefined && expiry > ts) return ts;
  host.state.tickets.set(service, ts + TICKET_LIFETIME);
  return kerberosExchange(ctx, host, rng, ts, { type: 'TGS', client, service });
}
