import { describe, expect, it } from 'vitest';
import * as aq from 'arquero';
import { sortByTs, timeOrder } from '../../src/zeek/sort-by-ts.js';
import { datasetOf, smallDataset, values } from '../support/datasets.js';

describe('sortByTs', () => {
  it('sorts every log with ts, rows without a timestamp last, keeping column types', () => {
    const dataset = smallDataset();
    const sorted = sortByTs(dataset);
    expect(values(sorted, 'conn', 'uid')).toEqual(['C5', 'C2', 'C1', 'C6', 'C3', 'C4']);
    expect(values(sorted, 'dns', 'uid')).toEqual(['C5', 'C5', 'C1', 'D9']);
    expect(values(sorted, 'x509', 'id')).toEqual(['F2', 'F1']);
    expect(sorted.log('conn').column('ts')).toBeInstanceOf(Float64Array);
    expect(values(sorted, 'dns', 'answers')).toEqual([[], null, ['93.184.216.34'], ['10.1.1.1', '10.1.1.2']]);
    // the input dataset is untouched
    expect(values(dataset, 'conn', 'uid')).toEqual(['C1', 'C2', 'C3', 'C4', 'C5', 'C6']);
    expect(values(dataset.sortByTs(), 'conn', 'uid')).toEqual(values(sorted, 'conn', 'uid'));
  });

  it('is stable for equal times and puts null, NaN and non-numbers after every number', () => {
    const table = aq.table({
      ts: [3, null, 1, 3, NaN, -Infinity, 1, Infinity, 'x'],
      n: [0, 1, 2, 3, 4, 5, 6, 7, 8],
    });
    const sorted = sortByTs(datasetOf({ weird: table }));
    expect(values(sorted, 'weird', 'n')).toEqual([5, 2, 6, 0, 3, 7, 1, 4, 8]);
  });

  it('leaves logs without ts as they are and orders a subset of rows', () => {
    const noTs = aq.table({ uid: ['b', 'a'] });
    expect(sortByTs(datasetOf({ files: noTs })).log('files')).toBe(noTs);
    const ts = Float64Array.from([9, 8, 7, 6]);
    expect(Array.from(timeOrder(ts, Uint32Array.from([0, 2, 1])))).toEqual([2, 1, 0]);
    expect(Array.from(timeOrder(ts))).toEqual([3, 2, 1, 0]);
  });
});
