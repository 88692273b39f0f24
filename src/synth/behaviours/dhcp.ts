/**
 * DHCP with the domain controller as server: a machine that starts up asks for its previous
 * address again (REQUEST/ACK), one that moved goes through DISCOVER/OFFER/REQUEST/ACK for a new
 * one, a running machine renews at half the eight-hour lease, and Windows sends an occasional
 * INFORM. Broadcasts and the server's replies are separate flows, so a row can carry two uids.
 */
import type { Random } from '../../util/random.js';
import { poweredAt } from '../activity.js';
import { STREAMS, type HostDay, type SynthContext } from '../context.js';
import { logNormal } from '../distributions.js';
import { dhcpRow, type DhcpFields } from '../logs.js';

const LEASE = 8 * 3600;
const PACKET = 300; // a DHCP message with Windows' usual options

function broadcast(ctx: SynthContext, rng: Random, ts: number, fromServer: boolean, packets: number): string {
  const { dc } = ctx.net;
  return ctx.out.conn(rng, {
    ts,
    origH: fromServer ? dc.ip : '0.0.0.0',
    origP: fromServer ? 67 : 68,
    respH: '255.255.255.255',
    respP: fromServer ? 68 : 67,
    proto: 'udp',
    service: 'dhcp',
    duration: packets > 1 ? logNormal(rng, 0.6, 0.5) : 0,
    origBytes: PACKET * packets,
    respBytes: 0,
    origPackets: packets,
    state: 'S0',
  }).uid;
}

function unicast(ctx: SynthContext, host: HostDay, rng: Random, ts: number): string {
  return ctx.out.conn(rng, {
    ts,
    origH: host.ip,
    origP: 68,
    respH: ctx.net.dc.ip,
    respP: 67,
    proto: 'udp',
    service: 'dhcp',
    duration: logNormal(rng, 0.0008, 0.5),
    origBytes: PACKET,
    respBytes: PACKET,
  }).uid;
}

function row(
  ctx: SynthContext,
  host: HostDay,
  ts: number,
  fields: Pick<
    DhcpFields,
    'uids' | 'clientAddr' | 'requestedAddr' | 'assignedAddr' | 'leaseTime' | 'msgTypes' | 'duration'
  >,
): void {
  const { ws } = host;
  ctx.out.add(
    dhcpRow(ts, {
      ...fields,
      serverAddr: ctx.net.dc.ip,
      mac: ws.mac,
      hostName: ws.name,
      clientFqdn: ws.fqdn,
      domain: ctx.net.domain,
    }),
  );
}

/** The exchange at start-up: a new address on the day a host moves, else its old one again. */
function atBoot(ctx: SynthContext, host: HostDay, rng: Random, ts: number): void {
  const moved = host.ws.ipChangeDays.includes(ctx.day);
  const uids = [broadcast(ctx, rng, ts, false, 2), broadcast(ctx, rng, ts + 0.001, true, 2)];
  const previous = ctx.day > 0 ? host.ws.ips[ctx.day - 1] : host.ip;
  row(ctx, host, ts, {
    uids,
    clientAddr: null,
    requestedAddr: moved ? null : previous,
    assignedAddr: host.ip,
    leaseTime: LEASE,
    msgTypes: moved ? ['DISCOVER', 'OFFER', 'REQUEST', 'ACK'] : ['REQUEST', 'ACK'],
    duration: logNormal(rng, moved ? 1.1 : 0.004, 0.4),
  });
}

/** DHCP for one host over [from, to). */
export function dhcp(ctx: SynthContext, host: HostDay, from: number, to: number): void {
  const rng = host.rng(STREAMS.dhcp);
  const { plan } = host;
  if (plan.boots && plan.on >= from && plan.on < to) atBoot(ctx, host, rng, plan.on + 2);
  host.state.every('dhcp-renew', rng, from, to, LEASE / 2, 0.02, (t) => {
    if (!poweredAt(plan, t)) return;
    row(ctx, host, t, {
      uids: [unicast(ctx, host, rng, t)],
      clientAddr: host.ip,
      requestedAddr: null,
      assignedAddr: host.ip,
      leaseTime: LEASE,
      msgTypes: ['REQUEST', 'ACK'],
      duration: logNormal(rng, 0.0008, 0.5),
    });
  });
  host.state.every('dhcp-inform', rng, from, to, 5 * 3600, 0.6, (t) => {
    if (!poweredAt(plan, t)) return;
    row(ctx, host, t, {
      uids: [unicast(ctx, host, rng, t)],
      clientAddr: host.ip,
      requestedAddr: null,
      assignedAddr: null,
      leaseTime: null,
      msgTypes: ['INFORM', 'ACK'],
      duration: logNormal(rng, 0.0005, 0.5),
    });
  });
}
