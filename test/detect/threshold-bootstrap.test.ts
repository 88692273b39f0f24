import { describe, expect, it } from 'vitest';
import {
  bootstrapThreshold,
  MIN_ABOVE,
  sortedQuantile,
  thresholdWarning,
} from '../../src/detect/threshold-bootstrap.js';
import { chooseThreshold } from '../../src/detect/threshold.js';
import { ZeekseqError } from '../../src/util/errors.js';
import { createRandom } from '../../src/util/random.js';

describe('sortedQuantile', () => {
  it('interpolates between order statistics as numpy does', () => {
    // numpy.quantile([1, 2, 3, 4], [0, 0.05, 0.5, 0.95, 1]) = [1, 1.15, 2.5, 3.85, 4]
    const values = [1, 2, 3, 4];
    expect(sortedQuantile(values, 0)).toBe(1);
    expect(sortedQuantile(values, 0.05)).toBeCloseTo(1.15, 12);
    expect(sortedQuantile(values, 0.5)).toBe(2.5);
    expect(sortedQuantile(values, 0.95)).toBeCloseTo(3.85, 12);
    expect(sortedQuantile(values, 1)).toBe(4);
  });

  it('refuses no values', () => {
    expect(() => sortedQuantile([], 0.5)).toThrow(ZeekseqError);
  });
});

describe('bootstrapThreshold', () => {
  const rng = createRandom(7);
  const scores = Array.from({ length: 2000 }, () => rng.next());

  it('is seeded: the same seed gives the same interval, another seed another one', () => {
    const a = bootstrapThreshold(scores, 0.01, undefined, { seed: 1, resamples: 100 });
    const b = bootstrapThreshold(scores, 0.01, undefined, { seed: 1, resamples: 100 });
    const c = bootstrapThreshold(scores, 0.01, undefined, { seed: 2, resamples: 100 });
    expect([a.lower, a.upper]).toEqual([b.lower, b.upper]);
    expect([a.lower, a.upper]).not.toEqual([c.lower, c.upper]);
  });

  it('contains the point estimate, which is chooseThreshold on the split itself', () => {
    for (const rate of [0.001, 0.01, 0.05]) {
      const interval = bootstrapThreshold(scores, rate, undefined, { resamples: 100 });
      expect(interval.point).toEqual(chooseThreshold(scores, rate));
      expect(interval.lower).toBeLessThanOrEqual(interval.point.threshold);
      expect(interval.upper).toBeGreaterThanOrEqual(interval.point.threshold);
      expect(interval.lower).toBeLessThan(interval.upper);
    }
  });

  it('is wider far in a thin tail, where few connections decide the cut', () => {
    // exponential scores: the density at the cut falls with the acceptance rate
    const tailed = scores.map((u) => -Math.log(1 - u));
    const wide = bootstrapThreshold(tailed, 0.002, undefined, { resamples: 100 });
    const narrow = bootstrapThreshold(tailed, 0.2, undefined, { resamples: 100 });
    expect(narrow.upper - narrow.lower).toBeLessThan(wide.upper - wide.lower);
  });

  it('resamples connections: counts weigh rows like the expanded scores', () => {
    const rows = [0.9, 0.5, 0.1];
    const counts = [1, 98, 1];
    const expanded = [0.9, ...Array(98).fill(0.5), 0.1];
    const weighted = bootstrapThreshold(rows, 0.01, counts, { seed: 3, resamples: 50 });
    const plain = bootstrapThreshold(expanded, 0.01, undefined, { seed: 3, resamples: 50 });
    expect(weighted.point).toEqual(plain.point);
    expect([weighted.lower, weighted.upper]).toEqual([plain.lower, plain.upper]);
  });

  it(`warns when fewer than ${MIN_ABOVE} threshold-split connections lie above the cut`, () => {
    const few = bootstrapThreshold(scores, 0.01, undefined, { resamples: 10 });
    expect(few.point.above).toBe(20);
    expect(few.warning).toMatch(/only 20 of 2000 threshold-split connections lie above the threshold/);
    const enough = bootstrapThreshold(scores, 0.02, undefined, { resamples: 10 });
    expect(enough.point.above).toBe(40);
    expect(enough.warning).toBeNull();
    expect(thresholdWarning({ threshold: 0.5, acceptanceRate: 0.1, above: MIN_ABOVE, total: 300 })).toBeNull();
  });

  it('refuses bad settings with a message that says what to give', () => {
    expect(() => bootstrapThreshold(scores, 0.01, undefined, { resamples: 0 })).toThrow(
      /resamples must be a whole number >= 1/,
    );
    expect(() => bootstrapThreshold(scores, 0.01, undefined, { quantiles: [0.9, 0.1] })).toThrow(
      /0 <= lower <= upper <= 1/,
    );
    expect(() => bootstrapThreshold([], 0.01)).toThrow(/no threshold-split scores/);
  });
});
