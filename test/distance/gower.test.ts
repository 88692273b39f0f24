import { describe, expect, it } from 'vitest';
import { featureMatrixFromRows } from '../../src/distance/feature-matrix.js';
import { fitGowerRanges, gower, gowerPairwise } from '../../src/distance/gower.js';
import { ZeekseqError } from '../../src/util/errors.js';
import { readReference, type GowerFixture } from '../cluster/reference-fixtures.js';

const fixture = readReference<GowerFixture>('dbscan/gower-mixed-missing.json.gz');

describe.skipIf(!fixture)('gower on the reference rows (scikit-learn fixture)', () => {
  it('reproduces all 300 x 300 distances to 1e-12', () => {
    const { columns, types, rows, distances } = fixture!;
    const matrix = featureMatrixFromRows(rows, {
      names: columns,
      kinds: Object.fromEntries(columns.map((c, k) => [c, types[k]])),
    });
    const n = rows.length;
    const d = gowerPairwise(matrix);
    let worst = 0;
    let compared = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const want = distances[i][j];
        const got = d[i * n + j];
        if (want === null) expect(got).toBeNaN();
        else worst = Math.max(worst, Math.abs(got - want));
        compared++;
      }
    }
    expect(compared).toBe(90_000);
    expect(worst).toBeLessThan(1e-12);
    expect(gower(matrix, 3, matrix, 4, fitGowerRanges(matrix))).toBeCloseTo(distances[3][4]!, 12);
  });
});

describe('gower by hand', () => {
  const names = ['bytes', 'proto', 'local', 'port'];
  const kinds = { bytes: 'numeric', proto: 'categorical', local: 'boolean', port: 'numeric' } as const;
  const train = featureMatrixFromRows(
    [
      [0, 'tcp', true, 80],
      [10, 'udp', false, 80],
      [5, null, true, 80],
      [null, null, null, null],
    ],
    { names, kinds },
  );

  it('fits ranges over the present values only (constant columns get 0)', () => {
    expect(Array.from(fitGowerRanges(train))).toEqual([10, 0]);
  });

  it('averages the per-feature terms over the features both rows have', () => {
    const ranges = fitGowerRanges(train);
    // bytes |0-10|/10 = 1, proto mismatch 1, local mismatch 1, port equal (range 0) 0 -> 3/4
    expect(gower(train, 0, train, 1, ranges)).toBe(0.75);
    // proto missing in row 2: bytes 0.5, local 0, port 0 over 3 features
    expect(gower(train, 0, train, 2, ranges)).toBeCloseTo(0.5 / 3, 15);
    expect(gower(train, 2, train, 2, ranges)).toBe(0);
  });

  it('is null when two rows share no present feature', () => {
    const ranges = fitGowerRanges(train);
    expect(gower(train, 0, train, 3, ranges)).toBeNull();
    const all = gowerPairwise(train, ranges);
    expect(all[0 * 4 + 3]).toBeNaN();
    expect(all[3 * 4 + 3]).toBeNaN();
    expect(all[1 * 4 + 0]).toBe(0.75);
  });

  it('scores new rows with the training ranges, so a constant column that changes counts fully', () => {
    const ranges = fitGowerRanges(train);
    const fresh = featureMatrixFromRows([[20, 'tcp', true, 443]], {
      names,
      kinds,
      categories: { proto: ['tcp', 'udp'] },
    });
    // bytes |20-0|/10 = 2 (training range, not the new rows'), proto 0, local 0, port 443 != 80 -> 1
    expect(gower(fresh, 0, train, 0, ranges)).toBe(3 / 4);
  });

  it('rejects infinite values, wrong range counts and differently shaped matrices', () => {
    const inf = featureMatrixFromRows([[1], [Infinity]], { names: ['bytes'] });
    expect(() => fitGowerRanges(inf)).toThrow(/column 'bytes' row 1 is Infinity/);
    expect(() => gower(train, 0, train, 1, [1])).toThrow(ZeekseqError);
    expect(() => gower(train, 0, train, 1, [1])).toThrow(/one range per numeric column: got 1 for 2/);
    const other = featureMatrixFromRows([[1, 2]], { names: ['a', 'b'] });
    expect(() => gower(train, 0, other, 0, [1, 1])).toThrow(/differently shaped/);
  });
});
