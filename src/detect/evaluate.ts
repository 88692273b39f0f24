/**
 * Evaluation of any scorer (the transformer, the Markov or frequency baseline: one score per connection, higher
 * = more anomalous) against labels, at two levels:
 *  - connections: flagged when the score is above the threshold; average precision and ROC-AUC rank the scores;
 *  - hosts (originators): a host's score is the highest score of the connections it originated, and a host is
 *    flagged when it has a notable (or, without notables, any anomaly).
 * Connections the pipeline did not score (e.g. conn-only connections it dropped) are kept with score -Infinity:
 * never flagged, ranked last. So runs that score different subsets of the same logs stay comparable.
 */
import { ZeekseqError } from '../util/errors.js';
import type { AlignedLabels } from './labels.js';
import { averagePrecision, classificationMetrics, rocAuc } from './metrics.js';
import type { Anomaly, Notable } from './notables.js';
import { chooseThreshold, type Threshold } from './threshold.js';

/** The connections evaluated, in one order shared by scores and labels. */
export interface ConnectionTable {
  uids: readonly string[];
  ts: ArrayLike<number>;
  origHosts: readonly string[];
  respHosts: readonly string[];
}

/** One scorer's scores: per connection, and on the threshold split (distinct rows with counts) it calibrates on. */
export interface ScorerScores {
  name: string;
  /** Per connection of the ConnectionTable; -Infinity where the connection was not scored. */
  scores: Float64Array;
  thresholdScores: ArrayLike<number>;
  thresholdCounts: ArrayLike<number>;
}

export interface LevelMetrics {
  /** Items evaluated (connections or hosts). */
  items: number;
  positives: number;
  flagged: number;
  truePositives: number;
  precision: number;
  recall: number;
  f1: number;
  /** NaN when there is no positive (or, for ROC-AUC, no negative) item. */
  averagePrecision: number;
  rocAuc: number;
}

export interface Evaluation {
  scorer: string;
  threshold: Threshold;
  connection: LevelMetrics;
  host: LevelMetrics;
}

/** The scorer's threshold at an acceptance rate, from its own threshold-split scores. */
export function scorerThreshold(scorer: ScorerScores, acceptanceRate: number): Threshold {
  return chooseThreshold(scorer.thresholdScores, acceptanceRate, scorer.thresholdCounts);
}

function checkScores(connections: ConnectionTable, scores: Float64Array, what: string): void {
  if (connections.uids.length === 0) {
    throw new ZeekseqError(
      `${what}: there are no scored connections to evaluate; check that --data holds conn logs with connections (and try --keep-conn-only).`,
    );
  }
  if (scores.length !== connections.uids.length) {
    throw new ZeekseqError(
      `${what}: ${scores.length} scores for ${connections.uids.length} connections; give one score per connection.`,
    );
  }
}

/** Connections scoring above `threshold`, as anomalies for notables. */
export function anomaliesAbove(connections: ConnectionTable, scores: Float64Array, threshold: number): Anomaly[] {
  checkScores(connections, scores, 'anomalies');
  const anomalies: Anomaly[] = [];
  scores.forEach((score, c) => {
    if (score > threshold)
      anomalies.push({
        uid: connections.uids[c],
        ts: connections.ts[c],
        origHost: connections.origHosts[c],
        respHost: connections.respHosts[c],
        score,
      });
  });
  return anomalies;
}

/**
 * The hosts (addresses) with a notable. With labels, a malicious host counts only when one of its notables holds
 * one of the labelled malicious connections, so a compromised host flagged for unrelated traffic (say on a clean
 * day) is not counted as detected.
 */
export function notableHosts(
  notables: readonly Notable[],
  anomalies: readonly Anomaly[],
  labels?: AlignedLabels,
): Set<string> {
  const hosts = new Set<string>();
  // malicious anomalies per address, to look inside a notable's time span
  const hits = new Map<string, number[]>();
  for (const a of anomalies) {
    if (!labels?.uids.has(a.uid)) continue;
    for (const address of new Set([a.origHost, a.respHost])) {
      const times = hits.get(address) ?? [];
      times.push(a.ts);
      hits.set(address, times);
    }
  }
  for (const n of notables) {
    for (const address of n.addresses) {
      if (!labels?.hosts.has(address) || (hits.get(address) ?? []).some((ts) => ts >= n.start && ts <= n.end))
        hosts.add(address);
    }
  }
  return hosts;
}

