/**
 * rdp: remote desktop sessions. Negotiated security and the outcome distinguish a staff member's
 * client from scanners and brute-force tools, which also skip the cookie that mstsc sends.
 */
import { Cleaner, type CleanerOptions } from './cleaner.js';
import { booleanFeature, categoricalFeature, type FeatureDef } from './features.js';
import { isIn, isSet, negate } from './predicates.js';

export const rdpFeatures: readonly FeatureDef[] = [
  categoricalFeature({
    name: 'security_protocol',
    column: 'security_protocol',
    topK: 5,
    why: 'HYBRID (NLA) authenticates before a session opens; plain RDP security can be intercepted and is what old clients and tools fall back to.',
  }),
  categoricalFeature({
    name: 'result',
    column: 'result',
    topK: 6,
    why: 'Whether the connection was accepted: runs of failures are brute force or scanning.',
  }),
  booleanFeature({
    name: 'no_cookie',
    test: negate(isSet('cookie')),
    why: 'The Windows client sends a mstshash cookie naming the user; scanners and many brute-force tools do not.',
  }),
  booleanFeature({
    name: 'weak_encryption',
    test: isIn('encryption_level', ['None', 'Low', 'Client compatible']),
    why: 'Low or no RDP encryption exposes the session, and is only negotiated by old or deliberately weakened setups.',
  }),
];

export function rdpCleaner(options: CleanerOptions = {}): Cleaner {
  return new Cleaner('rdp', rdpFeatures, options);
}
