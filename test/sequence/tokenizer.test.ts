import * as aq from 'arquero';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Tokenizer, defaultMinSamples } from '../../src/sequence/tokenizer.js';
import { distinctRow } from '../../src/sequence/sequences.js';
import { CLS, UNK } from '../../src/sequence/vocabulary.js';
import { ZeekDataset } from '../../src/zeek/dataset.js';
import { readZeekDir } from '../../src/zeek/read-dir.js';
import { sharedDataset } from '../support/shared.js';

/** A small dataset: 60 DNS connections of one shape and a few odd ones, plus an ntp log (no cleaner). */
function smallDataset(extra: Record<string, aq.ColumnTable> = {}): ZeekDataset {
  const n = 64;
  const uid = Array.from({ length: n }, (_, i) => `C${i}`);
  const ts = Float64Array.from({ length: n }, (_, i) => 1000 + i);
  const odd = (i: number) => i >= 60;
  const conn = aq.table({
    ts,
    uid,
    'id.orig_h': uid.map(() => '10.0.0.5'),
    'id.resp_h': uid.map(() => '10.0.0.1'),
    'id.resp_p': Float64Array.from(uid, (_, i) => (odd(i) ? 4444 : 53)),
    proto: uid.map((_, i) => (odd(i) ? 'tcp' : 'udp')),
    conn_state: uid.map((_, i) => (odd(i) ? 'S0' : 'SF')),
    duration: Float64Array.from(uid, (_, i) => (odd(i) ? 30 : 0.01)),
    orig_bytes: Float64Array.from(uid, (_, i) => (odd(i) ? 90000 : 40)),
    resp_bytes: Float64Array.from(uid, (_, i) => (odd(i) ? 0 : 80)),
    orig_pkts: Float64Array.from(uid, (_, i) => (odd(i) ? 60 : 1)),
    resp_pkts: Float64Array.from(uid, (_, i) => (odd(i) ? 0 : 1)),
    orig_ip_bytes: Float64Array.from(uid, (_, i) => (odd(i) ? 92000 : 68)),
    resp_ip_bytes: Float64Array.from(uid, (_, i) => (odd(i) ? 0 : 108)),
    local_orig: uid.map(() => true),
    local_resp: uid.map((_, i) => !odd(i)),
    tunnel_parents: uid.map(() => []),
  });
  const ntp = aq.table({ ts: Float64Array.from([1000.5, 1001.5]), uid: ['C0', 'C1'] });
  return new ZeekDataset({
    logs: new Map<string, aq.ColumnTable>([['conn', conn], ['ntp', ntp], ...Object.entries(extra)]),
  });
}

