import { describe, expect, it } from 'vitest';
import type { ConnectionTable, ScorerScores } from '../../src/detect/evaluate.js';
import { alignLabels, labelsFromCsv } from '../../src/detect/labels.js';
import { sweep } from '../../src/detect/sweep.js';
import { createRandom } from '../../src/util/random.js';

const DAY = 86400;
const START = Date.UTC(2024, 2, 4) / 1000;

/**
 * Two days of eight normal hosts (uniform scores) and one bad host whose 40 connections on day 2 score above every normal score,
 * plus a threshold split drawn from the normal scores.
 */
function scenario(): { connections: ConnectionTable; scorer: ScorerScores } {
  const rng = createRandom(11);
  const uids: string[] = [],
    ts: number[] = [],
    origHosts: string[] = [],
    scores: number[] = [];
  for (let i = 0; i < 4000; i++) {
    uids.push(`N${i}`);
    ts.push(START + rng.next() * 2 * DAY);
    origHosts.push(`10.0.0.${1 + rng.int(8)}`);
    scores.push(rng.next());
  }
  for (let i = 0; i < 40; i++) {
    uids.push(`B${i}`);
    ts.push(START + DAY + 3600 + i * 60);
    origHosts.push('10.0.0.66');
    scores.push(1 + rng.next() * 0.001);
  }
  return {
    connections: { uids, ts: Float64Array.from(ts), origHosts, respHosts: uids.map(() => '10.0.0.200') },
    scorer: {
      name: 'test',
      scores: Float64Array.from(scores),
      thresholdScores: Array.from({ length: 3000 }, () => rng.next()),
      thresholdCounts: new Array(3000).fill(1),
    },
  };
}

