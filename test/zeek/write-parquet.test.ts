/**
 * A Parquet file written a table at a time (ParquetTableWriter): each table's rows become row groups, later
 * tables keep the first one's columns (missing ones unset, added ones left out), nothing is in place until
 * finish, and the file reads back to the rows of all the tables.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as aq from 'arquero';
import { asyncBufferFromFile, parquetMetadataAsync } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseParquetFile } from '../../src/zeek/read-parquet.js';
import { ProblemRecorder } from '../../src/zeek/read-problems.js';
import { ParquetTableWriter } from '../../src/zeek/write-parquet.js';

let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'zeekseq-write-parquet-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

async function readBack(file: string): Promise<{ columns: Record<string, unknown[]>; groups: number[] }> {
  const problems = new ProblemRecorder();
  const { log } = await parseParquetFile(file, { problems });
  expect(problems.storedProblems()).toEqual([]);
  const columns = Object.fromEntries(
    [...log.columns].map(([name, column]) => [name, Array.from(column.values as ArrayLike<unknown>)]),
  );
  const metadata = await parquetMetadataAsync(await asyncBufferFromFile(file));
  return { columns, groups: metadata.row_groups.map((g) => Number(g.num_rows)) };
}

describe('ParquetTableWriter', () => {
  it('appends each table as row groups in one file, put in place by finish', async () => {
    const file = path.join(scratch, 'scores.parquet');
    const writer = new ParquetTableWriter(file, { rowGroupSize: 3 });
    // an empty first chunk does not decide the types; a later chunk lacks a column and adds another
    await writer.append(aq.table({ uid: [], score: [], anomalous: [] }));
    await writer.append(aq.table({ uid: ['a', 'b'], score: Float64Array.from([1, 2]), anomalous: [false, true] }));
    await writer.append(
      aq.table({ uid: ['c', 'd', 'e', 'f'], score: Float64Array.from([3, Number.NaN, 5, 6]), extra: [1, 2, 3, 4] }),
    );
    expect(existsSync(file)).toBe(false);
    expect(existsSync(`${file}.partial`)).toBe(true);
    await writer.finish();
    expect(existsSync(`${file}.partial`)).toBe(false);
    expect(writer.rows).toBe(6);
    const { columns, groups } = await readBack(file);
    expect(columns).toEqual({
      uid: ['a', 'b', 'c', 'd', 'e', 'f'],
      score: [1, 2, 3, Number.NaN, 5, 6],
      anomalous: [false, true, null, null, null, null],
    });
    expect(groups).toEqual([2, 3, 1]);
  });

  it('writes the columns of tables without rows when no rows come', async () => {
    const file = path.join(scratch, 'none.parquet');
    const writer = new ParquetTableWriter(file);
    await writer.append(aq.table({ host: [], count: [] }));
    await writer.finish();
    const { columns, groups } = await readBack(file);
    expect(columns).toEqual({ host: [], count: [] });
    expect(groups).toEqual([]);
    await expect(new ParquetTableWriter(path.join(scratch, 'nothing.parquet')).finish()).rejects.toThrow(
      /no table was given to write/,
    );
  });
});
