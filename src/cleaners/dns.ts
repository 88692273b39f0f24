/**
 * dns: the original's port, response-code, AA, TC and resolved flags, plus what a hunter looks for in
 * DNS: record types that carry data (tunnelling) or map a network (zone transfers), long names, and
 * queries nobody answered. The original counted a query with no response as a "weird rcode"; here the
 * two are separate features, since an unanswered query is not a strange answer.
 */
import { Cleaner, type CleanerOptions } from './cleaner.js';
import { booleanFeature, numericFeature, type FeatureDef } from './features.js';
import { lengthOf } from './numeric.js';
import { hasOther, isIn, isSet, isTrue, negate } from './predicates.js';

export const dnsFeatures: readonly FeatureDef[] = [
  booleanFeature({
    name: 'safe_port',
    test: isIn('id.resp_p', [53, 5353, 5355]),
    why: 'DNS, mDNS and LLMNR use ports 53, 5353 and 5355; name lookups elsewhere are tunnels or other protocols dressed as DNS (or NetBIOS name service, which Zeek also logs here).',
  }),
  booleanFeature({
    name: 'weird_rcode',
    test: hasOther('rcode', [0, 1, 3]),
    why: 'Answers other than NOERROR, FORMERR and NXDOMAIN (SERVFAIL, REFUSED, NOTIMP ...) come from misbehaving or abused resolvers.',
  }),
  booleanFeature({
    name: 'unanswered',
    test: negate(isSet('rcode')),
    why: 'Queries that get no reply at all point at dead resolvers, blocked C2 domains or one-way broadcast lookups.',
  }),
  booleanFeature({
    name: 'AA',
    test: isTrue('AA'),
    why: "An authoritative answer comes from the zone's own server; internal clients normally get cached answers from their resolver.",
  }),
  booleanFeature({
    name: 'TC',
    test: isTrue('TC'),
    why: 'Truncated answers are too large for UDP, as with amplification responses or data stuffed into records.',
  }),
  booleanFeature({
    name: 'resolved',
    test: isSet('answers'),
    why: 'Whether the name resolved: malware cycling through generated domains produces long runs of names that do not.',
  }),
  booleanFeature({
    name: 'rejected',
    test: isTrue('rejected'),
    why: 'The server refused the query, as it does for clients outside its ACLs or probing for open resolvers.',
  }),
  booleanFeature({
    name: 'data_qtype',
    test: isIn('qtype_name', ['TXT', 'NULL', '*', 'AXFR', 'IXFR']),
    why: 'TXT and NULL records carry arbitrary data (DNS tunnelling, C2), ANY (*) feeds amplification, and zone transfers (AXFR, IXFR) map the network.',
  }),
  numericFeature({
    name: 'query_length',
    value: lengthOf('query'),
    why: 'Long names are typical of data encoded into subdomains (tunnelling, exfiltration) and of generated domains.',
  }),
];

export function dnsCleaner(options: CleanerOptions = {}): Cleaner {
  return new Cleaner('dns', dnsFeatures, options);
}
