/**
 * Start-up and user logon against the domain. At start-up the computer finds its DC through DNS
 * SRV records, pings it over CLDAP, logs its machine account on with Kerberos and sets up the
 * netlogon secure channel. When the user arrives: user Kerberos logon, service tickets for LDAP
 * and SMB, group policy from SYSVOL, and the user's drives mapped on the file server.
 */
import type { Random } from '../../util/random.js';
import {
  STREAMS,
  hostPrincipal,
  servicePrincipal,
  userPrincipal,
  type HostDay,
  type SynthContext,
} from '../context.js';
import { logNormal, uniform } from '../distributions.js';
import { lookup, lookupInternal } from './dns.js';
import { sysvolSession } from './group-policy.js';
import { asLogon, serviceTicket } from './kerberos.js';
import { DC_RPC_PORTS, logRpcCalls } from './rpc.js';
import { unc, smbSession } from './smb.js';
import { cldapPing, ldapSession } from './ldap.js';
import { netlogonWeird } from './weird.js';

/** Find the DC: the SRV records Windows' DC locator asks for, then the DC's address. */
function locateDc(ctx: SynthContext, host: HostDay, rng: Random, ts: number): number {
  const { domain, dc } = ctx.net;
  let t = ts;
  for (const name of [
    `_ldap._tcp.dc._msdcs.${domain}`,
    `_ldap._tcp.default-first-site-name._sites.dc._msdcs.${domain}`,
  ]) {
    t = lookup(ctx, host, rng, t, { name, qtype: 'SRV', answers: [dc.fqdn], ttls: [600], authoritative: true });
  }
  return lookupInternal(ctx, host, rng, t + 0.001, dc.fqdn, dc.ip);
}

/** The computer's own logon at start-up. */
function computerLogon(ctx: SynthContext, host: HostDay, rng: Random, ts: number): void {
  const { net } = ctx;
  const me = hostPrincipal(net, host.ws);
  let t = locateDc(ctx, host, rng, ts);
  t = cldapPing(ctx, host, rng, t + 0.01);
  t = asLogon(ctx, host, rng, t + 0.02, me);
  t = serviceTicket(ctx, host, rng, t + 0.005, me, servicePrincipal('ldap', net.dc));
  t = ldapSession(ctx, host, rng, t + 0.003);
  // The netlogon secure channel, found through the endpoint mapper.
  const port = DC_RPC_PORTS.netlogon;
  const mapper = ctx.out.conn(rng, {
    ts: t,
    origH: host.ip,
    origP: host.nextPort(rng),
    respH: net.dc.ip,
    respP: 135,
    proto: 'tcp',
    service: 'dce_rpc',
    duration: logNormal(rng, 0.02, 0.5),
    origBytes: 284,
    respBytes: 256,
  });
  logRpcCalls(ctx, rng, mapper, t + 0.0005, '135', [{ endpoint: 'epmapper', operation: 'ept_map' }]);
  const channelStart = t + 0.01;
  const channel = ctx.out.conn(rng, {
    ts: channelStart,
    origH: host.ip,
    origP: host.nextPort(rng),
    respH: net.dc.ip,
    respP: port,
    proto: 'tcp',
    service: 'dce_rpc',
    duration: logNormal(rng, 25, 0.4),
    origBytes: Math.round(logNormal(rng, 2000, 0.1)),
    respBytes: Math.round(logNormal(rng, 1400, 0.1)),
  });
  const done = logRpcCalls(
    ctx,
    rng,
    channel,
    channelStart + 0.002,
    String(port),
    ['NetrServerReqChallenge', 'NetrServerAuthenticate3', 'NetrLogonGetCapabilities', 'NetrLogonGetDomainInfo'].map(
      (operation) => ({ endpoint: 'netlogon', operation }),
    ),
  );
  netlogonWeird(ctx, channel, channelStart + 0.003);
  sysvolSession(ctx, host, rng, done + uniform(rng, 0.5, 3), me);
}

/** The user's logon when they sit down. */
function userLogon(ctx: SynthContext, host: HostDay, rng: Random, ts: number): void {
  const { net } = ctx;
  const { ws } = host;
  const user = userPrincipal(net, ws.user);
  let t = locateDc(ctx, host, rng, ts);
  t = asLogon(ctx, host, rng, t + 0.01, user);
  t = serviceTicket(ctx, host, rng, t + 0.003, user, `krbtgt/${net.realm}`);
  t = serviceTicket(ctx, host, rng, t + 0.003, user, servicePrincipal('ldap', net.dc));
  t = ldapSession(ctx, host, rng, t + 0.002);
  t = sysvolSession(ctx, host, rng, t + uniform(rng, 0.2, 2), user);
  // Mapped drives: the department share and the home folder.
  t = lookupInternal(ctx, host, rng, t + uniform(rng, 1, 5), net.fileServer.fqdn, net.fileServer.ip);
  t = serviceTicket(ctx, host, rng, t, user, servicePrincipal('cifs', net.fileServer));
  const fs = net.fileServer.name;
  smbSession(ctx, host, rng, t + 0.002, {
    server: net.fileServer.ip,
    service: 'gssapi,smb,krb',
    shares: [
      { path: unc(fs, 'IPC$'), type: 'PIPE' },
      { path: unc(fs, 'Shared'), type: 'DISK' },
      { path: unc(fs, `Users$\\${ws.user}`), type: 'DISK' },
    ],
    files: [{ action: 'SMB::FILE_OPEN', share: unc(fs, `Users$\\${ws.user}`), name: '<share_root>', size: 4096 }],
    linger: uniform(rng, 60, 600),
  });
}

/** Start-up and logon for one host over [from, to). */
export function logon(ctx: SynthContext, host: HostDay, from: number, to: number): void {
  const { plan } = host;
  const rng = host.rng(STREAMS.logon);
  if (plan.boots && plan.on >= from && plan.on < to) {
    host.state.reboot();
    computerLogon(ctx, host, rng, plan.on + uniform(rng, 20, 60));
  }
  if (plan.present && plan.arrive >= from && plan.arrive < to) userLogon(ctx, host, rng, plan.arrive);
}
