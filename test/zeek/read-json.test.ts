import { afterAll, describe, expect, it } from 'vitest';
import { readContent, tempFolder } from './support/logs.js';

const folder = tempFolder('json');
afterAll(folder.remove);

const lines = (...objects: unknown[]): string =>
  `${objects.map((o) => (typeof o === 'string' ? o : JSON.stringify(o))).join('\n')}\n`;

describe('Zeek JSON lines', () => {
  it('types columns from their values, flattens nested objects and leaves absent keys unset', async () => {
    const { dataset, problemTotals } = await readContent(
      folder.dir,
      'conn.log',
      lines(
        {
          ts: 1575413096.052279,
          uid: 'C1',
          'id.orig_h': '10.0.0.1',
          'id.orig_p': 49187,
          local_orig: true,
          tunnel_parents: ['Ca', 'Cb'],
        },
        { uid: 'C2', ts: 1575413097.5, id: { orig_h: '10.0.0.2', orig_p: 53 }, local_orig: false, service: 'dns' },
        { ts: 1575413098, uid: 'C3', 'id.orig_h': '10.0.0.1', 'id.orig_p': null, tunnel_parents: [] },
      ),
    );
    expect(problemTotals).toEqual([]);
    const conn = dataset.log('conn');
    expect(conn.columnNames()).toEqual([
      'ts',
      'uid',
      'id.orig_h',
      'id.orig_p',
      'local_orig',
      'tunnel_parents',
      'service',
    ]);
    expect([...(conn.column('ts') as unknown as Float64Array)]).toEqual([1575413096.052279, 1575413097.5, 1575413098]);
    expect([...(conn.column('id.orig_p') as unknown as Float64Array)]).toEqual([49187, 53, NaN]);
    expect(conn.array('id.orig_h')).toEqual(['10.0.0.1', '10.0.0.2', '10.0.0.1']);
    expect(conn.array('local_orig')).toEqual([true, false, null]);
    expect(conn.array('tunnel_parents')).toEqual([['Ca', 'Cb'], null, []]);
    expect(conn.array('service')).toEqual([null, 'dns', null]);
    expect(dataset.sources.get('conn')!.files[0]).toMatchObject({ format: 'json', gzip: false, rows: 3 });
  });

  it('converts ISO-8601 times to epoch seconds, keeping microseconds and zones', async () => {
    const { dataset } = await readContent(
      folder.dir,
      'iso.log',
      lines(
        { ts: '2019-12-03T22:44:56.052279Z', uid: 'C1' },
        { ts: '2019-12-03T23:44:56.5+01:00', uid: 'C2' },
        { uid: 'C3' },
      ),
    );
    const ts = dataset.log('iso').column('ts') as unknown as Float64Array;
    expect(ts).toBeInstanceOf(Float64Array);
    expect(ts[0]).toBeCloseTo(Date.UTC(2019, 11, 3, 22, 44, 56) / 1000 + 0.052279, 6);
    expect(ts[1]).toBe(Date.UTC(2019, 11, 3, 22, 44, 56, 500) / 1000);
    expect(Number.isNaN(ts[2])).toBe(true);
  });

  it('keeps a column whose values disagree in kind as text', async () => {
    const { dataset } = await readContent(
      folder.dir,
      'mixed.log',
      lines({ v: 5 }, { v: 'abc' }, { v: true }, { v: [1, 2] }, { v: null }),
    );
    expect(dataset.log('mixed').array('v')).toEqual(['5', 'abc', 'T', '1,2', null]);
  });

  it('reports lines that are not JSON objects and reads the others; blank lines are skipped', async () => {
    const { dataset, file } = await readContent(
      folder.dir,
      'bad.log',
      lines({ uid: 'C1' }, '{"uid": "C2"', '', '[1,2]', 'null', { uid: 'C3' }),
    );
    expect(dataset.log('bad').array('uid')).toEqual(['C1', 'C3']);
    expect(dataset.problems.map((p) => [p.file, p.line, p.kind])).toEqual([
      [file, 2, 'bad-json'],
      [file, 4, 'bad-json'],
      [file, 5, 'bad-json'],
    ]);
  });

  it('keeps a row with bytes that are not UTF-8 and reports it', async () => {
    const bytes = Buffer.from(lines({ uid: 'C1', host: 'aXb' }, { uid: 'C2', host: 'ok' }), 'latin1');
    bytes[bytes.indexOf('X')] = 0xfe;
    const { dataset, file } = await readContent(folder.dir, 'utf.log', bytes);
    expect(dataset.log('utf').array('host')).toEqual(['a\ufffdb', 'ok']);
    expect(dataset.problems.map((p) => [p.file, p.line, p.kind])).toEqual([[file, 1, 'bad-utf8']]);
  });
});
