import { describe, expect, it } from 'vitest';
import * as aq from 'arquero';
import { removeDuplicateUids } from '../../src/zeek/remove-duplicate-uids.js';
import { datasetOf, rawTsvColumn, smallDataset, values } from '../support/datasets.js';
import path from 'node:path';
import { readZeekDir } from '../../src/zeek/read-dir.js';
import { sharedDataset } from '../support/shared.js';

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

const stratosphere = sharedDataset('stratosphere-labeled');

describe.skipIf(!stratosphere)('removeDuplicateUids on Stratosphere conn.log + labeled-conn.log', () => {
  it('keeps each uid once, from conn.log, which is read first', async () => {
    const dir = path.join(stratosphere!, '001-zeek-scenario-malicious');
    const dataset = await readZeekDir(dir, { progress: false });
    expect(dataset.log('conn').numRows()).toBe(1984);
    const result = removeDuplicateUids(dataset);
    expect(values(result, 'conn', 'uid')).toEqual(rawTsvColumn(path.join(dir, 'conn.log'), 'uid'));
    // conn.log has no label column: its rows carry null labels, the labeled copies are the ones dropped
    expect(values(result, 'conn', 'label').every((label) => label === null)).toBe(true);
    expect(values(dataset, 'conn', 'label').filter((label) => label !== null)).toHaveLength(992);
  });
});
