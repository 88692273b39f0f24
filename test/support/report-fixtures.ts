/**
 * A report with every block and chart kind, built from the chart fixtures; with `withPayload` as `text`, every
 * string from data (host names, URIs, user agents, tokens, labels, table cells, parameters) carries markup.
 */
import type { ReportDocument } from '../../src/report/document.js';
import { clientTierChart } from '../../src/viz/client-tier-chart.js';
import { connectionChart } from '../../src/viz/connection-chart.js';
import { dbscanComparisonChart } from '../../src/viz/dbscan-comparison-chart.js';
import { hostCounts, hostCountsChart } from '../../src/viz/host-counts-chart.js';
import { notableTimelineChart } from '../../src/viz/notable-timeline-chart.js';
import { scoreDistributionChart } from '../../src/viz/score-distribution-chart.js';
import { sessionScoreChart } from '../../src/viz/session-score-chart.js';
import { sweepChart } from '../../src/viz/sweep-chart.js';
import { trainingCurvesChart } from '../../src/viz/training-curves-chart.js';
import { vocabularyChart } from '../../src/viz/vocabulary-chart.js';
import { chartFixtures } from './chart-fixtures.js';

/** The number of charts in fixtureReport. */
export const FIXTURE_CHARTS = 10;

export function fixtureReport(text: (s: string, i: number) => string = (s) => s): ReportDocument {
  const f = chartFixtures(text);
  const sessions = f.sessionScores.slice(0, 6);
  return {
    title: text('Run 2026-01-07 transformer', 0),
    subtitle: text('synthetic Windows/AD network, attack day', 1),
    sections: [
      {
        title: 'Run',
        blocks: [
          { kind: 'paragraph', text: text('Trained on two clean days; scored the attack day.', 2) },
          {
            kind: 'key-values',
            title: 'Parameters',
            entries: [
              ['acceptance rate', 0.01],
              ['window', '3h'],
              ['min count', 10],
              ['keep conn-only', true],
              ['label', text('beacon', 0)],
            ],
          },
          {
            kind: 'key-values',
            title: 'Inputs',
            entries: [
              [text('datasets/synthetic/day3/conn.log', 1), 'size 1,204,331 sha256 9f2c…'],
              [text('datasets/synthetic/labels.csv', 2), null],
            ],
          },
          {
            kind: 'code',
            title: 'Reproduce',
            code: `npx zeekseq infer --data ${text('datasets/synthetic/day3', 0)} --model m`,
          },
        ],
      },
      {
        title: 'Model',
        blocks: [
          { kind: 'chart', title: 'Vocabulary', spec: vocabularyChart(f.vocabulary) },
          { kind: 'chart', title: 'Clustering', spec: dbscanComparisonChart(f.comparison) },
          {
            kind: 'chart',
            spec: trainingCurvesChart(f.history, { bestEpoch: f.bestEpoch }),
            caption: 'dashed: kept epoch',
          },
        ],
      },
      {
        title: 'Detection',
        blocks: [
          {
            kind: 'chart',
            spec: scoreDistributionChart({ scores: f.scores, labels: f.scoreLabels, threshold: f.threshold }),
          },
          { kind: 'chart', spec: sweepChart(f.sweep, { budget: f.budget }) },
          { kind: 'chart', spec: hostCountsChart(hostCounts(f.notables, f.anomalies), { top: 4 }) },
          { kind: 'chart', spec: notableTimelineChart(f.notables) },
          { kind: 'chart', spec: connectionChart(f.connection) },
          {
            kind: 'table',
            title: 'Notables',
            columns: ['host', 'start', 'anomalies', 'max score'],
            rows: f.notables.map((n) => [n.hostLabel, new Date(n.start * 1000).toISOString(), n.count, n.maxScore]),
            csv: 'notables.csv',
            maxRows: 5,
          },
        ],
      },
      {
        title: 'Web logs',
        blocks: [
          { kind: 'chart', spec: sessionScoreChart(f.sessionScores, { thresholds: f.tierThresholds }) },
          { kind: 'chart', spec: clientTierChart(f.clients) },
          {
            kind: 'table',
            title: 'Alerting sessions',
            columns: ['client', 'user agent', 'canary', 'score', 'tier'],
            rows: sessions.map((s) => [s.session.client, s.session.userAgent, s.canaryHits.join(' '), s.score, s.tier]),
            csv: 'alerts.csv',
          },
        ],
      },
    ],
  };
}
