import { afterEach, describe, expect, it, vi } from 'vitest';
import { table } from 'arquero';
import { Cleaner, type CleanerJSON } from '../../src/cleaners/cleaner.js';
import {
  booleanFeature,
  categoricalFeature,
  customFeature,
  numericFeature,
  type FeatureDef,
} from '../../src/cleaners/features.js';
import { col, log1p } from '../../src/cleaners/numeric.js';
import { isIn, isTrue } from '../../src/cleaners/predicates.js';
import { ZeekseqError } from '../../src/util/errors.js';
import { expectJsonRoundTrip, expectWellFormed } from './support/checks.js';

const features: FeatureDef[] = [
  numericFeature({ name: 'bytes', value: log1p(col('bytes', { fill: 0 })), why: 'Size.' }),
  booleanFeature({ name: 'web', test: isIn('port', [80, 443]), why: 'Web port.' }),
  booleanFeature({ name: 'local', test: isTrue('local'), why: 'Inside.' }),
  categoricalFeature({ name: 'service', column: 'service', topK: 2, why: 'Protocol.' }),
  categoricalFeature({ name: 'proto', column: 'proto', encoding: 'one-hot', why: 'Transport.' }),
];

const train = table({
  ts: Float64Array.of(10, 11, 12, 13, 14),
  uid: ['C1', 'C2', 'C3', 'C4', 'C5'],
  bytes: Float64Array.of(0, Math.E - 1, NaN, Math.E ** 2 - 1, 3),
  port: Float64Array.of(80, 22, 443, 53, 80),
  local: [true, false, null, true, true],
  service: ['http', 'ssh', 'http', 'dns', 'ssh'],
  proto: ['tcp', 'tcp', 'tcp', 'udp', 'tcp'],
});

function fresh(): Cleaner {
  return new Cleaner('test', features);
}

afterEach(() => vi.restoreAllMocks());

