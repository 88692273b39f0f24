import { describe, expect, it } from 'vitest';
import type { SweepResult, SweepRow } from '../../src/detect/sweep.js';
import {
  hostNotablesChart,
  notablesPerDayChart,
  precisionRecallChart,
  sweepTable,
  windowText,
} from '../../src/pipeline/sweep-report.js';

const row = (acceptanceRate: number, window: number, minCount: number, notablesPerDay: number): SweepRow =>
  ({
    scorer: 't',
    acceptanceRate,
    window,
    minCount,
    notablesPerDay,
    connectionPrecision: 0.5,
    connectionRecall: 0.25,
    hostPrecision: 1,
    hostRecall: 0.5,
  }) as SweepRow;

const result = (rows: SweepRow[]): SweepResult => ({
  scorer: 't',
  days: ['2024-03-06', '2024-03-07'],
  cleanDays: ['2024-03-06'],
  dayCount: 2,
  rows,
  recommended: rows[0],
  reason: 'test',
  hostNotables: [
    { host: 'h1', notables: 3, malicious: true, watched: false },
    { host: 'h2', notables: 1, malicious: false, watched: true },
  ],
  warnings: [],
});

describe('sweep report', () => {
  it('writes windows as the largest whole unit', () => {
    expect([900, 3600, 21600, 86400, 90, 45].map(windowText)).toEqual(['15m', '1h', '6h', '1d', '90s', '45s']);
  });

  it('orders panels by min count and windows by length, not as text', () => {
    const rows = [row(0.01, 21600, 10, 1), row(0.01, 900, 3, 2), row(0.01, 3600, 1, 3)];
    const spec = notablesPerDayChart(result(rows), 10) as unknown as {
      title: string;
      encoding: Record<string, { sort: unknown }>;
      data: { values: unknown[] };
    };
    expect(spec.encoding.column.sort).toEqual(['min count 1', 'min count 3', 'min count 10']);
    expect(spec.encoding.color.sort).toEqual(['15m', '1h', '6h']);
    expect(spec.title).toBe('Notables per day (t, 2 days, budget 10/day)');
    expect(spec.data.values).toHaveLength(3);
  });

  it('charts hosts with their kind, and the four precision/recall measures at the recommended window and count', () => {
    const rows = [row(0.001, 3600, 3, 1), row(0.01, 3600, 3, 2), row(0.01, 900, 3, 5)];
    const hosts = hostNotablesChart(result(rows)) as unknown as { data: { values: Array<{ kind: string }> } };
    expect(hosts.data.values.map((v) => v.kind)).toEqual(['malicious', 'watched']);
    const pr = precisionRecallChart(result(rows)) as unknown as {
      data: { values: Array<{ rate: number; measure: string; value: number }> };
    };
    expect(pr.data.values).toHaveLength(8);
    expect(pr.data.values.filter((v) => v.measure === 'host recall').map((v) => [v.rate, v.value])).toEqual([
      [0.001, 0.5],
      [0.01, 0.5],
    ]);
  });

  it('tabulates rows with windows as text', () => {
    const table = sweepTable([row(0.001, 3600, 3, 1 / 3)]);
    expect(table.get('window', 0)).toBe('1h');
    expect(table.get('notablesPerDay', 0)).toBe(0.333333);
  });
});
