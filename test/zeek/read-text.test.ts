import { describe, expect, it } from 'vitest';
import type { Column, ParsedLog } from '../../src/zeek/read-columns.js';
import { ProblemRecorder } from '../../src/zeek/read-problems.js';
import { TsvParser } from '../../src/zeek/read-tsv.js';

const HEADER = ['#separator \\x09', '#set_separator\t,', '#empty_field\t(empty)', '#unset_field\t-'];

/** Parses TSV lines (a string or raw bytes each) with one parser, flushing when it has read `flushAt` rows in all. */
function parse(lines: (string | Buffer)[], flushAt: number[] = []): { logs: ParsedLog[]; problems: ProblemRecorder } {
  const problems = new ProblemRecorder();
  const parser = new TsvParser({ file: 'conn.log', problems });
  const logs: ParsedLog[] = [];
  let flushed = 0;
  lines.forEach((text, k) => {
    const buf = typeof text === 'string' ? Buffer.from(text) : text;
    parser.line(buf, 0, buf.length, k + 1);
    if (parser.pendingRows > 0 && flushAt.includes(flushed + parser.pendingRows)) {
      const log = parser.flush();
      flushed += log.rows;
      logs.push(log);
    }
  });
  logs.push(parser.finish());
  return { logs, problems };
}

const values = (column: Column | undefined): unknown[] => [...(column?.values ?? [])];
const NOT_UTF8 = Buffer.from([0x62, 0x61, 0x64, 0xff]);

/** Expects `actual` to equal `expected` value for value, naming the first row that differs (a diff of 70,000 is slow). */
function expectSame(actual: unknown[], expected: unknown[]): void {
  const row = expected.findIndex((value, k) => !Object.is(actual[k], value));
  expect(row === -1 ? 'equal' : `row ${row}: ${JSON.stringify(actual[row])} != ${JSON.stringify(expected[row])}`).toBe(
    'equal',
  );
  expect(actual.length).toBe(expected.length);
}

/** 70,000 rows: more distinct uids than the interner keeps (65,536), so the uid column goes on holding strings. */
function conn(rows: number) {
  const lines: (string | Buffer)[] = [...HEADER, '#fields\tuid\tproto\thost', '#types\tstring\tenum\tstring'];
  const expected = { uid: [] as (string | null)[], proto: [] as (string | null)[], host: [] as (string | null)[] };
  for (let r = 0; r < rows; r++) {
    // Every 997th uid needs decoding (an escape), every 1,009th is unset and every 1,013th empty.
    let uid = `C${r.toString(36).padStart(17, 'x')}`;
    let uidText = uid;
    if (r % 997 === 5) {
      uidText = `${uid}\\x41`;
      uid = `${uid}A`;
    }
    const uidValue = r % 1009 === 7 ? null : r % 1013 === 9 ? '' : uid;
    if (uidValue === null) uidText = '-';
    else if (uidValue === '') uidText = '(empty)';
    const proto = ['tcp', 'udp', 'icmp'][r % 3];
    // Repeated text with UTF-8 and escapes, which the interner keeps decoded; every 50th host is not UTF-8, which
    // is reported and so never interned (the builder keeps it as its own string).
    const hosts = ['café.example', 'a\\x09b', 'plain.example', '-'];
    const hostText = hosts[r % 4];
    const host = hostText === '-' ? null : hostText === 'a\\x09b' ? 'a\tb' : hostText;
    expected.uid.push(uidValue);
    expected.proto.push(proto);
    const line = Buffer.from(`${uidText}\t${proto}\t`, 'utf8');
    if (r % 50 === 3) {
      expected.host.push(NOT_UTF8.toString('utf8'));
      lines.push(Buffer.concat([line, NOT_UTF8]));
    } else {
      expected.host.push(host);
      lines.push(Buffer.concat([line, Buffer.from(hostText, 'utf8')]));
    }
  }
  return { lines, expected };
}

describe('TSV text columns', () => {
  it('give back every value, interned, decoded or held as strings, before and after the interner gives up', () => {
    const { lines, expected } = conn(70_000);
    const { logs, problems } = parse(lines);
    const [log] = logs;
    expect(problems.totals().map((t) => [t.kind, t.count])).toEqual([['bad-utf8', 1_400]]);
    expect(log.rows).toBe(70_000);
    for (const name of ['uid', 'proto', 'host'] as const) expectSame(values(log.columns.get(name)), expected[name]);
  });

  it('make their strings when the values are first read, once, and take a replacement', () => {
    const { lines, expected } = conn(100);
    const column = parse(lines).logs[0].columns.get('proto')!;
    const property = Object.getOwnPropertyDescriptor(column, 'values');
    expect(typeof property?.get).toBe('function');
    expect(property?.enumerable).toBe(true);
    const first = column.values;
    expect(column.values).toBe(first);
    expect({ ...column }.values).toBe(first);
    column.values = ['x'];
    expect(column.values).toEqual(['x']);
    expect(first).toEqual(expected.proto);
  });

  it('take back the text of a row that turns out malformed, wherever it was kept', () => {
    const { lines, expected } = conn(70_000);
    // Rows cut short after their uid (an own string, held strings, decoded) and after their proto.
    const bad = new Map<number, string | Buffer>([
      [3, Buffer.concat([Buffer.from('Cbadrow0000000000\ttcp\t'), NOT_UTF8, Buffer.from('\tx')])],
      [10, 'Cbadrow0000000001\ttcp'],
      [40_000, 'Cbadrow0000000002'],
      [69_000, 'Cbad\\x42row\ttcp'],
      [69_500, 'Cbadrow0000000003\tudp\tx\ty'],
    ]);
    const withBad: (string | Buffer)[] = [];
    lines.forEach((line, k) => {
      withBad.push(line);
      const row = k - HEADER.length - 2;
      if (bad.has(row)) withBad.push(bad.get(row)!);
    });
    const { logs, problems } = parse(withBad);
    expect(problems.totals().find((t) => t.kind === 'field-count')?.count).toBe(5);
    for (const name of ['uid', 'proto', 'host'] as const) expectSame(values(logs[0].columns.get(name)), expected[name]);
  });

  it('keep the values of a flushed batch after a later batch makes the interner give up', () => {
    const { lines, expected } = conn(70_000);
    const { logs } = parse(lines, [1_000, 30_000]);
    expect(logs.map((l) => l.rows)).toEqual([1_000, 29_000, 40_000]);
    const joined = logs.flatMap((l) => values(l.columns.get('uid')));
    expectSame(joined, expected.uid);
    expectSame(
      logs.flatMap((l) => values(l.columns.get('host'))),
      expected.host,
    );
  });

  it('keep a column retyped by a later header as text, the earlier values written as text', () => {
    const lines = [
      ...HEADER,
      '#fields\tuid\tn',
      '#types\tstring\tcount',
      'C1\t5',
      'C2\t-',
      '#fields\tuid\tn',
      '#types\tstring\tstring',
      'C3\tabc',
    ];
    const { logs } = parse(lines);
    expect(logs[0].columns.get('n')?.kind).toBe('string');
    expect(values(logs[0].columns.get('n'))).toEqual(['5', null, 'abc']);
    expect(values(logs[0].columns.get('uid'))).toEqual(['C1', 'C2', 'C3']);
  });
});
