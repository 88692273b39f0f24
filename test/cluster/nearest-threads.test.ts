import { describe, expect, it } from 'vitest';
import { DBSCAN } from '../../src/cluster/dbscan.js';
import { buildNearestIndex, searchRange } from '../../src/cluster/nearest-core.js';
import { completeJob, createJob, PARALLEL_MIN_QUERIES, searchNearest } from '../../src/cluster/nearest-threads.js';
import { collapseRows, metricSpace } from '../../src/cluster/weighted-points.js';
import { featureMatrixFromColumns } from '../../src/distance/feature-matrix.js';
import { createRandom } from '../../src/util/random.js';

/** Connection-like rows: blobs of bytes and duration per service, some rows far out, some values missing. */
function connRows(rows: number, seed: number) {
  const random = createRandom(seed);
  const services = ['dns', 'http', 'ssl', 'smb'];
  const bytes: number[] = [];
  const duration: number[] = [];
  const service: (string | null)[] = [];
  for (let r = 0; r < rows; r++) {
    const s = random.int(services.length);
    const far = random.next() < 0.2;
    bytes.push(far ? random.next() * 1e6 : 100 * (s + 1) + random.next() * 20);
    duration.push(random.next() < 0.05 ? Number.NaN : far ? random.next() * 3600 : s + random.next());
    service.push(random.next() < 0.05 ? null : services[s]);
  }
  return featureMatrixFromColumns({ bytes, duration, service });
}

describe('nearest-core search on several threads', () => {
  const training = connRows(5_000, 1);
  const queries = connRows(PARALLEL_MIN_QUERIES + 10_000, 2);
  const fitted = new DBSCAN({ eps: 0.01, minSamples: 5, metric: 'gower', threads: 1 }).fit(training);
  const json = fitted.toJSON();

  for (const factor of [1, 4]) {
    it(`gives the labels and distances of one thread (factor ${factor})`, () => {
      const one = DBSCAN.fromJSON(json, { threads: 1 }).nearestCore(queries, factor);
      const two = DBSCAN.fromJSON(json, { threads: 2 }).nearestCore(queries, factor);
      expect(Array.from(two.labels)).toEqual(Array.from(one.labels));
      expect(Array.from(two.distances)).toEqual(Array.from(one.distances));
      // Both outcomes occur, so that equal arrays say something.
      const noise = one.labels.filter((label) => label < 0).length;
      expect(noise).toBeGreaterThan(100);
      expect(noise).toBeLessThan(queries.rows - 100);
    });
  }

  const space = metricSpace('gower', fitted.components, fitted.ranges);
  const points = collapseRows(space, fitted.components);
  const index = buildNearestIndex({
    points,
    space,
    eps: fitted.eps,
    pointLabels: Int32Array.from(points.firstRow, (row) => fitted.componentLabels[row]),
  });
  const asked = collapseRows(space, queries);

  it('shares the search with a helper from PARALLEL_MIN_QUERIES distinct rows, and not below', () => {
    expect(asked.count).toBeGreaterThanOrEqual(PARALLEL_MIN_QUERIES);
    expect(searchNearest(index, asked.coords, asked.count, 1, 2).threads).toBe(2);
    expect(searchNearest(index, asked.coords, PARALLEL_MIN_QUERIES - 1, 1, 2).threads).toBe(1);
    expect(searchNearest(index, asked.coords, asked.count, 1, 1).threads).toBe(1);
  });

  it('searches again the blocks a helper took and never finished', () => {
    const job = createJob(asked.coords, asked.count, 1);
    // A helper that took the first two blocks and died.
    Atomics.add(job.control, 0, 2);
    expect(completeJob(index, job, 100)).toBe(false);
    // The stalled helper may still write there: the next job gets other buffers.
    expect(createJob(asked.coords, asked.count, 1).labels.buffer).not.toBe(job.labels.buffer);
    const labels = new Int32Array(asked.count);
    const distances = new Float64Array(asked.count);
    searchRange(index, asked.coords, 0, asked.count, 1, labels, distances);
    expect(Array.from(job.labels)).toEqual(Array.from(labels));
    expect(Array.from(job.distances)).toEqual(Array.from(distances));
  });

  it('reuses its shared buffers from job to job, growing them when a job needs more', () => {
    const first = createJob(asked.coords, asked.count, 1);
    const next = createJob(asked.coords.subarray(0, 1_000 * asked.dims), 1_000, 1);
    expect(next.coords.buffer).toBe(first.coords.buffer);
    expect(next.labels.buffer).toBe(first.labels.buffer);
    expect(next.control.buffer).not.toBe(first.control.buffer);
    const larger = new Float64Array(2 * asked.coords.length);
    const grown = createJob(larger, 2 * asked.count, 1);
    expect(grown.labels.buffer).not.toBe(first.labels.buffer);
    expect(grown.labels.length).toBe(2 * asked.count);
  });

  it('rejects a thread count that is not a whole number >= 1', () => {
    expect(() => new DBSCAN({ threads: 0 })).toThrow(/threads must be a whole number >= 1, got 0/);
    expect(() => new DBSCAN({ threads: 1.5 })).toThrow(/threads/);
  });
});
