/**
 * Name resolution as a Windows client does it: ask the domain controller, cache the answer for
 * its TTL (failures for five minutes), and only then connect. The DC answers names of its own
 * domain authoritatively and forwards the rest upstream, which it caches too.
 */
import type { Random } from '../../util/random.js';
import { intBetween, logNormal } from '../distributions.js';
import type { HostDay, SynthContext } from '../context.js';
import type { Site } from '../internet.js';
import { dnsRow } from '../logs.js';
import { maybeWeird } from './weird.js';

export type QueryType = 'A' | 'AAAA' | 'SRV' | 'TXT' | 'PTR' | 'SOA';

const QTYPE_CODES: Record<QueryType, number> = { A: 1, AAAA: 28, SRV: 33, TXT: 16, PTR: 12, SOA: 6 };

export interface Query {
  name: string;
  qtype: QueryType;
  /** Answer data in order (CNAMEs first); empty for no answer. */
  answers: string[];
  ttls: number[];
  nxdomain?: boolean;
  /** Answered by the DC from its own zone. */
  authoritative?: boolean;
}

const NEGATIVE_TTL = 300;

/** Bytes of a name on the wire (length-prefixed labels and the root). */
function wireName(name: string): number {
  return name.length + 2;
}

function rdataBytes(qtype: QueryType, answer: string): number {
  if (/^\d+\.\d+\.\d+\.\d+$/.test(answer)) return 4;
  if (answer.includes(':') && qtype === 'AAAA') return 16;
  if (qtype === 'TXT') return answer.length + 1;
  if (qtype === 'SRV') return 6 + wireName(answer);
  return wireName(answer);
}

/** Request and response sizes of a query. */
function dnsSizes(q: Query): [number, number] {
  const request = 12 + wireName(q.name) + 4;
  let response = request;
  for (const answer of q.answers) response += 12 + rdataBytes(q.qtype, answer);
  return [request, response];
}

/** A random UDP source port: the Windows DNS client randomises them. */
function randomPort(rng: Random): number {
  return intBetween(rng, 49152, 65535);
}

/** The DC asks its forwarder for a name it has not cached; returns the round-trip time. */
function forward(ctx: SynthContext, rng: Random, ts: number, q: Query): number {
  const key = `${q.qtype} ${q.name}`;
  const cached = ctx.resolver.cache.get(key);
  if (cached !== undefined && cached > ts) return 0;
  ctx.resolver.forwarded++;
  const rtt = logNormal(rng, 0.022, 0.5);
  const [request, response] = dnsSizes(q);
  const { dc } = ctx.net;
  const conn = ctx.out.conn(rng, {
    ts,
    origH: dc.ip,
    origP: ctx.serverPorts.next(rng),
    respH: ctx.net.upstreamDns,
    respP: 53,
    proto: 'udp',
    service: 'dns',
    duration: rtt,
    origBytes: request,
    respBytes: response,
  });
  ctx.out.add(dnsRow(ts, conn, dnsFields(rng, q, rtt, false)));
  ctx.resolver.cache.set(key, ts + Math.min(...(q.ttls.length ? q.ttls : [NEGATIVE_TTL])));
  return rtt;
}

function dnsFields(rng: Random, q: Query, rtt: number, authoritative: boolean) {
  return {
    proto: 'udp' as const,
    transId: rng.int(65536),
    rtt,
    query: q.name,
    qtype: QTYPE_CODES[q.qtype],
    qtypeName: q.qtype,
    rcode: q.nxdomain ? 3 : 0,
    rcodeName: q.nxdomain ? 'NXDOMAIN' : 'NOERROR',
    authoritative,
    recursionAvailable: true,
    answers: q.answers,
    ttls: q.ttls,
  };
}

/**
 * Resolve `q` for a workstation at `ts` unless its cache still holds the answer. Returns when the
 * answer is in hand (ts itself on a cache hit).
 */
export function lookup(ctx: SynthContext, host: HostDay, rng: Random, ts: number, q: Query): number {
  const key = `${q.qtype} ${q.name}`;
  const cache = host.state.dnsCache;
  const expiry = cache.get(key);
  if (expiry !== undefined && expiry > ts) return ts;
  const authoritative = q.authoritative ?? false;
  const upstream = authoritative ? 0 : forward(ctx, rng, ts + 0.0002, q);
  const rtt = upstream + logNormal(rng, 0.0004, 0.6);
  const [request, response] = dnsSizes(q);
  ctx.resolver.answered++;
  const conn = ctx.out.conn(rng, {
    ts,
    origH: host.ip,
    origP: randomPort(rng),
    respH: ctx.net.dc.ip,
    respP: 53,
    proto: 'udp',
    service: 'dns',
    duration: rtt,
    origBytes: request,
    respBytes: response,
  });
  ctx.out.add(dnsRow(ts, conn, dnsFields(rng, q, rtt, authoritative)));
  maybeWeird(ctx, rng, conn, 'DNS', 0.0008);
  cache.set(key, ts + (q.ttls.length ? Math.min(...q.ttls) : NEGATIVE_TTL));
  return ts + rtt;
}

const siteQueries = new WeakMap<Site, Query>();

/** The query that resolves an Internet site (through its CNAME, if it has one); built once per site. */
function siteQuery(site: Site): Query {
  let query = siteQueries.get(site);
  if (!query) {
    const answers = site.cname ? [site.cname, ...site.ips] : [...site.ips];
    const ttls = answers.map((_, i) => (site.cname && i === 0 ? site.ttl * 2 : site.ttl));
    query = { name: site.name, qtype: 'A', answers, ttls };
    siteQueries.set(site, query);
  }
  return query;
}

/**
 * Resolve a site; returns when the answer is in hand. Often Windows asks for IPv6 addresses in
 * parallel, which this IPv4-only office never gets (at most the CNAME).
 */
export function lookupSite(ctx: SynthContext, host: HostDay, rng: Random, ts: number, site: Site): number {
  const done = lookup(ctx, host, rng, ts, siteQuery(site));
  if (done > ts && rng.next() < 0.3) {
    const cname = site.cname ? [site.cname] : [];
    lookup(ctx, host, rng, ts + 0.0001, {
      name: site.name,
      qtype: 'AAAA',
      answers: cname,
      ttls: cname.map(() => site.ttl * 2),
    });
  }
  return done;
}

/** Resolve a host of the domain, answered by the DC from its zone. */
export function lookupInternal(
  ctx: SynthContext,
  host: HostDay,
  rng: Random,
  ts: number,
  fqdn: string,
  ip: string,
): number {
  return lookup(ctx, host, rng, ts, { name: fqdn, qtype: 'A', answers: [ip], ttls: [1200], authoritative: true });
}
