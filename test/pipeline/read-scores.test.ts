/**
 * A scores file read back in chunks: the rows as written by toCsv (formula-guarded text, NaN times), several
 * chunks when the chunk size is smaller than the file, what is kept of the whole file, thresholds at the scores'
 * own quantiles, and bad files refused with the file and line; the same rows from a scores.parquet.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as aq from 'arquero';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labelsFromCsv } from '../../src/detect/labels.js';
import { chooseThreshold } from '../../src/detect/threshold.js';
import {
  readScoresChunks,
  type ScoresChunk,
  scoreQuantiles,
  scoresAbove,
  summarizeScores,
} from '../../src/pipeline/read-scores.js';
import { toCsv } from '../../src/util/escape.js';
import { ZeekseqError } from '../../src/util/errors.js';
import { EventStream } from '../../src/util/events.js';
import { writeTableParquet } from '../../src/zeek/write-parquet.js';

let dir: string;
let file: string;
const ROWS = 25;
// as outputs.ts's scoresTable writes it; hostile text in the hosts and a uid, and one connection without a time
const table = aq.table({
  uid: Array.from({ length: ROWS }, (_, i) => (i === 3 ? '=cmd|x' : `C${i}`)),
  ts: Float64Array.from({ length: ROWS }, (_, i) => (i === 7 ? Number.NaN : 1_709_510_400 + 600 * i)),
  orig_h: Array.from({ length: ROWS }, (_, i) => (i === 5 ? '-10.0.0.9' : `10.0.0.${i % 4}`)),
  resp_h: Array.from({ length: ROWS }, (_, i) => (i === 6 ? 'a,"b"' : '10.0.1.1')),
  score: Array.from({ length: ROWS }, (_, i) => (i === 9 ? -1.5 : Math.round(((i * 37) % 11) * 1e5) / 1e6)),
  anomalous: Array.from({ length: ROWS }, (_, i) => (i * 37) % 11 > 8),
});

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'zeekseq-read-scores-'));
  file = path.join(dir, 'scores.csv');
  writeFileSync(file, toCsv(table));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const target = path.join(dir, name);
  writeFileSync(target, text);
  return target;
}

describe('readScoresChunks', () => {
  it('reads the rows toCsv wrote back in several chunks of at most chunkRows', async () => {
    const chunks: ScoresChunk[] = [];
    const events = new EventStream();
    const info: string[] = [];
    events.on((e) => e.type === 'info' && info.push(e.message));
    const rows = await readScoresChunks(file, (chunk) => chunks.push(chunk), {
      chunkRows: 10,
      anomalous: true,
      events,
    });
    expect(rows).toBe(ROWS);
    expect(chunks.map((c) => [c.start, c.uids.length])).toEqual([
      [0, 10],
      [10, 10],
      [20, 5],
    ]);
    const all = <T>(get: (c: ScoresChunk) => ArrayLike<T>) => chunks.flatMap((c) => Array.from(get(c)));
    expect(all((c) => c.uids)).toEqual(table.array('uid'));
    expect(all((c) => c.origHosts)).toEqual(table.array('orig_h'));
    expect(all((c) => c.respHosts)).toEqual(table.array('resp_h'));
    expect(all((c) => c.ts)).toEqual(Array.from(table.array('ts') as Float64Array));
    expect(all((c) => c.scores)).toEqual(table.array('score'));
    expect(all((c) => c.anomalous!)).toEqual((table.array('anomalous') as boolean[]).map(Number));
    expect(info).toEqual([expect.stringMatching(/^read 25 rows of .*scores\.csv in 3 chunk\(s\) of at most 10$/)]);
  });

  it('refuses a missing column, a non-numeric score or time, a bad flag and a short row, with file and line', async () => {
    const noScore = write('no-score.csv', 'uid,ts,orig_h,resp_h,anomalous\nC1,1,a,b,false\n');
    await expect(readScoresChunks(noScore, () => {})).rejects.toThrow(
      /no-score\.csv:1: the header has no score column \(it names "uid", "ts", "orig_h", "resp_h", "anomalous"\); give the scores\.csv that zeekseq infer --all writes/,
    );
    const noFlag = write('no-flag.csv', 'uid,ts,orig_h,resp_h,score\nC1,1,a,b,0.5\n');
    await expect(readScoresChunks(noFlag, () => {})).resolves.toBe(1);
    await expect(readScoresChunks(noFlag, () => {}, { anomalous: true })).rejects.toThrow(/no anomalous column/);
    const header = 'uid,ts,orig_h,resp_h,score,anomalous\n';
    const cases: Array<[string, RegExp]> = [
      ['C1,1,a,b,0.5,false\nC2,2,a,b,high,true\n', /:3: score "high" is not a number/],
      ['C1,1,a,b,,false\n', /:2: score "" is not a number/],
      ['C1,noon,a,b,0.5,false\n', /:2: ts "noon" is not a number/],
      ['C1,1,a,b,0.5,yes\n', /:2: anomalous "yes" is neither true nor false/],
      ['C1,1,a,b,0.5\n', /:2: the row has 5 cells, the header 6 columns/],
      ['C1,1,"a,b,0.5,true\n', /:2: the row has a quote that is not closed/],
    ];
    for (const [i, [rows, message]] of cases.entries()) {
      const bad = write(`bad-${i}.csv`, header + rows);
      const error = await readScoresChunks(bad, () => {}, { anomalous: true }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ZeekseqError);
      expect((error as Error).message).toContain(`bad-${i}.csv:`);
      expect((error as Error).message).toMatch(message);
    }
  });

  it('refuses an empty file, a header without rows, a missing file and a chunk size of 0', async () => {
    await expect(readScoresChunks(write('empty.csv', ''), () => {})).rejects.toThrow(/empty\.csv is empty/);
    await expect(readScoresChunks(write('blank.csv', '\n\n'), () => {})).rejects.toThrow(/blank\.csv is empty/);
    await expect(readScoresChunks(write('header.csv', 'uid,ts,orig_h,resp_h,score\n'), () => {})).rejects.toThrow(
      /header\.csv holds no connections, only their columns/,
    );
    await expect(readScoresChunks(path.join(dir, 'absent.csv'), () => {})).rejects.toThrow(
      /cannot open .*absent\.csv.*ENOENT/,
    );
    await expect(readScoresChunks(file, () => {}, { chunkRows: 0 })).rejects.toThrow(/chunk size must be a whole/);
  });
});

describe('readScoresChunks on Parquet', () => {
  it('reads a scores.parquet (infer --format parquet) to the rows of the CSV, row group by row group', async () => {
    const parquet = path.join(dir, 'scores.parquet');
    await writeTableParquet(table, parquet, { rowGroupSize: 8 });
    const read = async (target: string) => {
      const chunks: ScoresChunk[] = [];
      const rows = await readScoresChunks(target, (chunk) => chunks.push(chunk), { chunkRows: 10, anomalous: true });
      return { rows, chunks };
    };
    const [fromCsv, fromParquet] = [await read(file), await read(parquet)];
    expect(fromParquet.rows).toBe(ROWS);
    expect(fromParquet.chunks).toEqual(fromCsv.chunks);
  });

  it('refuses a missing column, an unset score and a file that is not Parquet, naming the row', async () => {
    const noScore = path.join(dir, 'no-score.parquet');
    await writeTableParquet(table.select('uid', 'ts', 'orig_h', 'resp_h'), noScore);
    await expect(readScoresChunks(noScore, () => {})).rejects.toThrow(
      /no-score\.parquet: the file has no score column/,
    );
    const unset = path.join(dir, 'unset.parquet');
    await writeTableParquet(table.derive({ score: (d: { score: number }) => (d.score > 0.5 ? null : d.score) }), unset);
    await expect(readScoresChunks(unset, () => {})).rejects.toThrow(
      /unset\.parquet, row \d+: score null is not a number/,
    );
    const text = write('text.parquet', 'uid,ts\n');
    await expect(readScoresChunks(text, () => {})).rejects.toThrow(/cannot read .*text\.parquet as Parquet/);
  });
});

describe('summarizeScores', () => {
  it('keeps scores, flags and labels per connection, the best score per host and the flagged anomalies', async () => {
    const labels = labelsFromCsv('ip\n10.0.0.1\n', 'labels.csv');
    const summary = await summarizeScores(file, { chunkRows: 4, anomalous: true, labels });
    const scores = table.array('score') as number[];
    const origins = table.array('orig_h') as string[];
    const flags = table.array('anomalous') as boolean[];
    expect(Array.from(summary.scores)).toEqual(scores);
    expect(Array.from(summary.anomalous!)).toEqual(flags.map(Number));
    expect(Array.from(summary.labels!.connections)).toEqual(origins.map((h) => (h === '10.0.0.1' ? 1 : 0)));
    expect([...summary.byHost.keys()]).toEqual([...new Set(origins)]);
    expect(summary.byHost.get('10.0.0.1')).toBe(Math.max(...scores.filter((_, i) => origins[i] === '10.0.0.1')));
    expect(summary.anomalies.map((a) => a.uid)).toEqual((table.array('uid') as string[]).filter((_, i) => flags[i]));
    expect(summary.span.days()).toEqual(['2024-03-04']);
  });

  it('finds the rows above a threshold on a second read, and thresholds at the scores own quantiles', async () => {
    const scores = Float64Array.from(table.array('score') as number[]);
    const above = await scoresAbove(file, 0.5, { chunkRows: 7 });
    expect(above.map((a) => a.score)).toEqual(Array.from(scores).filter((s) => s > 0.5));
    const at = scoreQuantiles(scores);
    for (const rate of [0.01, 0.1, 0.3, 0.9]) {
      expect(at(rate).point).toEqual(chooseThreshold(scores, rate));
      expect([at(rate).lower, at(rate).upper, at(rate).resamples]).toEqual([
        at(rate).point.threshold,
        at(rate).point.threshold,
        0,
      ]);
    }
  });
});
