import { describe, expect, it } from 'vitest';
import { euclidean } from '../../src/distance/euclidean.js';

describe('euclidean', () => {
  it('measures straight-line distance on plain and typed arrays', () => {
    expect(euclidean([0, 0], [3, 4])).toBe(5);
    expect(euclidean(Float64Array.from([1, 2, 3]), Float64Array.from([1, 2, 3]))).toBe(0);
    expect(euclidean([-1], [2])).toBe(3);
  });

  it('refuses vectors of different lengths', () => {
    expect(() => euclidean([1, 2], [1])).toThrow(/different lengths \(2 and 1\)/);
  });
});
