import { describe, expect, it } from 'vitest';
import { DBSCAN, type DBSCANJSON } from '../../src/cluster/dbscan.js';
import { featureMatrixFromColumns, featureMatrixFromRows } from '../../src/distance/feature-matrix.js';
import { euclidean } from '../../src/distance/euclidean.js';
import { fitGowerRanges, gower } from '../../src/distance/gower.js';
import { manhattan } from '../../src/distance/manhattan.js';
import { createRandom } from '../../src/util/random.js';
import { ZeekseqError } from '../../src/util/errors.js';
import { bruteDbscan } from './brute-dbscan.js';
import { readReference, type DbscanFixture } from './reference-fixtures.js';

const FIXTURES = [
  'blobs-2d-noise',
  'rita-conn-euclidean',
  'rita-conn-manhattan',
  'trickbot-conn-euclidean',
  'trickbot-conn-dedup-weighted',
];

for (const name of FIXTURES) {
  const fx = readReference<DbscanFixture>(`dbscan/${name}.json.gz`);
  describe.skipIf(!fx)(`DBSCAN against scikit-learn on ${name}`, () => {
    const { X, eps, min_samples: minSamples, metric } = fx!;
    const model = new DBSCAN({ eps, minSamples, metric }).fit(X, fx!.sample_weight);
    const distance = metric === 'euclidean' ? euclidean : manhattan;

    it('finds the same core samples', () => {
      expect(Array.from(model.coreSampleIndices)).toEqual(fx!.core_sample_indices);
    });

    it('finds the same noise', () => {
      const noise = (labels: ArrayLike<number>) => Array.from(labels).flatMap((l, i) => (l === -1 ? [i] : []));
      expect(noise(model.labels)).toEqual(noise(fx!.labels));
    });

    it('partitions the core samples the same way, up to renaming', () => {
      const ours = new Map<number, number>();
      const theirs = new Map<number, number>();
      const conflicts: number[] = [];
      for (const i of fx!.core_sample_indices) {
        const a = model.labels[i];
        const b = fx!.labels[i];
        if ((ours.get(a) ?? b) !== b || (theirs.get(b) ?? a) !== a) conflicts.push(i);
        ours.set(a, b);
        theirs.set(b, a);
      }
      expect(conflicts).toEqual([]);
      expect(ours.size).toBeGreaterThan(0);
      expect(model.nClusters).toBe(new Set(fx!.labels.filter((l) => l >= 0)).size);
    });

    it('puts each border point in a cluster with a core sample within eps', () => {
      const core = new Set(fx!.core_sample_indices);
      const borders: number[] = [];
      const stranded: number[] = [];
      model.labels.forEach((label, i) => {
        if (label < 0 || core.has(i)) return;
        borders.push(i);
        if (!fx!.core_sample_indices.some((c) => model.labels[c] === label && distance(X[i], X[c]) <= eps))
          stranded.push(i);
      });
      expect(stranded).toEqual([]);
      expect(borders).toEqual(fx!.labels.flatMap((l, i) => (l >= 0 && !core.has(i) ? [i] : [])));
    });

    it("numbers clusters and assigns borders exactly as scikit-learn's scan does", () => {
      expect(Array.from(model.labels)).toEqual(fx!.labels);
    });
  });
}

const weightedFx = readReference<DbscanFixture>('dbscan/trickbot-conn-dedup-weighted.json.gz');
const fullFx = readReference<DbscanFixture>('dbscan/trickbot-conn-euclidean.json.gz');
describe.skipIf(!weightedFx || !fullFx)('weights and repeated rows', () => {
  it('clusters repeated rows as their distinct rows weighted by their counts', () => {
    const full = new DBSCAN({ eps: fullFx!.eps, minSamples: fullFx!.min_samples }).fit(fullFx!.X);
    const weighted = new DBSCAN({ eps: weightedFx!.eps, minSamples: weightedFx!.min_samples }).fit(
      weightedFx!.X,
      weightedFx!.sample_weight,
    );
    const labelOf = new Map(weightedFx!.X.map((row, i) => [row.join(','), weighted.labels[i]]));
    const mapped = fullFx!.X.map((row) => labelOf.get(row.join(',')));
    // Same partition: a bijection between the two labelings.
    const pairs = new Set(mapped.map((m, i) => `${m}:${full.labels[i]}`));
    expect(pairs.size).toBe(new Set(full.labels).size);
    expect(mapped.filter((m) => m === -1).length).toBe(Array.from(full.labels).filter((l) => l === -1).length);
  });
});

