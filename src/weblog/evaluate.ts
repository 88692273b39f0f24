/**
 * How well the web-log scores rank known-anomalous sessions (e.g. scanner and spam-bot files mixed into
 * normal traffic) above normal ones, per session and per client address (a client scores its worst session
 * and is anomalous when any of its sessions is); and how they rank clients labelled by heuristic-labels.ts
 * (probing and 404-burst clients above crawlers and ordinary visitors). Uses the model score, not the canary rule.
 */
import { averagePrecision, rocAuc } from '../detect/metrics.js';
import type { AlertTier } from '../model/markov.js';
import { CLIENT_LABELS, isSuspicious, type ClientHeuristic, type ClientLabel } from './heuristic-labels.js';
import { clientRows } from './report.js';
import type { SessionScore } from './detector.js';

export interface RankingQuality {
  items: number;
  positives: number;
  /** Average precision; the share of positives is what a random ranking scores. */
  averagePrecision: number;
  rocAuc: number;
  /** How many anomalous and normal items each tier holds. */
  tiers: Record<AlertTier, { anomalous: number; normal: number }>;
}

export interface WeblogEvaluation {
  sessions: RankingQuality;
  clients: RankingQuality;
}

function quality(scores: number[], labels: boolean[], tiers: AlertTier[]): RankingQuality {
  const counts: RankingQuality['tiers'] = {
    HIGH: { anomalous: 0, normal: 0 },
    MEDIUM: { anomalous: 0, normal: 0 },
    LOW: { anomalous: 0, normal: 0 },
    NONE: { anomalous: 0, normal: 0 },
  };
  tiers.forEach((tier, i) => counts[tier][labels[i] ? 'anomalous' : 'normal']++);
  return {
    items: scores.length,
    positives: labels.filter(Boolean).length,
    averagePrecision: averagePrecision(scores, labels),
    rocAuc: rocAuc(scores, labels),
    tiers: counts,
  };
}

export function evaluateWeblog(
  scores: readonly SessionScore[],
  isAnomalous: (score: SessionScore) => boolean,
): WeblogEvaluation {
  const labels = scores.map(isAnomalous);
  const anomalousClients = new Set(scores.filter((_, i) => labels[i]).map((s) => s.session.client));
  const clients = clientRows(scores);
  return {
    sessions: quality(
      scores.map((s) => s.score),
      labels,
      scores.map((s) => s.tier),
    ),
    clients: quality(
      clients.map((c) => c.maxScore),
      clients.map((c) => anomalousClients.has(c.client)),
      clients.map((c) => c.tier),
    ),
  };
}

/** How clients labelled by heuristic-labels.ts rank under a model; a client scores its highest session. */
export interface LabelledRanking {
  /** How a client's score is made from its sessions' scores. */
  clientScore: 'max';
  clients: number;
  /** Clients labelled probing or 404-burst. */
  positives: number;
  labels: Record<ClientLabel, number>;
  /** Average precision of the suspicious clients; their share of the clients is what a random ranking scores. */
  averagePrecision: number;
  rocAuc: number;
  /** Share of suspicious clients among the 10 and 20 highest scores, ties broken against them. */
  precisionAt10: number;
  precisionAt20: number;
  /** Median rank of each label's clients (1 = highest score; tied clients share their mid-rank), null when none. */
  medianRank: Record<ClientLabel, number | null>;
  /** The suspicious clients, best rank first. */
  suspicious: Array<{ client: string; label: ClientLabel; rank: number; score: number }>;
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Ranks the scored clients (every one must have a label) and measures where the suspicious ones land. */
export function rankLabelledClients(
  scores: readonly SessionScore[],
  labels: ReadonlyMap<string, ClientHeuristic>,
): LabelledRanking {
  const rows = clientRows(scores).map((row) => {
    const heuristic = labels.get(row.client);
    // The labels come from the scored sessions' own records, so a client without one is a bug, not bad input.
    if (!heuristic) throw new Error(`weblog: scored client ${row.client} has no heuristic label`);
    return { client: row.client, score: row.maxScore, label: heuristic.label, positive: isSuspicious(heuristic.label) };
  });
  // Highest score first; among equal scores the unlabelled first, so precision at k never gains from a tie.
  rows.sort(
    (a, b) =>
      b.score - a.score ||
      Number(a.positive) - Number(b.positive) ||
      (a.client < b.client ? -1 : a.client > b.client ? 1 : 0),
  );
  const ranks = new Float64Array(rows.length);
  for (let start = 0; start < rows.length; ) {
    let end = start;
    while (end + 1 < rows.length && rows[end + 1].score === rows[start].score) end++;
    for (let k = start; k <= end; k++) ranks[k] = (start + end) / 2 + 1;
    start = end + 1;
  }
  const positives = rows.filter((r) => r.positive).length;
  const precisionAt = (k: number) => {
    const top = rows.slice(0, k);
    return top.length === 0 ? Number.NaN : top.filter((r) => r.positive).length / top.length;
  };
  const counts = Object.fromEntries(CLIENT_LABELS.map((l) => [l, 0])) as Record<ClientLabel, number>;
  for (const row of rows) counts[row.label]++;
  return {
    clientScore: 'max',
    clients: rows.length,
    positives,
    labels: counts,
    averagePrecision: averagePrecision(
      rows.map((r) => r.score),
      rows.map((r) => r.positive),
    ),
    rocAuc: rocAuc(
      rows.map((r) => r.score),
      rows.map((r) => r.positive),
    ),
    precisionAt10: precisionAt(10),
    precisionAt20: precisionAt(20),
    medianRank: Object.fromEntries(
      CLIENT_LABELS.map((label) => [label, median(rows.flatMap((r, i) => (r.label === label ? [ranks[i]] : [])))]),
    ) as Record<ClientLabel, number | null>,
    suspicious: rows.flatMap((r, i) =>
      r.positive ? [{ client: r.client, label: r.label, rank: ranks[i], score: r.score }] : [],
    ),
  };
}
