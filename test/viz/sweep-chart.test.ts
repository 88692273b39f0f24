import { describe, expect, it } from 'vitest';
import { renderSvg } from '../../src/viz/render.js';
import { sweepChart } from '../../src/viz/sweep-chart.js';
import { chartFixtures } from '../support/chart-fixtures.js';
import { countMarks, snapshotSvg, texts } from '../support/svg-snapshot.js';

const { sweep, budget } = chartFixtures();

describe('sweepChart', () => {
  it('draws anomalies and notables per day against the rate, the budget, the recommendation, precision and recall', async () => {
    const svg = await snapshotSvg(sweepChart(sweep, { budget }));
    await expect(svg).toMatchFileSnapshot('../output/sweep-chart.svg');
    // anomalies + 3 windows, then 4 measures
    expect(countMarks(svg, 'line mark')).toBe(8);
    expect(countMarks(svg, 'point')).toBe(32);
    // the budget and the recommended rate in both panels
    expect(countMarks(svg, 'rule mark')).toBe(3);
    const labels = texts(svg);
    expect(labels).toEqual(
      expect.arrayContaining(['budget 5/day', 'recommended', 'notables, 15m', 'notables, 3h', 'host recall']),
    );
    expect(labels).toContain('Precision and recall (window 1h, min count 3)');
  });

  it('draws one panel without labels, and only swept settings', async () => {
    const unlabelled = {
      ...sweep,
      recommended: null,
      rows: sweep.rows.map((r) => ({ ...r, hostRecall: Number.NaN, hostPrecision: Number.NaN })),
    };
    const svg = await renderSvg(sweepChart(unlabelled, { minCount: 5 }));
    expect(countMarks(svg, 'line mark')).toBe(4);
    expect(countMarks(svg, 'rule mark')).toBe(0);
    expect(texts(svg)).toContain('Per day (notables at min count 5)');
    expect(() => sweepChart(sweep, { minCount: 4 })).toThrow(/min count 4 was not swept; choose one of 3, 5/);
    expect(() => sweepChart({ ...sweep, rows: [] })).toThrow(/no rows/);
  });
});