/** Seeded mixed rows: two numeric columns (with missing values), a categorical and a boolean. */
function mixedRows(n: number, seed: number): (number | string | boolean | null)[][] {
  const rng = createRandom(seed);
  const protos = ['tcp', 'udp', 'icmp'];
  return Array.from({ length: n }, () => {
    const centre = rng.int(3);
    const x = rng.next() < 0.1 ? null : centre * 3 + rng.next();
    const y = rng.next() < 0.1 ? null : Math.round(rng.next() * 4) / 4;
    const proto = rng.next() < 0.05 ? null : protos[(centre + (rng.next() < 0.2 ? 1 : 0)) % 3];
    const local = rng.next() < 0.5;
    return [x, y, proto, local];
  });
}

describe('DBSCAN against a brute-force scan on seeded data', () => {
  it('matches on Gower with categories and missing values (several missingness patterns)', () => {
    const rows = mixedRows(400, 3);
    const X = featureMatrixFromRows(rows, { names: ['x', 'y', 'proto', 'local'] });
    const ranges = fitGowerRanges(X);
    for (const [eps, minSamples] of [
      [0.05, 4],
      [0.15, 10],
      [0.3, 25],
      [0.5, 3],
    ]) {
      const want = bruteDbscan(X.rows, (i, j) => gower(X, i, X, j, ranges), eps, minSamples);
      const got = new DBSCAN({ eps, minSamples, metric: 'gower' }).fit(X);
      expect(Array.from(got.coreSampleIndices)).toEqual(want.core);
      expect(Array.from(got.labels)).toEqual(want.labels);
    }
  });

  it('matches on Euclidean and Manhattan with repeated rows and weights', () => {
    const rng = createRandom(11);
    const distinct = Array.from({ length: 60 }, () => [
      Math.round(rng.next() * 20) / 10,
      Math.round(rng.next() * 20) / 10,
      rng.next(),
    ]);
    const rows = Array.from({ length: 300 }, () => distinct[rng.int(distinct.length)]);
    const weights = rows.map(() => rng.int(3));
    for (const metric of ['euclidean', 'manhattan'] as const) {
      const distance = metric === 'euclidean' ? euclidean : manhattan;
      for (const [eps, minSamples] of [
        [0.2, 5],
        [0.35, 12],
        [0.6, 40],
      ]) {
        const want = bruteDbscan(
          rows.length,
          (i, j) => distance(rows[i], rows[j]),
          eps,
          minSamples,
          (i) => weights[i],
        );
        const got = new DBSCAN({ eps, minSamples, metric }).fit(rows, weights);
        expect(Array.from(got.coreSampleIndices)).toEqual(want.core);
        expect(Array.from(got.labels)).toEqual(want.labels);
      }
    }
  });
});

