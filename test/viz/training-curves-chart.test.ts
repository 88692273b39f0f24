import { describe, expect, it } from 'vitest';
import { trainingCurvesChart } from '../../src/viz/training-curves-chart.js';
import { chartFixtures } from '../support/chart-fixtures.js';
import { countMarks, snapshotSvg, texts } from '../support/svg-snapshot.js';
import { renderSvg } from '../../src/viz/render.js';

const { history, bestEpoch } = chartFixtures();

describe('trainingCurvesChart', () => {
  it('draws loss (training and validation), masked accuracy and macro-F1 per epoch, the kept epoch dashed', async () => {
    const svg = await snapshotSvg(trainingCurvesChart(history, { bestEpoch }));
    await expect(svg).toMatchFileSnapshot('../output/training-curves-chart.svg');
    expect(countMarks(svg, 'line mark')).toBe(4);
    expect(countMarks(svg, 'point')).toBe(32);
    expect(countMarks(svg, 'rule mark')).toBe(3);
    expect(svg.match(/stroke-dasharray="4,3"/g)).toHaveLength(3);
    const labels = texts(svg);
    for (const title of ['loss', 'masked accuracy', 'macro-F1', 'training', 'validation'])
      expect(labels).toContain(title);
    expect(labels.some((t) => t.includes('weights kept from epoch 6'))).toBe(true);
  });

  it('draws no rule without a best epoch, and needs a history', async () => {
    expect(countMarks(await renderSvg(trainingCurvesChart(history)), 'rule mark')).toBe(0);
    expect(() => trainingCurvesChart([])).toThrow(/history is empty/);
  });
});
