import { describe, expect, it } from 'vitest';
import { dbscanComparisonChart } from '../../src/viz/dbscan-comparison-chart.js';
import { chartFixtures } from '../support/chart-fixtures.js';
import { countMarks, snapshotSvg, texts } from '../support/svg-snapshot.js';

const { comparison } = chartFixtures();

describe('dbscanComparisonChart', () => {
  it('draws time and agreement against the sample size, one legend for all', async () => {
    const svg = await snapshotSvg(dbscanComparisonChart(comparison));
    await expect(svg).toMatchFileSnapshot('../output/dbscan-comparison-chart.svg');
    expect(countMarks(svg, 'line mark')).toBe(4);
    expect(countMarks(svg, 'point')).toBe(16);
    expect(countMarks(svg, 'legend')).toBe(1);
    const labels = texts(svg);
    expect(labels).not.toContain('Memory');
    for (const title of ['Time', 'Agreement with exact', 'BatchDBSCAN', 'ARI', 'NMI']) expect(labels).toContain(title);
  });

  it('needs rows', () => {
    expect(() => dbscanComparisonChart([])).toThrow(/no rows/);
  });
});
