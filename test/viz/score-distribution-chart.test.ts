import { describe, expect, it } from 'vitest';
import { ALERT_COLOUR } from '../../src/viz/chart-style.js';
import { renderSvg } from '../../src/viz/render.js';
import { scoreDistributionChart } from '../../src/viz/score-distribution-chart.js';
import { chartFixtures } from '../support/chart-fixtures.js';
import { countMarks, snapshotSvg, texts } from '../support/svg-snapshot.js';

const { scores, scoreLabels, threshold } = chartFixtures();

type Layers = { layer: Array<{ data?: { values: Array<Record<string, number | string>> } }> };

describe('scoreDistributionChart', () => {
  it('draws a histogram per label, the threshold line and its bootstrap band', async () => {
    const spec = scoreDistributionChart({ scores, labels: scoreLabels, threshold, bins: 30 });
    const svg = await snapshotSvg(spec);
    await expect(svg).toMatchFileSnapshot('../output/score-distribution-chart.svg');
    // the band, then 30 bins for each of the two labels
    expect(countMarks(svg, 'rect mark')).toBe(61);
    expect(countMarks(svg, 'rule mark')).toBe(1);
    expect(svg).toMatch(new RegExp(`aria-roledescription="rule mark"[^>]*stroke="${ALERT_COLOUR}"`));
    const bins = (spec as unknown as Layers).layer[1].data!.values;
    expect(bins.reduce((sum, b) => sum + (b.count as number), 0)).toBe(scores.length);
    const labels = texts(svg);
    expect(labels).toEqual(expect.arrayContaining(['threshold', 'benign', 'malicious']));
    expect(labels.some((t) => t.includes('90% bootstrap interval'))).toBe(true);
  });

  it('draws the threshold without a band, weights rows by counts and says how many scores were NaN', async () => {
    const spec = scoreDistributionChart({
      scores: [0.1, 0.2, Number.NaN, 0.9],
      counts: [5, 1, 1, 2],
      threshold: threshold.point,
    });
    const svg = await renderSvg(spec);
    expect(countMarks(svg, 'rect mark')).toBe(40);
    expect(countMarks(svg, 'legend')).toBe(0);
    expect(texts(svg).some((t) => t.includes('1 unscored (NaN) left out'))).toBe(true);
    const bins = (spec as unknown as Layers).layer[0].data!.values;
    expect(bins.reduce((sum, b) => sum + (b.count as number), 0)).toBe(8);
    expect(() => scoreDistributionChart({ scores: [], threshold: threshold.point })).toThrow(/no scores/);
  });
});
