import { describe, expect, it } from 'vitest';
import * as aq from 'arquero';
import { ZeekseqError } from '../../src/util/errors.js';
import { splitDataset } from '../../src/zeek/split-dataset.js';
import type { ZeekDataset } from '../../src/zeek/dataset.js';
import { datasetOf, smallDataset, values } from '../support/datasets.js';
import path from 'node:path';
import { readZeekDir } from '../../src/zeek/read-dir.js';
import { sharedDataset } from '../support/shared.js';

/** 100 connections U0..U99 from host 10.0.0.(i % 10); every other one has a dns row; one x509 row. */
function generated(): ZeekDataset {
  const uids = Array.from({ length: 100 }, (_, i) => `U${i}`);
  const dnsUids = uids.filter((_, i) => i % 2 === 0);
  return datasetOf({
    conn: aq.table({
      uid: uids,
      ts: Float64Array.from(uids, (_, i) => i),
      'id.orig_h': uids.map((_, i) => `10.0.0.${i % 10}`),
      'id.resp_h': uids.map((_, i) => (i === 3 ? '10.9.9.9' : '8.8.8.8')),
    }),
    // dns rows name the same host as conn, except U50's, which names 10.6.6.6 only here
    dns: aq.table({
      uid: dnsUids,
      'id.orig_h': dnsUids.map((uid) => (uid === 'U50' ? '10.6.6.6' : `10.0.0.${uid.slice(-1)}`)),
    }),
    x509: aq.table({ id: ['F1'] }),
  });
}

const uidsOf = (dataset: ZeekDataset, type = 'conn') => values(dataset, type, 'uid') as string[];

