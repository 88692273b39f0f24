import { describe, expect, it } from 'vitest';
import { BatchDBSCAN, type BatchDBSCANJSON } from '../../src/cluster/batch-dbscan.js';
import { DBSCAN } from '../../src/cluster/dbscan.js';
import { ari } from '../../src/cluster/metrics.js';
import { featureMatrixFromColumns, featureValue } from '../../src/distance/feature-matrix.js';
import { createRandom, shuffledIndices } from '../../src/util/random.js';

const rng = createRandom(21);
/** A point of blob `k`: blobs at x = 0, 10, 20, ... of radius 0.5. */
const blob = (k: number) => [k * 10 + rng.next() - 0.5, rng.next() - 0.5];

describe('BatchDBSCAN', () => {
  it('is exact DBSCAN when the rows fit in one batch, and keeps minSamples rows per cluster', () => {
    const rows = Array.from({ length: 300 }, (_, i) => blob(i % 3));
    rows.push([100, 100]);
    const exact = new DBSCAN({ eps: 0.5, minSamples: 5 }).fit(rows);
    const batch = new BatchDBSCAN({ eps: 0.5, minSamples: 5, batchSize: 1000 }).fit(rows);
    expect(Array.from(batch.labels)).toEqual(Array.from(exact.labels));
    expect(Array.from(batch.coreSampleIndices)).toEqual(Array.from(exact.coreSampleIndices));
    expect(batch.nClusters).toBe(3);
    expect(Array.from(batch.baselineLabels)).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2]);
    // Each baseline row lies in the blob of its cluster.
    const blobOf = (x: number) => (x < 5 ? 0 : x < 15 ? 1 : 2);
    const xs = Array.from(
      { length: batch.baselineRows.rows },
      (_, i) => featureValue(batch.baselineRows, i, batch.baselineRows.columns[0]) as number,
    );
    expect(xs.map(blobOf)).toEqual(Array.from(batch.baselineLabels, (l) => blobOf(rows[exact.labels.indexOf(l)][0])));
  });

  it('agrees with exact DBSCAN on well-separated clusters across many batches', () => {
    const rows = Array.from({ length: 900 }, (_, i) => blob(i % 3));
    const exact = new DBSCAN({ eps: 0.5, minSamples: 5 }).fit(rows);
    const batch = new BatchDBSCAN({ eps: 0.5, minSamples: 5, batchSize: 150, seed: 7 }).fit(rows);
    expect(ari(batch.labels, exact.labels)).toBe(1);
    expect(batch.coreSampleIndices.length).toBeGreaterThan(800);
  });

  it('is reproducible for a seed', () => {
    const rows = Array.from({ length: 400 }, (_, i) => blob(i % 2));
    const a = new BatchDBSCAN({ eps: 0.5, minSamples: 4, batchSize: 100, seed: 3 }).fit(rows);
    const b = new BatchDBSCAN({ eps: 0.5, minSamples: 4, batchSize: 100, seed: 3 }).fit(rows);
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
    expect(a.toJSON()).toEqual(b.toJSON());
  });

  it('turns a cluster holding no baseline row into noise, as the original does', () => {
    const n = 200;
    const batchSize = 100;
    const order = shuffledIndices(n, 42);
    const rows: number[][] = new Array(n);
    // The first batch (in shuffled order) holds blobs 0 and 1; 20 rows of the second batch form blob 2.
    order.forEach((r, k) => (rows[r] = k < batchSize ? blob(k % 2) : k < batchSize + 20 ? blob(2) : blob(k % 2)));
    const exact = new DBSCAN({ eps: 0.5, minSamples: 5 }).fit(rows);
    const batch = new BatchDBSCAN({ eps: 0.5, minSamples: 5, batchSize, seed: 42 }).fit(rows);
    const blob2 = Array.from(order.subarray(batchSize, batchSize + 20));
    expect(new Set(blob2.map((r) => exact.labels[r]))).toEqual(new Set([2]));
    expect(new Set(blob2.map((r) => batch.labels[r]))).toEqual(new Set([-1]));
    expect(blob2.some((r) => batch.coreSampleIndices.includes(r))).toBe(false);
    expect(batch.nClusters).toBe(2);
  });

  it('names a merged cluster by the majority of its baseline rows (ties: the lower label)', () => {
    const n = 200;
    const batchSize = 100;
    const order = shuffledIndices(n, 42);
    const rows: number[][] = new Array(n);
    // Blobs 0 and 1 at x = 0 and 10; the second batch also holds a bridge of points between them.
    order.forEach(
      (r, k) => (rows[r] = k >= batchSize && k < batchSize + 40 ? [0.5 + (k - batchSize) * 0.25, 0] : blob(k % 2)),
    );
    const batch = new BatchDBSCAN({ eps: 0.5, minSamples: 5, batchSize, seed: 42 }).fit(rows);
    const second = Array.from(order.subarray(batchSize));
    expect(new Set(second.map((r) => batch.labels[r]))).toEqual(new Set([0]));
    expect(new Set(Array.from(order.subarray(0, batchSize), (r) => batch.labels[r]))).toEqual(new Set([0, 1]));
  });

  it('predicts new rows with the baseline, batch by batch', () => {
    const rows = Array.from({ length: 300 }, (_, i) => blob(i % 3));
    const batch = new BatchDBSCAN({ eps: 0.5, minSamples: 5, batchSize: 100 }).fit(rows);
    const labelOf = (k: number) => batch.labels[rows.findIndex((row) => Math.round(row[0] / 10) === k)];
    const fresh = [[0, 0], [20.1, 0.1], [10, 0], [50, 50], ...Array.from({ length: 120 }, () => blob(1))];
    const got = batch.predict(fresh);
    expect(Array.from(got.subarray(0, 4))).toEqual([labelOf(0), labelOf(2), labelOf(1), -1]);
    expect(new Set(got.subarray(4))).toEqual(new Set([labelOf(1)]));
    expect(batch.predict([]).length).toBe(0);
  });

  it('supports sample weights: minSamples counts weight', () => {
    const rows = [[0], [0.1], [5], [5.1]];
    const batch = new BatchDBSCAN({ eps: 0.5, minSamples: 4, batchSize: 10 }).fit(rows, [3, 1, 1, 1]);
    expect(Array.from(batch.labels)).toEqual([0, 0, -1, -1]);
    expect(Array.from(batch.predict([[0.2], [5]], [1, 10]))).toEqual([0, -1]);
  });

  it('round-trips through JSON', () => {
    const X = featureMatrixFromColumns({
      bytes: Array.from({ length: 120 }, (_, i) => (i % 2) * 50 + (i % 7)),
      proto: Array.from({ length: 120 }, (_, i) => (i % 2 ? 'udp' : 'tcp')),
    });
    const batch = new BatchDBSCAN({ eps: 0.1, minSamples: 5, metric: 'gower', batchSize: 50, seed: 1 }).fit(X);
    const json = JSON.parse(JSON.stringify(batch)) as BatchDBSCANJSON;
    expect(json.params).toEqual({ eps: 0.1, minSamples: 5, metric: 'gower', batchSize: 50, seed: 1 });
    expect(json.ranges).toEqual([56]);
    const back = BatchDBSCAN.fromJSON(json);
    const probe = featureMatrixFromColumns({ bytes: [3, 53, 200], proto: ['tcp', 'udp', 'icmp'] });
    expect(Array.from(back.predict(probe))).toEqual(Array.from(batch.predict(probe)));
    expect(back.nClusters).toBe(batch.nClusters);
    expect(() => back.labels).toThrow(/loaded from JSON, which keeps the baseline but not the labels/);
    expect(() => BatchDBSCAN.fromJSON({ ...json, format: 'zeekseq.dbscan' } as never)).toThrow(
      /not a saved zeekseq BatchDBSCAN/,
    );
    expect(() => BatchDBSCAN.fromJSON({ ...json, baselineLabels: [] })).toThrow(
      /baselineLabels needs one cluster number >= 0 per baseline row/,
    );
    expect(() => BatchDBSCAN.fromJSON({ ...json, ranges: null })).toThrow(
      /a gower model needs one range per numeric column/,
    );
    expect(() => BatchDBSCAN.fromJSON({ ...json, baselineWeights: [1] })).toThrow(
      /baselineWeights needs one weight per baseline row/,
    );
  });

  it('refuses bad input', () => {
    expect(() => new BatchDBSCAN({ batchSize: 0 })).toThrow(/batchSize must be an integer >= 1, got 0/);
    expect(() => new BatchDBSCAN({ batchSize: 2.5 })).toThrow(/batchSize must be an integer >= 1/);
    expect(() => new BatchDBSCAN({ seed: 0.5 })).toThrow(/seed must be an integer, got 0.5/);
    expect(() => new BatchDBSCAN({ eps: 0 })).toThrow(/eps must be a finite number > 0/);
    expect(() => new BatchDBSCAN({ minSamples: 0 })).toThrow(/minSamples must be an integer >= 1/);
    expect(() => new BatchDBSCAN({ metric: 'l3' as never })).toThrow(/unknown distance metric "l3"/);
    expect(() => new BatchDBSCAN({ ranges: [1] })).toThrow(/ranges are for the gower metric only/);
    expect(() => new BatchDBSCAN().fit([])).toThrow(/BatchDBSCAN got no rows to cluster/);
    expect(() => new BatchDBSCAN().fit([[1], [2]], [1])).toThrow(/got 1 sample weights for 2 rows/);
    expect(() => new BatchDBSCAN().fit(featureMatrixFromColumns({ proto: ['tcp'] }))).toThrow(
      /column 'proto' is categorical/,
    );
    expect(() => new BatchDBSCAN().fit([[NaN]])).toThrow(/column 'x0' row 0 is missing/);
    expect(() => new BatchDBSCAN().predict([[1]])).toThrow(/not fitted yet; call fit/);
    expect(() => new BatchDBSCAN().labels).toThrow(/not fitted yet/);
  });
});
