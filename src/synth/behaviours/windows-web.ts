/**
 * Windows' own plain-HTTP traffic: the connectivity probe (NCSI) after start-up and network
 * changes, certificate revocation checks (OCSP, CRLs) while the user browses, and the daily
 * fetch of the trusted-root list, all with Windows' user agents.
 */
import type { Random } from '../../util/random.js';
import { eventTimes, poweredAt, userLevel } from '../activity.js';
import { STREAMS, type HostDay, type SynthContext } from '../context.js';
import { chance, logNormal, pick, randomHex } from '../distributions.js';
import { SERVICES } from '../internet.js';
import { lookupSite } from './dns.js';
import { httpConnection, type HttpRequest } from './http.js';
import { maybeWeird } from './weird.js';

const CRYPTO_API = 'Microsoft-CryptoAPI/10.0';
const CRLS = [
  '/DigiCertGlobalRootG2.crl',
  '/DigiCertTLSRSASHA2562020CA1-4.crl',
  '/DigiCertGlobalG2TLSRSASHA2562020CA1-1.crl',
];

function fetch(
  ctx: SynthContext,
  host: HostDay,
  rng: Random,
  t: number,
  service: keyof typeof SERVICES,
  request: Omit<HttpRequest, 'host'>,
): void {
  const site = ctx.net.internet.byName.get(SERVICES[service])!;
  const at = lookupSite(ctx, host, rng, t, site);
  const conn = httpConnection(ctx, host, rng, at, { ip: pick(rng, site.ips), port: 80 }, [
    { ...request, host: site.name },
  ]);
  maybeWeird(ctx, rng, conn, 'HTTP', 0.004);
}

export function windowsWeb(ctx: SynthContext, host: HostDay, from: number, to: number): void {
  const rng = host.rng(STREAMS.windowsWeb);
  const { plan } = host;
  const probe = (t: number) =>
    fetch(ctx, host, rng, t, 'ncsi', {
      method: 'GET',
      uri: '/connecttest.txt',
      userAgent: 'Microsoft NCSI',
      status: 200,
      response: { length: 22, mime: 'text/plain' },
    });
  if (plan.boots && plan.on >= from && plan.on < to) probe(plan.on + logNormal(rng, 15, 0.3));
  host.state.every('ncsi', rng, from, to, 4 * 3600, 0.5, (t) => {
    if (poweredAt(plan, t)) probe(t);
  });
  // Revocation checks follow browsing, so they follow the user and --connections.
  for (const t of eventTimes(rng, from, to, 1.2 * host.ws.busyness * ctx.scale, (x) => userLevel(plan, x))) {
    if (chance(rng, 0.85)) {
      fetch(ctx, host, rng, t, 'ocsp', {
        method: 'POST',
        uri: '/',
        userAgent: CRYPTO_API,
        status: 200,
        requestBody: { length: 83, mime: 'application/ocsp-request' },
        response: { length: Math.round(logNormal(rng, 471, 0.15)), mime: 'application/ocsp-response' },
      });
    } else {
      fetch(ctx, host, rng, t, 'crl', {
        method: 'GET',
        uri: pick(rng, CRLS),
        userAgent: CRYPTO_API,
        status: 200,
        response: { length: Math.round(logNormal(rng, 1100, 0.5)), mime: 'application/pkix-crl' },
      });
    }
  }
  host.state.every('ctl', rng, from, to, 24 * 3600, 0.2, (t) => {
    if (!poweredAt(plan, t)) return;
    const fresh = chance(rng, 0.3);
    fetch(ctx, host, rng, t, 'ctl', {
      method: 'GET',
      uri: `/msdownload/update/v3/static/trustedr/en/authrootstl.cab?${randomHex(rng, 16)}`,
      userAgent: CRYPTO_API,
      status: fresh ? 200 : 304,
      response: fresh
        ? { length: Math.round(logNormal(rng, 6600, 0.05)), mime: 'application/vnd.ms-cab-compressed' }
        : undefined,
    });
  });
}
