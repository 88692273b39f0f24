/**
 * Windows' multicast and broadcast chatter on the local segment: when a name is not in DNS (a
 * mistyped share, a device's short name: NXDOMAIN from the DC) it asks LLMNR, mDNS and NetBIOS, and it looks for
 * devices with SSDP. Nobody answers, so these are the one-sided (S0) flows every office sensor
 * sees, with their queries in dns.log where Zeek's DNS analyzer understands them.
 */
import type { Random } from '../../util/random.js';
import { poweredAt } from '../activity.js';
import { STREAMS, type HostDay, type SynthContext } from '../context.js';
import { intBetween, pick } from '../distributions.js';
import { dnsRow } from '../logs.js';
import { lookup } from './dns.js';

const SHORT_NAMES = [
  'printer',
  'scanner',
  'nas',
  'wpad',
  'fileserver',
  'intranet',
  'hp-laserjet',
  'conference-tv',
  'localhost-pc',
];

/** One query sent `packets` times to a group, nobody answering. */
function multicastQuery(
  ctx: SynthContext,
  host: HostDay,
  rng: Random,
  ts: number,
  group: string,
  port: number,
  name: string,
): void {
  const bytes = 12 + name.length + 2 + 4;
  const packets = intBetween(rng, 1, 2);
  const conn = ctx.out.conn(rng, {
    ts,
    origH: host.ip,
    origP: port === 5353 ? 5353 : intBetween(rng, 49152, 65535),
    respH: group,
    respP: port,
    proto: 'udp',
    service: 'dns',
    duration: packets > 1 ? 0.1 + 0.02 * rng.next() : 0,
    origBytes: bytes * packets,
    respBytes: 0,
    origPackets: packets,
    state: 'S0',
  });
  ctx.out.add(
    dnsRow(ts, conn, {
      proto: 'udp',
      transId: port === 5353 ? 0 : rng.int(65536),
      rtt: null,
      query: name,
      qtype: 1,
      qtypeName: 'A',
      rcode: null,
      rcodeName: null,
      authoritative: false,
      recursionAvailable: false,
      recursionDesired: false,
      answers: [],
      ttls: [],
    }),
  );
}

function broadcastName(ctx: SynthContext, host: HostDay, rng: Random, ts: number): void {
  const name = pick(rng, SHORT_NAMES);
  // DNS first, with the domain suffix; only when the DC says there is no such name does Windows shout.
  const failed = lookup(ctx, host, rng, ts, {
    name: `${name}.${ctx.net.domain}`,
    qtype: 'A',
    answers: [],
    ttls: [],
    nxdomain: true,
    authoritative: true,
  });
  multicastQuery(ctx, host, rng, failed, '224.0.0.252', 5355, name); // LLMNR
  multicastQuery(ctx, host, rng, failed + 0.001, '224.0.0.251', 5353, `${name}.local`); // mDNS
  // NetBIOS name service to the subnet broadcast (Zeek has no analyzer for it here).
  const subnet = host.ip.slice(0, host.ip.lastIndexOf('.'));
  ctx.out.conn(rng, {
    ts: failed + 0.002,
    origH: host.ip,
    origP: 137,
    respH: `${subnet}.255`,
    respP: 137,
    proto: 'udp',
    service: null,
    duration: 1.5 + rng.next(),
    origBytes: 150,
    respBytes: 0,
    origPackets: 3,
    state: 'S0',
  });
}

function ssdpSearch(ctx: SynthContext, host: HostDay, rng: Random, ts: number): void {
  ctx.out.conn(rng, {
    ts,
    origH: host.ip,
    origP: intBetween(rng, 49152, 65535),
    respH: '239.255.255.250',
    respP: 1900,
    proto: 'udp',
    service: null,
    duration: 3 + rng.next(),
    origBytes: 4 * 175,
    respBytes: 0,
    origPackets: 4,
    state: 'S0',
  });
}

export function nameBroadcasts(ctx: SynthContext, host: HostDay, from: number, to: number): void {
  const rng = host.rng(STREAMS.nameBroadcasts);
  const { plan } = host;
  host.state.every('llmnr', rng, from, to, 2.5 * 3600, 0.9, (t) => {
    if (poweredAt(plan, t)) broadcastName(ctx, host, rng, t);
  });
  host.state.every('ssdp', rng, from, to, 4 * 3600, 0.5, (t) => {
    if (poweredAt(plan, t)) ssdpSearch(ctx, host, rng, t);
  });
}
