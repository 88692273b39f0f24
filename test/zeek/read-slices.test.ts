/**
 * Reading a chunk in slices of a row budget: the slices hold the rows a whole read holds, conn rows by the budget
 * and the other logs' rows by the slices' times; files are parsed in batches only as far as they are taken; a
 * damaged file's problems come with the last slice; a reader left early closes its files.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthesize } from '../../src/synth/synthesize.js';
import type { ZeekDataset } from '../../src/zeek/dataset.js';
import { readLogFiles, type LogFileRef } from '../../src/zeek/read-logs.js';
import { parseLogBatches } from '../../src/zeek/read-parse.js';
import { ProblemRecorder } from '../../src/zeek/read-problems.js';
import { readSlices } from '../../src/zeek/read-slices.js';
import { readZeekChunks } from '../../src/zeek/read-chunks.js';

let root: string;
let hour: LogFileRef[];

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'zeekseq-slices-'));
  await synthesize({ out: path.join(root, 'syn'), hosts: 12, days: 1, seed: 5, rotate: true, attacks: [] });
  const day = path.join(root, 'syn', '2024-03-04');
  // The busiest hour of the day: the most conn bytes.
  const files = readdirSync(day).filter((name) => name.includes('.14:00:00-15:00:00.'));
  hour = files.map((name) => ({ path: path.join(day, name), type: name.split('.')[0] }));
}, 120_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Every row of a log as a sorted list of JSON lines, to compare regardless of order. */
function rowsOf(datasets: ZeekDataset[], type: string): string[] {
  const out: string[] = [];
  for (const dataset of datasets) {
    const table = dataset.logs.get(type);
    if (table) for (const row of table.objects()) out.push(JSON.stringify(row));
  }
  return out.sort();
}

async function collect(files: LogFileRef[], rowBudget: number, pieceBytes?: number): Promise<ZeekDataset[]> {
  const out: ZeekDataset[] = [];
  const problems = new ProblemRecorder();
  for await (const slice of readSlices(files, { rowBudget, pieceBytes, origin: 'test', problems })) out.push(slice);
  return out;
}

describe('readSlices', () => {
  it('holds the rows of a whole read, conn rows by the budget and the rest by the slices’ times', async () => {
    const whole = (await readLogFiles(hour, { origin: 'test', progress: false })).dataset;
    const connRows = whole.log('conn').numRows();
    expect(connRows).toBeGreaterThan(300);
    const slices = await collect(hour, 50, 2048);
    expect(slices.length).toBeGreaterThan(4);
    for (const type of whole.logs.keys()) expect(rowsOf(slices, type), type).toEqual(rowsOf([whole], type));
    // conn in file order, a budget's rows (plus at most a piece of text) per slice
    const connUids = slices.flatMap((slice) => (slice.logs.get('conn')?.array('uid') as string[]) ?? []);
    expect(connUids).toEqual(whole.log('conn').array('uid'));
    // the file's last rows make a smaller slice, with every other row left
    for (const slice of slices.slice(0, -1)) {
      expect(slice.log('conn').numRows()).toBeGreaterThanOrEqual(50);
      expect(slice.log('conn').numRows()).toBeLessThan(50 + 40);
    }
    // no row of another log is later than its slice's last connection
    for (const slice of slices.slice(0, -1)) {
      const latest = Math.max(...(slice.log('conn').array('ts') as number[]));
      for (const [type, table] of slice.logs) {
        if (type === 'conn' || table.columnIndex('ts') < 0) continue;
        expect(Math.max(...(table.array('ts') as number[])), type).toBeLessThanOrEqual(latest);
      }
    }
  });

  it('is one slice when the budget exceeds the chunk', async () => {
    const slices = await collect(hour, 1_000_000);
    const whole = (await readLogFiles(hour, { origin: 'test', progress: false })).dataset;
    expect(slices).toHaveLength(1);
    for (const [type, table] of whole.logs) expect(slices[0].log(type).numRows(), type).toBe(table.numRows());
  });

  it('reports a damaged file with the last slice and keeps the rows before the damage', async () => {
    const broken = path.join(root, 'broken');
    rmSync(broken, { recursive: true, force: true });
    const lines = ['#separator \\x09', '#fields\tts\tuid\tid.orig_h', '#types\ttime\tstring\taddr'];
    for (let i = 0; i < 30; i++) lines.push(`${1000 + i}\tC${i}\t10.0.0.${i}`);
    lines.push('not a number\tCbad\t10.0.0.99');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(broken);
    writeFileSync(path.join(broken, 'conn.log'), `${lines.join('\n')}\n`);
    const slices = await collect([{ path: path.join(broken, 'conn.log'), type: 'conn' }], 10, 64);
    expect(slices.length).toBeGreaterThan(2);
    expect(slices.slice(0, -1).every((slice) => slice.problems.length === 0)).toBe(true);
    const problems = slices.at(-1)!.problems;
    expect(problems.some((p) => p.line === 34 && p.file.endsWith('conn.log'))).toBe(true);
    expect(slices.reduce((n, s) => n + (s.logs.get('conn')?.numRows() ?? 0), 0)).toBe(31);
  });
});

describe('readSlices left early', () => {
  it('closes its files when the consumer stops after the first slice', async () => {
    const problems = new ProblemRecorder();
    let slices = 0;
    for await (const slice of readSlices(hour, { rowBudget: 50, pieceBytes: 2048, origin: 'test', problems })) {
      expect(slice.log('conn').numRows()).toBeGreaterThanOrEqual(50);
      slices++;
      break;
    }
    expect(slices).toBe(1);
    expect(problems.list()).toEqual([]);
  });
});

describe('parseLogBatches', () => {
  it('parses a file in batches of the budget that join to the whole file', async () => {
    const conn = hour.find((file) => file.type === 'conn')!.path;
    const batches = parseLogBatches(conn, { problems: new ProblemRecorder(), batchRows: 40, pieceBytes: 1024 });
    let rows = 0;
    let count = 0;
    for (;;) {
      const step = await batches.next();
      if (step.done) {
        expect(step.value.rows).toBe(rows);
        break;
      }
      rows += step.value.rows;
      count++;
      expect([...step.value.columns.keys()]).toContain('uid');
    }
    expect(count).toBeGreaterThan(5);
  });

  it('closes the file when its reader is left after the first batch', async () => {
    const conn = hour.find((file) => file.type === 'conn')!.path;
    const problems = new ProblemRecorder();
    for await (const batch of parseLogBatches(conn, { problems, batchRows: 10, pieceBytes: 512 })) {
      expect(batch.rows).toBeGreaterThanOrEqual(10);
      break;
    }
    expect(problems.list()).toEqual([]);
  });
});

describe('readZeekChunks with a row budget', () => {
  it('reads every chunk in slices tagged with their chunk', async () => {
    const reader = await readZeekChunks(path.join(root, 'syn', '2024-03-04'), { rowBudget: 100, pieceBytes: 4096 });
    const seen: number[] = [];
    let conn = 0;
    for await (const { dataset, chunk } of reader.read()) {
      seen.push(chunk);
      conn += dataset.logs.get('conn')?.numRows() ?? 0;
    }
    expect(seen.length).toBeGreaterThan(reader.chunks.length);
    expect([...new Set(seen)]).toEqual(reader.chunks.map((_, i) => i));
    const whole = await readLogFiles(
      reader.chunks.flatMap((c) => c.files),
      { origin: 'test', progress: false },
    );
    expect(conn).toBe(whole.dataset.log('conn').numRows());
  });
});
