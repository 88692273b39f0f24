import { describe, expect, it } from 'vitest';
import { TIER_SCALE } from '../../src/viz/chart-style.js';
import { renderSvg } from '../../src/viz/render.js';
import { sessionScoreChart } from '../../src/viz/session-score-chart.js';
import { chartFixtures } from '../support/chart-fixtures.js';
import { countMarks, snapshotSvg, texts } from '../support/svg-snapshot.js';

const { sessionScores, tierThresholds } = chartFixtures();

describe('sessionScoreChart', () => {
  it('draws session scores by tier with the LOW, MEDIUM and HIGH thresholds', async () => {
    const svg = await snapshotSvg(sessionScoreChart(sessionScores, { thresholds: tierThresholds }));
    await expect(svg).toMatchFileSnapshot('../output/session-score-chart.svg');
    expect(countMarks(svg, 'rule mark')).toBe(3);
    expect(countMarks(svg, 'rect mark')).toBeGreaterThan(10);
    const high = TIER_SCALE.range[3];
    expect(svg).toMatch(new RegExp(`aria-roledescription="rect mark"[^>]*fill="${high}"`));
    const labels = texts(svg);
    expect(labels).toEqual(expect.arrayContaining(['LOW', 'MEDIUM', 'HIGH', 'NONE']));
    expect(labels).toContain('120 sessions: 107 NONE, 5 LOW, 4 MEDIUM, 4 HIGH');
  });

  it('draws no threshold lines without thresholds, and needs sessions', async () => {
    expect(countMarks(await renderSvg(sessionScoreChart(sessionScores)), 'rule mark')).toBe(0);
    expect(() => sessionScoreChart([])).toThrow(/no scored sessions/);
  });
});
