import { describe, expect, it } from 'vitest';
import { table } from 'arquero';
import {
  allOf,
  anyOf,
  containsAny,
  evaluatePredicate,
  greaterThan,
  hasOther,
  isFalse,
  isIn,
  isSet,
  isTrue,
  matchesPattern,
  negate,
  predicateColumns,
  validatePredicate,
  type Predicate,
} from '../../src/cleaners/predicates.js';

const site = { logType: 'http', feature: 'p' };
const rows = table({
  port: Float64Array.of(80, 8080, NaN, 443),
  flag: [true, false, null, true],
  agent: ['curl/7.1', 'Mozilla/5.0', null, 'PowerShell/5'],
  mimes: [['text/html'], ['text/html', 'application/x-dosexec'], null, []],
  text: ['T', 'F', null, 'T'],
});
const run = (p: Predicate) => Array.from(evaluatePredicate(p, rows, site));

describe('predicates', () => {
  it('tests bools: true, false, set; unset is neither', () => {
    expect(run(isTrue('flag'))).toEqual([1, 0, 0, 1]);
    expect(run(isFalse('flag'))).toEqual([0, 1, 0, 0]);
    expect(run(isSet('flag'))).toEqual([1, 1, 0, 1]);
  });

  it('treats an empty set as not set', () => {
    expect(run(isSet('mimes'))).toEqual([1, 1, 0, 0]);
  });

  it('matches a value or any element of a set against a list', () => {
    expect(run(isIn('port', [80, 8080]))).toEqual([1, 1, 0, 0]);
    expect(run(isIn('mimes', ['application/x-dosexec']))).toEqual([0, 1, 0, 0]);
    expect(run(hasOther('mimes', ['text/html', 'text/plain']))).toEqual([0, 1, 0, 0]);
    expect(run(hasOther('port', [80]))).toEqual([0, 1, 0, 1]);
  });

  it('finds substrings ignoring case, and regular expressions', () => {
    expect(run(containsAny('agent', ['CURL', 'powershell']))).toEqual([1, 0, 0, 1]);
    expect(run(matchesPattern('agent', /^mozilla/i))).toEqual([0, 1, 0, 0]);
    // A global regex keeps state between test() calls; the kit must not let it skip rows.
    expect(run(matchesPattern('agent', /o/g))).toEqual([0, 1, 0, 1]);
  });

  it('compares numbers, unset never greater', () => {
    expect(run(greaterThan('port', 1000))).toEqual([0, 1, 0, 0]);
  });

  it('combines with negate, allOf and anyOf; negate turns unset into true', () => {
    expect(run(negate(isSet('agent')))).toEqual([0, 0, 1, 0]);
    expect(run(allOf(isTrue('flag'), greaterThan('port', 100)))).toEqual([0, 0, 0, 1]);
    expect(run(anyOf(isIn('port', [80]), isFalse('flag')))).toEqual([1, 1, 0, 0]);
  });

  it('rejects columns of the wrong type instead of answering false', () => {
    expect(() => run(isTrue('text'))).toThrow(/http feature p: column text row 0 holds "T", expected booleans/);
    expect(() => run(isIn('port', ['80']))).toThrow(/column port row 0 holds 80 \(number\), expected strings/);
    expect(() => run(containsAny('port', ['8']))).toThrow(/expected strings/);
    expect(() => run(greaterThan('agent', 1))).toThrow(/expected a number/);
  });

  it('lists the columns it reads', () => {
    expect(predicateColumns(anyOf(isIn('port', [80]), negate(allOf(isTrue('flag'), isSet('port')))))).toEqual([
      'port',
      'flag',
    ]);
  });

  it('rejects malformed predicates with the place and the fix', () => {
    const bad = (p: unknown) => () => validatePredicate(p as Predicate, 'http cleaner feature x');
    expect(bad(isIn('port', []))).toThrow(/http cleaner feature x: in on port needs a non-empty list/);
    expect(bad(isIn('port', [NaN]))).toThrow(/non-empty list of strings or finite numbers/);
    expect(bad(containsAny('agent', ['']))).toThrow(/non-empty strings/);
    expect(bad({ op: 'matches', column: 'agent', pattern: '(', flags: '' })).toThrow(/is not a regular expression/);
    expect(bad(greaterThan('port', Infinity))).toThrow(/needs a finite number/);
    expect(bad({ op: 'any', of: [] })).toThrow(/any needs at least one predicate/);
    expect(bad({ op: 'isTrue' })).toThrow(/isTrue needs a column name/);
    expect(bad({ op: 'xor' })).toThrow(/unknown predicate op "xor"; build predicates with isTrue/);
  });
});
