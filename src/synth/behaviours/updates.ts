/**
 * Windows Update against the office's WSUS server (HTTP on port 8530): the update agent's SOAP
 * calls about once a day, downloads of update packages by BITS, and Defender's signature
 * packages, which arrive as executables from the internal server.
 */
import type { Random } from '../../util/random.js';
import { poweredAt } from '../activity.js';
import { STREAMS, type HostDay, type SynthContext } from '../context.js';
import { chance, intBetween, logNormal, randomHex } from '../distributions.js';
import { lookupInternal } from './dns.js';
import { httpConnection, type HttpRequest } from './http.js';

const AGENT = 'Windows-Update-Agent/10.0.10011.16384 Client-Protocol/2.50';
const BITS = 'Microsoft BITS/7.8';
const WSUS_PORT = 8530;

function soap(host: string, uri: string, rng: Random, gap: number): HttpRequest {
  return {
    method: 'POST',
    host,
    uri,
    userAgent: AGENT,
    status: 200,
    gap,
    requestBody: { length: Math.round(logNormal(rng, 2500, 0.6)), mime: 'text/xml' },
    response: { length: Math.round(logNormal(rng, 9000, 1.1)), mime: 'text/xml' },
  };
}

function content(host: string, rng: Random, extension: 'cab' | 'exe'): HttpRequest {
  const uri = `/Content/${randomHex(rng, 2).toUpperCase()}/${randomHex(rng, 40).toUpperCase()}.${extension}`;
  const length = Math.round(extension === 'exe' ? logNormal(rng, 1_200_000, 0.5) : logNormal(rng, 3_000_000, 1.2));
  const hashes =
    extension === 'exe' ? { md5: randomHex(rng, 32), sha1: randomHex(rng, 40), sha256: randomHex(rng, 64) } : undefined;
  return {
    method: 'GET',
    host,
    uri,
    userAgent: BITS,
    status: 200,
    gap: logNormal(rng, 2, 1),
    response:
      extension === 'exe'
        ? { length, mime: 'application/x-dosexec', analyzers: ['PE', 'MD5', 'SHA1', 'SHA256'], hashes }
        : { length, mime: 'application/vnd.ms-cab-compressed' },
  };
}

function check(ctx: SynthContext, host: HostDay, rng: Random, t: number): void {
  const server = ctx.net.updateServer;
  const name = `${server.name.toLowerCase()}.${ctx.net.domain}:${WSUS_PORT}`;
  const at = lookupInternal(ctx, host, rng, t, server.fqdn, server.ip);
  const calls = ['GetCookie', 'SyncUpdates', 'SyncUpdates', 'GetExtendedUpdateInfo'].slice(0, intBetween(rng, 2, 4));
  const requests = calls.map((_, i) =>
    soap(name, '/ClientWebService/client.asmx', rng, i === 0 ? 0 : logNormal(rng, 0.3, 0.8)),
  );
  requests.push(soap(name, '/ReportingWebService/ReportingWebService.asmx', rng, logNormal(rng, 1, 0.8)));
  const end = httpConnection(ctx, host, rng, at, { ip: server.ip, port: WSUS_PORT }, requests).end;
  const downloads: HttpRequest[] = [];
  if (chance(rng, 0.6)) downloads.push(content(name, rng, 'exe')); // Defender signatures, most days
  if (chance(rng, 0.25)) for (let i = intBetween(rng, 1, 3); i > 0; i--) downloads.push(content(name, rng, 'cab'));
  if (downloads.length > 0)
    httpConnection(ctx, host, rng, end + logNormal(rng, 20, 1), { ip: server.ip, port: WSUS_PORT }, downloads);
}

export function updates(ctx: SynthContext, host: HostDay, from: number, to: number): void {
  const rng = host.rng(STREAMS.updates);
  host.state.every('wsus', rng, from, to, 22 * 3600, 0.2, (t) => {
    if (poweredAt(host.plan, t)) check(ctx, host, rng, t);
  });
}
