import { describe, expect, it } from 'vitest';
import { chooseThreshold } from '../../src/detect/threshold.js';
import { ZeekseqError } from '../../src/util/errors.js';

describe('chooseThreshold', () => {
  const scores = [0.1, 0.9, 0.5, 0.3, 0.7, 0.2, 0.8, 0.4, 0.6, 0.05];

  it('is the (k+1)-th highest score for k = floor(R·n)', () => {
    expect(chooseThreshold(scores, 0.2).threshold).toBe(0.7);
    expect(chooseThreshold(scores, 0.2).above).toBe(2);
    expect(chooseThreshold(scores, 0.25).threshold).toBe(0.7);
    expect(chooseThreshold(scores, 0.3).threshold).toBe(0.6);
  });

  it('is exact where a floating-point product would round down (0.29 · 100 = 28.999…)', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => i / 100);
    const result = chooseThreshold(hundred, 0.29);
    expect(result.above).toBe(29);
    expect(result.threshold).toBe(0.7);
  });

  it('never splits ties: tied scores are all above or all at the threshold', () => {
    const tied = [0.9, 0.8, 0.8, 0.8, 0.1];
    // R = 0.4 allows 2 above; the three 0.8s cannot all be above, so only the 0.9 is
    const result = chooseThreshold(tied, 0.4);
    expect(result.threshold).toBe(0.8);
    expect(result.above).toBe(1);
  });

  it('weights scores by connection counts like the expanded scores', () => {
    const distinct = chooseThreshold([0.9, 0.5, 0.1], 0.2, [1, 3, 6]);
    const expanded = chooseThreshold([0.9, 0.5, 0.5, 0.5, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1], 0.2);
    expect(distinct).toEqual(expanded);
    expect(distinct.threshold).toBe(0.5);
    expect(distinct.total).toBe(10);
  });

  it('handles R = 0 (highest score) and R = 1 (lowest score)', () => {
    expect(chooseThreshold(scores, 0)).toMatchObject({ threshold: 0.9, above: 0 });
    expect(chooseThreshold(scores, 1)).toMatchObject({ threshold: 0.05, above: 9 });
  });

  it('refuses empty input, NaN scores, bad rates and bad counts with clear errors', () => {
    expect(() => chooseThreshold([], 0.1)).toThrow(/no threshold-split scores/);
    expect(() => chooseThreshold([0.1, NaN], 0.1)).toThrow(/score 1 is NaN/);
    expect(() => chooseThreshold(scores, 1.5)).toThrow(ZeekseqError);
    expect(() => chooseThreshold(scores, -0.1)).toThrow(/acceptance rate/);
    expect(() => chooseThreshold([0.1, 0.2], 0.1, [1])).toThrow(/counts for 2 scores/);
    expect(() => chooseThreshold([0.1, 0.2], 0.1, [1, 0])).toThrow(/count 1 is 0/);
  });
});