describe('DBSCAN semantics', () => {
  it('counts a point itself and a neighbour at exactly eps', () => {
    const m = new DBSCAN({ eps: 0.5, minSamples: 2 }).fit([[0], [0.5], [1.5]]);
    expect(Array.from(m.labels)).toEqual([0, 0, -1]);
    expect(Array.from(m.coreSampleIndices)).toEqual([0, 1]);
    expect(Array.from(new DBSCAN({ eps: 0.1, minSamples: 1 }).fit([[0], [5]]).labels)).toEqual([0, 1]);
  });

  it('makes a border point join the cluster scikit-learn reaches first', () => {
    // 0,1 and 4,5 are core (minSamples 3 with the border 2.5 between them); 2.5 reaches both.
    const rows = [[4], [4.2], [4.4], [3], [0], [0.2], [0.4], [1.5]];
    const m = new DBSCAN({ eps: 1.1, minSamples: 3 }).fit(rows);
    expect(Array.from(m.labels)).toEqual(
      bruteDbscan(rows.length, (i, j) => Math.abs(rows[i][0] - rows[j][0]), 1.1, 3).labels,
    );
  });

  it('treats rows with no present feature as one point, alone', () => {
    const X = featureMatrixFromRows(
      [
        [null, null],
        [null, null],
        [null, null],
        [1, 'a'],
        [1, 'a'],
      ],
      { names: ['n', 'c'] },
    );
    const m = new DBSCAN({ eps: 0.5, minSamples: 3, metric: 'gower' }).fit(X);
    expect(Array.from(m.labels)).toEqual([0, 0, 0, -1, -1]);
    expect(
      Array.from(
        m.predict(
          featureMatrixFromRows(
            [
              [null, null],
              [1, 'a'],
            ],
            { names: ['n', 'c'] },
          ),
        ),
      ),
    ).toEqual([0, -1]);
  });
});

describe('DBSCAN.predict', () => {
  const train = [[0], [0.1], [0.2], [5], [5.1], [5.2], [9]];

  it('gives a new row the cluster of its nearest core sample within eps, else noise', () => {
    const m = new DBSCAN({ eps: 0.5, minSamples: 3 }).fit(train);
    expect(Array.from(m.labels)).toEqual([0, 0, 0, 1, 1, 1, -1]);
    expect(Array.from(m.predict([[0.6], [0.75], [4.8], [9], [2.6]]))).toEqual([0, -1, 1, -1, -1]);
    expect(Array.from(m.predict(train))).toEqual(Array.from(m.labels));
    expect(m.predict([]).length).toBe(0);
  });

  it('finds the nearest core sample within a multiple of eps, with its distance', () => {
    const m = new DBSCAN({ eps: 0.5, minSamples: 3 }).fit(train);
    const { labels, distances } = m.nearestCore([[0.6], [0.75], [3], [9]], 4);
    expect(Array.from(labels)).toEqual([0, 0, 1, -1]);
    expect(Array.from(distances, (d) => Math.round(d * 1e9) / 1e9)).toEqual([0.4, 0.55, 2, Infinity]);
    expect(Array.from(m.nearestCore([[0.6], [0.75]], 1).labels)).toEqual(Array.from(m.predict([[0.6], [0.75]])));
    expect(() => m.nearestCore([[1]], 0.5)).toThrow(/factor must be a finite number >= 1/);
  });

  it('prefers the nearer core sample and breaks exact ties by the lower label', () => {
    // Binary fractions, so that 1.125 is exactly 0.875 from both 0.25 and 2.
    const m = new DBSCAN({ eps: 1, minSamples: 2 }).fit([[0], [0.25], [2], [2.25]]);
    expect(Array.from(m.labels)).toEqual([0, 0, 1, 1]);
    expect(Array.from(m.predict([[1.125], [1.2], [0.9]]))).toEqual([0, 1, 0]);
    const flipped = new DBSCAN({ eps: 1, minSamples: 2 }).fit([[2], [2.25], [0], [0.25]]);
    expect(Array.from(flipped.predict([[1.125]]))).toEqual([0]);
    expect(Array.from(flipped.labels)).toEqual([0, 0, 1, 1]);
  });

  it('uses the training Gower ranges and category codes for new rows', () => {
    const X = featureMatrixFromColumns({
      bytes: [0, 1, 2, 98, 99, 100],
      proto: ['tcp', 'tcp', 'tcp', 'udp', 'udp', 'udp'],
    });
    const m = new DBSCAN({ eps: 0.1, minSamples: 2, metric: 'gower' }).fit(X);
    expect(Array.from(m.ranges!)).toEqual([100]);
    // 10 bytes from 2 is 0.1/2 = 0.05 under the training range 100 (it would be far under the new rows' own range).
    const fresh = featureMatrixFromColumns({ proto: ['udp', 'tcp', 'icmp'], bytes: [100, 12, 1] });
    expect(Array.from(m.predict(fresh))).toEqual([1, 0, -1]);
  });

  it('needs the fitted columns', () => {
    const X = featureMatrixFromColumns({ a: [0, 0.1], b: [1, 1] });
    const m = new DBSCAN({ eps: 0.5, minSamples: 2 }).fit(X);
    expect(() => m.predict(featureMatrixFromColumns({ a: [0] }))).toThrow(
      /no column 'b', which the model was fitted with/,
    );
  });
});

