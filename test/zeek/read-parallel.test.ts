/**
 * Reading on two threads gives the single-threaded reader's result value for value: whole files spread over a
 * worker (rita-missing-host's rotated gzip logs), plain TSV files cut into byte ranges (trickbot-1week's logs and a
 * generated conn.log with bad lines on both sides of every cut, more than the stored cap of one kind), and a file
 * whose header changes part-way, which is re-read in one piece. Problems keep the whole file's line numbers. One
 * large plain file is read on the main thread with a helper touching its number columns' memory, to the same result.
 */
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listZeekFiles } from '../../src/zeek/read-dir.js';
import type { LogFileRef } from '../../src/zeek/read-logs.js';
import {
  DEFAULT_READ_THREADS,
  PARALLEL_MIN_BYTES,
  parseLogFiles,
  parseLogFilesParallel,
} from '../../src/zeek/read-parallel.js';
import type { ParsedFile } from '../../src/zeek/read-parse.js';
import { ProblemRecorder } from '../../src/zeek/read-problems.js';
import { sharedDataset } from '../support/shared.js';

const trickbot = sharedDataset('trickbot-1week');
const rita = sharedDataset('rita-missing-host');
let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'zeekseq-parallel-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

interface Read {
  parsed: ParsedFile[];
  problems: ProblemRecorder;
}

async function readBoth(files: LogFileRef[], rangeMinBytes = 0): Promise<{ one: Read; two: Read }> {
  const sizes = await Promise.all(files.map((f) => stat(f.path).then((s) => s.size)));
  const one = { problems: new ProblemRecorder(), parsed: [] as ParsedFile[] };
  one.parsed = await parseLogFiles(files, sizes, { problems: one.problems, threads: 1 });
  const two = { problems: new ProblemRecorder(), parsed: [] as ParsedFile[] };
  two.parsed = await parseLogFilesParallel(files, sizes, { problems: two.problems, threads: 2, rangeMinBytes });
  return { one, two };
}

function expectSame(two: Read, one: Read): void {
  expect(two.parsed.length).toBe(one.parsed.length);
  one.parsed.forEach((want, i) => {
    const got = two.parsed[i];
    const where = want.info.path;
    expect(got.info, where).toEqual(want.info);
    expect(got.log.rows, where).toBe(want.log.rows);
    expect(got.log.fieldTypes, where).toEqual(want.log.fieldTypes);
    expect([...got.log.columns.keys()], where).toEqual([...want.log.columns.keys()]);
    for (const [name, column] of want.log.columns) {
      const other = got.log.columns.get(name)!;
      expect(other.kind, `${where} ${name}`).toBe(column.kind);
      expect(other.values.constructor, `${where} ${name}`).toBe(column.values.constructor);
      expect(Array.from(other.values as ArrayLike<unknown>), `${where} ${name}`).toEqual(
        Array.from(column.values as ArrayLike<unknown>),
      );
    }
  });
  expect(two.problems.list()).toEqual(one.problems.list());
  expect(two.problems.totals()).toEqual(one.problems.totals());
}

const HEADER = [
  '#separator \\x09',
  '#set_separator\t,',
  '#empty_field\t(empty)',
  '#unset_field\t-',
  '#path\tconn',
  '#fields\tts\tuid\tid.orig_h\tid.resp_p\tproto\tduration\tlocal_orig\ttunnel_parents',
  '#types\ttime\tstring\taddr\tport\tenum\tinterval\tbool\tset[string]',
];

/** A conn.log of `rows` lines with a bad line every 7th (bad numbers, bools, field counts), a blank and a CRLF line. */
function connLog(rows: number, header = HEADER): string {
  const lines = [...header];
  for (let i = 0; i < rows; i++) {
    const ts = (1700000000 + i / 7).toFixed(6);
    const parents = i % 5 === 0 ? '-' : i % 5 === 1 ? '(empty)' : `C${i % 3},C9`;
    if (i % 7 === 3) lines.push(`${ts}\tC${i}\t10.0.0.${i % 9}\t8O\ttcp\t-\tF\t-`);
    else if (i % 7 === 5) lines.push(`${ts}\tC${i}\t10.0.0.1\t53\tudp`);
    else if (i % 97 === 0) lines.push(`${ts}\tC${i}\t10.0.0.2\t443\ttcp\t0.5\tX\t${parents}\r`);
    else if (i % 101 === 0) lines.push('');
    else
      lines.push(
        `${ts}\tC${i}\t10.0.${i % 3}.${i % 50}\t${i % 1000}\ttcp\t${i % 4 === 0 ? '-' : i / 1000}\tT\t${parents}`,
      );
  }
  lines.push('#close\t2024-03-04-00-00-00');
  return `${lines.join('\n')}\n`;
}

describe('reading on two threads', () => {
  it('cuts a generated conn.log into ranges and gives the same columns and problems, lines included', async () => {
    const file = path.join(scratch, 'conn.log');
    await writeFile(file, connLog(3000));
    const { one, two } = await readBoth([{ path: file, type: 'conn' }]);
    expect(one.problems.totals().map((t) => [t.kind, t.count])).toEqual([
      ['bad-bool', 22],
      ['bad-number', 429],
      ['field-count', 428],
    ]);
    expectSame(two, one);
  });

  it('re-reads in one piece a file whose header changes part-way', async () => {
    const file = path.join(scratch, 'changed.log');
    const later = HEADER.map((line) => line.replace('\tlocal_orig', '\tlocal_resp'));
    await writeFile(file, connLog(1500) + connLog(1500, later));
    const { one, two } = await readBoth([{ path: file, type: 'conn' }]);
    expect(one.problems.totals().some((t) => t.kind === 'header-change')).toBe(true);
    expectSame(two, one);
  });

  it('reads one large conn.log on the main thread, a helper taking the faults of its number columns', async () => {
    const file = path.join(scratch, 'large-conn.log');
    await writeFile(file, connLog(320_000));
    const size = (await stat(file)).size;
    expect(size).toBeGreaterThanOrEqual(PARALLEL_MIN_BYTES);
    const read = async (threads: number | undefined): Promise<Read> => {
      const problems = new ProblemRecorder();
      return { problems, parsed: await parseLogFiles([{ path: file, type: 'conn' }], [size], { problems, threads }) };
    };
    const one = await read(1);
    const two = await read(2);
    const sharedColumns = (r: Read): string[] =>
      [...r.parsed[0].log.columns]
        .filter(
          ([, column]) => column.values instanceof Float64Array && column.values.buffer instanceof SharedArrayBuffer,
        )
        .map(([name]) => name);
    expect(sharedColumns(one)).toEqual([]);
    expect(sharedColumns(two)).toEqual(['ts', 'id.resp_p', 'duration']);
    expectSame(two, one);
    // Two threads unless told otherwise, where the machine has a second core.
    expect(DEFAULT_READ_THREADS).toBe(Math.min(2, availableParallelism()));
    expect(sharedColumns(await read(undefined)).length).toBe(DEFAULT_READ_THREADS > 1 ? 3 : 0);
  });

  it.skipIf(!trickbot)('cuts every trickbot-1week log into ranges with the same result', async () => {
    const files = await listZeekFiles(trickbot!);
    const { one, two } = await readBoth(files);
    expectSame(two, one);
  });

  it.skipIf(!rita)('spreads rita-missing-host rotated gzip logs over a worker with the same result', async () => {
    const files = await listZeekFiles(rita!);
    const { one, two } = await readBoth(files);
    expect(one.parsed.length).toBeGreaterThan(100);
    expectSame(two, one);
  });
});
