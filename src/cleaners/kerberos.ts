/**
 * kerberos: from the network alone it is hard to tell whether the KDC is compromised, but not whether
 * clients misbehave. Failed pre-authentication is left out of `sus_failure` as the original did (a
 * mistyped password and the normal first AS exchange both produce it); unknown principals and failed
 * integrity checks are not normal.
 */
import { Cleaner, type CleanerOptions } from './cleaner.js';
import { booleanFeature, categoricalFeature, type FeatureDef } from './features.js';
import { containsAny, isFalse, isIn } from './predicates.js';

export const kerberosFeatures: readonly FeatureDef[] = [
  booleanFeature({
    name: 'sus_failure',
    test: isIn('error_msg', ['KDC_ERR_S_PRINCIPAL_UNKNOWN', 'KDC_ERR_C_PRINCIPAL_UNKNOWN', 'KRB_AP_ERR_MODIFIED']),
    why: 'Unknown principals mean someone guessing user or service names; a modified message means a failed integrity check, as in replay or relay attacks.',
  }),
  booleanFeature({
    name: 'failed',
    test: isFalse('success'),
    why: 'Any failed request: runs of them are password spraying or misconfigured services.',
  }),
  categoricalFeature({
    name: 'request_type',
    column: 'request_type',
    topK: 4,
    why: 'AS requests log users on, TGS requests ask for service tickets; a burst of TGS requests for many services is Kerberoasting.',
  }),
  booleanFeature({
    name: 'weak_cipher',
    test: containsAny('cipher', ['rc4', 'des-']),
    why: 'RC4 and DES tickets are cracked offline (Kerberoasting, AS-REP roasting); modern domains use AES.',
  }),
];

export function kerberosCleaner(options: CleanerOptions = {}): Cleaner {
  return new Cleaner('kerberos', kerberosFeatures, options);
}
