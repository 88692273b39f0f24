/**
 * Boolean features: a predicate on each row (port in a known set, a flag set, a string containing a
 * tool name), output as 0/1. Predicates are plain data so that a cleaner saves them to JSON. On a
 * set/vector column a test holds when it holds for any element; an unset cell never satisfies a test
 * (so `isTrue` of an unset bool is false, as "unknown" must not raise a flag), and `negate` turns that
 * into true.
 */
import type { ColumnTable } from 'arquero';
import { ZeekseqError } from '../util/errors.js';
import {
  cellsOf,
  checkElementTypes,
  describeValue,
  forEachElement,
  isUnset,
  numbersOf,
  type FeatureSite,
} from './cells.js';
import { typedFrom } from '../util/typed-from.js';

export type Scalar = string | number;

export type Predicate =
  | { op: 'isTrue'; column: string }
  | { op: 'isSet'; column: string }
  | { op: 'in'; column: string; values: Scalar[] }
  | { op: 'hasOther'; column: string; values: Scalar[] }
  | { op: 'contains'; column: string; substrings: string[] }
  | { op: 'matches'; column: string; pattern: string; flags: string }
  | { op: 'greaterThan'; column: string; than: number }
  | { op: 'not'; of: Predicate }
  | { op: 'all'; of: Predicate[] }
  | { op: 'any'; of: Predicate[] };

/** A bool column is true (unset is false). */
export function isTrue(column: string): Predicate {
  return { op: 'isTrue', column };
}

/** A bool column is false (unset is neither true nor false). */
export function isFalse(column: string): Predicate {
  return allOf(isSet(column), negate(isTrue(column)));
}

/** The cell is set: not `-`, and for a set/vector not `(empty)` either. */
export function isSet(column: string): Predicate {
  return { op: 'isSet', column };
}

/** The value (or any element of a set/vector) is one of `values`. */
export function isIn(column: string, values: readonly Scalar[]): Predicate {
  return { op: 'in', column, values: [...values] };
}

/** Some value (or element) is set and is not one of `values`. */
export function hasOther(column: string, values: readonly Scalar[]): Predicate {
  return { op: 'hasOther', column, values: [...values] };
}

/** The string (or any element) contains one of `substrings`, ignoring case. */
export function containsAny(column: string, substrings: readonly string[]): Predicate {
  return { op: 'contains', column, substrings: [...substrings] };
}

/** The string (or any element) matches a regular expression. */
export function matchesPattern(column: string, pattern: RegExp): Predicate {
  return { op: 'matches', column, pattern: pattern.source, flags: pattern.flags };
}

/** The number is greater than `than` (unset is false). */
export function greaterThan(column: string, than: number): Predicate {
  return { op: 'greaterThan', column, than };
}

export function negate(of: Predicate): Predicate {
  return { op: 'not', of };
}

export function allOf(...of: Predicate[]): Predicate {
  return { op: 'all', of };
}

export function anyOf(...of: Predicate[]): Predicate {
  return { op: 'any', of };
}

/** The log columns a predicate reads, in first-use order. */
export function predicateColumns(predicate: Predicate, into: string[] = []): string[] {
  switch (predicate.op) {
    case 'not':
      return predicateColumns(predicate.of, into);
    case 'all':
    case 'any':
      for (const p of predicate.of) predicateColumns(p, into);
      return into;
    default:
      if (!into.includes(predicate.column)) into.push(predicate.column);
      return into;
  }
}

