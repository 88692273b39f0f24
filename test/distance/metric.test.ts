import { describe, expect, it } from 'vitest';
import { checkMetric } from '../../src/distance/metric.js';
import { ZeekseqError } from '../../src/util/errors.js';

describe('checkMetric', () => {
  it('accepts the three metrics', () => {
    expect(checkMetric('euclidean')).toBe('euclidean');
    expect(checkMetric('manhattan')).toBe('manhattan');
    expect(checkMetric('gower')).toBe('gower');
  });

  it('names the metrics there are when given another', () => {
    expect(() => checkMetric('cosine')).toThrow(ZeekseqError);
    expect(() => checkMetric('cosine')).toThrow(
      /unknown distance metric "cosine": use one of euclidean, manhattan, gower/,
    );
    expect(() => checkMetric(undefined)).toThrow(/unknown distance metric/);
  });
});
