import { describe, expect, it } from 'vitest';
import * as aq from 'arquero';
import { ZeekseqError } from '../../src/util/errors.js';
import { columnValues, connUids, filterLogsByUid, rowsWhere, takeRows } from '../../src/zeek/log-rows.js';
import { datasetOf, smallDataset } from '../support/datasets.js';

describe('log rows', () => {
  it('takes rows in the given order and keeps typed-array columns typed', () => {
    const table = aq.table({ ts: Float64Array.from([1, NaN, 3]), s: ['a', null, 'c'] });
    const taken = takeRows(table, Uint32Array.from([2, 1]));
    expect(taken.column('ts')).toBeInstanceOf(Float64Array);
    expect(Array.from(taken.array('ts') as ArrayLike<number>)).toEqual([3, NaN]);
    expect(taken.array('s')).toEqual(['c', null]);
    expect(takeRows(table, Uint32Array.from([0, 1, 2]))).toBe(table);
    expect(takeRows(table, new Uint32Array(0)).numRows()).toBe(0);
  });

  it('reads positions of filtered and ordered tables in their row order', () => {
    const table = aq.table({ x: Float64Array.from([5, 1, 4, 2]) }).orderby('x');
    expect(Array.from(columnValues(table, 'x'))).toEqual([1, 2, 4, 5]);
    expect(Array.from(takeRows(table, Uint32Array.from([0, 3])).array('x') as number[])).toEqual([1, 5]);
  });

  it('takes rows of Arrow-backed columns as plain arrays', () => {
    const arrow = aq.fromArrow(aq.toArrowIPC(aq.table({ s: ['a', null, 'c'] })));
    expect(takeRows(arrow, Uint32Array.from([2, 1])).column('s')).toEqual(['c', null]);
  });

  it('selects rows by predicate and uids by log', () => {
    expect(Array.from(rowsWhere(5, (row) => row % 2 === 0))).toEqual([0, 2, 4]);
    const dataset = smallDataset();
    const logs = filterLogsByUid(dataset.logs, (uid) => uid === 'C5');
    expect(logs.get('conn')!.array('uid')).toEqual(['C5']);
    expect(logs.get('dns')!.array('uid')).toEqual(['C5', 'C5']);
    expect(logs.get('x509')).toBe(dataset.log('x509'));
  });

  it('names the operation when conn or its uid column is missing', () => {
    const noConn = datasetOf({ dns: aq.table({ uid: ['a'] }) }, 'logs/dir');
    expect(() => connUids(noConn, 'myOp')).toThrow(ZeekseqError);
    expect(() => connUids(noConn, 'myOp')).toThrow(/myOp needs a conn log, but logs\/dir has none \(it has: dns\)/);
    const noUid = datasetOf({ conn: aq.table({ ts: [1] }) });
    expect(() => connUids(noUid, 'myOp')).toThrow(/myOp needs the uid column of conn.*columns: ts/);
  });
});
