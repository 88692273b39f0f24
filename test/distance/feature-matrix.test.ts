import { describe, expect, it } from 'vitest';
import {
  alignFeatureMatrix,
  asFeatureMatrix,
  concatRows,
  featureMatrixFromColumns,
  featureMatrixFromJSON,
  featureMatrixFromRows,
  featureMatrixToJSON,
  featureValue,
  selectRows,
  type FeatureMatrix,
} from '../../src/distance/feature-matrix.js';
import { ZeekseqError } from '../../src/util/errors.js';

function values(m: FeatureMatrix): unknown[][] {
  return Array.from({ length: m.rows }, (_, r) => m.columns.map((c) => featureValue(m, r, c)));
}

describe('featureMatrixFromColumns', () => {
  const m = featureMatrixFromColumns({
    duration: Float64Array.from([0.5, NaN, 2]),
    proto: ['tcp', 'udp', 'tcp'],
    local: [true, null, false],
    bytes: [1, null, 3],
  });

  it('infers kinds and lays numbers and codes out row-major', () => {
    expect(m.columns.map((c) => [c.name, c.kind, c.slot])).toEqual([
      ['duration', 'numeric', 0],
      ['proto', 'categorical', 0],
      ['local', 'boolean', 1],
      ['bytes', 'numeric', 1],
    ]);
    expect(m.numericWidth).toBe(2);
    expect(Array.from(m.numeric)).toEqual([0.5, 1, NaN, NaN, 2, 3]);
    expect(m.codeWidth).toBe(2);
    expect(Array.from(m.codes)).toEqual([0, 1, 1, -1, 0, 0]);
    expect(m.columns[1].categories).toEqual(['tcp', 'udp']);
  });

  it('gives values back as plain data with null for missing', () => {
    expect(values(m)).toEqual([
      [0.5, 'tcp', true, 1],
      [null, 'udp', null, null],
      [2, 'tcp', false, 3],
    ]);
  });

  it('refuses columns of different lengths and unknown kinds', () => {
    expect(() => featureMatrixFromColumns({ a: [1, 2], b: [1] })).toThrow(/'b' has 1 values but 'a' has 2/);
    expect(() => featureMatrixFromColumns({ a: [1] }, { kinds: { a: 'text' as never } })).toThrow(
      /unknown kind "text"/,
    );
    expect(() => featureMatrixFromColumns({ a: [1] }, { kinds: { b: 'numeric' } })).toThrow(
      /names column 'b', which is not among the columns/,
    );
  });

  it('names the column and rows of a column that mixes kinds', () => {
    expect(() => featureMatrixFromColumns({ port: [80, null, '443'] })).toThrow(ZeekseqError);
    expect(() => featureMatrixFromColumns({ port: [80, null, '443'] })).toThrow(
      /column 'port' mixes kinds: row 0 is numeric but row 2 is "443"/,
    );
    expect(() => featureMatrixFromColumns({ when: [new Date(0)] })).toThrow(
      /column 'when' row 0: .* is not a number, string or boolean/,
    );
  });

  it('follows declared kinds, converting values to category names and 0/1 to booleans', () => {
    const d = featureMatrixFromColumns(
      { port: [80, '443', null], flag: [1, 0, true] },
      { kinds: { port: 'categorical', flag: 'boolean' } },
    );
    expect(d.columns[0].categories).toEqual(['80', '443']);
    expect(Array.from(d.codes)).toEqual([0, 1, 1, 0, -1, 1]);
    expect(() => featureMatrixFromColumns({ n: ['x'] }, { kinds: { n: 'numeric' } })).toThrow(
      /column 'n' row 0: expected a number, got "x"/,
    );
    expect(() => featureMatrixFromColumns({ b: [2] }, { kinds: { b: 'boolean' } })).toThrow(
      /column 'b' row 0: expected a boolean/,
    );
  });

  it('starts from given categories so codes agree with an earlier matrix', () => {
    const d = featureMatrixFromColumns({ proto: ['udp', 'icmp'] }, { categories: { proto: ['tcp', 'udp'] } });
    expect(Array.from(d.codes)).toEqual([1, 2]);
    expect(d.columns[0].categories).toEqual(['tcp', 'udp', 'icmp']);
  });

  it('treats an all-missing column as numeric', () => {
    expect(featureMatrixFromColumns({ x: [null, undefined] }).columns[0].kind).toBe('numeric');
  });
});

