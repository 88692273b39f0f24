import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { ZeekseqError } from '../../src/util/errors.js';
import { createRandom } from '../../src/util/random.js';
import {
  escapeZeekString,
  formatZeekStamp,
  ZeekTsvWriter,
  type ZeekLogSchema,
  type ZeekValue,
} from '../../src/zeek/write-tsv.js';

const dir = mkdtempSync(join(tmpdir(), 'zeekseq-write-tsv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const schema: ZeekLogSchema = {
  path: 'demo',
  fields: [
    { name: 'ts', type: 'time' },
    { name: 'uid', type: 'string' },
    { name: 'id.orig_h', type: 'addr' },
    { name: 'id.orig_p', type: 'port' },
    { name: 'duration', type: 'interval' },
    { name: 'bytes', type: 'count' },
    { name: 'delta', type: 'int' },
    { name: 'ratio', type: 'double' },
    { name: 'ok', type: 'bool' },
    { name: 'tags', type: 'set[string]' },
    { name: 'ttls', type: 'vector[interval]' },
  ],
};

const OPEN = Date.UTC(2024, 2, 4, 0, 0, 0) / 1000;

async function writeFile(name: string, rows: ZeekValue[][], gzip = false): Promise<string> {
  const file = join(dir, name);
  const writer = new ZeekTsvWriter(file, schema, { openTime: OPEN, gzip });
  for (const row of rows) writer.write(row);
  await writer.close(OPEN + 3600);
  const bytes = readFileSync(file);
  return (gzip ? gunzipSync(bytes) : bytes).toString('utf8');
}

/** The inverse of Zeek's escaping, as a reader applies it. */
function zeekUnescape(text: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\' && text[i + 1] === '\\') {
      bytes.push(0x5c);
      i++;
    } else if (text[i] === '\\' && text[i + 1] === 'x') {
      bytes.push(parseInt(text.slice(i + 2, i + 4), 16));
      i += 3;
    } else {
      bytes.push(text.charCodeAt(i));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

describe('ZeekTsvWriter', () => {
  it('writes the exact header, rows and #close that Zeek writes', async () => {
    const text = await writeFile('header.log', [
      [OPEN + 1.5, 'CabC1', '10.0.0.1', 49152, 0.25, 1024, -3, 0.5, true, ['a', 'b'], [60, 300]],
    ]);
    expect(text.split('\n')).toEqual([
      '#separator \\x09',
      '#set_separator\t,',
      '#empty_field\t(empty)',
      '#unset_field\t-',
      '#path\tdemo',
      '#open\t2024-03-04-00-00-00',
      '#fields\tts\tuid\tid.orig_h\tid.orig_p\tduration\tbytes\tdelta\tratio\tok\ttags\tttls',
      '#types\ttime\tstring\taddr\tport\tinterval\tcount\tint\tdouble\tbool\tset[string]\tvector[interval]',
      '1709510401.500000\tCabC1\t10.0.0.1\t49152\t0.250000\t1024\t-3\t0.5\tT\ta,b\t60.000000,300.000000',
      '#close\t2024-03-04-01-00-00',
      '',
    ]);
  });

  it('prints unset values as -, empty strings and sets as (empty), doubles as Zeek does', async () => {
    const text = await writeFile('unset.log', [
      [OPEN, '', null, undefined, Number.NaN, 0, 0, 1, false, [], null],
      [OPEN, 'x', '10.0.0.2', 1, 0, 7, 2, 2.125, true, ['', '-'], [1.5]],
    ]);
    const rows = text.split('\n').filter((l) => !l.startsWith('#') && l !== '');
    expect(rows[0].split('\t')).toEqual([
      '1709510400.000000',
      '(empty)',
      '-',
      '-',
      '-',
      '0',
      '0',
      '1.0',
      'F',
      '(empty)',
      '-',
    ]);
    expect(rows[1].split('\t').slice(7)).toEqual(['2.125', 'T', '(empty),\\x2d', '1.500000']);
  });

  it('escapes like Zeek: separators, control bytes, backslashes, non-ASCII, reserved markers', () => {
    expect(escapeZeekString('a\tb')).toBe('a\\x09b');
    expect(escapeZeekString('line1\nline2\r')).toBe('line1\\x0aline2\\x0d');
    expect(escapeZeekString('\\\\SERVER\\share')).toBe('\\\\\\\\SERVER\\\\share');
    expect(escapeZeekString('café')).toBe('caf\\xc3\\xa9');
    expect(escapeZeekString('\u0000\u007f')).toBe('\\x00\\x7f');
    expect(escapeZeekString('-')).toBe('\\x2d');
    expect(escapeZeekString('(empty)')).toBe('\\x28empty)');
    expect(escapeZeekString('')).toBe('(empty)');
    expect(escapeZeekString('a,b')).toBe('a,b');
    expect(escapeZeekString('a,b', true)).toBe('a\\x2cb');
    expect(escapeZeekString('--')).toBe('--');
  });

  it('round-trips any text through escaping, in plain fields and in sets', async () => {
    const rng = createRandom(7);
    const alphabet = ['a', 'Z', ' ', '\t', '\n', '\\', ',', '-', 'é', '漢', '\u0001', '\u007f', 'x', '(', ')'];
    const samples = Array.from({ length: 200 }, () =>
      Array.from({ length: 1 + rng.int(12) }, () => alphabet[rng.int(alphabet.length)]).join(''),
    );
    const rows = samples.map((s): ZeekValue[] => [OPEN, s, null, null, null, null, null, null, null, [s, 'k'], []]);
    const text = await writeFile('roundtrip.log', rows);
    const data = text.split('\n').filter((l) => !l.startsWith('#') && l !== '');
    expect(data).toHaveLength(samples.length);
    data.forEach((line, i) => {
      const cells = line.split('\t');
      expect(cells).toHaveLength(schema.fields.length);
      expect(zeekUnescape(cells[1])).toBe(samples[i]);
      const set = cells[9].split(',');
      expect(set).toHaveLength(2);
      expect(zeekUnescape(set[0])).toBe(samples[i]);
    });
  });

  it('writes gzip that decompresses to the same bytes as the plain file', async () => {
    const rows: ZeekValue[][] = Array.from({ length: 5000 }, (_, i) => [
      OPEN + i,
      `C${i}`,
      '10.1.2.3',
      i % 65536,
      0.1,
      i,
      -i,
      i / 7,
      i % 2 === 0,
      [],
      [i],
    ]);
    const plain = await writeFile('plain.log', rows);
    const zipped = await writeFile('zipped.log.gz', rows, true);
    expect(zipped).toBe(plain);
    expect(plain.split('\n')).toHaveLength(5000 + 10);
  });

  it('counts rows and keeps memory bounded across flushes', async () => {
    const file = join(dir, 'many.log');
    const writer = new ZeekTsvWriter(file, schema, { openTime: OPEN });
    for (let i = 0; i < 30_000; i++) {
      writer.write([OPEN + i / 10, 'C', '10.0.0.1', 1, 0, i, 0, 0, true, [], []]);
      if (i % 5000 === 0) await writer.flush();
    }
    expect(writer.rows).toBe(30_000);
    await writer.close(OPEN);
    const lines = readFileSync(file, 'utf8').split('\n');
    expect(lines[8].split('\t')[5]).toBe('0');
    expect(lines[lines.length - 3].split('\t')[5]).toBe('29999');
  });

  it('rejects rows of the wrong length or with values of the wrong type, naming row and field', () => {
    const writer = new ZeekTsvWriter(join(dir, 'bad.log'), schema, { openTime: OPEN });
    const good: ZeekValue[] = [OPEN, 'C', '10.0.0.1', 1, 0, 1, 0, 0, true, [], []];
    writer.write(good);
    expect(() => writer.write(good.slice(0, 5))).toThrow(
      /row 2 of .*bad\.log has 5 values but demo\.log has 11 fields/,
    );
    const bad = (column: number, value: ZeekValue) => {
      const row = good.slice();
      row[column] = value;
      return () => writer.write(row);
    };
    expect(bad(5, 'many')).toThrow(ZeekseqError);
    expect(bad(5, 'many')).toThrow(/row 2 of .*field bytes \(count\), needs a non-negative integer, got "many"/);
    expect(bad(5, -1)).toThrow(/field bytes/);
    expect(bad(3, 1.5)).toThrow(/field id\.orig_p \(port\)/);
    expect(bad(6, 0.5)).toThrow(/field delta \(int\), needs an integer/);
    expect(bad(0, '1709510400')).toThrow(/field ts \(time\), needs a number of seconds/);
    expect(bad(8, 'T')).toThrow(/field ok \(bool\), needs true or false/);
    expect(bad(1, true)).toThrow(/field uid \(string\), needs a string/);
    expect(bad(9, 'a,b')).toThrow(/field tags \(set\[string\]\), needs an array of a string/);
    expect(bad(10, ['x'])).toThrow(/field ttls/);
    expect(writer.rows).toBe(1);
  });

  it('refuses an empty schema, writes after close, and reports a file it cannot create', async () => {
    expect(() => new ZeekTsvWriter(join(dir, 'x.log'), { path: 'x', fields: [] }, { openTime: OPEN })).toThrow(
      /no fields/,
    );
    const writer = new ZeekTsvWriter(join(dir, 'closed.log'), schema, { openTime: OPEN });
    await writer.close(OPEN);
    expect(() => writer.write([OPEN, 'C', null, null, null, null, null, null, null, [], []])).toThrow(/closed/);
    const lost = new ZeekTsvWriter(join(dir, 'no', 'such', 'folder.log'), schema, { openTime: OPEN });
    await expect(lost.close(OPEN)).rejects.toThrow(/cannot write .*folder\.log: .*ENOENT/);
  });

  it('formats #open and #close stamps in UTC', () => {
    expect(formatZeekStamp(Date.UTC(2024, 11, 31, 23, 59, 59) / 1000 + 0.9)).toBe('2024-12-31-23-59-59');
  });
});
