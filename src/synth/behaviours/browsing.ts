/**
 * Users browsing the web: sessions arrive with the user's rhythm; each resolves a site the user
 * likes, opens a few parallel TLS connections, and pulls resources from third-party CDNs. Now
 * and then a user visits the supplier's old portal that still serves plain HTTP, where pages,
 * scripts and images show up in http.log and documents are downloaded (files.log).
 */
import type { Random } from '../../util/random.js';
import { eventTimes, userLevel } from '../activity.js';
import { STREAMS, type HostDay, type SynthContext } from '../context.js';
import { chance, intBetween, pick, poisson, randomLabel, uniform, weighted } from '../distributions.js';
import { SERVICES, type Internet, type Site, type SiteKind } from '../internet.js';
import type { Browser, Workstation } from '../network.js';
import { lookupSite } from './dns.js';
import { httpConnection, type HttpRequest } from './http.js';
import { tlsSession, type TlsProfile } from './tls.js';

/** Browser user agents on Windows 10 in early 2024. */
const USER_AGENTS: Record<Browser, string> = {
  edge: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36 Edg/122.0.2365.66',
  chrome:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36',
  firefox: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:123.0) Gecko/20100101 Firefox/123.0',
};

/** Session sizes by kind of site (medians: bytes up, bytes down, seconds). */
const PROFILES: Record<SiteKind, TlsProfile> = {
  search: { origBytes: 1800, respBytes: 45_000, duration: 12, sigma: 0.9 },
  cloud: { origBytes: 4000, respBytes: 60_000, duration: 35, sigma: 1.1 },
  news: { origBytes: 2200, respBytes: 350_000, duration: 25, sigma: 1 },
  dev: { origBytes: 1900, respBytes: 120_000, duration: 20, sigma: 1 },
  social: { origBytes: 2600, respBytes: 250_000, duration: 40, sigma: 1.1 },
  video: { origBytes: 9000, respBytes: 4_000_000, duration: 150, sigma: 1.2 },
  business: { origBytes: 5000, respBytes: 90_000, duration: 45, sigma: 1 },
  shopping: { origBytes: 2400, respBytes: 300_000, duration: 25, sigma: 1 },
  reference: { origBytes: 1500, respBytes: 80_000, duration: 15, sigma: 0.9 },
  cdn: { origBytes: 900, respBytes: 35_000, duration: 6, sigma: 1 },
};

/** Web sessions an hour for a user at the desk (before busyness and scale). */
const SESSIONS_PER_HOUR = 4;
const PORTAL_SHARE = 0.05;

const pickers = new WeakMap<Workstation, (rng: Random) => Site>();

function sitePicker(ctx: SynthContext, ws: Workstation): (rng: Random) => Site {
  let picker = pickers.get(ws);
  if (!picker) {
    picker = weighted(ctx.net.internet.sites, ws.siteWeights);
    pickers.set(ws, picker);
  }
  return picker;
}

const cdnPickers = new WeakMap<Internet, (rng: Random) => Site>();

function pickCdn(ctx: SynthContext, rng: Random): Site {
  const internet = ctx.net.internet;
  let picker = cdnPickers.get(internet);
  if (!picker) {
    picker = weighted(
      internet.cdns,
      internet.cdns.map((s) => s.weight),
    );
    cdnPickers.set(internet, picker);
  }
  return picker(rng);
}

function visitSite(ctx: SynthContext, host: HostDay, rng: Random, t: number): void {
  const site = sitePicker(ctx, host.ws)(rng);
  const at = lookupSite(ctx, host, rng, t, site);
  const connections = 1 + poisson(rng, 1.2);
  for (let i = 0; i < connections; i++) {
    tlsSession(
      ctx,
      host,
      rng,
      at + i * uniform(rng, 0.005, 0.3),
      { name: site.name, ip: pick(rng, site.ips), certChain: site.certChain },
      PROFILES[site.kind],
      'browser',
    );
  }
  const resources = site.kind === 'cloud' ? poisson(rng, 0.3) : poisson(rng, 1);
  for (let i = 0; i < resources; i++) {
    const cdn = pickCdn(ctx, rng);
    const start = at + uniform(rng, 0.05, 1.5);
    const ready = lookupSite(ctx, host, rng, start, cdn);
    tlsSession(
      ctx,
      host,
      rng,
      ready,
      { name: cdn.name, ip: pick(rng, cdn.ips), certChain: cdn.certChain },
      PROFILES.cdn,
      'browser',
    );
  }
}