describe('Cleaner', () => {
  it('outputs ts, uid and the features, scaled on the training rows', () => {
    const cleaner = fresh();
    const out = cleaner.fitTransform(train);
    expect(out.columnNames()).toEqual(['ts', 'uid', 'bytes', 'web', 'local', 'service', 'proto_tcp', 'proto_udp']);
    expectWellFormed(cleaner, out);
    expect(Array.from(out.array('bytes'))).toEqual([0, 0.5, 0, 1, Math.log1p(3) / 2]);
    expect(Array.from(out.array('web'))).toEqual([1, 0, 1, 0, 1]);
    expect(Array.from(out.array('local'))).toEqual([1, 0, 0, 1, 1]);
    // http and ssh tie with dns behind them: dns is "other".
    expect(out.array('service')).toEqual(['http', 'ssh', 'http', 'other', 'ssh']);
    expect(Array.from(out.array('proto_udp'))).toEqual([0, 0, 0, 1, 0]);
    expect(Array.from(out.array('ts'))).toEqual([10, 11, 12, 13, 14]);
  });

  it('describes definitions before fit and output columns after', () => {
    const cleaner = fresh();
    expect(cleaner.describe().map((d) => [d.name, d.kind])).toEqual([
      ['bytes', 'numeric'],
      ['web', 'boolean'],
      ['local', 'boolean'],
      ['service', 'categorical'],
      ['proto', 'categorical'],
    ]);
    expect(cleaner.describe()[4]).toEqual({
      name: 'proto',
      kind: 'categorical',
      why: 'Transport.',
      source: ['proto'],
      feature: 'proto',
      encoding: 'one-hot',
    });
    cleaner.fit(train);
    expect(cleaner.describe().slice(4)).toEqual([
      {
        name: 'proto_tcp',
        kind: 'boolean',
        why: 'Transport.',
        source: ['proto'],
        feature: 'proto',
        encoding: 'one-hot',
        category: 'tcp',
      },
      {
        name: 'proto_udp',
        kind: 'boolean',
        why: 'Transport.',
        source: ['proto'],
        feature: 'proto',
        encoding: 'one-hot',
        category: 'udp',
      },
    ]);
    expect(cleaner.kinds()).toEqual({
      bytes: 'numeric',
      web: 'boolean',
      local: 'boolean',
      service: 'categorical',
      proto_tcp: 'boolean',
      proto_udp: 'boolean',
    });
  });

  it('maps new rows with the training state: clipped numbers, unseen categories as other', () => {
    const cleaner = fresh().fit(train);
    const next = table({
      ts: Float64Array.of(20, 21),
      uid: ['C6', 'C7'],
      bytes: Float64Array.of(1e6, NaN),
      port: Float64Array.of(8080, 443),
      local: [false, true],
      service: ['smtp', null],
      proto: ['icmp', 'udp'],
    });
    const out = cleaner.transform(next);
    expect(out.objects()).toEqual([
      { ts: 20, uid: 'C6', bytes: 1, web: 0, local: 0, service: 'other', proto_tcp: 0, proto_udp: 0 },
      { ts: 21, uid: 'C7', bytes: 0, web: 1, local: 1, service: null, proto_tcp: 0, proto_udp: 1 },
    ]);
    const unclipped = new Cleaner('test', features, { clip: false }).fit(train).transform(next);
    expect(unclipped.get('bytes', 0)).toBeCloseTo(Math.log1p(1e6) / 2, 12);
  });

  it('keeps unset numbers missing unless the expression fills them', () => {
    const cleaner = new Cleaner('test', [numericFeature({ name: 'd', value: col('d'), why: 'Duration.' })]);
    const out = cleaner.fitTransform(
      table({ ts: Float64Array.of(1, 2, 3), uid: ['a', 'b', 'c'], d: Float64Array.of(2, NaN, 4) }),
    );
    expect(Array.from(out.array('d'))).toEqual([0, NaN, 1]);
  });

  it('drops features whose columns a site lacks, warning once per cleaner', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const site = train.select('ts', 'uid', 'bytes', 'port', 'proto');
    const cleaner = fresh().fit(site);
    expect(cleaner.dropped).toEqual([
      { feature: 'local', reason: 'needs column local, which this test log lacks' },
      { feature: 'service', reason: 'needs column service, which this test log lacks' },
    ]);
    expect(cleaner.warnings).toEqual([
      'test cleaner: feature local dropped: it needs column local, which this test log lacks.',
      'test cleaner: feature service dropped: it needs column service, which this test log lacks.',
    ]);
    expect(warn).toHaveBeenCalledTimes(1);
    cleaner.fit(site);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(cleaner.transform(site).columnNames()).toEqual(['ts', 'uid', 'bytes', 'web', 'proto_tcp', 'proto_udp']);
  });

  it('drops a numeric or categorical feature that has no value in training', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const defs = [
      numericFeature({ name: 'd', value: col('d'), why: 'Duration.' }),
      numericFeature({ name: 'filled', value: col('d', { fill: 0 }), why: 'Duration, unset as 0.' }),
      categoricalFeature({ name: 'service', column: 'service', why: 'Protocol.' }),
    ];
    const blank = table({
      ts: Float64Array.of(1, 2),
      uid: ['a', 'b'],
      d: Float64Array.of(NaN, NaN),
      service: [null, null],
    });
    const cleaner = new Cleaner('test', defs).fit(blank);
    expect(cleaner.dropped).toEqual([
      { feature: 'd', reason: 'has no values in the 2 training rows' },
      { feature: 'service', reason: 'has no values in the 2 training rows' },
    ]);
    expect(cleaner.transform(blank).columnNames()).toEqual(['ts', 'uid', 'filled']);
  });

  it('reads a column the fit used but the rows lack as unset on every row (as Zeek JSON omits it)', () => {
    const cleaner = fresh().fit(train);
    const unset = table({ local: [null, null, null, null, null], service: [null, null, null, null, null] });
    const lacking = cleaner.transform(train.select('ts', 'uid', 'bytes', 'port', 'proto'));
    const expected = cleaner.transform(train.select('ts', 'uid', 'bytes', 'port', 'proto').assign(unset));
    expect(lacking.objects()).toEqual(expected.objects());
    expect(Array.from(lacking.array('local'))).toEqual([0, 0, 0, 0, 0]);
    expect(lacking.array('service')).toEqual([null, null, null, null, null]);
  });

  it('refuses to transform before fit, to fit on no rows, and to clean rows without ts or connection', () => {
    expect(() => fresh().transform(train)).toThrow(/test cleaner is not fitted, so it cannot transform; call fit/);
    expect(() => fresh().kinds()).toThrow(/not fitted, so it cannot kinds/);
    expect(() => fresh().fit(train.filter(() => false))).toThrow(/cannot fit the test cleaner on an empty table/);
    const cleaner = fresh().fit(train);
    expect(() => cleaner.transform(train.select('uid', 'bytes', 'port', 'local', 'service', 'proto'))).toThrow(
      /has no ts column/,
    );
    expect(() => cleaner.transform(train.select('ts', 'bytes', 'port', 'local', 'service', 'proto'))).toThrow(
      /no uid, conn_uids or uids column/,
    );
  });

  it('fails clearly when no feature survives fitting', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(() => fresh().fit(table({ ts: Float64Array.of(1), uid: ['a'] }))).toThrow(
      /the test cleaner kept no feature: bytes needs column bytes, which this test log lacks; .* Check that the table really is a test log/,
    );
  });

  it('transforms an empty table to an empty table with every column', () => {
    const cleaner = fresh().fit(train);
    const out = cleaner.transform(train.filter(() => false));
    expect(out.numRows()).toBe(0);
    expect(out.columnNames()).toEqual(['ts', 'uid', 'bytes', 'web', 'local', 'service', 'proto_tcp', 'proto_udp']);
  });

  it('gives one row per connection of a uids set, and none for a row without one', () => {
    const cleaner = new Cleaner('dhcp', [
      booleanFeature({ name: 'ack', test: isIn('msg', ['ACK']), why: 'Acknowledged.' }),
    ]);
    const rows = table({
      ts: Float64Array.of(1, 2, 3),
      uids: [['Ca', 'Cb'], null, ['Cc']],
      msg: [['ACK'], ['NAK'], ['NAK']],
    });
    const out = cleaner.fitTransform(rows);
    expect(out.objects()).toEqual([
      { ts: 1, uid: 'Ca', ack: 1 },
      { ts: 1, uid: 'Cb', ack: 1 },
      { ts: 3, uid: 'Cc', ack: 0 },
    ]);
  });

  it('respects a filtered or reordered input table', () => {
    const cleaner = fresh().fit(train);
    const out = cleaner.transform(train.filter((d: { port: number }) => d.port === 80).orderby('uid'));
    expect(out.array('uid')).toEqual(['C1', 'C5']);
    expect(Array.from(out.array('ts'))).toEqual([10, 14]);
  });

  it('round-trips through JSON text with identical transforms', () => {
    const cleaner = fresh().fit(train);
    const loaded = expectJsonRoundTrip(cleaner, train);
    expect(loaded.toJSON()).toEqual(cleaner.toJSON());
    const unfitted = Cleaner.fromJSON(JSON.parse(JSON.stringify(fresh().toJSON())));
    expect(unfitted.fitted).toBe(false);
  });

  it('rejects JSON that is not a saved cleaner, of another version, or damaged', () => {
    const good = fresh().fit(train).toJSON();
    const load = (json: unknown) => () => Cleaner.fromJSON(json as CleanerJSON);
    expect(load({ format: 'other' })).toThrow(/not a saved zeekseq cleaner/);
    expect(load({ ...good, version: 2 })).toThrow(/version 2 is not supported/);
    expect(load({ ...good, learned: { ...good.learned!, features: [{ name: 'nope' }] } })).toThrow(
      /names feature "nope", which has no definition; the saved cleaner is damaged/,
    );
    const broken = structuredClone(good);
    broken.learned!.features[0].range = { min: 3, max: 1 };
    expect(load(broken)).toThrow(/feature bytes has no valid range/);
    const noCategories = structuredClone(good);
    delete noCategories.learned!.features[3].categories;
    expect(load(noCategories)).toThrow(/feature service has no valid category list/);
  });

  it('validates definitions when built', () => {
    const why = 'Because.';
    const make = (defs: unknown[]) => () => new Cleaner('x', defs as FeatureDef[]);
    expect(make([])).toThrow(/give at least one feature definition/);
    expect(
      make([
        booleanFeature({ name: 'a', test: isTrue('a'), why }),
        booleanFeature({ name: 'a', test: isTrue('b'), why }),
      ]),
    ).toThrow(/two features are named a/);
    expect(make([booleanFeature({ name: 'uid', test: isTrue('a'), why })])).toThrow(/ts and uid are reserved/);
    expect(make([booleanFeature({ name: 'a b', test: isTrue('a'), why })])).toThrow(/the name must be letters, digits/);
    expect(make([booleanFeature({ name: 'a', test: isTrue('a'), why: ' ' })])).toThrow(/give a why/);
    expect(make([categoricalFeature({ name: 'a', column: 'a', topK: 0, why })])).toThrow(
      /topK must be a whole number >= 1/,
    );
    expect(make([{ ...categoricalFeature({ name: 'a', column: 'a', why }), encoding: 'binary' }])).toThrow(
      /encoding must be 'label' or 'one-hot'/,
    );
    expect(make([{ type: 'vector', name: 'a', why }])).toThrow(/unknown feature type "vector"/);
    expect(() => new Cleaner('', features)).toThrow(ZeekseqError);
  });

  it("refuses a one-hot column that collides with another feature's name", () => {
    const defs = [
      categoricalFeature({ name: 'proto', column: 'proto', encoding: 'one-hot', why: 'Transport.' }),
      booleanFeature({ name: 'proto_tcp', test: isIn('proto', ['tcp']), why: 'TCP.' }),
    ];
    expect(() => new Cleaner('conn', defs).fit(train)).toThrow(/two output columns are named proto_tcp/);
  });
});

