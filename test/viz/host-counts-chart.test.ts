import { describe, expect, it } from 'vitest';
import { renderSvg } from '../../src/viz/render.js';
import { hostCounts, hostCountsChart } from '../../src/viz/host-counts-chart.js';
import { chartFixtures } from '../support/chart-fixtures.js';
import { countMarks, snapshotSvg, texts } from '../support/svg-snapshot.js';

const { notables, anomalies } = chartFixtures();

describe('hostCounts', () => {
  it('counts notables per host label and anomalies under the notable host of their address', () => {
    const counts = hostCounts(notables, anomalies);
    expect(counts[0]).toEqual({ host: '10.0.0.5', notables: 3, anomalies: 15 });
    // a host with anomalies but no notable is kept
    expect(counts.at(-1)).toEqual({ host: '10.0.0.41', notables: 0, anomalies: 1 });
    expect(hostCounts(notables).every((h) => h.anomalies === undefined)).toBe(true);
  });
});

describe('hostCountsChart', () => {
  it('draws notables and anomalies of the top hosts, the rest summed into one bar', async () => {
    const svg = await snapshotSvg(hostCountsChart(hostCounts(notables, anomalies), { top: 4 }));
    await expect(svg).toMatchFileSnapshot('../output/host-counts-chart.svg');
    expect(countMarks(svg, 'bar')).toBe(10);
    const labels = texts(svg);
    expect(labels.filter((t) => t === '2 other hosts')).toHaveLength(2);
    expect(labels).toContain('ws-12.corp.example');
    expect(labels).toContain('15');
    // no kinds known: no legend
    expect(countMarks(svg, 'legend')).toBe(0);
  });

  it('colours by kind with a legend, draws notables alone where anomalies are unknown, checks top', async () => {
    const svg = await renderSvg(
      hostCountsChart([
        { host: 'a', notables: 3, kind: 'malicious' },
        { host: 'b', notables: 1 },
      ]),
    );
    expect(countMarks(svg, 'bar')).toBe(2);
    expect(countMarks(svg, 'legend')).toBe(1);
    expect(texts(svg)).toContain('malicious');
    expect(() => hostCountsChart([{ host: 'a', notables: 1 }], { top: 0 })).toThrow(/top must be/);
    expect(() => hostCountsChart([])).toThrow(/no hosts/);
  });
});
