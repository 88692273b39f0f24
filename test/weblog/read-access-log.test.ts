import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { readAccessLogs, type AccessLog } from '../../src/weblog/read-access-log.js';
import { MAX_FIELD_BYTES, MAX_LINE_BYTES } from '../../src/zeek/limits.js';
import { sharedDataset } from '../support/shared.js';

const elastic = sharedDataset('web-elastic-apache');
const hackers = sharedDataset('web-hackers-access');
const scanners = sharedDataset('web-scanners-ocatak');

function countBy<T>(items: readonly T[], key: (item: T) => string | number): Map<string | number, number> {
  const counts = new Map<string | number, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

describe.skipIf(!elastic)('web-elastic-apache (SOURCE.md: 10,000 lines, 1,753 client IPs)', () => {
  let log: AccessLog;
  beforeAll(async () => {
    log = await readAccessLogs([path.join(elastic as string, 'apache_logs')]);
  });

  it('keeps every line, reporting the one cut inside its user agent', () => {
    expect(log.files[0]).toMatchObject({
      lines: 10000,
      records: 10000,
      wrapped: 0,
      problems: { 'unterminated-quote': 1 },
    });
    expect(log.problems.map((p) => [p.kind, p.line])).toEqual([['unterminated-quote', 8899]]);
    expect(log.records[8898].userAgent).toBe('Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html');
  });

  it('matches the clients, time range and status counts SOURCE.md gives', () => {
    expect(new Set(log.records.map((r) => r.client)).size).toBe(1753);
    const times = log.records.map((r) => r.time);
    expect(new Date(Math.min(...times) * 1000).toISOString()).toBe('2015-05-17T10:05:00.000Z');
    expect(new Date(Math.max(...times) * 1000).toISOString().slice(0, 16)).toBe('2015-05-20T21:05');
    const status = countBy(log.records, (r) => r.status);
    expect([status.get(200), status.get(304), status.get(404), status.get(301), status.get(206)]).toEqual([
      9126, 445, 213, 164, 45,
    ]);
  });
});

describe.skipIf(!hackers)('web-hackers-access (SOURCE.md: 3,456 lines, 520 client IPs)', () => {
  it('parses every line of the form-spam bots', async () => {
    const log = await readAccessLogs([path.join(hackers as string, 'hackers-access.log')]);
    expect(log.files[0]).toMatchObject({ lines: 3456, records: 3456, problems: {} });
    expect(new Set(log.records.map((r) => r.client)).size).toBe(520);
    expect(log.records.filter((r) => r.target?.startsWith('/join_form')).length).toBeGreaterThan(0);
    // +0100 local time: 25 Oct 2015 04:11:25 is 03:11:25 UTC.
    expect(new Date(log.records[0].time * 1000).toISOString()).toBe('2015-10-25T03:11:25.000Z');
  });
});

describe.skipIf(!scanners)('web-scanners-ocatak (SOURCE.md: wrapped lines, escaped quotes)', () => {
  it('parses all 6,539 acunetix lines, wrapped, with 173 escaped-quote requests', async () => {
    const log = await readAccessLogs([path.join(scanners as string, 'acunetix.txt')]);
    expect(log.files[0]).toMatchObject({ lines: 6539, records: 6539, wrapped: 6539, problems: {} });
    expect([...countBy(log.records, (r) => r.client)]).toEqual([['192.168.4.25', 6539]]);
    expect(log.records.filter((r) => r.request?.includes('"')).length).toBe(173);
    expect(log.records.every((r) => !r.userAgent?.endsWith('"'))).toBe(true);
  });

  it('parses all 7,314 netsparker lines, with 136 escaped-quote requests', async () => {
    const log = await readAccessLogs([path.join(scanners as string, 'netsparker.txt')]);
    expect(log.files[0]).toMatchObject({ lines: 7314, records: 7314, wrapped: 7314, problems: {} });
    expect(log.records.filter((r) => r.request?.includes('"')).length).toBe(136);
    expect([...countBy(log.records, (r) => r.client)]).toEqual([['192.168.4.164', 7314]]);
  });

  it('parses all 3,996 w3af lines: the 62 unwrapped ones are those of 192.168.1.20', async () => {
    const log = await readAccessLogs([path.join(scanners as string, 'w3af.txt')]);
    expect(log.files[0]).toMatchObject({ lines: 3996, records: 3996, wrapped: 3934, problems: {} });
    const clients = countBy(log.records, (r) => r.client);
    expect([clients.get('192.168.4.163'), clients.get('192.168.4.25'), clients.get('192.168.1.20')]).toEqual([
      3914, 20, 62,
    ]);
  });
});

describe('readAccessLogs on generated files', () => {
  let dir: string;
  const good = (n: number) =>
    `192.0.2.${n} - - [17/May/2015:10:0${n}:00 +0000] "GET /page/${n} HTTP/1.1" 200 10 "-" "ua"`;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'zeekseq-weblog-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reports malformed lines with file and line, and keeps the rest (CRLF endings too)', async () => {
    const file = path.join(dir, 'mixed.log');
    await writeFile(
      file,
      `${[good(1), 'garbage', good(2), '', good(3).replace('17/May', '99/May'), good(4)].join('\r\n')}\r\n`,
    );
    const log = await readAccessLogs([file]);
    expect(log.records.map((r) => [r.line, r.target])).toEqual([
      [1, '/page/1'],
      [3, '/page/2'],
      [6, '/page/4'],
    ]);
    expect(log.problems.map((p) => [p.file, p.line, p.kind])).toEqual([
      [file, 2, 'format-mismatch'],
      [file, 4, 'format-mismatch'],
      [file, 5, 'bad-time'],
    ]);
    expect(log.files).toEqual([
      { file, lines: 6, records: 3, wrapped: 0, problems: { 'format-mismatch': 2, 'bad-time': 1 } },
    ]);
  });

  it('keeps the first problems of each kind and counts all of them', async () => {
    const file = path.join(dir, 'bad.log');
    await writeFile(file, ['x1', 'x2', 'x3', 'x4', 'x5', good(1)].join('\n'));
    const log = await readAccessLogs([file], { problemsKeptPerKind: 2 });
    expect(log.problems.map((p) => p.line)).toEqual([1, 2]);
    expect(log.files[0].problems).toEqual({ 'format-mismatch': 5 });
    expect(log.records).toHaveLength(1);
  });

  it('reads .gz files and several files in order, with another format', async () => {
    const lines = [1, 2, 3].map(
      (n) => `192.0.2.${n} - - [17/May/2015:10:0${n}:00 +0000] "GET /c/${n} HTTP/1.1" 200 10`,
    );
    await writeFile(path.join(dir, 'a.log.gz'), gzipSync(`${lines.slice(0, 2).join('\n')}\n`));
    await writeFile(path.join(dir, 'b.log'), lines[2]);
    const log = await readAccessLogs([path.join(dir, 'a.log.gz'), path.join(dir, 'b.log')], { format: 'common' });
    expect(log.records.map((r) => [path.basename(r.file), r.line, r.target])).toEqual([
      ['a.log.gz', 1, '/c/1'],
      ['a.log.gz', 2, '/c/2'],
      ['b.log', 1, '/c/3'],
    ]);
  });

  it('keeps the lines before the cut of a cut .gz and reports it', async () => {
    const whole = gzipSync(Array.from({ length: 2000 }, (_, i) => good(i % 10)).join('\n'));
    const file = path.join(dir, 'cut.log.gz');
    await writeFile(file, whole.subarray(0, whole.length - 40));
    const log = await readAccessLogs([file]);
    const { records, lines } = log.files[0];
    expect(records).toBeGreaterThan(1900);
    expect(lines).toBe(records);
    expect(log.files[0].problems).toEqual({ 'truncated-gzip': 1 });
    expect(log.problems[0]).toMatchObject({ kind: 'truncated-gzip', file, line: records + 1 });
    expect(log.problems[0].message).toMatch(/truncated or corrupt .* the rows before it were kept/);
  });

  it('skips a line over MAX_LINE_BYTES and keeps a value over MAX_FIELD_BYTES as missing, reporting both', async () => {
    const file = path.join(dir, 'huge.log');
    const hugeTarget = good(2).replace('/page/2', `/${'p'.repeat(MAX_FIELD_BYTES + 1)}`);
    await writeFile(file, [good(1), `${good(9)}${' '.repeat(MAX_LINE_BYTES)}x`, hugeTarget, good(3)].join('\n'));
    const log = await readAccessLogs([file]);
    expect(log.records.map((r) => [r.line, r.target])).toEqual([
      [1, '/page/1'],
      [3, null],
      [4, '/page/3'],
    ]);
    expect(log.files[0]).toMatchObject({ lines: 4, records: 3, problems: { 'line-too-long': 1, 'field-too-long': 1 } });
    expect(log.problems.map((p) => [p.line, p.kind])).toEqual([
      [2, 'line-too-long'],
      [3, 'field-too-long'],
    ]);
  });

  it('fails clearly on a missing file and a folder', async () => {
    await expect(readAccessLogs([path.join(dir, 'absent.log')])).rejects.toThrow(
      /cannot read access log .*absent\.log: ENOENT; check the path/,
    );
    await expect(readAccessLogs([dir])).rejects.toThrow(/is not a file; pass log files, not folders/);
  });
});

