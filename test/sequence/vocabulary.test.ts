import { describe, expect, it } from 'vitest';
import { CLS, MASK, PAD, SEP, UNK, Vocabulary } from '../../src/sequence/vocabulary.js';

describe('Vocabulary', () => {
  const vocabulary = Vocabulary.build({ clustered: { dns: 2, conn: 3 }, unclustered: ['ntp'] });

  it('puts the special tokens first, as in the original', () => {
    expect([PAD, UNK, CLS, SEP, MASK]).toEqual([0, 1, 2, 3, 4]);
    expect(vocabulary.entries.slice(0, 5).map((e) => e.name)).toEqual(['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]']);
  });

  it('has an outlier word per clustered log type, one word per cluster, one per unclustered type', () => {
    expect(vocabulary.entries.slice(5).map((e) => e.name)).toEqual([
      'conn:outlier',
      'conn:0',
      'conn:1',
      'conn:2',
      'dns:outlier',
      'dns:0',
      'dns:1',
      'ntp',
    ]);
    expect(vocabulary.size).toBe(13);
  });

  it('maps events to tokens: clusters, noise, unknown clusters, unclustered and unseen log types', () => {
    expect(vocabulary.name(vocabulary.tokenOf('conn', 2))).toBe('conn:2');
    expect(vocabulary.name(vocabulary.tokenOf('conn', -1))).toBe('conn:outlier');
    expect(vocabulary.name(vocabulary.tokenOf('conn', 7))).toBe('conn:outlier');
    expect(vocabulary.name(vocabulary.tokenOf('ntp'))).toBe('ntp');
    expect(vocabulary.tokenOf('modbus')).toBe(UNK);
    expect(Array.from(vocabulary.tokensOf('dns', [0, 1, -1]))).toEqual([10, 11, 9]);
  });

  it('keeps an outlier word for a log type whose training saw no noise (0 clusters)', () => {
    const v = Vocabulary.build({ clustered: { weird: 0 }, unclustered: [] });
    expect(v.name(v.tokenOf('weird', 0))).toBe('weird:outlier');
  });

  it('round-trips through JSON with training counts', () => {
    const counted = vocabulary.withCounts([9, 9, 9, 9, 9, 5, 6, 7, 8, 1, 2, 3, 4]);
    const back = Vocabulary.fromJSON(JSON.parse(JSON.stringify(counted.toJSON())));
    expect(back.entries).toEqual(counted.entries);
    expect(back.entries[0].count).toBe(0);
    expect(back.entries[12]).toEqual({ id: 12, name: 'ntp', logType: 'ntp', cluster: null, count: 4 });
    expect(back.tokenOf('dns', 1)).toBe(11);
  });

  it('rejects damaged JSON and bad specs with messages that say what to do', () => {
    const json = vocabulary.toJSON();
    expect(() => Vocabulary.fromJSON({ ...json, entries: json.entries.slice(1) })).toThrow(/ids must run 0..n-1/);
    expect(() => Vocabulary.fromJSON({ format: 'other' } as never)).toThrow(/not a zeekseq vocabulary/);
    expect(() => Vocabulary.build({ clustered: { conn: 1.5 }, unclustered: [] })).toThrow(/whole number/);
    expect(() => Vocabulary.build({ clustered: { conn: 1 }, unclustered: ['conn'] })).toThrow(
      /both as clustered and unclustered/,
    );
    expect(() => vocabulary.name(99)).toThrow(/outside 0..12/);
  });
});
