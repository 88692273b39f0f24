/**
 * Which hosts (originator addresses) to look at first, from three signals: notables (a burst of anomalous
 * connections), the anomalous connections' scores, and the host's best beacon score (regular calls to one peer,
 * src/detect/beacon.ts). Per-connection scores cannot see a beacon — each of its connections is ordinary — and
 * a beacon score cannot see a one-off attack, so the order gives each a place of its own:
 *
 *  1. `notable+beacon`: a notable and a beacon score at or above `beaconCut`;
 *  2. `beacon`: a beacon score at or above `beaconCut`;
 *  3. `notable`: a notable;
 *  4. `anomalies`: at least one anomalous connection;
 *  5. `none`.
 * Within a tier: a larger weighted anomaly score, then more notables, then a higher beacon score, then a higher
 * maximum connection score, then the address.
 *
 * The weighted score sums the host's anomalous connections' scores, each divided by the number of hosts with an
 * anomaly of the same pattern (the connection's token sequence): what many hosts do at once is more likely a
 * fleet-wide habit (an update, a new service) than an intrusion, which shows on the hosts it reached. On the
 * synthetic seed-2 set, 27 workstations had the same rare conn word at 3.53 five to seven times each, and by the
 * plain sum six of them ranked above the exe download's host (4 anomalies of its own, up to 4.42); weighted, none
 * does. The weighted score comes before the count of notables because a shared habit raises notables too: on
 * the seed-5 set of 60 workstations, two hosts had two notables each made of the shared word (weighted 1–2),
 * ahead of four scenario hosts with one notable each (weighted 14–17,854). A worm on many hosts would be weighed
 * down the same way, but its notables still put its hosts in the notable tier, above every host without one.
 *
 * Lexicographic rather than weighted, so the `signal` column says exactly why a host is where it is. Beacons
 * come before notables because the model cannot raise a beacon's host at all and the beacon tier is small,
 * while notables grow with the acceptance rate (Markov notables on rita-missing-host days 2–3: 6 hosts at 0.01,
 * 33 at 0.1). With notables first, the rita beacon ranked 7th at 0.01 behind five scanners' notables; with
 * beacons first it ranks 2nd, behind the server, which has both.
 *
 * The default cut 0.95 lies between RITA 5's "medium" and "high" beacon bands (0.9 and 1.0). Hosts at or above
 * it: 2 on rita-missing-host (the server's NTP polling and the labelled beacon at 0.970), 1 on Stratosphere
 * 008 (the Windows host's Microsoft and ESET check-ins), none on the synthetic network. At 0.9 the synthetic
 * network's four days put 9 workstations there for their NetBIOS announcements to the subnet broadcast
 * 10.10.1.255, which the beacon scorer cannot tell from a host without the netmask, ahead of every notable.
 *
 * A notable counts for every address it holds (a host followed across DHCP leases counts for each of its
 * addresses), as notableHosts (src/detect/evaluate.ts) counts it. The unspecified addresses 0.0.0.0 and :: are
 * no host: every booting machine's DHCP DISCOVER comes from 0.0.0.0, so each workstation's morning notable
 * holds it, and on the synthetic network it ranked first with 7 notables of 7 different machines.
 */
import { ZeekseqError } from '../util/errors.js';
import type { BeaconRow } from './beacon.js';
import type { Notable } from './notables.js';

export const HOST_SIGNALS = ['notable+beacon', 'beacon', 'notable', 'anomalies', 'none'] as const;
export type HostSignal = (typeof HOST_SIGNALS)[number];

export const DEFAULT_BEACON_CUT = 0.95;

const NOT_A_HOST = new Set(['0.0.0.0', '::']);

export interface HostPriorityInput {
  /** `id.orig_h` per connection; null rows are left out. */
  origHosts: ArrayLike<string | null>;
  /** Score per connection, higher = more anomalous; -Infinity or NaN where a connection was not scored. */
  scores: ArrayLike<number>;
  /** Whether each connection is an anomaly (above the threshold). */
  anomalous: ArrayLike<boolean | number>;
  /**
   * Per connection, what it looked like (its distinct token sequence), or a negative number when unknown; an
   * anomaly's score weighs 1 / the number of hosts with an anomaly of its pattern. Without patterns every anomaly
   * weighs 1.
   */
  patterns?: ArrayLike<number>;
  notables: readonly Notable[];
  /** Beacon rows, e.g. beaconScores(...).rows; a host's best row as originator counts. */
  beacons: readonly BeaconRow[];
}

export interface HostPriorityOptions {
  /** Beacon score at or above which a host gets a beacon tier (default 0.95). */
  beaconCut?: number;
}

/** One row of hosts.csv. */
export interface HostPriorityRow {
  /** 1 = look first. */
  rank: number;
  host: string;
  /** The tier that put the host at its rank. */
  signal: HostSignal;
  notables: number;
  anomalies: number;
  /** Highest score of any of the host's connections (NaN when none was scored). */
  maxScore: number;
  /** Sum of the scores of the host's anomalous connections. */
  summedScore: number;
  /** The same sum with each score divided by the number of hosts with an anomaly of its pattern. */
  weightedScore: number;
  /** The host's best beacon score as originator (NaN when no pair of it was scored). */
  beaconScore: number;
  /** The destination of that best beacon pair. */
  beaconPeer: string | null;
}