describe('Cleaner with custom code', () => {
  const hours = customFeature({
    name: 'hour',
    why: 'Time of day.',
    code: {
      id: 'test:hour-of-day',
      kind: 'numeric',
      source: ['ts'],
      fit: (t) => ({ offset: (t.array('ts') as number[])[0] }),
      transform: (t, state) =>
        Array.from(t.array('ts') as ArrayLike<number>, (ts) => ts - (state as { offset: number }).offset),
    },
  });
  const busy = customFeature({
    name: 'busy',
    why: 'Many bytes.',
    code: {
      id: 'test:busy',
      kind: 'boolean',
      source: ['bytes'],
      transform: (t) => Array.from(t.array('bytes') as ArrayLike<number>, (b) => b > 2),
    },
  });
  const size = customFeature({
    name: 'size',
    why: 'Size class.',
    code: {
      id: 'test:size-class',
      kind: 'categorical',
      source: ['bytes'],
      transform: (t) =>
        Array.from(t.array('bytes') as ArrayLike<number>, (b) => (Number.isNaN(b) ? null : b > 2 ? 'big' : 'small')),
    },
  });

  it('scales custom numbers, checks custom booleans and passes custom categories through', () => {
    const cleaner = new Cleaner('test', [hours, busy, size]);
    const out = cleaner.fitTransform(train);
    expect(Array.from(out.array('hour'))).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(Array.from(out.array('busy'))).toEqual([0, 0, 0, 1, 1]);
    expect(out.array('size')).toEqual(['small', 'small', null, 'big', 'big']);
    expect(cleaner.describe().map((d) => d.kind)).toEqual(['numeric', 'boolean', 'categorical']);
  });

  it("saves the code's id and state, and re-attaches the code by id", () => {
    const cleaner = new Cleaner('test', [hours, busy]).fit(train);
    const json = cleaner.toJSON();
    expect(json.definitions[0]).toEqual({
      type: 'custom',
      name: 'hour',
      why: 'Time of day.',
      code: 'test:hour-of-day',
    });
    expect(json.learned!.features[0]).toEqual({ name: 'hour', range: { min: 0, max: 4 }, state: { offset: 10 } });
    expectJsonRoundTrip(cleaner, train);
  });

  it('says which code is missing when a saved cleaner needs unregistered code', () => {
    const json = new Cleaner('test', [hours]).fit(train).toJSON();
    json.definitions[0] = { ...json.definitions[0], code: 'test:not-registered' } as FeatureDef;
    expect(() => Cleaner.fromJSON(json)).toThrow(
      /test cleaner feature hour uses custom feature code "test:not-registered", which is not registered/,
    );
  });

  it('rejects custom output of the wrong length or type', () => {
    const short = customFeature({
      name: 's',
      why: 'Short.',
      code: { id: 'test:short', kind: 'numeric', source: [], transform: () => [1] },
    });
    expect(() => new Cleaner('test', [short]).fit(train)).toThrow(
      /custom code test:short returned 1 values for 5 rows/,
    );
    const text = customFeature({
      name: 't',
      why: 'Text.',
      code: {
        id: 'test:text',
        kind: 'numeric',
        source: [],
        transform: (t) => Array.from({ length: t.numRows() }, () => 'x'),
      },
    });
    expect(() => new Cleaner('test', [text]).fit(train)).toThrow(
      /custom code test:text gave "x" for row 0; expected a number/,
    );
    const maybe = customFeature({
      name: 'm',
      why: 'Maybe.',
      code: {
        id: 'test:maybe',
        kind: 'boolean',
        source: [],
        transform: (t) => Array.from({ length: t.numRows() }, () => 'yes'),
      },
    });
    expect(() => new Cleaner('test', [maybe]).fitTransform(train)).toThrow(
      /gave "yes" for row 0; expected true\/false or 1\/0/,
    );
    const label = customFeature({
      name: 'l',
      why: 'Label.',
      code: {
        id: 'test:label',
        kind: 'categorical',
        source: [],
        transform: (t) => Array.from({ length: t.numRows() }, () => 7),
      },
    });
    expect(() => new Cleaner('test', [label]).fitTransform(train)).toThrow(
      /gave 7 \(number\) for row 0; expected a string or null/,
    );
  });
});