describe('DBSCAN JSON', () => {
  const X = featureMatrixFromColumns({
    bytes: [0, 1, 2, 50, 98, 99, 100],
    proto: ['tcp', 'tcp', null, 'udp', 'udp', 'udp', 'udp'],
  });

  it('round-trips the learned state: params, distinct core samples with labels, Gower ranges', () => {
    const m = new DBSCAN({ eps: 0.2, minSamples: 2, metric: 'gower' }).fit(X);
    const json = JSON.parse(JSON.stringify(m)) as DBSCANJSON;
    expect(json.params).toEqual({ eps: 0.2, minSamples: 2, metric: 'gower' });
    expect(json.ranges).toEqual([100]);
    expect(json.components.rows).toBe(m.coreSampleIndices.length);
    const back = DBSCAN.fromJSON(json);
    expect(back.nClusters).toBe(m.nClusters);
    expect(Array.from(back.componentLabels)).toEqual(Array.from(m.componentLabels));
    const probe = featureMatrixFromColumns({ bytes: [1.5, 97, 60, null], proto: ['tcp', 'udp', 'udp', 'tcp'] });
    expect(Array.from(back.predict(probe))).toEqual(Array.from(m.predict(probe)));
    expect(() => back.labels).toThrow(/loaded from JSON, which keeps the learned clusters but not the labels/);
  });

  it('refuses what is not a saved DBSCAN', () => {
    const json = new DBSCAN({ eps: 0.2, minSamples: 2, metric: 'gower' }).fit(X).toJSON();
    expect(() => DBSCAN.fromJSON({ ...json, format: 'other' } as never)).toThrow(/not a saved zeekseq DBSCAN/);
    expect(() => DBSCAN.fromJSON({ ...json, componentLabels: [0] })).toThrow(
      /componentLabels needs one cluster number >= 0 per core sample/,
    );
    expect(() => DBSCAN.fromJSON({ ...json, params: { ...json.params, eps: -1 } })).toThrow(
      /eps must be a finite number > 0/,
    );
  });
});

