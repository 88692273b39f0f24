/**
 * TLS sessions as Zeek's ssl.log sees them. Browsers negotiate TLS 1.3 where the server offers
 * it (certificates then travel encrypted, so no fingerprints are logged); Windows' own TLS stack
 * on Windows 10 (Outlook, Teams, system services) stops at TLS 1.2.
 */
import type { Random } from '../../util/random.js';
import type { Conn, ConnState } from '../conn.js';
import type { HostDay, SynthContext } from '../context.js';
import { logNormal, pick } from '../distributions.js';
import { sslRow } from '../logs.js';
import { hashName } from '../seeds.js';

export interface TlsServer {
  /** SNI the client sends (null when it connects by address). */
  name: string | null;
  ip: string;
  port?: number;
  certChain: string[];
  /** Whether the certificate names the SNI (default: it does). */
  sniMatchesCert?: boolean;
}

/** Typical size and length of a session: medians, spread of their logarithm. */
export interface TlsProfile {
  origBytes: number;
  respBytes: number;
  duration: number;
  sigma: number;
}

export type TlsClient = 'browser' | 'schannel';

const TLS12_CIPHERS = [
  'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
];

/** A server's fixed choices, derived from its name so that they hold across sessions and days. */
function serverTraits(server: TlsServer): { tls13: boolean; cipher: string; curve: string } {
  const h = hashName(server.name ?? server.ip);
  return {
    tls13: h % 10 < 7,
    cipher: TLS12_CIPHERS[(h >>> 4) % TLS12_CIPHERS.length],
    curve: (h >>> 8) % 5 === 0 ? 'secp256r1' : 'x25519',
  };
}

/** Outcomes of ordinary sessions: mostly clean closes, some aborted by either side, a few unanswered. */
function sessionState(rng: Random): ConnState {
  const u = rng.next();
  return u < 0.88 ? 'SF' : u < 0.945 ? 'RSTO' : u < 0.997 ? 'RSTR' : 'S0';
}

/** One TLS connection: the conn row and (if the server answered) its ssl row. */
export function tlsSession(
  ctx: SynthContext,
  host: HostDay,
  rng: Random,
  ts: number,
  server: TlsServer,
  profile: TlsProfile,
  client: TlsClient,
  state: ConnState = sessionState(rng),
): Conn {
  const traits = serverTraits(server);
  const tls13 = client === 'browser' && traits.tls13;
  const resumed = rng.next() < (tls13 ? 0.45 : 0.25);
  const origBytes = Math.round(Math.max(517, logNormal(rng, profile.origBytes, profile.sigma)));
  const respBytes = Math.round(
    Math.max(resumed || tls13 ? 250 : 2800, logNormal(rng, profile.respBytes, profile.sigma)),
  );
  const conn = ctx.out.conn(rng, {
    ts,
    origH: host.ip,
    origP: host.nextPort(rng),
    respH: server.ip,
    respP: server.port ?? 443,
    proto: 'tcp',
    service: state === 'S0' ? null : 'ssl',
    duration: logNormal(rng, profile.duration, profile.sigma * 0.8),
    origBytes,
    respBytes,
    state,
  });
  if (state === 'S0') return conn; // the server never answered: no handshake to log
  const hello = ts + logNormal(rng, 0.03, 0.5);
  ctx.out.add(
    sslRow(hello, conn, {
      version: tls13 ? 'TLSv13' : 'TLSv12',
      cipher: tls13 ? (traits.curve === 'x25519' ? 'TLS_AES_128_GCM_SHA256' : 'TLS_AES_256_GCM_SHA384') : traits.cipher,
      curve: traits.curve,
      serverName: server.name,
      resumed,
      nextProtocol: client === 'browser' ? pick(rng, ['h2', 'h2', 'h2', 'http/1.1']) : null,
      established: true,
      history: tls13 || resumed ? 'CsiI' : 'CsxknGIi',
      certFingerprints: tls13 || resumed ? [] : server.certChain,
      sniMatchesCert: tls13 || resumed || server.name === null ? null : (server.sniMatchesCert ?? true),
    }),
  );
  return conn;
}
