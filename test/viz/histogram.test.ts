import { describe, expect, it } from 'vitest';
import { histogram } from '../../src/viz/histogram.js';

describe('histogram', () => {
  it('bins weighted values per group over the range of values and extras, every group every bin', () => {
    const { bins, missing } = histogram([0, 0.5, 1, Number.NaN, 0.25], {
      bins: 4,
      weights: [1, 2, 3, 4, 5],
      groups: ['b', 'a', 'b', 'a', 'a'],
      extra: [2],
    });
    expect(missing).toBe(1);
    expect(bins).toHaveLength(8);
    expect(bins.filter((b) => b.group === 'a').map((b) => b.count)).toEqual([5, 2, 0, 0]);
    expect(bins.filter((b) => b.group === 'b').map((b) => b.count)).toEqual([1, 0, 3, 0]);
    expect(bins[3]).toMatchObject({ start: 1.5, end: 2 });
  });

  it('puts the maximum in the last bin and gives equal values a bin of some width', () => {
    expect(histogram([1, 2], { bins: 2 }).bins.map((b) => b.count)).toEqual([1, 1]);
    const same = histogram([3, 3, 3], { bins: 1 }).bins;
    expect(same).toEqual([{ group: null, start: 3, end: 4, count: 3 }]);
  });

  it('refuses bad bins and columns of another length', () => {
    expect(() => histogram([1], { bins: 0 })).toThrow(/whole number >= 1/);
    expect(() => histogram([1, 2], { weights: [1] })).toThrow(/1 weights for 2 values/);
  });
});
