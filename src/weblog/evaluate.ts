/**
 * How well the web-log scores rank known-anomalous sessions (e.g. scanner and spam-bot files mixed into
 * normal traffic) above normal ones, per session and per client address (a client scores its worst session
 * and is anomalous when any of its sessions is). Uses the model score, not the canary rule.
 */
import { averagePrecision, rocAuc } from '../detect/metrics.js';
import type { AlertTier } from '../model/markov.js';
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