describe('Tokenizer on generated logs', () => {
  it('clusters conn rows into words, gives unclustered log types one word, and builds sequences', () => {
    const tokenizer = new Tokenizer({ minSamples: 10 });
    const { sequences, events } = tokenizer.fitTransform(smallDataset());
    const names = tokenizer.vocabulary.entries.map((e) => e.name);
    expect(names).toContain('conn:0');
    expect(names).toContain('conn:outlier');
    expect(names).toContain('ntp');
    const conn = events.find((e) => e.logType === 'conn')!;
    // The 60 regular rows share a cluster; the 4 odd ones are too few to be core: noise.
    expect(new Set(Array.from(conn.clusters!.subarray(0, 60)))).toEqual(new Set([0]));
    expect(Array.from(conn.clusters!.subarray(60))).toEqual([-1, -1, -1, -1]);
    const first = Array.from(distinctRow(sequences, sequences.distinctOf[0]));
    expect(first.slice(0, 3).map((t) => tokenizer.vocabulary.name(t))).toEqual(['[CLS]', 'conn:0', 'ntp']);
    expect(tokenizer.vocabulary.entries.find((e) => e.name === 'conn:0')!.count).toBe(60);
  });

  it('maps a log type unseen in training to UNK and reports it', () => {
    const tokenizer = new Tokenizer({ minSamples: 10 }).fit(smallDataset());
    const modbus = aq.table({ ts: Float64Array.from([1000.7]), uid: ['C0'] });
    const result = tokenizer.transform(smallDataset({ modbus }));
    expect(result.unseenLogTypes).toEqual(['modbus']);
    const row = Array.from(distinctRow(result.sequences, result.sequences.distinctOf[0]));
    expect(row[0]).toBe(CLS);
    expect(row).toContain(UNK);
  });

  it('needs a conn log and a fitted tokenizer', () => {
    const noConn = new ZeekDataset({
      logs: new Map([['dns', aq.table({ uid: ['C1'], ts: [1] })]]),
      origin: 'somewhere',
    });
    expect(() => new Tokenizer().fit(noConn)).toThrow(/needs a conn log/);
    expect(() => new Tokenizer().transform(smallDataset())).toThrow(/not fitted yet/);
    expect(() => Tokenizer.fromJSON({ format: 'nope' } as never)).toThrow(/not a saved zeekseq tokenizer/);
  });

  it('gives training noise a word per categorical profile seen on at least noiseProfiles rows', () => {
    // 50 DNS-like rows (a cluster), 10 rows of one noise profile (tcp S0, too few to be core), 4 of another (icmp).
    const kinds = [
      ...Array<string>(50).fill('dns'),
      ...Array<string>(10).fill('tcp-s0'),
      ...Array<string>(4).fill('icmp'),
    ];
    const connOf = (rows: string[], offset = 0) => {
      const uid = rows.map((_, i) => `C${offset + i}`);
      const pick = <T>(dns: T, tcp: T, icmp: T) => rows.map((k) => (k === 'dns' ? dns : k === 'tcp-s0' ? tcp : icmp));
      return aq.table({
        ts: Float64Array.from(rows, (_, i) => 1000 + offset + i),
        uid,
        'id.orig_h': uid.map(() => '10.0.0.5'),
        'id.resp_h': uid.map(() => '10.0.0.1'),
        proto: pick('udp', 'tcp', 'icmp'),
        conn_state: pick('SF', 'S0', 'OTH'),
        // each noise row a different size, so they are not one repeated point
        orig_bytes: Float64Array.from(rows, (k, i) => (k === 'dns' ? 40 : 1000 * (i + 1))),
        resp_bytes: Float64Array.from(rows, (k) => (k === 'dns' ? 80 : 0)),
        orig_pkts: Float64Array.from(rows, (k, i) => (k === 'dns' ? 1 : i + 2)),
        resp_pkts: Float64Array.from(rows, (k) => (k === 'dns' ? 1 : 0)),
      });
    };
    const dataset = (rows: string[], offset = 0) =>
      new ZeekDataset({ logs: new Map([['conn', connOf(rows, offset)]]) });
    const tokenizer = new Tokenizer({ minSamples: 20, noiseProfiles: 5 });
    const fitted = tokenizer.fitTransform(dataset(kinds));
    const labels = Array.from(fitted.events[0].clusters!);
    expect(new Set(labels.slice(0, 50))).toEqual(new Set([0]));
    expect(new Set(labels.slice(50, 60))).toEqual(new Set([1]));
    expect(labels.slice(60)).toEqual([-1, -1, -1, -1]);
    expect(tokenizer.vocabulary.entries.filter((e) => e.logType === 'conn').map((e) => [e.name, e.count])).toEqual([
      ['conn:outlier', 4],
      ['conn:0', 50],
      ['conn:1', 10],
    ]);
    // New rows: the known noise profile gets its word, a profile training never saw is the outlier word.
    const restored = Tokenizer.fromJSON(JSON.parse(JSON.stringify(tokenizer.toJSON())));
    for (const model of [tokenizer, restored]) {
      const fresh = model.transform(dataset(['tcp-s0', 'icmp', 'dns'], 500));
      expect(Array.from(fresh.events[0].clusters!)).toEqual([1, -1, 0]);
    }
    // Off by default: the same data keeps one outlier word for all noise.
    const plain = new Tokenizer({ minSamples: 20 }).fitTransform(dataset(kinds));
    expect(new Set(Array.from(plain.events[0].clusters!.subarray(50)))).toEqual(new Set([-1]));
    expect(() => new Tokenizer({ noiseProfiles: -1 }).fit(dataset(kinds))).toThrow(
      /noiseProfiles must be a whole number >= 0/,
    );
  });

  it('uses the original project’s min_samples rule by default', () => {
    expect([defaultMinSamples(100), defaultMinSamples(11099), defaultMinSamples(1e6)]).toEqual([20, 111, 1000]);
  });
});

const trickbot = sharedDataset('trickbot-1week');

describe.skipIf(!trickbot)('Tokenizer on trickbot-1week', () => {
  it('tokenizes every connection, and a JSON round trip tokenizes identically', async () => {
    const dataset = (await readZeekDir(path.join(trickbot!, 'zeek'), { progress: false })).prepare();
    const tokenizer = new Tokenizer();
    const fitted = tokenizer.fitTransform(dataset);
    expect(fitted.sequences.uids.length).toBe(dataset.log('conn').numRows());
    expect(fitted.sequences.orphanEvents).toEqual({});
    // Every clustered protocol of the AD capture has a word; ldap_search and ntp have no cleaner: one word each.
    for (const logType of ['conn', 'dns', 'ssl', 'kerberos', 'smb_mapping', 'dce_rpc', 'http', 'files']) {
      expect(tokenizer.vocabulary.isClustered(logType)).toBe(true);
    }
    expect(tokenizer.vocabulary.knows('ldap_search') && !tokenizer.vocabulary.isClustered('ldap_search')).toBe(true);
    const counted = tokenizer.vocabulary.entries.reduce((sum, e) => sum + e.count, 0);
    const kept = fitted.sequences.eventPositions.reduce((sum, p) => sum + p.filter((x) => x > 0).length, 0);
    expect(counted).toBe(kept);

    const restored = Tokenizer.fromJSON(JSON.parse(JSON.stringify(tokenizer.toJSON())));
    const again = restored.transform(dataset);
    expect(Array.from(again.sequences.distinct)).toEqual(Array.from(fitted.sequences.distinct));
    expect(Array.from(again.sequences.distinctOf)).toEqual(Array.from(fitted.sequences.distinctOf));
  });
});
