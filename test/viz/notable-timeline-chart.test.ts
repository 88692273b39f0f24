import { describe, expect, it } from 'vitest';
import { notableTimelineChart } from '../../src/viz/notable-timeline-chart.js';
import { chartFixtures } from '../support/chart-fixtures.js';
import { countMarks, snapshotSvg, texts } from '../support/svg-snapshot.js';
import { renderSvg } from '../../src/viz/render.js';

const { notables } = chartFixtures();

describe('notableTimelineChart', () => {
  it('draws each notable window on a UTC axis, a row per host, coloured by max score', async () => {
    const svg = await snapshotSvg(notableTimelineChart(notables));
    await expect(svg).toMatchFileSnapshot('../output/notable-timeline-chart.svg');
    expect(countMarks(svg, 'bar')).toBe(8);
    expect(countMarks(svg, 'point')).toBe(8);
    const labels = texts(svg);
    expect(labels).toEqual(expect.arrayContaining(['10.0.0.5', 'ws-12.corp.example', 'max score', '01-05 03:00']));
  });

  it('keeps the top hosts by notables and says how many notables it left out', async () => {
    const svg = await renderSvg(notableTimelineChart(notables, { top: 2 }));
    expect(countMarks(svg, 'bar')).toBe(5);
    expect(texts(svg).some((t) => t.includes('3 notables of hosts beyond the top 2 not shown'))).toBe(true);
    expect(() => notableTimelineChart([])).toThrow(/no notables/);
  });
});
