import { describe, expect, it } from 'vitest';
import { ari, nmi } from '../../src/cluster/metrics.js';
import { createRandom } from '../../src/util/random.js';

// Expected values from scikit-learn 1.2.1 (adjusted_rand_score, normalized_mutual_info_score).
const CASES: [number[], number[], number, number][] = [
  [[0, 0, 1, 2], [0, 0, 1, 1], 0.5714285714285714, 0.7999999999999999],
  [[0, 0, 1, 1], [0, 1, 0, 1], -0.5, 0],
  [[0, 0, 0, 0], [0, 1, 2, 3], 0, 0],
  [[0, 1, 2], [0, 1, 2], 1, 1],
  [[5, 5, 5], [1, 1, 1], 1, 1],
  [[0, 0, 1, 1, 2, 2, -1, -1, -1, 3], [1, 1, 1, 0, 0, 0, -1, 2, -1, 3], 0.3712574850299401, 0.7676305997898377],
  [[0, 0, 0, 1, 1, 1, 2, 2, 2, 2, -1], [0, 0, 1, 1, 1, 2, 2, 2, 2, 2, -1], 0.49725776965265084, 0.7048630196863696],
];

describe('ari and nmi', () => {
  it("agree with scikit-learn's values", () => {
    for (const [a, b, wantAri, wantNmi] of CASES) {
      expect(ari(a, b)).toBeCloseTo(wantAri, 12);
      expect(nmi(a, b)).toBeCloseTo(wantNmi, 12);
    }
  });

  it('ignore label names and are symmetric', () => {
    const rng = createRandom(9);
    const a = Array.from({ length: 500 }, () => rng.int(4));
    const b = a.map((l) => (rng.next() < 0.2 ? rng.int(6) : l));
    const renamed = a.map((l) => 10 - 3 * l);
    expect(ari(a, renamed)).toBe(1);
    expect(nmi(a, renamed)).toBeCloseTo(1, 12);
    expect(ari(a, b)).toBeCloseTo(ari(b, a), 12);
    expect(nmi(a, b)).toBeCloseTo(nmi(b, a), 12);
    expect(ari(a, b)).toBeGreaterThan(0.3);
    expect(ari(a, b)).toBeLessThan(1);
  });

  it('work on typed arrays and refuse labelings of different lengths', () => {
    expect(ari(Int32Array.from([0, 0, 1]), Int32Array.from([1, 1, 0]))).toBe(1);
    expect(nmi([], [])).toBe(1);
    expect(() => ari([0, 1], [0])).toThrow(/clusterings of 2 and 1 rows/);
    expect(() => nmi([0], [0, 1])).toThrow(/clusterings of 1 and 2 rows/);
  });
});
