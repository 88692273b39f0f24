import { describe, expect, it } from 'vitest';
import { connectionChart } from '../../src/viz/connection-chart.js';
import { renderSvg } from '../../src/viz/render.js';
import { chartFixtures } from '../support/chart-fixtures.js';
import { countMarks, snapshotSvg } from '../support/svg-snapshot.js';

const { connection } = chartFixtures();

describe('connectionChart', () => {
  it('draws each event token with its anomaly over the top-k expected tokens', async () => {
    const svg = await snapshotSvg(connectionChart(connection));
    await expect(svg).toMatchFileSnapshot('../output/connection-chart.svg');
    // 4 events × (observed + 3 expected)
    expect(countMarks(svg, 'rect mark')).toBe(16);
    expect(countMarks(svg, 'legend')).toBe(2);
    expect(svg).toContain('http:outlier');
    expect(svg).toContain('0.97');
    expect(svg).toContain('conn:0 ✓');
    expect(svg).toContain('Connection CQx9a1');
  });

  it('draws expected tokens uncoloured without probabilities, and refuses details of another length', async () => {
    const svg = await renderSvg(connectionChart({ ...connection, expectedProbability: undefined }));
    expect(countMarks(svg, 'legend')).toBe(1);
    expect(() => connectionChart({ ...connection, tokenScores: [0.1] })).toThrow(/give one of each per token/);
    expect(() => connectionChart({ ...connection, expectedProbability: [[1], [1], [1], [1]] })).toThrow(
      /one probability per expected token/,
    );
    expect(() => connectionChart({ ...connection, tokens: [], tokenScores: [], expected: [] })).toThrow(
      /no event tokens/,
    );
  });
});
