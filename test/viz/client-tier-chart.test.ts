import { describe, expect, it } from 'vitest';
import { clientTierChart } from '../../src/viz/client-tier-chart.js';
import { renderSvg } from '../../src/viz/render.js';
import { chartFixtures } from '../support/chart-fixtures.js';
import { countMarks, snapshotSvg, texts } from '../support/svg-snapshot.js';

const { clients } = chartFixtures();

describe('clientTierChart', () => {
  it('draws clients per tier and the top clients by highest score, coloured by tier', async () => {
    const svg = await snapshotSvg(clientTierChart(clients));
    await expect(svg).toMatchFileSnapshot('../output/client-tier-chart.svg');
    // 4 tiers + 5 clients
    expect(countMarks(svg, 'bar')).toBe(9);
    const labels = texts(svg);
    expect(labels).toEqual(
      expect.arrayContaining(['crawler.example.net', 'HIGH', 'top 5 clients by highest session score']),
    );
    expect(labels.slice(labels.indexOf('HIGH'), labels.indexOf('HIGH') + 1)).toEqual(['HIGH']);
  });

  it('keeps the top clients only', async () => {
    const svg = await renderSvg(clientTierChart(clients, { top: 2 }));
    expect(countMarks(svg, 'bar')).toBe(6);
    expect(() => clientTierChart([])).toThrow(/no clients/);
  });
});
