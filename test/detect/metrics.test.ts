import { describe, expect, it } from 'vitest';
import { averagePrecision, classificationMetrics, precisionAtK, rocAuc } from '../../src/detect/metrics.js';

// Values computed by hand and checked against scikit-learn 1.2's definitions.
const scores = [0.9, 0.8, 0.7, 0.6, 0.55, 0.4, 0.3, 0.2];
const labels = [1, 0, 1, 1, 0, 0, 1, 0];

describe('averagePrecision', () => {
  it('matches scikit-learn on a hand-computed case', () => {
    // Positives at ranks 1, 3, 4, 7: AP = (1/1 + 2/3 + 3/4 + 4/7) / 4.
    expect(averagePrecision(scores, labels)).toBeCloseTo((1 + 2 / 3 + 3 / 4 + 4 / 7) / 4, 12);
  });

  it('treats tied scores as one threshold', () => {
    // One threshold containing both items: recall 1 at precision 1/2.
    expect(averagePrecision([0.5, 0.5], [1, 0])).toBe(0.5);
  });

  it('is undefined (NaN) without positives', () => {
    expect(averagePrecision([0.1, 0.2], [0, 0])).toBeNaN();
  });
});

describe('rocAuc', () => {
  it('matches the Mann-Whitney count of correctly ordered pairs', () => {
    // 16 positive/negative pairs; positives beat negatives in 11 of them.
    expect(rocAuc(scores, labels)).toBeCloseTo(11 / 16, 12);
  });

  it('counts ties as one half and is NaN with one class', () => {
    expect(rocAuc([0.5, 0.5], [1, 0])).toBe(0.5);
    expect(rocAuc([0.1, 0.9], [1, 1])).toBeNaN();
  });
});

describe('classificationMetrics and precisionAtK', () => {
  it('computes the confusion counts, precision, recall and F1', () => {
    const flagged = scores.map((s) => s > 0.5);
    const m = classificationMetrics(flagged, labels);
    expect([m.truePositives, m.falsePositives, m.falseNegatives, m.trueNegatives]).toEqual([3, 2, 1, 2]);
    expect(m.precision).toBeCloseTo(0.6, 12);
    expect(m.recall).toBeCloseTo(0.75, 12);
    expect(m.f1).toBeCloseTo(2 / 3, 12);
  });

  it('gives 0 rather than NaN when nothing is flagged', () => {
    expect(classificationMetrics([false, false], [1, 0]).precision).toBe(0);
  });

  it('takes the k highest scores', () => {
    expect(precisionAtK(scores, labels, 3)).toBeCloseTo(2 / 3, 12);
    expect(precisionAtK(scores, labels, 100)).toBe(0.5);
  });

  it('rejects mismatched lengths, NaN scores and a bad k', () => {
    expect(() => averagePrecision([1, 2], [1])).toThrow(/2 scores but 1 labels/);
    expect(() => rocAuc([NaN], [1])).toThrow(/score 0 is NaN/);
    expect(() => precisionAtK(scores, labels, 0)).toThrow(/k must be a whole number >= 1/);
  });
});
