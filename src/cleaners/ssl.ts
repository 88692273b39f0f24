/**
 * ssl: everything inside is encrypted, so the features are about the handshake: port, outcome,
 * protocol version and cipher, alerts, and whether the client named a server. The original counted an
 * unset version as odd and required "ECDH" and "GCM" in the cipher name; TLS 1.3 suites (always
 * ephemeral and AEAD) count as modern here too.
 */
import { Cleaner, type CleanerOptions } from './cleaner.js';
import { booleanFeature, type FeatureDef } from './features.js';
import {
  allOf,
  anyOf,
  containsAny,
  hasOther,
  isFalse,
  isIn,
  isSet,
  isTrue,
  matchesPattern,
  negate,
} from './predicates.js';

export const sslFeatures: readonly FeatureDef[] = [
  booleanFeature({
    name: 'safe_port',
    test: isIn('id.resp_p', [443]),
    why: 'TLS on a port other than 443 is common for C2 (Trickbot uses 447 and 449) and for services that should be inventoried.',
  }),
  booleanFeature({
    name: 'established',
    test: isTrue('established'),
    why: 'A completed handshake; failed handshakes come from scanners, blocked C2 and protocol mismatches.',
  }),
  booleanFeature({
    name: 'resumed',
    test: isTrue('resumed'),
    why: 'Session resumption is what browsers do on repeat visits; implants with their own TLS stack rarely do.',
  }),
  booleanFeature({
    name: 'odd_version',
    test: hasOther('version', ['TLSv12', 'TLSv13']),
    why: 'SSLv3, TLS 1.0 and 1.1 are obsolete: old malware, old embedded devices, or downgrade attacks.',
  }),
  booleanFeature({
    name: 'ecdhe_gcm',
    test: anyOf(
      allOf(containsAny('cipher', ['ECDHE']), containsAny('cipher', ['GCM', 'CHACHA20'])),
      matchesPattern('cipher', /^TLS_(AES|CHACHA20)_/),
    ),
    why: 'Modern clients negotiate ephemeral elliptic-curve keys with an AEAD cipher; CBC, static RSA and DHE suites point at old or custom TLS stacks.',
  }),
  booleanFeature({
    name: 'alert',
    test: isSet('last_alert'),
    why: 'A TLS alert (bad_record_mac, protocol_version, unknown_ca ...) means the handshake or session went wrong.',
  }),
  booleanFeature({
    name: 'no_sni',
    test: negate(isSet('server_name')),
    why: 'Browsers always send the server name; TLS to a bare IP without SNI is typical of C2.',
  }),
  booleanFeature({
    name: 'sni_mismatch',
    test: isFalse('sni_matches_cert'),
    why: 'The certificate does not match the name asked for: self-signed C2, interception, or domain fronting.',
  }),
];

export function sslCleaner(options: CleanerOptions = {}): Cleaner {
  return new Cleaner('ssl', sslFeatures, options);
}
