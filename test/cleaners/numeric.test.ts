import { describe, expect, it } from 'vitest';
import { table } from 'arquero';
import {
  applyMinMax,
  col,
  evaluateExpr,
  exprColumns,
  fitMinMax,
  lengthOf,
  log1p,
  ratio,
  validateExpr,
} from '../../src/cleaners/numeric.js';
import { ZeekseqError } from '../../src/util/errors.js';

const site = { logType: 'conn', feature: 'f' };
const rows = table({
  a: Float64Array.of(4, 0, NaN, 10),
  b: Float64Array.of(1, 0, 3, NaN),
  text: ['abc', null, '', 'de'],
  set: [['x', 'y'], [], null, ['z']],
  words: ['one', 'two', 7, null],
});

describe('numeric expressions', () => {
  it('reads a column, filling unset values only when asked', () => {
    expect(Array.from(evaluateExpr(col('a'), rows, site))).toEqual([4, 0, NaN, 10]);
    expect(Array.from(evaluateExpr(col('a', { fill: 0 }), rows, site))).toEqual([4, 0, 0, 10]);
  });

  it("does not change the table's column when filling", () => {
    evaluateExpr(col('a', { fill: 0 }), rows, site);
    expect(Number.isNaN((rows.array('a') as Float64Array)[2])).toBe(true);
  });

  it('divides with an offset, and turns 0/0 and x/0 into missing values', () => {
    expect(Array.from(evaluateExpr(ratio(col('a'), col('b'), 1), rows, site))).toEqual([2, 0, NaN, NaN]);
    expect(Array.from(evaluateExpr(ratio(col('a', { fill: 0 }), col('b', { fill: 0 })), rows, site))).toEqual([
      4,
      NaN,
      0,
      NaN,
    ]);
  });

  it('takes log1p exactly as ln(1 + x)', () => {
    const out = evaluateExpr(log1p(ratio(col('a'), col('b'), 1)), rows, site);
    expect(out[0]).toBe(Math.log1p(2));
    expect(out[1]).toBe(0);
  });

  it('counts characters of strings and elements of sets, unset as 0', () => {
    expect(Array.from(evaluateExpr(lengthOf('text'), rows, site))).toEqual([3, 0, 0, 2]);
    expect(Array.from(evaluateExpr(lengthOf('set'), rows, site))).toEqual([2, 0, 0, 1]);
    expect(() => evaluateExpr(lengthOf('a'), rows, site)).toThrow(
      /conn feature f: column a row 0 holds 4 \(number\); lengthOf needs strings/,
    );
  });

  it('rejects a column of strings where numbers are expected, naming the row', () => {
    expect(() => evaluateExpr(col('words'), rows, site)).toThrow(ZeekseqError);
    expect(() => evaluateExpr(col('words'), rows, site)).toThrow(/column words row 0 holds "one", expected a number/);
  });

  it('lists the columns an expression reads, once each', () => {
    expect(exprColumns(log1p(ratio(col('a'), ratio(col('b'), col('a'), 1), 1)))).toEqual(['a', 'b']);
  });

  it('rejects malformed expressions with the place and the fix', () => {
    expect(() => validateExpr({ op: 'column', column: '' }, 'x feature y')).toThrow(
      /x feature y: a column expression needs a column name; build expressions with col/,
    );
    expect(() => validateExpr(col('a', { fill: NaN }), 'here')).toThrow(/fill must be a finite number/);
    expect(() => validateExpr(ratio(col('a'), col('b'), Infinity), 'here')).toThrow(/offset must be a finite number/);
    expect(() => validateExpr({ op: 'sqrt' } as never, 'here')).toThrow(/unknown expression op "sqrt"/);
    expect(() => validateExpr(log1p(null as never), 'here')).toThrow(/expected an expression object/);
  });
});

describe('min-max scaling', () => {
  it('learns the range ignoring NaN, and has nothing to learn from no finite value', () => {
    expect(fitMinMax(Float64Array.of(3, NaN, -1, 7))).toEqual({ min: -1, max: 7 });
    expect(fitMinMax(Float64Array.of(NaN, NaN))).toBeNull();
    expect(fitMinMax(new Float64Array(0))).toBeNull();
  });

  it('scales as MinMaxScaler (x * scale - min * scale), clipping by default', () => {
    const state = { min: 2, max: 6 };
    expect(Array.from(applyMinMax(Float64Array.of(2, 4, 6, 10, 0, NaN), state, true))).toEqual([0, 0.5, 1, 1, 0, NaN]);
    expect(Array.from(applyMinMax(Float64Array.of(10, 0), state, false))).toEqual([2, -0.5]);
  });

  it('maps a constant training column to 0, as MinMaxScaler does', () => {
    expect(Array.from(applyMinMax(Float64Array.of(5, 6, 4), { min: 5, max: 5 }, false))).toEqual([0, 1, -1]);
    expect(Array.from(applyMinMax(Float64Array.of(5, 6, 4), { min: 5, max: 5 }, true))).toEqual([0, 1, 0]);
  });
});
