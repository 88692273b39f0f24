/**
 * LDAP to the domain controller, which Zeek reports in conn.log only (service ldap_udp/ldap_tcp;
 * this sensor writes no ldap.log): the CLDAP ping of the DC locator and LDAP sessions of group
 * policy and directory lookups.
 */
import type { Random } from '../../util/random.js';
import type { HostDay, SynthContext } from '../context.js';
import { logNormal } from '../distributions.js';

/** The CLDAP "ping" with which the DC locator checks that the DC answers. */
export function cldapPing(ctx: SynthContext, host: HostDay, rng: Random, ts: number): number {
  const rtt = logNormal(rng, 0.0008, 0.4);
  ctx.out.conn(rng, {
    ts,
    origH: host.ip,
    origP: host.nextPort(rng),
    respH: ctx.net.dc.ip,
    respP: 389,
    proto: 'udp',
    service: 'ldap_udp',
    duration: rtt,
    origBytes: Math.round(logNormal(rng, 210, 0.05)),
    respBytes: Math.round(logNormal(rng, 170, 0.05)),
  });
  return ts + rtt;
}

/** An LDAP session over TCP (group policy and user lookups); conn.log only. */
export function ldapSession(ctx: SynthContext, host: HostDay, rng: Random, ts: number): number {
  const duration = logNormal(rng, 0.2, 1);
  ctx.out.conn(rng, {
    ts,
    origH: host.ip,
    origP: host.nextPort(rng),
    respH: ctx.net.dc.ip,
    respP: 389,
    proto: 'tcp',
    service: 'ldap_tcp',
    duration,
    origBytes: Math.round(logNormal(rng, 3500, 0.6)),
    respBytes: Math.round(logNormal(rng, 9000, 0.9)),
    state: 'RSTR',
  });
  return ts + duration;
}
