import { describe, expect, it } from 'vitest';
import { featureMatrixFromRows } from '../../src/distance/feature-matrix.js';
import { clusterMap, clusterMapSpec, projectRows } from '../../src/viz/cluster-map.js';
import { renderSvg } from '../../src/viz/render.js';
import type { TopLevelSpec } from 'vega-lite';

// Two well separated groups of 20 rows: a numeric feature near 0 or near 1, and a categorical that differs.
const rows = Array.from({ length: 40 }, (_, i) => [
  i < 20 ? 0.01 * (i % 5) : 0.95 + 0.01 * (i % 5),
  i < 20 ? 'tcp' : 'udp',
]);
const matrix = featureMatrixFromRows(rows, { names: ['bytes', 'proto'] });

describe('projectRows', () => {
  it('keeps separated groups apart and is reproducible for a seed', () => {
    const points = projectRows(matrix, { seed: 7, neighbors: 5 });
    expect(points).toHaveLength(40);
    const centre = (from: number, to: number) =>
      points.slice(from, to).reduce((s, [x, y]) => [s[0] + x / (to - from), s[1] + y / (to - from)], [0, 0]);
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
    const spec = clusterMapSpec(
      [
        [0, 0],
        [1, 1],
        [2, 0],
      ],
      [0, 0, -1],
      [5, 1, 1],
      'conn clusters',
    );
    const values = (spec as { data: { values: Array<{ cluster: string }> } }).data.values;
    expect(values.map((v) => v.cluster)).toEqual(['cluster 0', 'cluster 0', 'noise']);
    const colour = (spec as { encoding: { color: { scale: { domain: string[]; range: string[] } } } }).encoding.color
      .scale;
    expect(colour.domain).toEqual(['cluster 0', 'noise']);
    expect(colour.range[1]).toBe('#bbbbbb');
    const svg = await renderSvg(spec as TopLevelSpec);
    expect(svg).toContain('conn clusters');
    expect(() => clusterMapSpec([[0, 0]], [0, 1])).toThrow(/1 points but 2 labels/);
  });
});

describe('clusterMap', () => {
  // 3 groups: 300 distinct rows of cluster 0, 30 of cluster 1 and 5 noise rows, each distinct row twice.
  const distinct = [
    ...Array.from({ length: 300 }, (_, i) => [i / 1000, 'tcp', 0]),
    ...Array.from({ length: 30 }, (_, i) => [0.9 + i / 1000, 'udp', 1]),
    ...Array.from({ length: 5 }, (_, i) => [0.5 + i / 100, 'icmp', -1]),
  ];
  const all = [...distinct, ...distinct];
  const big = featureMatrixFromRows(
    all.map(([x, proto]) => [x, proto]),
    { names: ['bytes', 'proto'] },
  );
  const labels = all.map((row) => row[2] as number);

  it('collapses identical rows into one point sized by its rows', () => {
    const map = clusterMap(big, labels, { neighbors: 5, seed: 1 });
    expect(map.distinct).toBe(335);
    expect(map.rows).toHaveLength(335);
    expect(map.weights.every((w) => w === 2)).toBe(true);
    expect(map.rows.every((row) => row < 335)).toBe(true);
    expect(map.labels.filter((l) => l === -1)).toHaveLength(5);
    expect((map.spec as { title: string }).title).toBe('Clusters (670 rows, 335 distinct rows)');
  });

  it('samples at most maxPoints distinct rows, keeping every cluster and the noise, reproducibly', () => {
    const map = clusterMap(big, labels, { maxPoints: 50, neighbors: 5, seed: 1, title: 'conn' });
    const count = (label: number) => map.labels.filter((l) => l === label).length;
    expect(count(0)).toBe(45);
    expect(count(1)).toBe(10);
    expect(count(-1)).toBe(5);
    expect(map.points).toHaveLength(60);
    expect((map.spec as { title: string }).title).toBe('conn (670 rows, 60 of 335 distinct rows)');
    expect(clusterMap(big, labels, { maxPoints: 50, neighbors: 5, seed: 1 }).rows).toEqual(map.rows);
    expect(clusterMap(big, labels, { maxPoints: 50, neighbors: 5, seed: 2 }).rows).not.toEqual(map.rows);
  });

  it('refuses labels of another matrix and a maxPoints below 3', () => {
    expect(() => clusterMap(big, labels.slice(1))).toThrow(/670 rows but 669 labels/);
    expect(() => clusterMap(big, labels, { maxPoints: 2 })).toThrow(/maxPoints must be a whole number >= 3/);
  });
});
