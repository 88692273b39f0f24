/**
 * conn: the shape of every connection, whatever its protocol. Formulas are the original project's, so a
 * conn cleaner fitted on the same rows reproduces its feature matrix: unset durations, byte and packet
 * counts count as 0, and the +1 / +1e-9 in the denominators keep empty directions finite.
 */
import { Cleaner, type CleanerOptions } from './cleaner.js';
import { booleanFeature, categoricalFeature, numericFeature, type FeatureDef } from './features.js';
import { col, log1p, ratio } from './numeric.js';
import { isIn, isSet, isTrue } from './predicates.js';

const zero = { fill: 0 };
const origBytes = col('orig_bytes', zero);
const respBytes = col('resp_bytes', zero);
const origPkts = col('orig_pkts', zero);
const respPkts = col('resp_pkts', zero);

export const connFeatures: readonly FeatureDef[] = [
  numericFeature({
    name: 'duration',
    value: col('duration', zero),
    why: 'Long-lived sessions (tunnels, C2 channels, exfiltration) stand apart from the short request/response exchanges that make up most traffic.',
  }),
  numericFeature({
    name: 'byte_ratio',
    value: log1p(ratio(origBytes, respBytes, 1)),
    why: 'Clients normally receive more than they send; an originator that uploads far more than it downloads suggests exfiltration or a reverse shell.',
  }),
  numericFeature({
    name: 'packet_ratio',
    value: log1p(ratio(origPkts, respPkts, 1)),
    why: 'Packets sent for each packet received separate one-sided traffic (scans, floods, unanswered beacons) from conversations.',
  }),
  numericFeature({
    name: 'orig_pkts',
    value: origPkts,
    why: 'How much the originator said: a handful of packets is a probe or beacon, thousands a bulk transfer.',
  }),
  numericFeature({
    name: 'resp_pkts',
    value: respPkts,
    why: 'How much the responder answered: zero means nobody listened, which is what scans look like.',
  }),
  numericFeature({
    name: 'orig_pkt_size',
    value: log1p(ratio(origBytes, origPkts, 1e-9)),
    why: 'Mean payload per originator packet: fixed-size beacons and keep-alives repeat one size, bulk uploads fill packets.',
  }),
  numericFeature({
    name: 'resp_pkt_size',
    value: log1p(ratio(respBytes, respPkts, 1e-9)),
    why: 'Mean payload per responder packet: small for acknowledgements and errors, large for downloads.',
  }),
  categoricalFeature({
    name: 'proto',
    column: 'proto',
    encoding: 'one-hot',
    why: 'Transport protocol: TCP, UDP and ICMP traffic behave so differently that their sizes and states only compare within one protocol.',
  }),
  booleanFeature({
    name: 'good_history',
    test: isIn('conn_state', ['SF', 'RSTO', 'RSTR']),
    why: 'A normal setup and teardown (SF, or a reset after data) versus half-open, rejected or unanswered attempts typical of scanning and failing C2.',
  }),
  booleanFeature({
    name: 'local_orig',
    test: isTrue('local_orig'),
    why: 'Whether an inside host started the connection: inbound and outbound traffic carry different risks.',
  }),
  booleanFeature({
    name: 'local_resp',
    test: isTrue('local_resp'),
    why: 'Whether the responder is inside: internal-to-internal traffic is where lateral movement happens.',
  }),
  booleanFeature({
    name: 'in_tunnel',
    test: isSet('tunnel_parents'),
    why: 'Traffic inside a tunnel (VXLAN, GRE, Teredo ...) is hidden from perimeter controls and worth setting apart.',
  }),
];

export function connCleaner(options: CleanerOptions = {}): Cleaner {
  return new Cleaner('conn', connFeatures, options);
}
