/**
 * ldap: directory traffic, mostly domain members binding and searching. Cleartext binds, refused
 * operations and writes to the directory are what an analyst picks out of it.
 */
import { Cleaner, type CleanerOptions } from './cleaner.js';
import { booleanFeature, categoricalFeature, type FeatureDef } from './features.js';
import { hasOther, isIn } from './predicates.js';

export const ldapFeatures: readonly FeatureDef[] = [
  categoricalFeature({
    name: 'opcode',
    column: 'opcode',
    topK: 10,
    why: 'Bind, search, modify, add, delete ...: what the client did to the directory.',
  }),
  booleanFeature({
    name: 'simple_bind',
    test: isIn('opcode', ['bind simple']),
    why: 'A simple bind sends the password in clear text unless the connection is wrapped in TLS.',
  }),
  booleanFeature({
    name: 'write',
    test: isIn('opcode', ['add', 'modify', 'delete']),
    why: 'Directory writes (new accounts, group membership, ACL changes) are how intruders keep and widen access.',
  }),
  booleanFeature({
    name: 'denied',
    test: isIn('result', [
      'invalid credentials',
      'inappropriate authentication',
      'insufficient access rights',
      'authorization denied',
      'stronger auth required',
      'confidentiality required',
      'unwilling to perform',
    ]),
    why: 'Refused binds and operations mean wrong passwords or someone reaching beyond their rights.',
  }),
  booleanFeature({
    name: 'old_version',
    test: hasOther('version', [3]),
    why: 'LDAPv2 is obsolete; only old software and some tools still speak it.',
  }),
];

export function ldapCleaner(options: CleanerOptions = {}): Cleaner {
  return new Cleaner('ldap', ldapFeatures, options);
}
