/**
 * ssh: the content is encrypted, but the outcome of authentication, the number of attempts and the
 * client software separate an administrator from the brute-force bots that fill an exposed server's log.
 */
import { Cleaner, type CleanerOptions } from './cleaner.js';
import { booleanFeature, categoricalFeature, numericFeature, type FeatureDef } from './features.js';
import { col, log1p } from './numeric.js';
import { hasOther, isFalse, isTrue } from './predicates.js';

export const sshFeatures: readonly FeatureDef[] = [
  booleanFeature({
    name: 'auth_success',
    test: isTrue('auth_success'),
    why: 'A successful login: after a run of failures from the same source it is a brute force that worked.',
  }),
  booleanFeature({
    name: 'auth_failed',
    test: isFalse('auth_success'),
    why: 'Authentication was tried and failed, the signature of password guessing.',
  }),
  numericFeature({
    name: 'auth_attempts',
    value: log1p(col('auth_attempts', { fill: 0 })),
    why: 'Many attempts in one connection is credential stuffing; zero means the client only fingerprinted the server.',
  }),
  categoricalFeature({
    name: 'client',
    column: 'client',
    topK: 10,
    why: 'The client software banner: bot libraries (libssh, Go) differ from the OpenSSH and PuTTY of administrators.',
  }),
  categoricalFeature({
    name: 'direction',
    column: 'direction',
    topK: 2,
    why: 'Inbound logins are attacks on exposed servers; outbound ones from servers can be an intruder moving on.',
  }),
  booleanFeature({
    name: 'old_version',
    test: hasOther('version', [2]),
    why: 'SSH protocol 1 is broken and only old devices or attack tools speak it.',
  }),
];

export function sshCleaner(options: CleanerOptions = {}): Cleaner {
  return new Cleaner('ssh', sshFeatures, options);
}
