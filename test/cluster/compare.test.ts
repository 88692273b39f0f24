import { describe, expect, it } from 'vitest';
import { compareDbscan } from '../../src/cluster/compare.js';
import { DBSCAN } from '../../src/cluster/dbscan.js';
import { selectRows, featureMatrixFromRows } from '../../src/distance/feature-matrix.js';
import { createRandom, shuffledIndices } from '../../src/util/random.js';

const rng = createRandom(4);
const rows = Array.from({ length: 600 }, (_, i) => [(i % 3) * 10 + rng.next(), rng.next()]);

describe('compareDbscan', () => {
  const result = compareDbscan(rows, {
    sizes: [400, 100],
    eps: 0.5,
    minSamples: (n) => Math.max(3, Math.round(n / 100)),
    batchSize: 150,
    seed: 8,
  });

  it('reports each size in ascending order, with the exact clustering of that seeded sample', () => {
    expect(result.table.map((r) => [r.n, r.minSamples])).toEqual([
      [100, 3],
      [400, 4],
    ]);
    const sample = selectRows(featureMatrixFromRows(rows), shuffledIndices(600, 8).subarray(0, 400));
    const exact = new DBSCAN({ eps: 0.5, minSamples: 4 }).fit(sample);
    const row = result.table[1];
    expect(row.exactClusters).toBe(exact.nClusters);
    expect(row.exactNoiseShare).toBe(Array.from(exact.labels).filter((l) => l < 0).length / 400);
    for (const r of result.table) {
      expect(r.exactSeconds).toBeGreaterThan(0);
      expect(r.batchSeconds).toBeGreaterThan(0);
      // Three well-separated blobs: the batch approximation is exact here.
      expect(r.ari).toBe(1);
      expect(r.nmi).toBeCloseTo(1, 12);
      expect(r.batchClusters).toBe(3);
    }
  });

  it('lists the sizes in ascending order, one row each', () => {
    expect(result.table.map((r) => r.n)).toEqual([100, 400]);
  });

  it('refuses sizes it cannot sample', () => {
    expect(() => compareDbscan(rows, { sizes: [], eps: 0.5, minSamples: 3 })).toThrow(/at least one sample size/);
    expect(() => compareDbscan(rows, { sizes: [601], eps: 0.5, minSamples: 3 })).toThrow(
      /sample size 601 is not a whole number of rows between 1 and the 600 rows/,
    );
    expect(() => compareDbscan(rows, { sizes: [10.5], eps: 0.5, minSamples: 3 })).toThrow(/sample size 10.5/);
    expect(() => compareDbscan(rows, { sizes: [10], eps: -1, minSamples: 3 })).toThrow(
      /eps must be a finite number > 0/,
    );
  });
});
