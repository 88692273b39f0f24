/**
 * Damaged and hostile files cost memory in proportion to their real rows: nothing a file claims
 * (a gzip trailer) sizes an array, and lines, values, nesting and columns past the limits in
 * src/zeek/limits.ts are reported as problems, never thrown.
 */
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { createRandom } from '../../src/util/random.js';
import { MAX_COLUMNS, MAX_FIELD_BYTES, MAX_JSON_DEPTH, MAX_LINE_BYTES } from '../../src/zeek/limits.js';
import { readContent, tempFolder, zeekTsv } from './support/logs.js';

const folder = tempFolder('limits');
afterAll(folder.remove);

/** Growth of this process's peak RSS, in MB, while `work` runs (the test file runs in a fresh process). */
async function peakGrowthMb(work: () => Promise<unknown>): Promise<number> {
  const before = process.resourceUsage().maxRSS;
  await work();
  return (process.resourceUsage().maxRSS - before) / 1024;
}

/** A conn-like TSV of `n` rows with seeded, varied values, so that it compresses about as a real one. */
function variedConn(n: number, seed: number): string {
  const random = createRandom(seed);
  const rows = Array.from({ length: n }, (_, k) => [
    (1.7e9 + k * 0.37).toFixed(6),
    `C${Math.floor(random.next() * 2 ** 40).toString(36)}`,
    `10.${random.int(256)}.${random.int(256)}.${random.int(256)}`,
    String(random.int(65536)),
    String(random.int(1e6)),
    ['tcp', 'udp', 'icmp'][random.int(3)],
  ]);
  return zeekTsv(
    ['ts', 'uid', 'id.orig_h', 'id.orig_p', 'orig_bytes', 'proto'],
    ['time', 'string', 'addr', 'port', 'count', 'enum'],
    rows,
  );
}

describe('memory comes from what was read, never from a gzip trailer', () => {
  it('a 23 KB weird.log.gz whose trailer claims 1 GB reads its 200,000 rows in little memory', async () => {
    const text = zeekTsv(
      ['ts', 'uid', 'name', 'addl', 'notice', 'peer'],
      ['time', 'string', 'string', 'string', 'bool', 'string'],
      Array.from({ length: 200_000 }, () => ['1700000000.000000', 'Cabc', 'weird_x', '-', 'F', 'zeek']),
      'weird',
    );
    const gz = gzipSync(text, { level: 9 });
    gz.writeUInt32LE(2 ** 30, gz.length - 4);
    expect(gz.length).toBeLessThan(30_000);
    let read: Awaited<ReturnType<typeof readContent>> | undefined;
    const growth = await peakGrowthMb(async () => {
      read = await readContent(folder.dir, 'weird.log.gz', gz);
    });
    expect(growth).toBeLessThan(150);
    // The inflated data is all there; only the length check at its end fails, and that is reported.
    expect(read!.dataset.log('weird').numRows()).toBe(200_000);
    expect(read!.problemTotals.map((t) => t.kind)).toEqual(['truncated-gzip']);
  });

  it('a half-copied conn.log.gz (its last 4 bytes are deflate data) reads the rows before the cut in little memory', async () => {
    const whole = gzipSync(variedConn(200_000, 14));
    // Cut where the last 4 bytes, read as the ISIZE trailer, claim 0.5 to 1.5 GB.
    let cut = Math.floor(whole.length / 2);
    const claim = (at: number) => whole.readUInt32LE(at - 4);
    while (claim(cut) < 2 ** 29 || claim(cut) > 1.5 * 2 ** 30) cut++;
    let read: Awaited<ReturnType<typeof readContent>> | undefined;
    const growth = await peakGrowthMb(async () => {
      read = await readContent(folder.dir, 'conn.log.gz', whole.subarray(0, cut));
    });
    expect(growth).toBeLessThan(150);
    const rows = read!.dataset.log('conn').numRows();
    expect(rows).toBeGreaterThan(80_000);
    expect(rows).toBeLessThan(120_000);
    expect(read!.problemTotals.map((t) => t.kind)).toEqual(['truncated-gzip']);
  });

  it('a gzip bomb of zeros without line breaks is one over-long line, inflated a chunk at a time', async () => {
    const bomb = gzipSync(Buffer.alloc(MAX_LINE_BYTES * 4), { level: 9 });
    expect(bomb.length).toBeLessThan(200_000);
    let read: Awaited<ReturnType<typeof readContent>> | undefined;
    const growth = await peakGrowthMb(async () => {
      read = await readContent(folder.dir, 'bomb.log.gz', bomb);
    });
    expect(growth).toBeLessThan(150);
    expect(read!.dataset.problems.map((p) => [p.kind, p.line])).toEqual([['line-too-long', 1]]);
    expect(read!.dataset.problems[0].message).toMatch(/64\.0 MiB is longer than the 16\.0 MiB/);
  });
});