describe('splitDataset', () => {
  it('splits connections by ratio: disjoint, complete, each connection whole', () => {
    const dataset = generated();
    const { train, test } = splitDataset(dataset, { testRatio: 0.2, seed: 1 });
    expect(uidsOf(test)).toHaveLength(20);
    expect(uidsOf(train)).toHaveLength(80);
    expect(new Set([...uidsOf(train), ...uidsOf(test)]).size).toBe(100);
    for (const side of [train, test]) {
      const conn = new Set(uidsOf(side));
      expect(uidsOf(side, 'dns').every((uid) => conn.has(uid))).toBe(true);
      expect(uidsOf(side, 'dns')).toHaveLength(uidsOf(side).filter((uid) => Number(uid.slice(1)) % 2 === 0).length);
      expect(side.log('x509')).toBe(dataset.log('x509'));
      expect(side.log('conn').column('ts')).toBeInstanceOf(Float64Array);
    }
    // rows keep file order
    expect(uidsOf(test)).toEqual([...uidsOf(test)].sort((a, b) => Number(a.slice(1)) - Number(b.slice(1))));
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const dataset = generated();
    const a = splitDataset(dataset, { testRatio: 0.3, seed: 42 });
    const b = dataset.split({ testRatio: 0.3, seed: 42 });
    const c = splitDataset(dataset, { testRatio: 0.3, seed: 43 });
    expect(uidsOf(a.test)).toEqual(uidsOf(b.test));
    expect(uidsOf(a.train)).toEqual(uidsOf(b.train));
    expect(uidsOf(a.test)).not.toEqual(uidsOf(c.test));
  });

  it('splits by count, including none and all', () => {
    const dataset = generated();
    expect(uidsOf(splitDataset(dataset, { testCount: 7, seed: 3 }).test)).toHaveLength(7);
    const none = splitDataset(dataset, { testCount: 0, seed: 3 });
    expect([uidsOf(none.train).length, uidsOf(none.test).length]).toEqual([100, 0]);
    const all = splitDataset(dataset, { testCount: 100, seed: 3 });
    expect([uidsOf(all.train).length, uidsOf(all.test).length]).toEqual([0, 100]);
  });

  it('forces the traffic of given hosts, as originator or responder in any log, into test', () => {
    const dataset = generated();
    const { train, test } = splitDataset(dataset, {
      testCount: 0,
      seed: 5,
      testIps: ['10.0.0.7', '10.9.9.9', '10.6.6.6'],
    });
    const forced = ['U3', 'U7', 'U17', 'U27', 'U37', 'U47', 'U50', 'U57', 'U67', 'U77', 'U87', 'U97'];
    expect(uidsOf(test)).toEqual(forced);
    expect(uidsOf(train)).toHaveLength(88);
    for (const column of ['id.orig_h', 'id.resp_h']) {
      expect(values(train, 'conn', column)).not.toContain('10.0.0.7');
      expect(values(train, 'conn', column)).not.toContain('10.9.9.9');
    }
    expect(values(train, 'dns', 'id.orig_h')).not.toContain('10.6.6.6');
    const drawn = splitDataset(dataset, { testRatio: 0.1, seed: 5, testIps: ['10.0.0.7'] });
    expect(uidsOf(drawn.test).length).toBeGreaterThanOrEqual(10);
    expect(uidsOf(drawn.train)).not.toContain('U7');
    expect(uidsOf(drawn.train).length + uidsOf(drawn.test).length).toBe(100);
  });

  it('drops rows whose uid is on neither side, and uses the small dataset sensibly', () => {
    const { train, test } = splitDataset(smallDataset(), { testCount: 2, seed: 9 });
    expect(uidsOf(train).length + uidsOf(test).length).toBe(6);
    expect([...uidsOf(train, 'dns'), ...uidsOf(test, 'dns')]).not.toContain('D9');
    const forced = splitDataset(smallDataset(), { testCount: 0, seed: 9, testIps: ['10.0.0.66'] });
    expect(uidsOf(forced.test, 'dns')).toEqual(['D9']);
    expect(uidsOf(forced.test)).toEqual([]);
  });

  it('rejects bad ratios, counts and option mixes with clear errors', () => {
    const dataset = generated();
    for (const testRatio of [0, 1, 1.5, -0.1, NaN]) {
      expect(() => splitDataset(dataset, { testRatio, seed: 1 })).toThrow(ZeekseqError);
      expect(() => splitDataset(dataset, { testRatio, seed: 1 })).toThrow(
        /splitDataset on test dataset \(100 connections\): testRatio must be strictly between 0 and 1/,
      );
    }
    for (const testCount of [101, -1, 2.5]) {
      expect(() => splitDataset(dataset, { testCount, seed: 1 })).toThrow(
        /testCount must be a whole number from 0 to 100/,
      );
    }
    expect(() => splitDataset(dataset, { seed: 1 })).toThrow(/give exactly one of testRatio and testCount/);
    expect(() => splitDataset(dataset, { testRatio: 0.2, testCount: 3, seed: 1 })).toThrow(/exactly one/);
    expect(() => splitDataset(datasetOf({ dns: aq.table({ uid: ['a'] }) }), { testRatio: 0.5, seed: 1 })).toThrow(
      /splitDataset needs a conn log/,
    );
    const noHosts = datasetOf({ conn: aq.table({ uid: ['a', 'b'] }) });
    expect(() => splitDataset(noHosts, { testRatio: 0.5, seed: 1, testIps: ['10.0.0.1'] })).toThrow(
      /testIps were given but no log of test dataset has both uid and id\.orig_h or id\.resp_h/,
    );
  });
});

const trickbot = sharedDataset('trickbot-1week');

describe.skipIf(!trickbot)('splitDataset on trickbot-1week', () => {
  it('keeps all traffic of a forced host out of train, in every log, reproducibly', async () => {
    const dataset = await readZeekDir(path.join(trickbot!, 'zeek'), { progress: false });
    const host = '172.16.9.233';
    const split = () => splitDataset(dataset, { testRatio: 0.2, seed: 11, testIps: [host] });
    const { train, test } = split();
    expect(uidsOf(train).length + uidsOf(test).length).toBe(13001);
    expect(uidsOf(train).length).toBeGreaterThan(0);
    for (const [type, table] of train.logs) {
      for (const column of ['id.orig_h', 'id.resp_h'].filter((name) => table.columnNames().includes(name))) {
        expect(values(train, type, column), `${type} ${column}`).not.toContain(host);
      }
    }
    expect(uidsOf(split().train)).toEqual(uidsOf(train));
    expect(train.log('x509')).toBe(dataset.log('x509'));
    const other = splitDataset(dataset, { testRatio: 0.2, seed: 12 });
    const plain = splitDataset(dataset, { testRatio: 0.2, seed: 11 });
    expect(uidsOf(other.test)).not.toEqual(uidsOf(plain.test));
    expect(uidsOf(plain.test)).toHaveLength(2600);
  });
});
