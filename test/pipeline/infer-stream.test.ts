/**
 * Streaming infer against in-memory infer on a synthetic day written as hourly rotated gzip files (some of whose
 * connections have rows in the next hour's files): every output file is byte for byte the same, with conn-only
 * connections kept and dropped; read in slices of a small row budget, every connection scores the same. With
 * --format parquet, both write the summary, scores and notables as Parquet that reads back to the rows of their
 * CSV, and that DuckDB queries; streamed scores are a row group per chunk.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as aq from 'arquero';
import { asyncBufferFromFile, parquetMetadataAsync } from 'hyparquet';
import os from 'node:os';
import path from 'node:path';
import { Detector } from '../../src/pipeline/detector.js';
import { inferToFiles } from '../../src/pipeline/infer.js';
import { inferStreamToFiles } from '../../src/pipeline/infer-stream.js';
import { synthesize } from '../../src/synth/synthesize.js';
import { query } from '../../src/query/query.js';
import { toCsv } from '../../src/util/escape.js';
import { readZeekChunks } from '../../src/zeek/read-chunks.js';
import type { ZeekDataset } from '../../src/zeek/dataset.js';
import { readZeekDir } from '../../src/zeek/read-dir.js';
import { parseParquetFile } from '../../src/zeek/read-parquet.js';
import { ProblemRecorder } from '../../src/zeek/read-problems.js';
import { zeekseq } from '../cli/support/run-cli.js';

let root: string;
let model: string;
let day2: string;

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'zeekseq-infer-stream-'));
  const out = path.join(root, 'syn');
  await synthesize({
    out,
    hosts: 6,
    days: 2,
    seed: 3,
    rotate: true,
    attacks: ['port-scan', 'dns-tunnel'],
    attackDays: [2],
  });
  day2 = path.join(out, '2024-03-05');
  const detector = new Detector({
    scorer: 'markov',
    baselines: [],
    keepConnOnly: true,
    acceptanceRate: 0.02,
    notables: { minCount: 2 },
  });
  await detector.fit(await readZeekDir(path.join(out, '2024-03-04'), { progress: false }));
  model = path.join(root, 'model');
  await detector.save(model);
}, 120_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

describe('inferStreamToFiles', () => {
  for (const keepConnOnly of [true, false]) {
    it(`writes the files in-memory infer writes (keepConnOnly ${keepConnOnly})`, async () => {
      const settings = { data: day2, model, all: true, keepConnOnly };
      const whole = await inferToFiles({ ...settings, output: path.join(root, `whole-${keepConnOnly}`) });
      const streamed = await inferStreamToFiles({ ...settings, output: path.join(root, `stream-${keepConnOnly}`) });
      expect(streamed.chunks).toBe(24);
      expect(streamed.connections).toBe(whole.detection.connectionScores.length);
      expect(whole.written.anomalies).toBeGreaterThan(10);
      expect(whole.notables.length).toBeGreaterThan(0);
      const names = (files: string[]) => files.map((file) => path.basename(file));
      // hosts.csv ranks beacons over every connection at once, which streaming does not keep: in-memory only
      const wholeFiles = whole.written.files.filter((file) => path.basename(file) !== 'hosts.csv');
      expect(names(whole.written.files)).toContain('hosts.csv');
      expect(names(streamed.written.files)).toEqual(names(wholeFiles));
      for (const [i, file] of wholeFiles.entries()) {
        expect(readFileSync(streamed.written.files[i], 'utf8'), path.basename(file)).toBe(readFileSync(file, 'utf8'));
      }
    }, 60_000);
  }

  it('scores every connection as in memory when hours are read in slices of a row budget', async () => {
    const detector = await Detector.load(model);
    const whole = await detector.detect(await readZeekDir(day2, { progress: false }));
    const expected = new Map<string, number>();
    whole.connectionScores.forEach((score, c) => expected.set(whole.tokenized.sequences.uids[c], score));
    // Slices of 75 to 225 connections (15 to 40 minutes here) hold the rows of this set's longest SMB sessions
    // (15 minutes) within the slice beside their conn row; at 20 connections a slice, a few lose their late rows,
    // as a connection whose rows lie more than a chunk away does.
    const reader = await readZeekChunks(day2, { rowBudget: 150, pieceBytes: 1024 });
    async function* slices(): AsyncGenerator<ZeekDataset> {
      for await (const { dataset } of reader.read()) yield dataset;
    }
    const streamed = new Map<string, number>();
    let detections = 0;
    for await (const detection of detector.detectStream(slices())) {
      detections++;
      detection.connectionScores.forEach((score, c) => streamed.set(detection.tokenized.sequences.uids[c], score));
    }
    expect(detections).toBeGreaterThan(2 * reader.chunks.length);
    expect(streamed).toEqual(expected);
    detector.dispose();
  }, 60_000);
});

/** A Parquet output read back (zeek/read-parquet.ts) as a table, its columns in file order. */
async function readParquetTable(file: string): Promise<aq.ColumnTable> {
  const problems = new ProblemRecorder();
  const { log } = await parseParquetFile(file, { problems });
  expect(problems.storedProblems()).toEqual([]);
  return aq.table(Object.fromEntries([...log.columns].map(([name, column]) => [name, column.values])));
}