describe('limits are reported problems, never exceptions', () => {
  const header = (fields: string[]) =>
    zeekTsv(
      fields,
      fields.map(() => 'string'),
      [],
    ).replace(/#close.*\n$/, '');

  it('skips an over-long line, keeps the lines around it and reports it with its line number', async () => {
    const text = `${header(['uid', 'query'])}C1\ta\nC2\t${'q'.repeat(MAX_LINE_BYTES + 10)}\nC3\tc\n`;
    const { dataset } = await readContent(folder.dir, 'long.log', text);
    expect(dataset.log('long').array('uid')).toEqual(['C1', 'C3']);
    expect(dataset.problems.map((p) => [p.kind, p.line])).toEqual([['line-too-long', 10]]);
  });

  it('reads a TSV value over MAX_FIELD_BYTES as unset and keeps the rest of its row', async () => {
    const huge = 'u'.repeat(MAX_FIELD_BYTES + 1);
    const text = `${header(['uid', 'uri', 'host'])}C1\t${huge}\th1\nC2\t/ok\th2\n`;
    const { dataset } = await readContent(folder.dir, 'field.log', text);
    const log = dataset.log('field');
    expect(log.array('uid')).toEqual(['C1', 'C2']);
    expect(log.array('uri')).toEqual([null, '/ok']);
    expect(log.array('host')).toEqual(['h1', 'h2']);
    expect(dataset.problems.map((p) => [p.kind, p.line])).toEqual([['field-too-long', 9]]);
    expect(dataset.problems[0].message).toMatch(/column uri .* read as unset/);
  });

  it('reads a JSON value over MAX_FIELD_BYTES as unset, and a JSON line nested too deep not at all', async () => {
    const deep = `{"uid":"C3","x":${'['.repeat(5_000)}${']'.repeat(5_000)}}`;
    const nested = `{"uid":"C4","a":${'{"b":'.repeat(MAX_JSON_DEPTH)}1${'}'.repeat(MAX_JSON_DEPTH)}}`;
    const lines = [
      '{"uid":"C1","uri":"/a"}',
      JSON.stringify({ uid: 'C2', uri: 'v'.repeat(MAX_FIELD_BYTES + 1), host: 'h' }),
      deep,
      nested,
      '{"uid":"C5","s":"[{\\"not nesting\\"","uri":"/e"}',
    ];
    const { dataset } = await readContent(folder.dir, 'deep.log', lines.join('\n'));
    const log = dataset.log('deep');
    expect(log.array('uid')).toEqual(['C1', 'C2', 'C5']);
    expect(log.array('uri')).toEqual(['/a', null, '/e']);
    expect(log.array('host')).toEqual([null, 'h', null]);
    expect(dataset.problems.map((p) => [p.kind, p.line])).toEqual([
      ['field-too-long', 2],
      ['too-deep', 3],
      ['too-deep', 4],
    ]);
    expect(dataset.problems[1].message).toMatch(/nested deeper than 64 levels/);
  });

  it('reads a CSV value over MAX_FIELD_BYTES, even one quoted over many lines, as unset', async () => {
    const spanning = Array.from({ length: 40 }, () => 'x'.repeat(MAX_FIELD_BYTES / 32)).join('\n');
    const text = `uid,note,host\nC1,"${spanning}",h1\nC2,ok,h2\n`;
    const { dataset } = await readContent(folder.dir, 'big.csv', text);
    const log = dataset.log('big');
    expect(log.array('uid')).toEqual(['C1', 'C2']);
    expect(log.array('note')).toEqual([null, 'ok']);
    expect(dataset.problems.map((p) => [p.kind, p.line])).toEqual([['field-too-long', 2]]);
    expect(dataset.problems[0].message).toMatch(/column note/);
  });

  it('reads at most MAX_COLUMNS columns of a file and reports the rest', async () => {
    const many = Array.from({ length: MAX_COLUMNS + 5 }, (_, k) => `c${k}`);
    const tsv = await readContent(folder.dir, 'wide.log', `${header(many)}${many.join('\t')}\n`);
    expect(tsv.dataset.log('wide').numRows()).toBe(1);
    expect(tsv.dataset.log('wide').numCols()).toBe(MAX_COLUMNS);
    expect(tsv.dataset.problems.map((p) => [p.kind, p.line])).toEqual([['too-many-columns', 7]]);
    expect(tsv.dataset.problems[0].message).toMatch(/5 columns \(c1024, c1025, c1026/);
    const csv = await readContent(folder.dir, 'wide.csv', `${many.join(',')}\n${many.join(',')}\n`);
    expect(csv.dataset.log('wide').numCols()).toBe(MAX_COLUMNS);
    expect(csv.dataset.problems.map((p) => [p.kind, p.line])).toEqual([['too-many-columns', 1]]);
    const record = Object.fromEntries(many.map((name, k) => [name, k]));
    const json = await readContent(folder.dir, 'widej.log', `${JSON.stringify(record)}\n{"c0":1,"extra":2}\n`);
    const log = json.dataset.log('widej');
    expect(log.numRows()).toBe(2);
    expect(log.numCols()).toBe(MAX_COLUMNS);
    expect(json.dataset.problems.map((p) => [p.kind, p.line])).toEqual([
      ['too-many-columns', 1],
      ['too-many-columns', 2],
    ]);
  });
});
