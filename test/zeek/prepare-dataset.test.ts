import { describe, expect, it } from 'vitest';
import * as aq from 'arquero';
import { prepareDataset } from '../../src/zeek/prepare-dataset.js';
import { datasetOf, values } from '../support/datasets.js';

function withDuplicates() {
  return datasetOf({
    conn: aq.table({
      uid: ['C2', 'C1', 'C3', 'C1'],
      ts: Float64Array.from([5, 3, 1, 9]),
      label: ['a', 'first', 'c', 'second'],
    }),
    dns: aq.table({ uid: ['C1', 'C2'], ts: Float64Array.from([3.1, 5.1]) }),
  });
}

describe('prepareDataset', () => {
  it('dedupes conn, drops conn-only connections and sorts by ts by default', () => {
    const prepared = prepareDataset(withDuplicates());
    expect(values(prepared, 'conn', 'uid')).toEqual(['C1', 'C2']);
    expect(values(prepared, 'conn', 'label')).toEqual(['first', 'a']);
    expect(values(prepared, 'dns', 'uid')).toEqual(['C1', 'C2']);
  });

  it('keeps conn-only connections with keepConnOnly', () => {
    const dataset = withDuplicates();
    expect(values(prepareDataset(dataset, { keepConnOnly: true }), 'conn', 'uid')).toEqual(['C3', 'C1', 'C2']);
    expect(values(dataset.prepare({ keepConnOnly: true }), 'conn', 'label')).toEqual(['c', 'first', 'a']);
    expect(values(dataset.prepare({ keepConnOnly: false }), 'conn', 'uid')).toEqual(['C1', 'C2']);
  });
});