/** Each originator's highest connection score, hosts in first-seen order. */
export function hostScores(connections: ConnectionTable, scores: Float64Array): Map<string, number> {
  checkScores(connections, scores, 'host scores');
  const hosts = new Map<string, number>();
  connections.origHosts.forEach((host, c) => hosts.set(host, Math.max(hosts.get(host) ?? -Infinity, scores[c])));
  return hosts;
}

/** A host's rank by score (1 = highest; ties share the best rank), how many hosts tie with it, and of how many. */
export function hostRank(
  scores: ReadonlyMap<string, number>,
  host: string,
): { rank: number; tied: number; hosts: number; score: number } | null {
  const score = scores.get(host);
  if (score === undefined) return null;
  let higher = 0,
    tied = 0;
  for (const other of scores.values()) {
    if (other > score) higher++;
    else if (other === score) tied++;
  }
  return { rank: higher + 1, tied: tied - 1, hosts: scores.size, score };
}

function levelMetrics(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  flagged: ArrayLike<boolean | number>,
): LevelMetrics {
  const m = classificationMetrics(flagged, labels);
  let flaggedCount = 0;
  for (let i = 0; i < flagged.length; i++) if (flagged[i]) flaggedCount++;
  return {
    items: scores.length,
    positives: m.truePositives + m.falseNegatives,
    flagged: flaggedCount,
    truePositives: m.truePositives,
    precision: m.precision,
    recall: m.recall,
    f1: m.f1,
    averagePrecision: averagePrecision(scores, labels),
    rocAuc: rocAuc(scores, labels),
  };
}

/**
 * Metrics of `scores` at `threshold` against `labels` (aligned with `connections`). `flaggedHosts` are the hosts
 * with a notable; without it, a host with any anomaly is flagged.
 */
export function evaluateScores(
  connections: ConnectionTable,
  scorer: ScorerScores,
  labels: AlignedLabels,
  threshold: Threshold,
  flaggedHosts?: ReadonlySet<string>,
): Evaluation {
  checkScores(connections, scorer.scores, `evaluating ${scorer.name}`);
  const flaggedConnections = Array.from(scorer.scores, (s) => s > threshold.threshold);
  const anomalous = new Set<string>();
  flaggedConnections.forEach((flag, c) => flag && anomalous.add(connections.origHosts[c]));
  return evaluateFlagged(
    scorer.name,
    { scores: scorer.scores, flagged: flaggedConnections, byHost: hostScores(connections, scorer.scores) },
    labels,
    threshold,
    flaggedHosts ?? anomalous,
  );
}

/** What the metrics need of scored connections, however they were read: kept per connection or per host only. */
export interface FlaggedScores {
  /** Per connection: its score and whether it is flagged (true or 1). */
  scores: Float64Array;
  flagged: ArrayLike<boolean | number>;
  /** Each originator's highest connection score. */
  byHost: ReadonlyMap<string, number>;
}

/**
 * evaluateScores on connections already flagged and reduced to host scores (a scores file read back in chunks
 * keeps no per-connection hosts): connections flagged as given, hosts flagged when in `flaggedHosts`.
 */
export function evaluateFlagged(
  name: string,
  scored: FlaggedScores,
  labels: AlignedLabels,
  threshold: Threshold,
  flaggedHosts: ReadonlySet<string>,
): Evaluation {
  if (labels.connections.length !== scored.scores.length) {
    throw new ZeekseqError(
      `evaluating ${name}: labels for ${labels.connections.length} connections, scores for ${scored.scores.length}; align the labels with the same connections.`,
    );
  }
  const connection = levelMetrics(scored.scores, labels.connections, scored.flagged);
  const hosts = [...scored.byHost.keys()];
  const host = levelMetrics(
    hosts.map((h) => scored.byHost.get(h)!),
    hosts.map((h) => (labels.hosts.has(h) ? 1 : 0)),
    hosts.map((h) => flaggedHosts.has(h)),
  );
  return { scorer: name, threshold, connection, host };
}
