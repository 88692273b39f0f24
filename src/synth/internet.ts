/**
 * The Internet the office talks to: web sites with popularity, addresses, DNS answers and TLS
 * certificates, and the CDNs their pages pull from. Addresses and fingerprints come from the
 * seed, so two seeds give two different (but equally plausible) Internets.
 */
import { createRandom, type Random } from '../util/random.js';
import { intBetween, pick, randomHex } from './distributions.js';
import { deriveSeed, hashName } from './seeds.js';

export type SiteKind =
  | 'search'
  | 'cloud'
  | 'news'
  | 'dev'
  | 'social'
  | 'video'
  | 'business'
  | 'shopping'
  | 'reference'
  | 'cdn';

export interface Site {
  name: string;
  kind: SiteKind;
  /** Relative popularity across the office (each user reweights it). */
  weight: number;
  ips: string[];
  /** A CNAME the name resolves through, if any (CDN-hosted sites). */
  cname: string | null;
  ttl: number;
  /** SHA-256 fingerprints of the certificate chain served for TLS 1.2. */
  certChain: string[];
}

/** Popular sites: [name, kind, weight]. */
const SITES: ReadonlyArray<readonly [string, SiteKind, number]> = [
  ['www.google.com', 'search', 40],
  ['www.bing.com', 'search', 14],
  ['duckduckgo.com', 'search', 3],
  ['login.microsoftonline.com', 'cloud', 18],
  ['www.office.com', 'cloud', 8],
  ['northwind.sharepoint.com', 'cloud', 12],
  ['northwind-my.sharepoint.com', 'cloud', 5],
  ['graph.microsoft.com', 'cloud', 5],
  ['docs.google.com', 'cloud', 4],
  ['drive.google.com', 'cloud', 2],
  ['mail.google.com', 'cloud', 3],
  ['www.dropbox.com', 'cloud', 2],
  ['www.bbc.co.uk', 'news', 6],
  ['www.nytimes.com', 'news', 4],
  ['www.theguardian.com', 'news', 4],
  ['www.reuters.com', 'news', 3],
  ['edition.cnn.com', 'news', 3],
  ['news.ycombinator.com', 'news', 2],
  ['github.com', 'dev', 5],
  ['stackoverflow.com', 'dev', 5],
  ['learn.microsoft.com', 'dev', 4],
  ['developer.mozilla.org', 'dev', 2],
  ['docs.python.org', 'dev', 1],
  ['www.linkedin.com', 'social', 6],
  ['www.facebook.com', 'social', 3],
  ['x.com', 'social', 2],
  ['www.reddit.com', 'social', 3],
  ['www.youtube.com', 'video', 8],
  ['vimeo.com', 'video', 1],
  ['www.salesforce.com', 'business', 3],
  ['zoom.us', 'business', 3],
  ['slack.com', 'business', 3],
  ['app.asana.com', 'business', 2],
  ['www.adobe.com', 'business', 2],
  ['www.docusign.net', 'business', 1],
  ['www.amazon.com', 'shopping', 3],
  ['www.ebay.com', 'shopping', 1],
  ['www.paypal.com', 'shopping', 1],
  ['en.wikipedia.org', 'reference', 5],
  ['www.weather.com', 'reference', 2],
  ['www.timeanddate.com', 'reference', 1],
  ['translate.google.com', 'reference', 2],
];

/** Page resources from third parties: [name, weight]. */
const CDNS: ReadonlyArray<readonly [string, number]> = [
  ['fonts.googleapis.com', 8],
  ['fonts.gstatic.com', 8],
  ['ajax.googleapis.com', 3],
  ['www.googletagmanager.com', 9],
  ['www.google-analytics.com', 7],
  ['cdn.jsdelivr.net', 3],
  ['cdnjs.cloudflare.com', 4],
  ['static.licdn.com', 2],
  ['i.ytimg.com', 3],
  ['upload.wikimedia.org', 2],
  ['assets.adobedtm.com', 2],
  ['c.s-microsoft.com', 3],
  ['connect.facebook.net', 3],
  ['static.xx.fbcdn.net', 1],
  ['js.monitor.azure.com', 2],
  ['aadcdn.msftauth.net', 4],
];

const CNAME_SUFFIXES = [
  'edgekey.net',
  'akamaiedge.net',
  'cdn.cloudflare.net',
  'azureedge.net',
  'trafficmanager.net',
  'fastly.net',
];

/** A routable public IPv4 address (no private, loopback, CGNAT, link-local or multicast ranges). */
export function publicIp(rng: Random): string {
  for (;;) {
    const a = intBetween(rng, 1, 223);
    const b = rng.int(256);
    if (a === 10 || a === 127 || (a === 100 && b >= 64 && b < 128) || (a === 169 && b === 254)) continue;
    if ((a === 172 && b >= 16 && b < 32) || (a === 192 && b === 168)) continue;
    return `${a}.${b}.${rng.int(256)}.${intBetween(rng, 1, 254)}`;
  }
}

/** A site for `name`, its addresses and certificate drawn from a stream of its own. */
function makeSite(seed: number, name: string, kind: SiteKind, weight: number): Site {
  const rng = createRandom(deriveSeed(seed, hashName(name)));
  const ips = Array.from({ length: kind === 'cdn' || kind === 'search' ? 3 : intBetween(rng, 1, 2) }, () =>
    publicIp(rng),
  );
  const cname = rng.next() < 0.4 ? `${name.replace(/\./g, '-')}.${pick(rng, CNAME_SUFFIXES)}` : null;
  const ttl = pick(rng, [60, 120, 300, 300, 600, 1800, 3600]);
  const certChain = Array.from({ length: intBetween(rng, 2, 3) }, () => randomHex(rng, 64));
  return { name, kind, weight, ips, cname, ttl, certChain };
}

export interface Internet {
  sites: Site[];
  cdns: Site[];
  /** Sites and services by name (including the fixed SERVICES). */
  byName: Map<string, Site>;
}

/** Internet services that behaviours reach by name: Windows' own, Microsoft 365, a supplier's portal. */
export const SERVICES = {
  ncsi: 'www.msftconnecttest.com',
  ocsp: 'ocsp.digicert.com',
  crl: 'crl3.digicert.com',
  ctl: 'ctldl.windowsupdate.com',
  outlook: 'outlook.office365.com',
  teams: 'teams.microsoft.com',
  telemetry: 'v10.events.data.microsoft.com',
  settings: 'settings-win.data.microsoft.com',
  defender: 'wdcp.microsoft.com',
  push: 'client.wns.windows.com',
  vendorPortal: 'portal.contoso-supplies.com',
} as const;

export function buildInternet(seed: number): Internet {
  const sites = SITES.map(([name, kind, weight]) => makeSite(seed, name, kind, weight));
  const cdns = CDNS.map(([name, weight]) => makeSite(seed, name, 'cdn', weight));
  const services = Object.values(SERVICES).map((name) => makeSite(seed, name, 'cloud', 0));
  const byName = new Map<string, Site>();
  for (const site of [...sites, ...cdns, ...services]) byName.set(site.name, site);
  return { sites, cdns, byName };
}