/** The shared web logs, each line ending as some servers end it, must read exactly as the originals. */
describe('lines ending in blanks or CRLF read as the originals', () => {
  const shared = [
    ['web-elastic-apache', 'apache_logs'],
    ['web-hackers-access', 'hackers-access.log'],
    ['web-scanners-ocatak', 'acunetix.txt'],
    ['web-scanners-ocatak', 'netsparker.txt'],
    ['web-scanners-ocatak', 'w3af.txt'],
  ] as const;
  const endings = [
    ['a trailing space', ' \n'],
    ['trailing spaces', '   \n'],
    ['a trailing tab', '\t\n'],
    ['CRLF', '\r\n'],
    ['a space then CRLF', ' \r\n'],
  ] as const;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'zeekseq-endings-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  for (const [name, fileName] of shared) {
    const folder = sharedDataset(name);
    it.skipIf(!folder)(`${name}/${fileName}, with each ending`, async () => {
      const original = path.join(folder as string, fileName);
      const expected = await readAccessLogs([original]);
      const text = await readFile(original, 'utf8');
      const lines = text.split('\n');
      if (lines[lines.length - 1] === '') lines.pop();
      for (const [, ending] of endings) {
        const variant = path.join(dir, `${fileName}.${endings.findIndex((e) => e[1] === ending)}`);
        await writeFile(variant, lines.map((line) => line + ending).join(''));
        const log = await readAccessLogs([variant]);
        const { file: _, ...summary } = log.files[0];
        const { file: __, ...originalSummary } = expected.files[0];
        expect(summary).toEqual(originalSummary);
        expect(log.records.map(({ file: _f, ...r }) => r)).toEqual(expected.records.map(({ file: _f, ...r }) => r));
        expect(log.problems.map((p) => [p.line, p.kind])).toEqual(expected.problems.map((p) => [p.line, p.kind]));
      }
    });
  }
});
