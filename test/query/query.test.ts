/**
 * SQL over output files: a generated CSV and a Parquet file queried by DuckDB come back as arquero tables typed
 * as the readers type columns; missing files and bad SQL are ZeekseqErrors that say what to fix.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as aq from 'arquero';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query } from '../../src/query/query.js';
import { ZeekseqError } from '../../src/util/errors.js';
import { writeTableParquet } from '../../src/zeek/write-parquet.js';

let dir: string;
let scores: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'zeekseq-query-'));
  scores = path.join(dir, 'scores.csv');
  const lines = ['uid,host,score,anomalous,ts'];
  for (let i = 0; i < 50; i++) {
    lines.push(`C${i},10.0.0.${i % 5},${(i / 10).toFixed(1)},${i % 7 === 0},${i === 3 ? '' : 1700000000 + i}`);
  }
  await writeFile(scores, `${lines.join('\n')}\n`);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('query', () => {
  it('runs SQL over a CSV named by its file and returns typed columns', async () => {
    const result = await query(
      'SELECT host, count(*) AS n, max(score) AS top, bool_or(anomalous) AS any FROM scores GROUP BY host ORDER BY host',
      { files: [scores], threads: 1 },
    );
    expect(result.columnNames()).toEqual(['host', 'n', 'top', 'any']);
    expect(result.column('host')).toEqual(['10.0.0.0', '10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4']);
    expect(Array.from(result.column('n') as unknown as Float64Array)).toEqual([10, 10, 10, 10, 10]);
    expect(Array.from(result.column('top') as unknown as Float64Array)).toEqual([4.5, 4.6, 4.7, 4.8, 4.9]);
    expect(result.column('any')).toEqual([true, true, true, true, true]);
  });

  it('keeps unset values in place: NaN in numbers, null in text', async () => {
    const result = await query("SELECT ts, NULLIF(host, '10.0.0.3') AS host FROM s WHERE uid IN ('C2', 'C3')", {
      files: { s: scores },
    });
    expect(result.column('ts')).toBeInstanceOf(Float64Array);
    expect(Array.from(result.column('ts') as unknown as Float64Array)).toEqual([1700000002, Number.NaN]);
    expect(result.column('host')).toEqual(['10.0.0.2', null]);
  });

  it('joins a Parquet file with a CSV', async () => {
    const notables = path.join(dir, 'notables.parquet');
    await writeTableParquet(aq.table({ host: ['10.0.0.1', '10.0.0.4'], count: Float64Array.from([3, 8]) }), notables);
    const result = await query(
      'SELECT n.host, n.count, count(s.uid) AS connections FROM notables n JOIN scores s USING (host) GROUP BY ALL ORDER BY n.host',
      { files: { notables, scores } },
    );
    expect(result.objects()).toEqual([
      { host: '10.0.0.1', count: 3, connections: 10 },
      { host: '10.0.0.4', count: 8, connections: 10 },
    ]);
  });

  it('says which file is missing and which SQL failed', async () => {
    await expect(query('SELECT 1', { files: { gone: path.join(dir, 'gone.csv') } })).rejects.toThrow(
      /gone\.csv \(table gone\) does not exist/,
    );
    const bad = query('SELECT nope FROM scores', { files: [scores] });
    await expect(bad).rejects.toBeInstanceOf(ZeekseqError);
    await expect(bad).rejects.toThrow(/query failed: .*nope[\s\S]*tables: scores; fix the SQL/);
  });
});
