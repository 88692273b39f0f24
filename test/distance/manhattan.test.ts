import { describe, expect, it } from 'vitest';
import { manhattan } from '../../src/distance/manhattan.js';

describe('manhattan', () => {
  it('sums absolute differences', () => {
    expect(manhattan([0, 0], [3, 4])).toBe(7);
    expect(manhattan(Float64Array.from([1, -2]), [-1, 2])).toBe(6);
  });

  it('refuses vectors of different lengths', () => {
    expect(() => manhattan([1], [1, 2])).toThrow(/different lengths \(1 and 2\)/);
  });
});
