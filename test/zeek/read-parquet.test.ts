/**
 * Zeek logs as Parquet: a dataset written by writeDatasetParquet reads back, through readZeekDir, to the tables
 * the TSV reader gives (every column, value, kind and unset placement), and Parquet from other tools (struct
 * columns, integers, timestamps) reads into the same representation.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as aq from 'arquero';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ZeekDataset } from '../../src/zeek/dataset.js';
import { readZeekDir, readZeekDirDetailed } from '../../src/zeek/read-dir.js';
import { readZeekFileDetailed } from '../../src/zeek/read-file.js';
import { writeDatasetParquet, writeTableParquet } from '../../src/zeek/write-parquet.js';
import { sharedDataset } from '../support/shared.js';

const trickbot = sharedDataset('trickbot-1week');
let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'zeekseq-parquet-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** Every table of `actual` equals `expected`'s: column order, array kind, each value (NaN and null in place). */
function expectSameLogs(actual: ZeekDataset, expected: ZeekDataset): void {
  expect(actual.types()).toEqual(expected.types());
  for (const type of expected.types()) {
    const want = expected.log(type);
    const got = actual.log(type);
    expect(got.columnNames(), type).toEqual(want.columnNames());
    for (const name of want.columnNames()) {
      const a = got.column(name) as unknown as ArrayLike<unknown>;
      const b = want.column(name) as unknown as ArrayLike<unknown>;
      expect(a.constructor, `${type}.${name}`).toBe(b.constructor);
      expect(Array.from(a), `${type}.${name}`).toEqual(Array.from(b));
    }
    expect(actual.sources.get(type)?.fieldTypes, type).toEqual(expected.sources.get(type)?.fieldTypes);
  }
}

describe.skipIf(!trickbot)('a Parquet copy of trickbot-1week', () => {
  it('reads to the same tables as its TSV', async () => {
    const tsv = await readZeekDir(path.join(trickbot ?? '', 'zeek'), { progress: false });
    const out = path.join(scratch, 'trickbot');
    const written = await writeDatasetParquet(tsv, out);
    expect(written.map((f) => path.basename(f))).toEqual(tsv.types().map((t) => `${t}.parquet`));
    const read = await readZeekDirDetailed(out, { progress: false });
    expect(read.problemTotals).toEqual([]);
    expectSameLogs(read.dataset, tsv);
    const files = read.dataset.sources.get('conn')?.files ?? [];
    expect(files.map((f) => [path.basename(f.path), f.format, f.rows])).toEqual([['conn.parquet', 'parquet', 13001]]);
  });
});

describe('Parquet columns', () => {
  it('keeps unset, empty and unset-element lists, all-unset typed columns and kept columns only', async () => {
    const file = path.join(scratch, 'dns.parquet');
    const table = aq.table({
      ts: Float64Array.from([1.25, Number.NaN, 3]),
      query: ['a.test', null, ''],
      answers: [['1.1.1.1', '-'], null, []],
      TTLs: [[60, null], [], null],
      rejected: [true, null, false],
      never: [null, null, null],
      count: Float64Array.from([Number.NaN, Number.NaN, Number.NaN]),
    });
    const fieldTypes = { ts: 'time', answers: 'vector[string]', TTLs: 'vector[interval]', never: 'bool' };
    await writeTableParquet(table, file, { fieldTypes });
    const { dataset } = await readZeekFileDetailed(file, { progress: false });
    const log = dataset.log('dns');
    expect(log.columnNames()).toEqual(table.columnNames());
    expect(Array.from(log.column('ts') as unknown as Float64Array)).toEqual([1.25, Number.NaN, 3]);
    expect(log.column('query')).toEqual(['a.test', null, '']);
    expect(log.column('answers')).toEqual([['1.1.1.1', '-'], null, []]);
    expect(Object.isFrozen((log.column('answers') as unknown as unknown[])[0])).toBe(true);
    expect(log.column('TTLs')).toEqual([[60, null], [], null]);
    expect(log.column('rejected')).toEqual([true, null, false]);
    expect(log.column('never')).toEqual([null, null, null]);
    expect(log.column('count')).toBeInstanceOf(Float64Array);
    expect(dataset.sources.get('dns')?.fieldTypes).toEqual(fieldTypes);

    const kept = await readZeekFileDetailed(file, { progress: false, columns: ['query', 'ts'] });
    expect(kept.dataset.log('dns').columnNames()).toEqual(['ts', 'query']);
  });

  it('reads timestamps, dates, integers and struct columns as the text readers represent them', async () => {
    const file = path.join(scratch, 'conn.parquet');
    const { query } = await import('../../src/query/query.js');
    // DuckDB writes the Parquet another tool would: a struct `id`, BIGINT ports, a TIMESTAMP.
    const source = path.join(scratch, 'rows.csv');
    await writeFile(source, 'n\n1\n2\n');
    await query(
      `COPY (SELECT TIMESTAMP '2024-03-04 10:00:00.123456' + INTERVAL (n) SECOND AS ts,
        {'orig_h': '10.0.0.' || n, 'resp_p': CASE WHEN n = 1 THEN 443::BIGINT END} AS id,
        DATE '2024-03-04' AS day, [n, NULL] AS sizes
        FROM src) TO '${file}' (FORMAT parquet)`,
      { files: { src: source } },
    );
    const { dataset } = await readZeekFileDetailed(file, { progress: false });
    const log = dataset.log('conn');
    expect(log.columnNames()).toEqual(['ts', 'id.orig_h', 'id.resp_p', 'day', 'sizes']);
    const start = Date.UTC(2024, 2, 4, 10) / 1000;
    expect(Array.from(log.column('ts') as unknown as Float64Array)).toEqual([start + 1.123456, start + 2.123456]);
    expect(log.column('id.orig_h')).toEqual(['10.0.0.1', '10.0.0.2']);
    expect(Array.from(log.column('id.resp_p') as unknown as Float64Array)).toEqual([443, Number.NaN]);
    expect(Array.from(log.column('day') as unknown as Float64Array)).toEqual([
      Date.UTC(2024, 2, 4) / 1000,
      Date.UTC(2024, 2, 4) / 1000,
    ]);
    expect(log.column('sizes')).toEqual([
      [1, null],
      [2, null],
    ]);
  });

  it('reports a damaged Parquet file as unreadable, with what to do, and reads on', async () => {
    const dir = path.join(scratch, 'damaged');
    await writeTableParquet(aq.table({ uid: ['C1'] }), path.join(dir, 'conn.parquet'));
    await writeFile(path.join(dir, 'dns.parquet'), 'not parquet at all');
    const read = await readZeekDirDetailed(dir, { progress: false });
    expect(read.dataset.log('conn').array('uid')).toEqual(['C1']);
    expect(read.dataset.problems).toEqual([
      expect.objectContaining({ file: path.join(dir, 'dns.parquet'), line: 0, kind: 'unreadable' }),
    ]);
    expect(read.dataset.problems[0].message).toMatch(/not a readable Parquet file .*re-export it/);
  });
});
