import { describe, expect, it } from 'vitest';
import { featureMatrixFromRows } from '../../src/distance/feature-matrix.js';
import { clusterMapSpec, projectRows } from '../../src/viz/cluster-map.js';
import { renderSvg } from '../../src/viz/render.js';
import type { TopLevelSpec } from 'vega-lite';

// Two well separated groups of 20 rows: a numeric feature near 0 or near 1, and a categorical that differs.
const rows = Array.from({ length: 40 }, (_, i) => [i < 20 ? 0.01 * (i % 5) : 0.95 + 0.01 * (i % 5), i < 20 ? 'tcp' : 'udp']);
const matrix = featureMatrixFromRows(rows, { names: ['bytes', 'proto'] });

describe('projectRows', () => {
  it('keeps separated groups apart and is reproducible for a seed', () => {
    const points = projectRows(matrix, { seed: 7, neighbors: 5 });
    expect(points).toHaveLength(40);
    const centre = (from: number, to: number) => points.slice(from, to).reduce((s, [x, y]) => [s[0] + x / (to - from), s[1] + y / (to - from)], [0, 0]);
    const [a, b] = [centre(0, 20), centre(20, 40)];
    const spread = Math.max(...points.slice(0, 20).map(([x, y]) => Math.hypot(x - a[0], y - a[1])));
    expect(Math.hypot(a[0] - b[0], a[1] - b[1])).toBeGreaterThan(spread);
    expect(projectRows(matrix, { seed: 7, neighbors: 5 })).toEqual(points);
  });

  it('needs at least three rows', () => {
    expect(() => projectRows(featureMatrixFromRows([[1], [2]]))).toThrow(/at least 3 rows/);
  });
});

describe('clusterMapSpec', () => {
  it('draws one circle per point, noise labelled as such', async () => {
    const spec = clusterMapSpec([[0, 0], [1, 1], [2, 0]], [0, 0, -1], [5, 1, 1], 'conn clusters');
    const values = (spec as { data: { values: Array<{ cluster: string }> } }).data.values;
    expect(values.map((v) => v.cluster)).toEqual(['cluster 0', 'cluster 0', 'noise']);
    const svg = await renderSvg(spec as TopLevelSpec);
    expect(svg).toContain('conn clusters');
    expect(() => clusterMapSpec([[0, 0]], [0, 1])).toThrow(/1 points but 2 labels/);
  });
});