/** Checks a predicate read from JSON or built by hand; a clear error names the feature. */
export function validatePredicate(predicate: Predicate, where: string): void {
  const bad = (what: string) =>
    new ZeekseqError(
      `${where}: ${what}; build predicates with isTrue, isSet, isIn, hasOther, containsAny, matchesPattern, greaterThan, negate, allOf, anyOf.`,
    );
  if (predicate === null || typeof predicate !== 'object')
    throw bad(`expected a predicate object, got ${describeValue(predicate)}`);
  switch (predicate.op) {
    case 'not':
      validatePredicate(predicate.of, where);
      return;
    case 'all':
    case 'any':
      if (!Array.isArray(predicate.of) || predicate.of.length === 0)
        throw bad(`${predicate.op} needs at least one predicate`);
      for (const p of predicate.of) validatePredicate(p, where);
      return;
    case 'isTrue':
    case 'isSet':
    case 'in':
    case 'hasOther':
    case 'contains':
    case 'matches':
    case 'greaterThan':
      break;
    default:
      throw bad(`unknown predicate op ${describeValue((predicate as { op: unknown }).op)}`);
  }
  if (typeof predicate.column !== 'string' || predicate.column === '') throw bad(`${predicate.op} needs a column name`);
  if (predicate.op === 'in' || predicate.op === 'hasOther') {
    const ok =
      Array.isArray(predicate.values) &&
      predicate.values.length > 0 &&
      predicate.values.every((v) => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)));
    if (!ok) throw bad(`${predicate.op} on ${predicate.column} needs a non-empty list of strings or finite numbers`);
  }
  if (predicate.op === 'contains') {
    const ok =
      Array.isArray(predicate.substrings) &&
      predicate.substrings.length > 0 &&
      predicate.substrings.every((s) => typeof s === 'string' && s !== '');
    if (!ok) throw bad(`containsAny on ${predicate.column} needs a non-empty list of non-empty strings`);
  }
  if (predicate.op === 'matches') {
    try {
      new RegExp(predicate.pattern, predicate.flags);
    } catch (error) {
      throw bad(
        `pattern ${describeValue(predicate.pattern)} on ${predicate.column} is not a regular expression (${(error as Error).message})`,
      );
    }
  }
  if (predicate.op === 'greaterThan' && !Number.isFinite(predicate.than)) {
    throw bad(`greaterThan on ${predicate.column} needs a finite number, got ${describeValue(predicate.than)}`);
  }
}

/** Evaluates a predicate on every row: 1 where it holds, 0 elsewhere. */
export function evaluatePredicate(predicate: Predicate, table: ColumnTable, site: FeatureSite): Float64Array {
  const n = table.numRows();
  switch (predicate.op) {
    case 'not': {
      const out = evaluatePredicate(predicate.of, table, site);
      for (let i = 0; i < n; i++) out[i] = 1 - out[i];
      return out;
    }
    case 'all':
    case 'any': {
      const parts = predicate.of.map((p) => evaluatePredicate(p, table, site));
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        let hits = 0;
        for (const part of parts) hits += part[i];
        out[i] = (predicate.op === 'all' ? hits === parts.length : hits > 0) ? 1 : 0;
      }
      return out;
    }
    case 'greaterThan': {
      const values = numbersOf(table, predicate.column, site);
      return typedFrom(Float64Array, values, (v) => (v > predicate.than ? 1 : 0));
    }
    case 'isSet':
      return elementTest(
        table,
        predicate.column,
        (cell) => !isUnset(cell) && !(Array.isArray(cell) && cell.length === 0),
      );
    case 'isTrue': {
      const cells = cellsOf(table, predicate.column);
      checkElementTypes(cells, ['boolean'], predicate.column, site, 'booleans (true/false/null)');
      return elementTest(table, predicate.column, (cell) => cell === true);
    }
    case 'in':
    case 'hasOther': {
      const cells = cellsOf(table, predicate.column);
      const types = [...new Set(predicate.values.map((v) => typeof v))];
      checkElementTypes(
        cells,
        types,
        predicate.column,
        site,
        `${types.map((t) => `${t}s`).join(' or ')} (the type of ${JSON.stringify(predicate.values)})`,
      );
      const known = new Set<unknown>(predicate.values);
      const wanted = predicate.op === 'in';
      return elementTest(table, predicate.column, (cell) => {
        let hit = false;
        forEachElement(cell, (element) => {
          if (!isUnset(element) && known.has(element) === wanted) hit = true;
        });
        return hit;
      });
    }
    case 'contains':
    case 'matches': {
      const cells = cellsOf(table, predicate.column);
      checkElementTypes(cells, ['string'], predicate.column, site, 'strings');
      const test = textTest(predicate);
      return elementTest(table, predicate.column, (cell) => {
        let hit = false;
        forEachElement(cell, (element) => {
          if (typeof element === 'string' && test(element)) hit = true;
        });
        return hit;
      });
    }
  }
}

function textTest(predicate: Extract<Predicate, { op: 'contains' | 'matches' }>): (text: string) => boolean {
  if (predicate.op === 'matches') {
    const re = new RegExp(predicate.pattern, predicate.flags.replace(/[gy]/g, ''));
    return (text) => re.test(text);
  }
  const needles = predicate.substrings.map((s) => s.toLowerCase());
  return (text) => {
    const lower = text.toLowerCase();
    return needles.some((needle) => lower.includes(needle));
  };
}

function elementTest(table: ColumnTable, column: string, test: (cell: unknown) => boolean): Float64Array {
  const cells = cellsOf(table, column);
  const out = new Float64Array(cells.length);
  for (let i = 0; i < cells.length; i++) out[i] = test(cells[i]) ? 1 : 0;
  return out;
}
