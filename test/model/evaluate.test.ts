import { describe, expect, it } from 'vitest';
import { macroF1 } from '../../src/model/evaluate.js';

describe('macroF1', () => {
  it('averages per-token F1 over the tokens that occur as true labels', () => {
    // token 5: tp 2, fn 1, fp 0 → 0.8; token 6: tp 1, fn 0, fp 2 → 0.5; token 7 only predicted: not a class
    const truth = [5, 5, 5, 6];
    const predicted = [5, 5, 6, 6];
    expect(macroF1(truth, predicted)).toBeCloseTo((0.8 + 2 / 3) / 2, 12);
    expect(macroF1([5, 6], [7, 7])).toBe(0);
    expect(macroF1([5, 5, 5, 6, 6], [5, 5, 6, 6, 7])).toBeCloseTo((0.8 + 0.5) / 2, 12);
  });

  it('weights positions like repeated connections', () => {
    expect(macroF1([5, 6], [5, 5], [3, 1])).toBeCloseTo(macroF1([5, 5, 5, 6], [5, 5, 5, 5]), 12);
    expect(Number.isNaN(macroF1([], []))).toBe(true);
  });
});
