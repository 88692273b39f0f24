/**
 * ntlm: in a Kerberos domain NTLM is the fallback, and each use of it says something: a host addressed
 * by IP, a legacy system, or a relay or pass-the-hash attack. The features are the outcome and who
 * authenticated.
 */
import { Cleaner, type CleanerOptions } from './cleaner.js';
import { booleanFeature, type FeatureDef } from './features.js';
import { isFalse, isSet, negate } from './predicates.js';

export const ntlmFeatures: readonly FeatureDef[] = [
  booleanFeature({
    name: 'failed',
    test: isFalse('success'),
    why: 'Failed NTLM logons in runs are password spraying and brute force.',
  }),
  booleanFeature({
    name: 'anonymous',
    test: negate(isSet('username')),
    why: 'No user name: anonymous (null-session) logons, used to enumerate users and shares.',
  }),
  booleanFeature({
    name: 'no_domain',
    test: negate(isSet('domainname')),
    why: 'A logon without a domain uses a local account, which is how pass-the-hash with a local administrator hash looks.',
  }),
];

export function ntlmCleaner(options: CleanerOptions = {}): Cleaner {
  return new Cleaner('ntlm', ntlmFeatures, options);
}
