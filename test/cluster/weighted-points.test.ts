import { describe, expect, it } from 'vitest';
import { ABS, MISMATCH, collapseRows, metricSpace } from '../../src/cluster/weighted-points.js';
import { featureMatrixFromColumns } from '../../src/distance/feature-matrix.js';

describe('metricSpace', () => {
  const X = featureMatrixFromColumns({
    bytes: [0, 50, 100],
    port: [80, 80, 80],
    proto: ['tcp', 'udp', 'tcp'],
    local: [true, false, true],
  });

  it('makes Gower numeric columns absolute differences over their range, and the rest mismatches', () => {
    const space = metricSpace('gower', X);
    expect(Array.from(space.ranges!)).toEqual([100, 0]);
    // A constant column (range 0) can only be equal or not.
    expect(Array.from(space.kinds)).toEqual([ABS, MISMATCH, MISMATCH, MISMATCH]);
  });

  it('keeps numbers and booleans as they are for euclidean, and refuses categories', () => {
    const numeric = featureMatrixFromColumns({ bytes: [0, 50], local: [true, false] });
    expect(Array.from(metricSpace('euclidean', numeric).kinds)).toEqual([ABS, ABS]);
    expect(metricSpace('manhattan', numeric).ranges).toBeNull();
    expect(() => metricSpace('euclidean', X)).toThrow(/column 'proto' is categorical/);
  });
});

describe('collapseRows', () => {
  it('collapses identical rows into weighted points and remembers each row’s point', () => {
    const X = featureMatrixFromColumns({ a: [1, 2, 1, -0, 0, 2], b: [5, 5, 5, 7, 7, 5] });
    const points = collapseRows(metricSpace('euclidean', X), X, [1, 2, 3, 4, 5, 6]);
    expect(points.count).toBe(3);
    expect(Array.from(points.coords)).toEqual([1, 5, 2, 5, 0, 7]);
    expect(Array.from(points.weights)).toEqual([4, 8, 9]);
    expect(Array.from(points.firstRow)).toEqual([0, 1, 3]);
    expect(Array.from(points.rowPoint)).toEqual([0, 1, 0, 2, 2, 1]);
  });

  it('counts each row once without weights, treats missing values alike, and scales Gower numbers', () => {
    const X = featureMatrixFromColumns({ bytes: [0, null, 100, null], proto: ['tcp', null, 'udp', null] });
    const points = collapseRows(metricSpace('gower', X), X);
    expect(points.count).toBe(3);
    expect(Array.from(points.weights)).toEqual([1, 2, 1]);
    expect(Array.from(points.coords)).toEqual([0, 0, NaN, NaN, 1, 1]);
  });

  it('grows past its first allocation', () => {
    const n = 70_000;
    const X = featureMatrixFromColumns({ a: Float64Array.from({ length: n }, (_, i) => i % 66_000) });
    const points = collapseRows(metricSpace('euclidean', X), X);
    expect(points.count).toBe(66_000);
    expect(points.weights[3999]).toBe(2);
    expect(points.weights[65_999]).toBe(1);
  });
});