const PORTAL_ITEMS = ['pumps', 'valves', 'fittings', 'gaskets', 'bearings', 'filters', 'seals', 'hoses'];
const DOWNLOADS: ReadonlyArray<readonly [string, string, number]> = [
  ['pdf', 'application/pdf', 400_000],
  ['zip', 'application/zip', 2_000_000],
  ['xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 90_000],
  ['docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 120_000],
];

function visitPortal(ctx: SynthContext, host: HostDay, rng: Random, t: number): void {
  const site = ctx.net.internet.byName.get(SERVICES.vendorPortal)!;
  const at = lookupSite(ctx, host, rng, t, site);
  const ua = USER_AGENTS[host.ws.browser];
  const item = pick(rng, PORTAL_ITEMS);
  const page = `http://${site.name}/catalog/${item}.html`;
  const size = (median: number) => Math.round(median * Math.exp(0.5 * (rng.next() - 0.5)));
  const requests: HttpRequest[] = [
    {
      method: 'GET',
      host: site.name,
      uri: `/catalog/${item}.html`,
      userAgent: ua,
      status: 200,
      response: { length: size(24_000), mime: 'text/html' },
    },
    {
      method: 'GET',
      host: site.name,
      uri: '/static/site.css',
      userAgent: ua,
      referrer: page,
      status: chance(rng, 0.5) ? 304 : 200,
      gap: 0.05,
    },
    {
      method: 'GET',
      host: site.name,
      uri: '/static/app.js',
      userAgent: ua,
      referrer: page,
      status: 200,
      gap: 0.02,
      response: { length: size(60_000), mime: 'application/javascript' },
    },
  ];
  if (requests[1].status === 200) requests[1].response = { length: size(9000), mime: 'text/css' };
  for (let i = intBetween(rng, 1, 5); i > 0; i--) {
    const jpeg = chance(rng, 0.6);
    requests.push({
      method: 'GET',
      host: site.name,
      uri: `/img/${item}/${randomLabel(rng, 8)}.${jpeg ? 'jpg' : 'png'}`,
      userAgent: ua,
      referrer: page,
      status: 200,
      gap: uniform(rng, 0, 0.2),
      response: { length: size(jpeg ? 45_000 : 12_000), mime: jpeg ? 'image/jpeg' : 'image/png' },
    });
  }
  if (chance(rng, 0.35)) {
    const [ext, mime, median] = pick(rng, DOWNLOADS);
    const filename = `${item}-${pick(rng, ['datasheet', 'pricelist', 'catalogue', 'spec'])}-2024.${ext}`;
    requests.push({
      method: 'GET',
      host: site.name,
      uri: `/downloads/${filename}`,
      userAgent: ua,
      referrer: page,
      status: 200,
      gap: uniform(rng, 5, 60),
      response: { length: size(median), mime, filename },
    });
  }
  if (chance(rng, 0.05))
    requests.push({
      method: 'GET',
      host: site.name,
      uri: `/catalog/${item}-old.html`,
      userAgent: ua,
      referrer: page,
      status: 404,
      gap: uniform(rng, 2, 20),
      response: { length: 1245, mime: 'text/html' },
    });
  httpConnection(ctx, host, rng, at, { ip: pick(rng, site.ips), port: 80 }, requests);
}

/** Browsing for one host over [from, to). */
export function browsing(ctx: SynthContext, host: HostDay, from: number, to: number): void {
  const rng = host.rng(STREAMS.browsing);
  const rate = SESSIONS_PER_HOUR * host.ws.busyness * ctx.scale;
  for (const t of eventTimes(rng, from, to, rate, (x) => userLevel(host.plan, x))) {
    if (chance(rng, PORTAL_SHARE)) visitPortal(ctx, host, rng, t);
    else visitSite(ctx, host, rng, t);
  }
}