describe('featureMatrixFromRows', () => {
  it('reads arrays (default names x0, x1, ...) and objects (names from the first row)', () => {
    const a = featureMatrixFromRows([
      [1, 'a'],
      [2, 'b'],
    ]);
    expect(a.columns.map((c) => c.name)).toEqual(['x0', 'x1']);
    const o = featureMatrixFromRows([
      { bytes: 1, proto: 'tcp' },
      { bytes: 2, proto: 'udp' },
    ]);
    expect(values(o)).toEqual([
      [1, 'tcp'],
      [2, 'udp'],
    ]);
    expect(featureMatrixFromRows([]).rows).toBe(0);
  });

  it('refuses ragged rows and duplicate names', () => {
    expect(() => featureMatrixFromRows([[1, 2], [3]])).toThrow(/feature row 1 has 1 values but there are 2 columns/);
    expect(() => featureMatrixFromRows([[1, 2]], { names: ['a', 'a'] })).toThrow(/'a' appears twice/);
  });

  it('accepts plain rows where a matrix is expected, and refuses anything else', () => {
    expect(asFeatureMatrix([[1], [2]]).rows).toBe(2);
    const m = featureMatrixFromRows([[1]]);
    expect(asFeatureMatrix(m)).toBe(m);
    expect(() => asFeatureMatrix({ rows: 1 } as never)).toThrow(/expected a FeatureMatrix or an array of rows/);
  });
});

describe('row selection, stacking and alignment', () => {
  const base = featureMatrixFromRows(
    [
      [1, 'tcp'],
      [2, 'udp'],
      [3, null],
    ],
    { names: ['bytes', 'proto'] },
  );

  it('selects and stacks rows', () => {
    const picked = selectRows(base, [2, 0]);
    expect(values(picked)).toEqual([
      [3, null],
      [1, 'tcp'],
    ]);
    expect(values(concatRows(picked, selectRows(base, [1])))).toEqual([
      [3, null],
      [1, 'tcp'],
      [2, 'udp'],
    ]);
    expect(() => selectRows(base, [3])).toThrow(RangeError);
  });

  it('refuses to stack different columns or disagreeing category codes', () => {
    const other = featureMatrixFromRows([[1]], { names: ['bytes'] });
    expect(() => concatRows(base, other)).toThrow(/different columns/);
    const recoded = featureMatrixFromRows([[1, 'udp']], { names: ['bytes', 'proto'] });
    expect(() => concatRows(base, recoded)).toThrow(/column 'proto' codes its categories differently/);
  });

  it('aligns new rows to fitted columns: order, kinds and category codes', () => {
    const fresh = featureMatrixFromRows([
      { proto: 'udp', bytes: 7 },
      { proto: 'icmp', bytes: 8 },
    ]);
    const aligned = alignFeatureMatrix(fresh, base.columns);
    expect(aligned.columns.map((c) => c.name)).toEqual(['bytes', 'proto']);
    expect(Array.from(aligned.codes)).toEqual([1, 2]);
    expect(aligned.columns[1].categories).toEqual(['tcp', 'udp', 'icmp']);
    expect(() => alignFeatureMatrix(featureMatrixFromRows([{ bytes: 1 }]), base.columns)).toThrow(
      /no column 'proto', which the model was fitted with/,
    );
    expect(() => alignFeatureMatrix(featureMatrixFromRows([{ bytes: 'x', proto: 'tcp' }]), base.columns)).toThrow(
      /column 'bytes' is categorical here but was numeric/,
    );
  });

  it('round-trips through JSON (NaN as null) and rejects malformed JSON', () => {
    const json = JSON.parse(JSON.stringify(featureMatrixToJSON(base)));
    expect(json.numeric).toEqual([1, 2, 3]);
    const back = featureMatrixFromJSON(json);
    expect(values(back)).toEqual(values(base));
    const withNaN = featureMatrixFromJSON(
      JSON.parse(JSON.stringify(featureMatrixToJSON(featureMatrixFromRows([[null]])))),
    );
    expect(withNaN.numeric[0]).toBeNaN();
    expect(() => featureMatrixFromJSON({ ...json, rows: 5 })).toThrow(/5 rows need 5 numeric values and 5 codes/);
    expect(() => featureMatrixFromJSON({} as never)).toThrow(/malformed: it needs columns, rows, numeric and codes/);
    expect(() => featureMatrixFromJSON({ ...json, columns: [{ name: 'x', kind: 'text', categories: [] }] })).toThrow(
      /malformed: column/,
    );
  });
});