describe('infer --format parquet', () => {
  it('writes the summary, scores and notables as Parquet holding the rows of the CSV, in memory and streamed', async () => {
    const settings = { data: day2, model, all: true, keepConnOnly: true };
    const csv = await inferToFiles({ ...settings, output: path.join(root, 'csv') });
    const whole = await inferToFiles({ ...settings, format: 'parquet', output: path.join(root, 'parquet') });
    const streamed = await inferStreamToFiles({
      ...settings,
      format: 'parquet',
      output: path.join(root, 'parquet-stream'),
    });
    const names = (files: string[]) => files.map((file) => path.basename(file));
    expect(names(whole.written.files)).toEqual(
      names(csv.written.files).map((n) => n.replace(/^(summarized_output|scores|notables)\.csv$/, '$1.parquet')),
    );
    expect(names(streamed.written.files)).toEqual(names(whole.written.files).filter((n) => n !== 'hosts.csv'));
    expect(csv.notables.length).toBeGreaterThan(0);
    for (const name of ['summarized_output', 'scores', 'notables']) {
      const text = readFileSync(path.join(root, 'csv', `${name}.csv`), 'utf8');
      for (const output of ['parquet', 'parquet-stream']) {
        expect(existsSync(path.join(root, output, `${name}.csv`)), `${output}/${name}.csv`).toBe(false);
        const table = await readParquetTable(path.join(root, output, `${name}.parquet`));
        expect(toCsv(table), `${output}/${name}.parquet`).toBe(text);
      }
    }
    // streamed scores: one file, a row group per chunk with connections, not a part file per chunk
    const scores = path.join(root, 'parquet-stream', 'scores.parquet');
    const metadata = await parquetMetadataAsync(await asyncBufferFromFile(scores));
    expect(metadata.row_groups.length).toBeGreaterThan(12);
    expect(Number(metadata.num_rows)).toBe(csv.detection.connectionScores.length);
    // DuckDB reads it, as zs.query does any output
    const counts = await query(
      'SELECT count(*) AS connections, count(*) FILTER (WHERE anomalous) AS anomalies, count(DISTINCT orig_h) AS hosts FROM scores',
      { files: { scores }, threads: 1 },
    );
    const rows = aq.fromCSV(readFileSync(path.join(root, 'csv', 'scores.csv'), 'utf8'), { autoType: false });
    expect(counts.objects()).toEqual([
      {
        connections: rows.numRows(),
        anomalies: (rows.array('anomalous') as string[]).filter((a) => a === 'true').length,
        hosts: new Set(rows.array('orig_h') as string[]).size,
      },
    ]);
    expect(csv.written.anomalies).toBe(counts.get('anomalies', 0));
  }, 60_000);

  it('is what zeekseq infer --format parquet writes, and another format is refused', async () => {
    const output = path.join(root, 'parquet-cli');
    const common = ['infer', '--data', day2, '--model', model, '--runs-dir', path.join(root, 'runs')];
    const { stdout, code } = await zeekseq(...common, '--output', output, '--stream', '--all', '--format', 'parquet');
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /wrote .*summarized_output\.parquet, .*scores\.parquet, .*notables\.parquet, .*problems\.csv/,
    );
    const bad = await zeekseq(...common, '--output', path.join(root, 'xlsx'), '--format', 'xlsx');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--format xlsx is unknown; use csv or parquet/);
  }, 60_000);
});