describe('sweep', () => {
  const { connections, scorer } = scenario();
  const rates = [0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03];
  const windows = [900, 3600, 21600];
  const minCounts = [1, 3, 5, 10];

  it('is monotone: lower acceptance rates give higher thresholds, fewer anomalies and no more flagged hosts', () => {
    const result = sweep(connections, scorer, {
      acceptanceRates: rates,
      windows,
      minCounts,
      bootstrap: { resamples: 20 },
    });
    expect(result.rows).toHaveLength(rates.length * windows.length * minCounts.length);
    expect(result.days).toEqual(['2024-03-04', '2024-03-05']);
    expect(result.dayCount).toBe(2);
    for (const window of windows) {
      for (const minCount of minCounts) {
        const series = result.rows
          .filter((r) => r.window === window && r.minCount === minCount)
          .sort((a, b) => a.acceptanceRate - b.acceptanceRate);
        expect(series.map((r) => r.acceptanceRate)).toEqual(rates);
        for (let i = 1; i < series.length; i++) {
          expect(series[i - 1].threshold).toBeGreaterThanOrEqual(series[i].threshold);
          expect(series[i - 1].anomalies).toBeLessThanOrEqual(series[i].anomalies);
          expect(series[i - 1].hostsFlagged).toBeLessThanOrEqual(series[i].hostsFlagged);
          if (minCount === 1) expect(series[i - 1].notables).toBeLessThanOrEqual(series[i].notables);
        }
      }
    }
    // anomalies at the highest rate include many normal connections, at the lowest only the bad host's
    const byRate = (rate: number) => result.rows.find((r) => r.acceptanceRate === rate)!.anomalies;
    expect(byRate(0.03)).toBeGreaterThan(100);
    expect(byRate(0.0001)).toBe(40);
  });

  it('with labels, recommends the setting within the budget with the best host recall', () => {
    const labels = alignLabels(labelsFromCsv('ip\n10.0.0.66\n'), connections.uids, connections.origHosts);
    const result = sweep(connections, scorer, {
      acceptanceRates: rates,
      windows,
      minCounts,
      budget: 2,
      labels,
      bootstrap: { resamples: 20 },
    });
    const r = result.recommended!;
    expect(r.withinBudget).toBe(true);
    // the budget holds on the clean day (no malicious connection); the attack day may carry more
    expect(result.cleanDays).toEqual(['2024-03-04']);
    expect(r.maxNotablesPerCleanDay).toBeLessThanOrEqual(2);
    expect(r.hostRecall).toBe(1);
    expect(r.hostPrecision).toBe(1);
    expect(result.reason).toMatch(/best host recall/);
    expect(result.hostNotables[0]).toMatchObject({ host: '10.0.0.66', malicious: true });
    // the bad host's connections are all above the threshold at the lowest rates: connection recall 1
    expect(result.rows.find((x) => x.acceptanceRate === 0.0003)!.connectionRecall).toBe(1);
    // precision@k over the top 4 (2/day × 2 days) notables: the bad host's notables rank first
    expect(r.precisionAtBudget).toBe(1);
    for (const row of result.rows) expect(row.withinBudget).toBe(row.maxNotablesPerCleanDay <= 2);
    // some setting keeps the clean day within the budget while the attack day exceeds it
    expect(result.rows.some((row) => row.withinBudget && row.maxNotablesPerDay > 2)).toBe(true);
  });

  it('without labels, recommends the lowest acceptance rate that flags every watched host', () => {
    const result = sweep(connections, scorer, {
      acceptanceRates: rates,
      windows,
      minCounts,
      watchIps: ['10.0.0.66'],
      bootstrap: { resamples: 20 },
    });
    expect(result.recommended!.acceptanceRate).toBe(0.0001);
    expect(result.recommended!.watchedFlagged).toBe(1);
    expect(result.reason).toMatch(/lowest acceptance rate that flags every watched host/);
    expect(result.rows.every((r) => Number.isNaN(r.hostRecall))).toBe(true);
  });

  it('recommends nothing when no setting keeps within the budget, and warns about watched hosts absent from the data', () => {
    const result = sweep(connections, scorer, {
      acceptanceRates: [0.03],
      windows: [900],
      minCounts: [1],
      budget: 1,
      watchIps: ['192.0.2.1'],
      bootstrap: { resamples: 5 },
    });
    expect(result.recommended).toBeNull();
    expect(result.reason).toMatch(/no setting keeps within the alert budget/);
    expect(result.warnings).toContainEqual(expect.stringMatching(/192\.0\.2\.1 originate no connection/));
  });

  it('counts days of data, not dates touched: a zeekctl day starting a minute before midnight is one day', () => {
    const ts = Float64Array.from([START - 60, START + 3600, START + DAY - 1]);
    const one: ConnectionTable = { uids: ['A', 'B', 'C'], ts, origHosts: ['h', 'h', 'h'], respHosts: ['s', 's', 's'] };
    const result = sweep(
      one,
      { ...scorer, scores: Float64Array.from([2, 2, 2]) },
      { acceptanceRates: [0.01], windows: [60], minCounts: [1], bootstrap: { resamples: 5 } },
    );
    expect(result.days).toEqual(['2024-03-03', '2024-03-04']);
    expect(result.dayCount).toBe(1);
    expect(result.rows[0].notables).toBe(3);
    expect(result.rows[0].notablesPerDay).toBe(3);
    expect(result.rows[0].maxNotablesPerDay).toBe(2);
  });

  it('refuses a window of 0, bad rates and counts, and an empty score set', () => {
    expect(() => sweep(connections, scorer, { windows: [0] })).toThrow(/window 0 is not a positive number of seconds/);
    expect(() => sweep(connections, scorer, { acceptanceRates: [1.5] })).toThrow(/acceptance rate 1\.5 is not a share/);
    expect(() => sweep(connections, scorer, { minCounts: [0] })).toThrow(/min count 0 is not a whole number >= 1/);
    expect(() => sweep(connections, scorer, { minCounts: [] })).toThrow(/no min count given/);
    expect(() => sweep(connections, scorer, { budget: 0 })).toThrow(/budget must be a positive number/);
    const empty: ConnectionTable = { uids: [], ts: new Float64Array(), origHosts: [], respHosts: [] };
    expect(() => sweep(empty, { ...scorer, scores: new Float64Array() })).toThrow(/no scored connections/);
  });
});
