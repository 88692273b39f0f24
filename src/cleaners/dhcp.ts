/**
 * dhcp: how hosts get their addresses. The message pattern shows a normal lease, a renewal or trouble,
 * and a client that gives no host name is not a managed workstation. A dhcp row names its connections in
 * the set `uids`, so it becomes one output row per connection.
 */
import { Cleaner, type CleanerOptions } from './cleaner.js';
import { booleanFeature, categoricalFeature, numericFeature, type FeatureDef } from './features.js';
import { col, log1p } from './numeric.js';
import { isIn, isSet, negate } from './predicates.js';

export const dhcpFeatures: readonly FeatureDef[] = [
  categoricalFeature({
    name: 'exchange',
    column: 'msg_types',
    topK: 8,
    why: 'The message sequence (DISCOVER,OFFER,REQUEST,ACK for a new lease, REQUEST,ACK for a renewal, INFORM,ACK ...): unusual sequences are misconfigured or rogue clients.',
  }),
  booleanFeature({
    name: 'refused',
    test: isIn('msg_types', ['NAK', 'DECLINE']),
    why: 'A NAK or DECLINE means an address conflict, a client on the wrong network, or a rogue DHCP server.',
  }),
  booleanFeature({
    name: 'no_host_name',
    test: negate(isSet('host_name')),
    why: 'Managed workstations send their host name; devices that do not are unmanaged, IoT, or deliberately quiet.',
  }),
  numericFeature({
    name: 'lease_time',
    value: log1p(col('lease_time')),
    why: 'The lease a server grants is fixed by its configuration; a different lease length points at a different (possibly rogue) server.',
  }),
];

export function dhcpCleaner(options: CleanerOptions = {}): Cleaner {
  return new Cleaner('dhcp', dhcpFeatures, options);
}
