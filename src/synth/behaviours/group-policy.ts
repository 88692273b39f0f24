/**
 * Group policy: at start-up, at logon and every 90 minutes (with up to 30 minutes' random
 * offset) Windows asks LDAP which policies apply and reads each policy's gpt.ini from SYSVOL on
 * the domain controller to see whether it changed.
 */
import type { Random } from '../../util/random.js';
import { poweredAt } from '../activity.js';
import { STREAMS, hostPrincipal, servicePrincipal, type HostDay, type SynthContext } from '../context.js';
import { chance, uniform } from '../distributions.js';
import { serviceTicket } from './kerberos.js';
import { ldapSession } from './ldap.js';
import { rpcOverTcp } from './rpc.js';
import { smbSession, unc } from './smb.js';

/** The Default Domain Policy and the office's own baseline policy. */
const POLICIES = ['{31B2F340-016D-11D2-945F-00C04FB984F9}', '{8A0F6C1E-3B5D-4E2A-9C47-2D81E5F0B6A3}'];

/** Read the policies' gpt.ini over SMB from SYSVOL; returns when done. */
export function sysvolSession(ctx: SynthContext, host: HostDay, rng: Random, ts: number, principal: string): number {
  const { net } = ctx;
  const t = serviceTicket(ctx, host, rng, ts, principal, servicePrincipal('cifs', net.dc));
  const server = `${net.dc.name}.${net.domain}`;
  const conn = smbSession(ctx, host, rng, t + 0.002, {
    server: net.dc.ip,
    service: 'gssapi,smb,krb',
    shares: [
      { path: unc(server, 'IPC$'), type: 'PIPE' },
      { path: unc(server, 'SYSVOL'), type: 'DISK' },
    ],
    files: POLICIES.map((guid) => ({
      action: 'SMB::FILE_READ' as const,
      share: unc(server, 'SYSVOL'),
      name: `${net.domain}\\Policies\\${guid}\\gpt.ini`,
      size: 22 + (guid.charCodeAt(1) % 40),
      mime: 'text/ini',
    })),
  });
  return conn.end;
}

/** Background policy refresh for one host over [from, to). */
export function groupPolicy(ctx: SynthContext, host: HostDay, from: number, to: number): void {
  const rng = host.rng(STREAMS.groupPolicy);
  const { plan } = host;
  host.state.every('gpo', rng, from, to, 90 * 60, 1 / 3, (t) => {
    if (!poweredAt(plan, t)) return;
    const principal = hostPrincipal(ctx.net, host.ws);
    let at = serviceTicket(ctx, host, rng, t, principal, servicePrincipal('ldap', ctx.net.dc));
    at = ldapSession(ctx, host, rng, at + 0.002);
    at = sysvolSession(ctx, host, rng, at + uniform(rng, 0.1, 1), principal);
    if (chance(rng, 0.3)) {
      rpcOverTcp(ctx, host, rng, at + uniform(rng, 0.1, 2), ctx.net.dc.ip, [
        { endpoint: 'lsarpc', operation: 'LsarOpenPolicy2' },
        { endpoint: 'lsarpc', operation: 'LsarLookupSids3' },
        { endpoint: 'lsarpc', operation: 'LsarClose' },
      ]);
    }
  });
}
