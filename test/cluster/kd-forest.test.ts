import { describe, expect, it } from 'vitest';
import { KdForest } from '../../src/cluster/kd-forest.js';
import { collapseRows, metricSpace } from '../../src/cluster/weighted-points.js';
import { featureMatrixFromRows, type FeatureMatrix } from '../../src/distance/feature-matrix.js';
import { euclidean } from '../../src/distance/euclidean.js';
import { fitGowerRanges, gower } from '../../src/distance/gower.js';
import type { MetricName } from '../../src/distance/metric.js';
import { createRandom } from '../../src/util/random.js';

function forestOf(X: FeatureMatrix, metric: MetricName, eps: number, leafSize = 4) {
  const space = metricSpace(metric, X);
  const points = collapseRows(space, X);
  return { points, forest: new KdForest(points, space, eps, { leafSize }) };
}

/** The matrix row of the point at each position (each point's first row). */
function rowAt(forest: KdForest, firstRow: Int32Array, pos: number): number {
  return firstRow[forest.pointAt[pos]];
}

describe('KdForest', () => {
  const rng = createRandom(5);
  const rows = Array.from({ length: 400 }, () => [rng.int(8) / 4, rng.next() * 2, rng.next() < 0.5 ? 0 : rng.next()]);
  const X = featureMatrixFromRows(rows);
  const eps = 0.4;

  it('weighs each point’s eps-neighbourhood exactly, itself included', () => {
    const { points, forest } = forestOf(X, 'euclidean', eps);
    for (let pos = 0; pos < forest.count; pos++) {
      const me = rows[rowAt(forest, points.firstRow, pos)];
      const want = rows.filter((row) => euclidean(row, me) <= eps).length;
      expect(forest.weightWithin(pos, Infinity)).toBe(want);
    }
  });

  it('stops weighing once the weight is enough', () => {
    const { forest } = forestOf(X, 'euclidean', eps);
    const full = forest.weightWithin(0, Infinity);
    expect(full).toBeGreaterThan(3);
    const partial = forest.weightWithin(0, 2);
    expect(partial).toBeGreaterThanOrEqual(2);
    expect(partial).toBeLessThanOrEqual(full);
  });

  it('makes groups whose points are all within eps of each other, covering every point once', () => {
    const { points, forest } = forestOf(X, 'euclidean', eps);
    let covered = 0;
    for (const g of forest.groups) {
      covered += forest.end[g] - forest.start[g];
      for (let i = forest.start[g]; i < forest.end[g]; i++) {
        expect(forest.groupOf[i]).toBe(g);
        for (let j = i + 1; j < forest.end[g]; j++) {
          expect(
            euclidean(rows[rowAt(forest, points.firstRow, i)], rows[rowAt(forest, points.firstRow, j)]),
          ).toBeLessThanOrEqual(eps);
        }
      }
    }
    expect(covered).toBe(forest.count);
  });

  it('finds the nearest point and its distance within eps or a multiple of it, or none', () => {
    const { points, forest } = forestOf(X, 'euclidean', eps);
    const tie = Int32Array.from({ length: forest.count }, (_, i) => i);
    const probe = new Float64Array(3);
    for (const q of [
      [0.1, 0.5, 0.2],
      [5, 5, 5],
      [1.9, 1.9, 0.9],
      [3, -1, 2],
    ]) {
      probe.set(q);
      const best = Math.min(...rows.map((row) => euclidean(row, q)));
      for (const factor of [1, 2, 4]) {
        const { position, distance } = forest.nearest(probe, 0, tie, factor);
        if (best > factor * eps) {
          expect(position).toBe(-1);
          expect(distance).toBe(Infinity);
        } else {
          expect(euclidean(rows[rowAt(forest, points.firstRow, position)], q)).toBe(best);
          expect(distance).toBeCloseTo(best, 12);
        }
      }
    }
  });

  it('finds the nearest Gower point for queries missing dimensions past the 53rd', () => {
    const width = 60;
    const make = (base: number, missing: number[]) =>
      Array.from({ length: width }, (_, d) => (missing.includes(d) ? null : base + d / 100));
    const train = featureMatrixFromRows([make(0, []), make(0.5, [55]), make(1, [])]);
    const space = metricSpace('gower', train);
    const points = collapseRows(space, train);
    const forest = new KdForest(points, space, 0.2, { leafSize: 1 });
    const tie = new Int32Array(forest.count);
    const queries = collapseRows(
      space,
      featureMatrixFromRows([make(0.55, [55, 58]), make(0.05, [58]), make(0.45, [54, 55, 56])]),
    );
    const nearest = [0, 1, 2].map((q) => {
      const { position: pos } = forest.nearest(queries.coords, q * width, tie, 1);
      return pos < 0 ? -1 : points.firstRow[forest.pointAt[pos]];
    });
    expect(nearest).toEqual([1, 0, 1]);
  });

  it('weighs Gower neighbourhoods across missingness patterns exactly', () => {
    const mixed = Array.from({ length: 200 }, () => [
      rng.next() < 0.2 ? null : rng.next() * 10,
      rng.next() < 0.2 ? null : ['a', 'b', 'c'][rng.int(3)],
      rng.next() < 0.2 ? null : rng.next() < 0.5,
    ]);
    const G = featureMatrixFromRows(mixed);
    const ranges = fitGowerRanges(G);
    const { points, forest } = forestOf(G, 'gower', 0.3);
    for (let pos = 0; pos < forest.count; pos++) {
      const i = rowAt(forest, points.firstRow, pos);
      let want = 0;
      for (let j = 0; j < G.rows; j++) {
        const d = gower(G, i, G, j, ranges);
        if (d !== null && d <= 0.3) want++;
        else if (d === null && mixed[j].every((v) => v === null) && mixed[i].every((v) => v === null)) want++;
      }
      expect(forest.weightWithin(pos, Infinity)).toBe(want);
    }
  });
});
