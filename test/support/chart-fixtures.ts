/**
 * Small fixed inputs for every chart builder, shared by the snapshot tests, the report tests and the browser
 * test. `text` passes every string that would come from logs (host names, client addresses, URIs, user agents,
 * tokens, labels), so the same fixtures can carry markup payloads.
 */
import type { CompareRow } from '../../src/cluster/compare.js';
import type { Anomaly, Notable } from '../../src/detect/notables.js';
import type { SweepResult, SweepRow } from '../../src/detect/sweep.js';
import { bootstrapThreshold } from '../../src/detect/threshold-bootstrap.js';
import type { EpochReport } from '../../src/model/train.js';
import type { TierThresholds } from '../../src/model/markov.js';
import { Vocabulary } from '../../src/sequence/vocabulary.js';
import type { ConnectionExplanation } from '../../src/viz/connection-chart.js';
import type { SessionScore } from '../../src/weblog/detector.js';
import { clientRows } from '../../src/weblog/report.js';

/** Markup that must never become an element in a report. */
export const PAYLOADS = ['<img src=x onerror=alert(1)>', '<script>alert(1)</script>', '"><svg onload=alert(1)>'];

/** Prefixes the i-th string with a payload (cycling), plus a control character and a bidi override. */
export const withPayload = (text: string, i: number): string => `${PAYLOADS[i % PAYLOADS.length]}\u0007\u202e${text}`;

const plain = (text: string): string => text;

