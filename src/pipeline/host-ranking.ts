/**
 * Host rankings judged against labels, as `zeekseq evaluate` and `zeekseq quality` report them beside the
 * connection and host metrics: per scorer, the host priority of hosts.csv (src/detect/host-priority.ts) built from
 * that scorer's anomalies and notables; and the hosts ranked by the beacon scorer alone. An analyst reads hosts.csv
 * from the top, so what matters is how far down the malicious hosts are, not only whether they have a notable.
 */
import type { BeaconResult, BeaconRow } from '../detect/beacon.js';
import { hostPriority, type HostPriorityOptions } from '../detect/host-priority.js';
import type { AlignedLabels } from '../detect/labels.js';
import { averagePrecision, rocAuc } from '../detect/metrics.js';
import type { Notable } from '../detect/notables.js';
import type { Detection } from './detection.js';
import type { EvaluationConnections } from './scorers.js';
import { typedFrom } from '../util/typed-from.js';

/** A host ranking judged against the labels (NaN without them) and where the watched hosts land. */
export interface HostRanking {
  hosts: number;
  averagePrecision: number;
  rocAuc: number;
  /** 1-based rank of each watched host; null when it is not ranked. */
  watched: Record<string, number | null>;
  /**
   * Hosts not labelled malicious that rank above the last labelled malicious host: how many others an analyst
   * reads before every attack is found (null without labels or when a malicious host is not ranked at all).
   */
  othersAbove: number | null;
}

/** Hosts ranked by their best beacon score alone, with how many pairs the beacon scorer saw and scored. */
export type BeaconRanking = HostRanking & { pairs: number; scored: number };

/** Hosts in `order` (first = look first) judged against the labels. */
export function rankingOf(
  order: readonly string[],
  labels: AlignedLabels | undefined,
  watch: readonly string[],
): HostRanking {
  const score = order.map((_, i) => order.length - i);
  const truth = order.map((host) => (labels?.hosts.has(host) ? 1 : 0));
  const position = new Map(order.map((host, i) => [host, i + 1]));
  const last = labels ? Math.max(...[...labels.hosts.keys()].map((host) => position.get(host) ?? Infinity)) : NaN;
  const othersAbove = Number.isFinite(last) ? truth.slice(0, last).filter((t) => t === 0).length : null;
  return {
    othersAbove,
    hosts: order.length,
    averagePrecision: labels ? averagePrecision(score, truth) : NaN,
    rocAuc: labels ? rocAuc(score, truth) : NaN,
    watched: Object.fromEntries(watch.map((ip) => [ip, position.get(ip) ?? null])),
  };
}

/** What the host priority of every scorer on one detection shares. */
export interface PriorityContext {
  connections: EvaluationConnections;
  /** Each evaluation connection's distinct token sequence (-1 where it was not scored): its anomaly pattern. */
  patterns: Int32Array;
  /** Beacon rows of the detection's conn log, e.g. beaconScores(beaconInputOf(detection.rawConn)).rows. */
  beacons: readonly BeaconRow[];
}

/** The priority context of a detection's evaluation connections, derived once for all its scorers. */
export function priorityContext(
  detection: Detection,
  connections: EvaluationConnections,
  beacons: readonly BeaconRow[],
): PriorityContext {
  const { distinctOf } = detection.tokenized.sequences;
  const patterns = typedFrom(Int32Array, connections.scoredIndex, (c) => (c < 0 ? -1 : distinctOf[c]));
  return { connections, patterns, beacons };
}

export interface PrioritySettings extends HostPriorityOptions {
  watchIps?: readonly string[];
}

/**
 * The host priority of hosts.csv with one scorer's anomalies (`anomalous`, one flag per evaluation connection)
 * and the notables its evaluation raised from them, judged against the labels: the ranking and the host metrics
 * speak of the same notables.
 */
export function scorerPriority(
  context: PriorityContext,
  scores: Float64Array,
  anomalous: ArrayLike<boolean>,
  notables: readonly Notable[],
  labels: AlignedLabels | undefined,
  settings: PrioritySettings,
): HostRanking {
  const rows = hostPriority(
    {
      origHosts: context.connections.table.origHosts,
      scores,
      anomalous,
      patterns: context.patterns,
      notables,
      beacons: context.beacons,
    },
    { beaconCut: settings.beaconCut },
  );
  return rankingOf(
    rows.map((r) => r.host),
    labels,
    settings.watchIps ?? [],
  );
}

/** Hosts ranked by their best beacon score as originator, judged against the labels. */
export function beaconRanking(
  beacons: BeaconResult,
  labels: AlignedLabels | undefined,
  watch: readonly string[],
): BeaconRanking {
  // rows come best first, so a host's first row is its best
  const hosts = new Set(beacons.rows.map((row) => row.orig));
  return { ...rankingOf([...hosts], labels, watch), pairs: beacons.pairs, scored: beacons.rows.length };
}