describe('DBSCAN on bad input', () => {
  it('refuses empty input', () => {
    expect(() => new DBSCAN().fit([])).toThrow(ZeekseqError);
    expect(() => new DBSCAN().fit([])).toThrow(/got no rows to cluster/);
    expect(() => new DBSCAN().fit([[], []])).toThrow(/rows without feature columns/);
  });

  it('clusters a single row: core only when its weight reaches minSamples', () => {
    expect(Array.from(new DBSCAN({ minSamples: 1 }).fit([[3, 4]]).labels)).toEqual([0]);
    const m = new DBSCAN({ minSamples: 2 }).fit([[3, 4]]);
    expect(Array.from(m.labels)).toEqual([-1]);
    expect(m.coreSampleIndices.length).toBe(0);
    expect(Array.from(m.predict([[3, 4]]))).toEqual([-1]);
    expect(Array.from(new DBSCAN({ minSamples: 5 }).fit([[3, 4]], [5]).labels)).toEqual([0]);
  });

  it('clusters identical rows together, or all as noise when too few', () => {
    const rows = Array.from({ length: 50 }, () => [1, 2, 3]);
    const m = new DBSCAN({ eps: 0.1, minSamples: 50 }).fit(rows);
    expect(new Set(m.labels)).toEqual(new Set([0]));
    expect(m.coreSampleIndices.length).toBe(50);
    expect(m.components.rows).toBe(1);
    expect(new Set(new DBSCAN({ eps: 0.1, minSamples: 51 }).fit(rows).labels)).toEqual(new Set([-1]));
  });

  it('names the column and row of a missing or infinite value under euclidean and manhattan', () => {
    const X = featureMatrixFromColumns({ a: [1, 2, 3], b: [1, NaN, 3] });
    expect(() => new DBSCAN({ metric: 'euclidean' }).fit(X)).toThrow(
      /column 'b' row 1 is missing \(NaN\); the euclidean metric needs every value/,
    );
    expect(() => new DBSCAN({ metric: 'manhattan' }).fit(X)).toThrow(/column 'b' row 1 is missing/);
    const inf = featureMatrixFromColumns({ a: [1, -Infinity] });
    expect(() => new DBSCAN().fit(inf)).toThrow(/column 'a' row 1 is -Infinity; clustering needs finite numbers/);
    expect(() => new DBSCAN({ metric: 'gower' }).fit(inf)).toThrow(/column 'a' row 1 is -Infinity/);
    const bool = featureMatrixFromColumns({ flag: [true, null] });
    expect(() => new DBSCAN().fit(bool)).toThrow(/column 'flag' row 1 is missing; the euclidean metric/);
    expect(Array.from(new DBSCAN({ eps: 0.5, minSamples: 1, metric: 'gower' }).fit(X).labels)).toHaveLength(3);
  });

  it('refuses bad eps, minSamples, metrics and ranges', () => {
    for (const eps of [0, -1, NaN, Infinity])
      expect(() => new DBSCAN({ eps })).toThrow(/eps must be a finite number > 0/);
    for (const minSamples of [0, -3, 1.5, NaN])
      expect(() => new DBSCAN({ minSamples })).toThrow(/minSamples must be an integer >= 1/);
    expect(() => new DBSCAN({ metric: 'cosine' as never })).toThrow(/unknown distance metric "cosine"/);
    expect(() => new DBSCAN({ metric: 'euclidean', ranges: [1] })).toThrow(/ranges are for the gower metric only/);
    const X = featureMatrixFromColumns({ a: [1, 2] });
    expect(() => new DBSCAN({ metric: 'gower', ranges: [-1] }).fit(X)).toThrow(
      /Gower ranges must be 1 finite numbers >= 0/,
    );
  });

  it('refuses a categorical column under a numeric-only metric', () => {
    const X = featureMatrixFromColumns({ bytes: [1, 2], proto: ['tcp', 'udp'] });
    for (const metric of ['euclidean', 'manhattan'] as const) {
      expect(() => new DBSCAN({ metric }).fit(X)).toThrow(
        new RegExp(`column 'proto' is categorical, but the ${metric} metric takes numbers only`),
      );
    }
  });

  it('refuses bad sample weights', () => {
    expect(() => new DBSCAN().fit([[1], [2]], [1])).toThrow(/got 1 sample weights for 2 rows/);
    expect(() => new DBSCAN().fit([[1], [2]], [1, -1])).toThrow(
      /sample weight of row 1 is -1; weights must be finite numbers >= 0/,
    );
    expect(() => new DBSCAN().fit([[1], [2]], [1, NaN])).toThrow(/sample weight of row 1 is NaN/);
  });

  it('says to fit first', () => {
    const m = new DBSCAN();
    expect(() => m.labels).toThrow(/not fitted yet; call fit/);
    expect(() => m.predict([[1]])).toThrow(/not fitted yet/);
    expect(() => m.toJSON()).toThrow(/not fitted yet/);
  });
});