/** A tiny deterministic generator (a fixed LCG): fixtures must not change when src/util/random.ts does. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const DAY = Date.UTC(2026, 0, 5) / 1000;

export function chartFixtures(text: (s: string, i: number) => string = plain) {
  const vocabulary = Vocabulary.build({ clustered: { conn: 4, dns: 2 }, unclustered: ['ntp', 'x509'] }).withCounts([
    0, 0, 0, 0, 0, 120, 40000, 3000, 15, 0, 8, 900, 600, 20, 5,
  ]);

  const comparison: CompareRow[] = [1000, 5000, 20000, 100000].map((n, i) => ({
    n,
    minSamples: Math.min(1000, Math.max(20, n / 100)),
    exactSeconds: n / 40000,
    batchSeconds: n / 30000 + 0.1,
    exactClusters: 5,
    batchClusters: 5 + i,
    exactNoiseShare: 0.01,
    batchNoiseShare: 0.02,
    ari: 1 - i * 0.01,
    nmi: 1 - i * 0.005,
  }));

  const history: EpochReport[] = Array.from({ length: 8 }, (_, i) => ({
    epoch: i + 1,
    trainLoss: 3 / (i + 1) + 0.5,
    validationLoss: 2.5 / (i + 1) + 0.6 + (i > 5 ? 0.1 * (i - 5) : 0),
    accuracy: 0.5 + 0.05 * i,
    macroF1: 0.3 + 0.06 * i,
    sequencesPerSecond: 1000,
    seconds: 10,
  }));

  const random = lcg(7);
  const scores = Array.from({ length: 600 }, (_, i) => (i < 580 ? random() ** 4 * 0.8 : 0.7 + 0.3 * random()));
  const scoreLabels = scores.map((_, i) => text(i < 580 ? 'benign' : 'malicious', i < 580 ? 0 : 1));
  const threshold = bootstrapThreshold(scores.slice(0, 400), 0.02, undefined, { resamples: 50, seed: 1 });

  const hosts = ['10.0.0.5', '10.0.0.9', 'ws-12.corp.example', '10.0.0.23', '10.0.0.40', '10.0.0.41'].map(text);
  const notables: Notable[] = [
    [0, 1 * 3600, 2, 0.97],
    [0, 7 * 3600, 1, 0.91],
    [0, 13 * 3600, 2, 0.95],
    [1, 2 * 3600, 3, 0.88],
    [1, 30 * 3600, 0.25, 0.83],
    [2, 20 * 3600, 1, 0.99],
    [3, 40 * 3600, 0.5, 0.8],
    [4, 41 * 3600, 0.5, 0.79],
  ].map(([h, start, hours, maxScore], i) => ({
    host: hosts[h],
    hostLabel: hosts[h],
    identity: 'ip',
    addresses: [hosts[h]],
    start: DAY + start,
    end: DAY + start + hours * 3600,
    count: 3 + (i % 4),
    distinctPeers: 1,
    maxScore,
    meanScore: maxScore - 0.05,
    top: [],
  }));
  const anomalies: Anomaly[] = notables.flatMap((n, i) =>
    Array.from({ length: n.count + (i % 3) }, (_, j) => ({
      uid: `C${i}x${j}`,
      ts: n.start + j * 60,
      origHost: n.addresses[0],
      respHost: '10.0.0.1',
      score: n.maxScore - 0.01 * j,
    })),
  );
  anomalies.push({ uid: 'Clone', ts: DAY + 3600, origHost: hosts[5], respHost: '10.0.0.1', score: 0.75 });

  const sweepRows: SweepRow[] = [];
  const rates = [0.001, 0.003, 0.01, 0.03];
  rates.forEach((rate, r) => {
    for (const window of [900, 3600, 10800])
      for (const minCount of [3, 5]) {
        const notablesCount = Math.round((r + 1) ** 2 * (window / 900) ** 0.5 * (minCount === 3 ? 2 : 1));
        sweepRows.push({
          scorer: 'transformer',
          acceptanceRate: rate,
          window,
          minCount,
          threshold: 0.95 - 0.05 * r,
          thresholdLower: 0.94 - 0.05 * r,
          thresholdUpper: 0.96 - 0.05 * r,
          splitAbove: 40 * (r + 1),
          anomalies: 300 * (r + 1) ** 2,
          notables: notablesCount,
          notablesPerDay: notablesCount / 3,
          maxNotablesPerDay: notablesCount,
          maxNotablesPerCleanDay: notablesCount / 2,
          hostsFlagged: r + 2,
          withinBudget: notablesCount / 3 <= 10,
          watchedFlagged: 0,
          connectionPrecision: 0.6 - 0.12 * r,
          connectionRecall: 0.4 + 0.18 * r,
          connectionF1: 0.5,
          hostPrecision: 0.9 - 0.15 * r,
          hostRecall: 0.5 + 0.15 * r,
          hostF1: 0.6,
          precisionAtBudget: 0.7,
        });
      }
  });
  const recommended = sweepRows.find((r) => r.acceptanceRate === 0.01 && r.window === 3600 && r.minCount === 3)!;
  const sweep: SweepResult = {
    scorer: 'transformer',
    days: ['2026-01-05', '2026-01-06', '2026-01-07'],
    cleanDays: ['2026-01-05', '2026-01-06'],
    dayCount: 3,
    rows: sweepRows,
    recommended,
    reason: 'best host recall within the budget',
    hostNotables: [],
    warnings: [],
  };

  const connection: ConnectionExplanation = {
    uid: text('CQx9a1', 2),
    score: 0.9731,
    threshold: threshold.point.threshold,
    tokens: ['conn:0', 'dns:1', 'http:outlier', 'files:2'].map(text),
    tokenScores: [0.12, 0.35, 0.97, 0.64],
    expected: [
      ['conn:0', 'conn:1', 'conn:2'],
      ['dns:0', 'dns:1', 'ssl:0'],
      ['ssl:3', 'http:0', 'ssl:0'],
      ['files:0', 'files:1', 'x509'],
    ],
    expectedProbability: [
      [0.88, 0.07, 0.02],
      [0.55, 0.3, 0.1],
      [0.71, 0.2, 0.05],
      [0.4, 0.3, 0.2],
    ],
  };

  const tierThresholds: TierThresholds = { low: 4, medium: 6, high: 9 };
  const tierOf = (score: number) =>
    score > tierThresholds.high
      ? 'HIGH'
      : score > tierThresholds.medium
        ? 'MEDIUM'
        : score > tierThresholds.low
          ? 'LOW'
          : 'NONE';
  const webRandom = lcg(11);
  const clients = ['203.0.113.7', '198.51.100.23', 'crawler.example.net', '192.0.2.44', '192.0.2.45'].map(text);
  const sessionScores: SessionScore[] = Array.from({ length: 120 }, (_, i) => {
    // the first two clients send the odd sessions, the third hits a canary, the last two stay quiet
    const odd = i % 17 === 0;
    const score = odd ? 5 + 7 * webRandom() : 4.5 * webRandom() ** 2;
    const client = odd ? clients[i % 2] : clients[2 + (i % 3)];
    const canary = i === 6;
    const uri = text(`/wp-login.php?id=${i}`, i);
    return {
      session: {
        id: `${client}#${i}`,
        client,
        userAgent: text('Mozilla/5.0 (X11; Linux x86_64)', i + 1),
        start: DAY + i * 60,
        end: DAY + i * 60 + 30,
        records: [],
      },
      score,
      modelTier: tierOf(score),
      tier: canary ? 'HIGH' : tierOf(score),
      canaryHits: canary ? [uri] : [],
      offending: [`GET / -> GET ${uri} (0.001)`],
    };
  });

  return {
    vocabulary,
    comparison,
    history,
    bestEpoch: 6,
    scores,
    scoreLabels,
    threshold,
    notables,
    anomalies,
    sweep,
    budget: 5,
    connection,
    tierThresholds,
    sessionScores,
    clients: clientRows(sessionScores),
  };
}
