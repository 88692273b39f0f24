import { describe, expect, it } from 'vitest';
import { dbscanComparisonChart } from '../../src/viz/dbscan-comparison-chart.js';
import { chartFixtures } from '../support/chart-fixtures.js';
import { countMarks, snapshotSvg, texts } from '../support/svg-snapshot.js';

const { comparison } = chartFixtures();

describe('dbscanComparisonChart', () => {
  it('draws time, memory and agreement against the sample size, one legend for all', async () => {
    const svg = await snapshotSvg(dbscanComparisonChart(comparison));
    await expect(svg).toMatchFileSnapshot('../output/dbscan-comparison-chart.svg');
    expect(countMarks(svg, 'line mark')).toBe(6);
    expect(countMarks(svg, 'point')).toBe(24);
    expect(countMarks(svg, 'legend')).toBe(1);
    const labels = texts(svg);
    for (const title of ['Time', 'Memory', 'Agreement with exact', 'peak RSS (MB)', 'BatchDBSCAN', 'ARI', 'NMI'])
      expect(labels).toContain(title);
  });

  it('needs rows', () => {
    expect(() => dbscanComparisonChart([])).toThrow(/no rows/);
  });
});
