import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TopLevelSpec } from 'vega-lite';
import { renderPng, renderSvg } from '../../src/viz/render.js';
import { saveChart } from '../../src/viz/save-chart.js';

const spec: TopLevelSpec = {
  data: {
    values: [
      { n: 1000, seconds: 0.5 },
      { n: 10000, seconds: 2 },
    ],
  },
  mark: { type: 'line', point: true },
  encoding: {
    x: { field: 'n', type: 'quantitative', title: 'rows' },
    y: { field: 'seconds', type: 'quantitative' },
  },
  title: 'exact DBSCAN time',
};

describe('renderSvg', () => {
  it('draws the title, axes and one point per datum', async () => {
    const svg = await renderSvg(spec);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('exact DBSCAN time');
    expect(svg).toContain('rows');
    expect(svg.match(/role-mark/g)?.length).toBeGreaterThanOrEqual(2);
  });

  it('rejects a spec without a mark with vega-lite’s own message', async () => {
    await expect(renderSvg({ data: { values: [] } } as unknown as TopLevelSpec)).rejects.toThrow(/mark|spec/i);
  });
});

describe('renderPng / saveChart', () => {
  it('rasterises to a PNG and saves spec, SVG and PNG side by side', async () => {
    const png = await renderPng(spec);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    const dir = await mkdtemp(path.join(tmpdir(), 'zeekseq-viz-'));
    const files = await saveChart(spec, path.join(dir, 'charts', 'time'));
    expect(JSON.parse(await readFile(files.spec, 'utf8')).title).toBe('exact DBSCAN time');
    expect((await readFile(files.svg, 'utf8')).startsWith('<svg')).toBe(true);
    expect((await stat(files.png)).size).toBeGreaterThan(2000);
  });
});
