import { describe, expect, it } from 'vitest';
import * as aq from 'arquero';
import { removeDuplicateUids } from '../../src/zeek/remove-duplicate-uids.js';
import { datasetOf, smallDataset, values } from '../support/datasets.js';

describe('removeDuplicateUids', () => {
  it('keeps the first conn row of each uid, in file order, and rows without uid', () => {
    const dns = aq.table({ uid: ['C1', 'C1'] });
    const dataset = datasetOf({
      conn: aq.table({
        uid: ['C2', 'C1', 'C2', null, 'C1', null, 'C3'],
        label: ['first', 'first', 'second', 'none', 'second', 'none', 'first'],
        ts: Float64Array.from([9, 8, 7, 6, 5, 4, 3]),
      }),
      dns,
    });
    const result = removeDuplicateUids(dataset);
    expect(values(result, 'conn', 'uid')).toEqual(['C2', 'C1', null, null, 'C3']);
    expect(values(result, 'conn', 'label')).toEqual(['first', 'first', 'none', 'none', 'first']);
    expect(result.log('conn').column('ts')).toBeInstanceOf(Float64Array);
    expect(result.log('dns')).toBe(dns);
    expect(values(dataset.removeDuplicateUids(), 'conn', 'label')).toEqual(values(result, 'conn', 'label'));
  });

  it('returns the same conn table when no uid repeats', () => {
    const dataset = smallDataset();
    expect(removeDuplicateUids(dataset).log('conn')).toBe(dataset.log('conn'));
  });

  it('needs a conn log', () => {
    expect(() => removeDuplicateUids(datasetOf({ dns: aq.table({ uid: ['a'] }) }))).toThrow(
      /removeDuplicateUids needs a conn log/,
    );
  });
});
