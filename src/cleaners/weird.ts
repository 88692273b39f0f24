/**
 * weird: protocol violations Zeek noticed. Most are harmless (checksum offload, split routing) and rare,
 * so flagging every weird would raise a notable each time; the name is kept as a category and a short
 * list of weirds that crafted packets, scanners and exploits produce is flagged, as the original planned.
 */
import { Cleaner, type CleanerOptions } from './cleaner.js';
import { booleanFeature, categoricalFeature, type FeatureDef } from './features.js';
import { isIn, isTrue } from './predicates.js';

/** Weirds that normal stacks do not produce: crafted packets, evasion, exploit and scanner traffic. */
export const MALICIOUS_WEIRDS = [
  'TCP_christmas',
  'baroque_SYN',
  'SYN_with_data',
  'SYN_seq_jump',
  'connection_originator_SYN_ack',
  'fragment_overlap',
  'fragment_inconsistency',
  'excessively_small_fragment',
  'excessively_large_fragment',
  'bad_HTTP_request',
  'unknown_HTTP_method',
  'DNS_unknown_opcode',
  'DNS_RR_length_mismatch',
  'unknown_dce_rpc_auth_type',
  'ssh_unknown_kex_algorithm',
];

export const weirdFeatures: readonly FeatureDef[] = [
  categoricalFeature({
    name: 'name',
    column: 'name',
    topK: 20,
    why: 'Which violation it was: each weird has its own meaning, and the common ones at a site are its normal background.',
  }),
  booleanFeature({
    name: 'probably_malicious',
    test: isIn('name', MALICIOUS_WEIRDS),
    why: 'Xmas and odd-flag SYNs, overlapping fragments and malformed requests come from scanners, evasion and exploit tools, not from ordinary stacks.',
  }),
  booleanFeature({
    name: 'notice',
    test: isTrue('notice'),
    why: "The site's Zeek policy raised this weird to a notice, i.e. someone already decided it matters.",
  }),
];

export function weirdCleaner(options: CleanerOptions = {}): Cleaner {
  return new Cleaner('weird', weirdFeatures, options);
}
