import * as aq from 'arquero';
import { describe, expect, it } from 'vitest';
import { cleanedFeatureMatrix, GRADED_BANDS, Tokenizer } from '../../src/sequence/tokenizer.js';
import { ZeekDataset } from '../../src/zeek/dataset.js';

interface Row {
  proto?: string;
  state?: string;
  bytes?: number;
  local?: [boolean, boolean];
  hosts?: [string, string];
}

/** conn rows: 50 alike (a cluster) unless `rows` says otherwise; each row one connection. */
function dataset(rows: Row[], offset = 0, localColumns = true): ZeekDataset {
  const uid = rows.map((_, i) => `C${offset + i}`);
  const columns: Record<string, unknown> = {
    ts: Float64Array.from(rows, (_, i) => 1000 + offset + i),
    uid,
    'id.orig_h': rows.map((r) => r.hosts?.[0] ?? '10.0.0.5'),
    'id.resp_h': rows.map((r) => r.hosts?.[1] ?? '93.184.216.34'),
    proto: rows.map((r) => r.proto ?? 'udp'),
    conn_state: rows.map((r) => r.state ?? 'SF'),
    orig_bytes: Float64Array.from(rows, (r) => r.bytes ?? 40),
    resp_bytes: Float64Array.from(rows, () => 80),
    orig_pkts: Float64Array.from(rows, () => 1),
    resp_pkts: Float64Array.from(rows, () => 1),
  };
  if (localColumns) {
    columns.local_orig = rows.map((r) => r.local?.[0] ?? true);
    columns.local_resp = rows.map((r) => r.local?.[1] ?? false);
  }
  return new ZeekDataset({ logs: new Map([['conn', aq.table(columns)]]) });
}

const normal: Row[] = Array.from({ length: 50 }, () => ({}));
// A spread of sizes, so the byte ratio's Gower range is wide and one large upload is a numeric step away.
const training: Row[] = [...normal, { bytes: 4000 }, { bytes: 400000 }, { proto: 'tcp', state: 'S0', bytes: 9e6 }];

function words(tokenizer: Tokenizer, data: ZeekDataset): string[] {
  const { events } = tokenizer.transform(data);
  return Array.from(events[0].tokens, (t) => tokenizer.vocabulary.name(t));
}

describe('Tokenizer outlier words', () => {
  it('grades noise by its nearest cluster and distance in multiples of eps, and round-trips', () => {
    const tokenizer = new Tokenizer({ minSamples: 20, outliers: 'graded' });
    tokenizer.fit(dataset(training));
    const names = tokenizer.vocabulary.entries.filter((e) => e.logType === 'conn').map((e) => e.name);
    expect(names).toEqual(['conn:far', 'conn:0', 'conn:near0', 'conn:mid0']);
    const probes: Row[] = [
      {},
      { bytes: 400 },
      { bytes: 4000 },
      { bytes: 400000 },
      { proto: 'icmp', state: 'OTH', local: [false, true] },
    ];
    const data = dataset(probes, 100);
    const got = words(tokenizer, data);
    expect(got[0]).toBe('conn:0');
    expect(got[4]).toBe('conn:far');
    // Every probe's word is the band of its distance to the nearest core sample.
    const model = tokenizer.model('conn')!;
    const matrix = cleanedFeatureMatrix(model.cleaner.transform(data.log('conn')), model.cleaner);
    const { distances } = model.clusters.nearestCore(matrix, 100);
    const eps = model.clusters.eps;
    const band = (d: number) =>
      d <= eps
        ? 'conn:0'
        : d <= GRADED_BANDS[0] * eps
          ? 'conn:near0'
          : d <= GRADED_BANDS[1] * eps
            ? 'conn:mid0'
            : 'conn:far';
    expect(got).toEqual(Array.from(distances, band));
    expect(new Set(got).size).toBeGreaterThanOrEqual(3);
    const restored = Tokenizer.fromJSON(JSON.parse(JSON.stringify(tokenizer.toJSON())));
    expect(restored.options.outliers).toBe('graded');
    expect(words(restored, data)).toEqual(got);
  });

  it('keeps one outlier word by default and rejects unknown settings', () => {
    const tokenizer = new Tokenizer({ minSamples: 20 }).fit(dataset(training));
    expect(tokenizer.vocabulary.entries.filter((e) => e.logType === 'conn').map((e) => e.name)).toEqual([
      'conn:outlier',
      'conn:0',
    ]);
    expect(() => new Tokenizer({ outliers: 'banded' as never }).fit(dataset(training))).toThrow(
      /outliers must be one of single, graded/,
    );
  });
});

describe('Tokenizer direction words', () => {
  const inbound: Row = { local: [false, true], hosts: ['198.51.100.7', '10.0.0.5'] };

  it('gives inbound, outbound, internal and external connections different conn words', () => {
    const tokenizer = new Tokenizer({ minSamples: 20, direction: true }).fit(dataset(normal));
    // The local flags are conn features too, so these are noise; each direction has its own outlier word.
    const got = words(tokenizer, dataset([{}, inbound, { local: [true, true] }, { local: [false, false] }], 100));
    expect(got).toEqual(['out:conn:0', 'in:conn:outlier', 'int:conn:outlier', 'ext:conn:outlier']);
    expect(words(tokenizer, dataset([{ proto: 'icmp', state: 'OTH' }], 200))).toEqual(['out:conn:outlier']);
    const restored = Tokenizer.fromJSON(JSON.parse(JSON.stringify(tokenizer.toJSON())));
    expect(words(restored, dataset([{}, inbound], 300))).toEqual(['out:conn:0', 'in:conn:outlier']);
    const graded = new Tokenizer({ minSamples: 20, direction: true, outliers: 'graded' }).fit(dataset(training));
    expect(graded.vocabulary.entries.map((e) => e.name)).toContain('in:conn:far');
  });

  it('takes the local networks when conn has no local_orig/local_resp, the private ranges by default', () => {
    const probes = (offset: number) => dataset([{}, inbound, { hosts: ['10.0.0.5', '172.20.1.1'] }], offset, false);
    const byDefault = new Tokenizer({ minSamples: 20, direction: true }).fit(dataset(normal, 0, false));
    expect(words(byDefault, probes(100))).toEqual(['out:conn:0', 'in:conn:0', 'int:conn:0']);
    const own = new Tokenizer({ minSamples: 20, direction: true, localNetworks: ['10.0.0.0/8', '93.184.216.0/24'] });
    own.fit(dataset(normal, 0, false));
    expect(words(own, probes(200))).toEqual(['int:conn:0', 'in:conn:0', 'out:conn:0']);
    expect(() =>
      new Tokenizer({ minSamples: 20, direction: true, localNetworks: [] }).fit(dataset(normal, 0, false)),
    ).toThrow(/no local_orig\/local_resp columns and the local networks are empty/);
  });
});
