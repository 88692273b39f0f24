import { describe, expect, it } from 'vitest';
import * as aq from 'arquero';
import { ZeekseqError } from '../../src/util/errors.js';
import { keepConnections } from '../../src/zeek/keep-connections.js';
import { datasetOf, smallDataset, values } from '../support/datasets.js';

/** conn with `n` connections U0..U(n-1) at times n-1..0, each with one dns row. */
function generated(n: number) {
  const uids = Array.from({ length: n }, (_, i) => `U${i}`);
  return datasetOf({
    conn: aq.table({ uid: uids, ts: Float64Array.from(uids, (_, i) => n - 1 - i) }),
    dns: aq.table({ uid: uids, query: uids.map((uid) => `${uid}.test`) }),
  });
}

describe('keepConnections', () => {
  it('keeps the first n in time order, in file order, with their rows of every uid log', () => {
    const dataset = smallDataset();
    const kept = keepConnections(dataset, { n: 3 });
    expect(values(kept, 'conn', 'uid')).toEqual(['C1', 'C2', 'C5']);
    expect(values(kept, 'dns', 'uid')).toEqual(['C1', 'C5', 'C5']);
    expect(kept.log('http').numRows()).toBe(0);
    expect(kept.log('x509')).toBe(dataset.log('x509'));
    expect(kept.log('conn').column('ts')).toBeInstanceOf(Float64Array);
    expect(values(dataset.keepConnections({ n: 3 }), 'conn', 'uid')).toEqual(['C1', 'C2', 'C5']);
  });

  it('keeps only the given conn states; connections without ts come last; unknown states match nothing', () => {
    const dataset = smallDataset();
    expect(values(keepConnections(dataset, { n: 1, connStates: ['SF'] }), 'conn', 'uid')).toEqual(['C5']);
    expect(values(keepConnections(dataset, { n: 2, connStates: ['S0', 'REJ'] }), 'conn', 'uid')).toEqual(['C2', 'C6']);
    expect(values(keepConnections(dataset, { n: 3, connStates: ['S0', 'REJ'] }), 'conn', 'uid')).toEqual([
      'C2',
      'C4',
      'C6',
    ]);
    expect(
      keepConnections(dataset, { n: 0, connStates: ['NOPE'] })
        .log('conn')
        .numRows(),
    ).toBe(0);
    expect(() => keepConnections(dataset, { n: 1, connStates: ['NOPE'] })).toThrow(
      /asked for 1 connections but small test dataset has only 0 with conn_state in \[NOPE\]; ask for at most 0/,
    );
  });

  it('draws at random with a seed: the same seed agrees, different seeds differ', () => {
    const dataset = generated(200);
    const draw = (seed: number) => values(keepConnections(dataset, { n: 20, seed }), 'conn', 'uid');
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
    expect(new Set(draw(7)).size).toBe(20);
    // not the first 20 in time (U199..U180) nor in file order (U0..U19)
    expect(draw(7)).not.toEqual(values(keepConnections(dataset, { n: 20 }), 'conn', 'uid'));
    expect(values(keepConnections(dataset, { n: 20 }), 'conn', 'uid')).toEqual(
      Array.from({ length: 20 }, (_, i) => `U${180 + i}`),
    );
    expect(values(keepConnections(dataset, { n: 20, seed: 7 }), 'dns', 'uid')).toEqual(draw(7));
  });

  it('counts connections, not rows, when conn repeats a uid', () => {
    const dataset = datasetOf({ conn: aq.table({ uid: ['A', 'A', 'B', 'C'], ts: Float64Array.from([1, 2, 3, 4]) }) });
    expect(values(keepConnections(dataset, { n: 2 }), 'conn', 'uid')).toEqual(['A', 'A', 'B']);
    expect(() => keepConnections(dataset, { n: 4 })).toThrow(/has only 3; ask for at most 3/);
  });

  it('rejects a bad n, missing columns and a dataset without conn', () => {
    const dataset = smallDataset();
    for (const n of [-1, 1.5, NaN, Infinity]) {
      expect(() => keepConnections(dataset, { n })).toThrow(ZeekseqError);
      expect(() => keepConnections(dataset, { n })).toThrow(/n must be a whole number of connections, 0 or more/);
    }
    expect(() => keepConnections(dataset, { n: 7 })).toThrow(
      /asked for 7 connections but small test dataset has only 6/,
    );
    const bare = datasetOf({ conn: aq.table({ uid: ['A'] }) });
    expect(() => keepConnections(bare, { n: 1, connStates: ['SF'] })).toThrow(
      /needs the conn_state column of conn.*drop the connStates option/,
    );
    expect(() => keepConnections(bare, { n: 1 })).toThrow(/needs the ts column of conn.*pass a seed/);
    expect(values(keepConnections(bare, { n: 1, seed: 1 }), 'conn', 'uid')).toEqual(['A']);
    expect(() => keepConnections(datasetOf({ dns: aq.table({ uid: ['A'] }) }), { n: 1 })).toThrow(
      /keepConnections needs a conn log/,
    );
  });
});