type HostTally = Omit<HostPriorityRow, 'rank' | 'signal'>;

/** Every originator (and every host with a notable or beacon row), ranked; see the module comment. */
export function hostPriority(input: HostPriorityInput, options: HostPriorityOptions = {}): HostPriorityRow[] {
  const beaconCut = options.beaconCut ?? DEFAULT_BEACON_CUT;
  if (!(beaconCut >= 0 && beaconCut <= 1)) {
    throw new ZeekseqError(`host priority: beaconCut must be a score in [0, 1] (e.g. 0.95), got ${beaconCut}.`);
  }
  const n = input.origHosts.length;
  if (input.scores.length !== n || input.anomalous.length !== n || (input.patterns && input.patterns.length !== n)) {
    throw new ZeekseqError(
      `host priority: ${input.scores.length} scores, ${input.anomalous.length} anomaly flags and ${input.patterns?.length ?? 'no'} patterns for ${n} connections; give one of each per connection (patterns may be left out).`,
    );
  }
  const prevalence = anomalyPrevalence(input);

  const hosts = new Map<string, HostTally>();
  const tally = (host: string): HostTally | null => {
    if (NOT_A_HOST.has(host)) return null;
    let entry = hosts.get(host);
    if (!entry) {
      entry = {
        host,
        notables: 0,
        anomalies: 0,
        maxScore: Number.NaN,
        summedScore: 0,
        weightedScore: 0,
        beaconScore: Number.NaN,
        beaconPeer: null,
      };
      hosts.set(host, entry);
    }
    return entry;
  };
  for (let c = 0; c < n; c++) {
    const host = input.origHosts[c];
    if (host === null) continue;
    const entry = tally(host);
    if (!entry) continue;
    const score = input.scores[c];
    // -Infinity and NaN mark unscored connections: they neither raise the maximum nor add to the sum
    if (Number.isFinite(score) && !(score <= entry.maxScore)) entry.maxScore = score;
    if (input.anomalous[c]) {
      entry.anomalies++;
      if (Number.isFinite(score)) {
        entry.summedScore += score;
        const pattern = input.patterns ? input.patterns[c] : -1;
        entry.weightedScore += score / (pattern >= 0 ? (prevalence.get(pattern)?.size ?? 1) : 1);
      }
    }
  }
  for (const notable of input.notables) {
    for (const address of notable.addresses) {
      const entry = tally(address);
      if (entry) entry.notables++;
    }
  }
  for (const beacon of input.beacons) {
    const entry = tally(beacon.orig);
    if (entry && !(beacon.score <= entry.beaconScore)) {
      entry.beaconScore = beacon.score;
      entry.beaconPeer = beacon.resp;
    }
  }

  const tier = (t: HostTally): number => HOST_SIGNALS.indexOf(signalOf(t, beaconCut));
  const orNegative = (x: number) => (Number.isNaN(x) ? -Infinity : x);
  return [...hosts.values()]
    .map((t) => ({ t, tier: tier(t) }))
    .sort(
      (a, b) =>
        a.tier - b.tier ||
        b.t.weightedScore - a.t.weightedScore ||
        b.t.notables - a.t.notables ||
        orNegative(b.t.beaconScore) - orNegative(a.t.beaconScore) ||
        orNegative(b.t.maxScore) - orNegative(a.t.maxScore) ||
        (a.t.host < b.t.host ? -1 : a.t.host > b.t.host ? 1 : 0),
    )
    .map(({ t, tier }, i) => ({
      rank: i + 1,
      host: t.host,
      signal: HOST_SIGNALS[tier],
      notables: t.notables,
      anomalies: t.anomalies,
      maxScore: t.maxScore,
      summedScore: t.summedScore,
      weightedScore: t.weightedScore,
      beaconScore: t.beaconScore,
      beaconPeer: t.beaconPeer,
    }));
}

/** Per pattern, the hosts with an anomalous connection of it. */
function anomalyPrevalence(input: HostPriorityInput): Map<number, Set<string>> {
  const hosts = new Map<number, Set<string>>();
  const { patterns } = input;
  if (!patterns) return hosts;
  for (let c = 0; c < patterns.length; c++) {
    const host = input.origHosts[c];
    if (!input.anomalous[c] || patterns[c] < 0 || host === null || NOT_A_HOST.has(host)) continue;
    let set = hosts.get(patterns[c]);
    if (!set) {
      set = new Set();
      hosts.set(patterns[c], set);
    }
    set.add(host);
  }
  return hosts;
}

function signalOf(t: HostTally, beaconCut: number): HostSignal {
  const beacon = t.beaconScore >= beaconCut;
  if (t.notables > 0) return beacon ? 'notable+beacon' : 'notable';
  if (beacon) return 'beacon';
  return t.anomalies > 0 ? 'anomalies' : 'none';
}
