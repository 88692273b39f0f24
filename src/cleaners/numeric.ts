/**
 * Numeric features: a small expression over log columns (a column, a ratio, log1p, a length), then a
 * min-max scaler fitted on training rows. Expressions are plain data, so a fitted cleaner saves them to
 * JSON with its learned ranges and loads back without code.
 *
 * Scaling follows scikit-learn's MinMaxScaler exactly (x * scale + offset with scale = 1 / (max - min),
 * and scale 1 for a constant column), so a cleaner fitted on the same rows gives the same numbers.
 * Values beyond the training range are clipped to [0, 1] by default: distances (Gower in particular)
 * assume every numeric feature spans at most 1, and a transfer ten times larger than any seen in training
 * still lands at the top of the range. A cleaner built with `clip: false` keeps them outside instead.
 * Unset values stay NaN (missing), unless the expression fills them.
 */
import type { ColumnTable } from 'arquero';
import { ZeekseqError } from '../util/errors.js';
import { cellsOf, describeValue, isUnset, numbersOf, type FeatureSite } from './cells.js';

export type NumericExpr =
  | { op: 'column'; column: string; fill?: number }
  | { op: 'length'; column: string }
  | { op: 'ratio'; numerator: NumericExpr; denominator: NumericExpr; offset: number }
  | { op: 'log1p'; of: NumericExpr };

/** A numeric column; unset values become `fill` when given (Zeek leaves byte counts unset when nothing was sent). */
export function col(column: string, options: { fill?: number } = {}): NumericExpr {
  return options.fill === undefined ? { op: 'column', column } : { op: 'column', column, fill: options.fill };
}

/** numerator / (denominator + offset); the offset keeps x/0 finite, as the original did with +1 and +1e-9. */
export function ratio(numerator: NumericExpr, denominator: NumericExpr, offset = 0): NumericExpr {
  return { op: 'ratio', numerator, denominator, offset };
}

/** ln(1 + x): compresses heavy-tailed counts and sizes so that a few huge values do not squash the rest. */
export function log1p(of: NumericExpr): NumericExpr {
  return { op: 'log1p', of };
}

/** Characters of a string, or elements of a set/vector; unset counts as empty (0). */
export function lengthOf(column: string): NumericExpr {
  return { op: 'length', column };
}

/** The log columns an expression reads, in first-use order. */
export function exprColumns(expr: NumericExpr, into: string[] = []): string[] {
  switch (expr.op) {
    case 'column':
    case 'length':
      if (!into.includes(expr.column)) into.push(expr.column);
      return into;
    case 'ratio':
      exprColumns(expr.numerator, into);
      return exprColumns(expr.denominator, into);
    case 'log1p':
      return exprColumns(expr.of, into);
  }
}

/** Checks an expression read from JSON or built by hand; a clear error names the feature. */
export function validateExpr(expr: NumericExpr, where: string): void {
  const bad = (what: string) =>
    new ZeekseqError(`${where}: ${what}; build expressions with col, ratio, log1p and lengthOf.`);
  if (expr === null || typeof expr !== 'object') throw bad(`expected an expression object, got ${describeValue(expr)}`);
  switch (expr.op) {
    case 'column':
      if (typeof expr.column !== 'string' || expr.column === '') throw bad('a column expression needs a column name');
      if (expr.fill !== undefined && !Number.isFinite(expr.fill))
        throw bad(`fill must be a finite number, got ${describeValue(expr.fill)}`);
      return;
    case 'length':
      if (typeof expr.column !== 'string' || expr.column === '') throw bad('a length expression needs a column name');
      return;
    case 'ratio':
      if (!Number.isFinite(expr.offset))
        throw bad(`ratio offset must be a finite number, got ${describeValue(expr.offset)}`);
      validateExpr(expr.numerator, where);
      validateExpr(expr.denominator, where);
      return;
    case 'log1p':
      validateExpr(expr.of, where);
      return;
    default:
      throw bad(`unknown expression op ${describeValue((expr as { op: unknown }).op)}`);
  }
}

/** Evaluates an expression on every row; results that are not finite (0/0, log of a negative) become NaN. */
export function evaluateExpr(expr: NumericExpr, table: ColumnTable, site: FeatureSite): Float64Array {
  const out = rawEvaluate(expr, table, site);
  for (let i = 0; i < out.length; i++) if (!Number.isFinite(out[i])) out[i] = NaN;
  return out;
}

function rawEvaluate(expr: NumericExpr, table: ColumnTable, site: FeatureSite): Float64Array {
  switch (expr.op) {
    case 'column': {
      const values = Float64Array.from(numbersOf(table, expr.column, site));
      if (expr.fill !== undefined)
        for (let i = 0; i < values.length; i++) if (Number.isNaN(values[i])) values[i] = expr.fill;
      return values;
    }
    case 'length': {
      const cells = cellsOf(table, expr.column);
      const out = new Float64Array(cells.length);
      for (let i = 0; i < cells.length; i++) {
        const value = cells[i];
        if (typeof value === 'string' || Array.isArray(value)) out[i] = value.length;
        else if (!isUnset(value)) {
          throw new ZeekseqError(
            `${site.logType} feature ${site.feature}: column ${expr.column} row ${i} holds ${describeValue(value)}; ` +
              `lengthOf needs strings or sets/vectors.`,
          );
        }
      }
      return out;
    }
    case 'ratio': {
      const out = rawEvaluate(expr.numerator, table, site);
      const den = rawEvaluate(expr.denominator, table, site);
      for (let i = 0; i < out.length; i++) out[i] = out[i] / (den[i] + expr.offset);
      return out;
    }
    case 'log1p': {
      const out = rawEvaluate(expr.of, table, site);
      for (let i = 0; i < out.length; i++) out[i] = Math.log1p(out[i]);
      return out;
    }
  }
}

/** The learned range of one numeric feature. */
export interface MinMaxState {
  min: number;
  max: number;
}

/** Training range, ignoring NaN; null when there is no finite value to learn from. */
export function fitMinMax(values: Float64Array): MinMaxState | null {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min <= max ? { min, max } : null;
}

/** Scales in place, as MinMaxScaler.transform does, then clips to [0, 1] if asked. */
export function applyMinMax(values: Float64Array, state: MinMaxState, clip: boolean): Float64Array {
  const range = state.max - state.min;
  const scale = range === 0 ? 1 : 1 / range;
  const offset = -state.min * scale;
  for (let i = 0; i < values.length; i++) {
    let v = values[i] * scale + offset;
    if (clip) v = v < 0 ? 0 : Math.min(v, 1);
    values[i] = v;
  }
  return values;
}
