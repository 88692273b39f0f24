/**
 * Seeded fuzzing of the readers: real lines from every shared dataset (Zeek TSV, Zeek JSON, access logs),
 * mutated (bit flips, cuts, duplicated, swapped and dropped fields, inserted escapes and bytes, deep
 * nesting, huge fields), written into files and read back. Every case must end in rows and reported
 * problems: no exception escapes, no line disappears without a problem, and memory stays bounded.
 * A failure names the seed and batch, so `FUZZ_SEED=<seed>` replays it.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRandom, type Random } from '../../src/util/random.js';
import { readAccessLogs } from '../../src/weblog/read-access-log.js';
import { readLogFiles } from '../../src/zeek/read-logs.js';
import { ProblemRecorder } from '../../src/zeek/read-problems.js';
import { tempFolder } from '../zeek/support/logs.js';
import { type LineFormat, mutate, withDeepNesting, withHugeField } from './mutations.js';
import { loadSeeds, type SeedLog, type Seeds } from './seeds.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_214);
/** Mutated lines per file read: small enough that a failure points at a few lines. */
const BATCH = 50;
const CASES: Record<LineFormat, number> = { tsv: 3_000, json: 2_000, access: 3_000 };
/** Peak RSS growth allowed over all the huge-field cases (each file holds a 1-10 MB value; about 140 MB measured). */
const HUGE_RSS_BOUND_MB = 300;

const folder = tempFolder('fuzz');
afterAll(folder.remove);

let seeds: Seeds;
beforeAll(async () => {
  seeds = await loadSeeds(path.join(folder.dir, 'synthetic'));
});

/** The lines of a file's bytes as the readers split them: on LF, a CR before it dropped. */
function linesOf(content: string): string[] {
  const lines = content.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
}

interface Batch {
  content: string;
  /** Mutations per line of the batch, for the failure message. */
  done: string[][];
}

/**
 * A file of the first line of a seed log as it is (it decides the format, as a real file's first line does),
 * then mutated lines; for TSV, the seed's header first, mutated now and then after its first line.
 */
function batch(random: Random, seed: SeedLog, format: LineFormat, n: number): Batch {
  const header =
    format === 'tsv'
      ? seed.header.map((line, i) => (i > 0 && random.next() < 0.03 ? mutate(random, line, format).line : line))
      : [];
  const first = format === 'tsv' ? [] : [seed.lines[0]];
  const done: string[][] = [];
  const lines: string[] = [];
  for (let k = 0; k < n; k++) {
    const mutated = mutate(random, seed.lines[random.int(seed.lines.length)], format);
    lines.push(mutated.line);
    done.push(mutated.done);
  }
  return { content: `${[...header, ...first, ...lines].join('\n')}\n`, done };
}

/** Lines a Zeek reader may pass over without a word: blank ones, and TSV header and comment lines. */
function isZeekDataLine(line: string, format: LineFormat): boolean {
  if (format === 'tsv') return !line.startsWith('#') && !/^[ \t]*$/.test(line);
  return Buffer.from(line, 'latin1').toString('utf8').trim() !== '';
}

async function checkZeek(file: string, content: string, format: LineFormat, where: string): Promise<number> {
  const problems = new ProblemRecorder(Number.MAX_SAFE_INTEGER);
  let read: Awaited<ReturnType<typeof readLogFiles>>;
  try {
    read = await readLogFiles([{ path: file, type: 'fuzz' }], { origin: file, progress: false, problems });
  } catch (error) {
    throw new Error(`${where}: the reader threw ${(error as Error).stack}`);
  }
  const lines = linesOf(content);
  const data = lines.map((line, i) => (isZeekDataLine(line, format) ? i + 1 : 0)).filter((n) => n > 0);
  const reported = new Set(read.dataset.problems.map((p) => p.line));
  const clean = data.filter((n) => !reported.has(n));
  const rows = read.dataset.logs.get('fuzz')?.numRows() ?? 0;
  // Each clean line is a row; a line with problems may be a row too. Rows kept + problem lines cover every line.
  expect(rows, `${where}: ${clean.length} lines without a problem but only ${rows} rows`).toBeGreaterThanOrEqual(
    clean.length,
  );
  expect(rows, where).toBeLessThanOrEqual(data.length);
  return data.length;
}

async function checkAccess(file: string, content: string, where: string): Promise<number> {
  let log: Awaited<ReturnType<typeof readAccessLogs>>;
  try {
    log = await readAccessLogs([file], { problemsKeptPerKind: Number.MAX_SAFE_INTEGER });
  } catch (error) {
    throw new Error(`${where}: the reader threw ${(error as Error).stack}`);
  }
  const lines = linesOf(content).length;
  expect(log.files[0].lines, where).toBe(lines);
  const covered = new Set([...log.records.map((r) => r.line), ...log.problems.map((p) => p.line)]);
  const silent = Array.from({ length: lines }, (_, i) => i + 1).filter((n) => !covered.has(n));
  expect(silent, `${where}: lines neither read nor reported`).toEqual([]);
  return lines;
}

async function fuzz(format: LineFormat): Promise<number> {
  const random = createRandom(SEED + format.length);
  const logs = seeds[format];
  let cases = 0;
  for (let b = 0; cases < CASES[format]; b++) {
    const seed = logs[b % logs.length];
    const { content, done } = batch(random, seed, format, BATCH);
    const file = path.join(folder.dir, `${format}-${b}.log`);
    writeFileSync(file, Buffer.from(content, 'latin1'));
    const where = `FUZZ_SEED=${SEED} ${format} batch ${b} (${path.basename(seed.source)}; mutations ${JSON.stringify(done.slice(0, 3))}...)`;
    if (format === 'access') await checkAccess(file, content, where);
    else await checkZeek(file, content, format, where);
    cases += BATCH;
  }
  return cases;
}

describe('readers on seeded mutations of real lines', () => {
  for (const format of ['tsv', 'json', 'access'] as const) {
    it(`${format}: ${CASES[format].toLocaleString('en-US')} mutated lines, each a row or a reported problem`, async () => {
      expect(seeds[format].length).toBeGreaterThan(0);
      expect(await fuzz(format)).toBeGreaterThanOrEqual(CASES[format]);
    });
  }

  it(`huge fields (1-10 MB) and 100,000-deep nesting in every format, within ${HUGE_RSS_BOUND_MB} MB of RSS`, async () => {
    const random = createRandom(SEED + 99);
    const baseline = process.memoryUsage().rss;
    let peak = 0;
    let cases = 0;
    for (const format of ['tsv', 'json', 'access'] as const) {
      for (const [k, seed] of seeds[format].slice(0, 4).entries()) {
        const bytes = (1 + random.int(10)) * 1024 * 1024 - random.int(1024);
        const line = withHugeField(random, seed.lines[random.int(seed.lines.length)], format, bytes);
        const deep = withDeepNesting(random, seed.lines[0], format, 100_000, k % 2 === 0);
        const body = [line, deep, seed.lines[0]];
        const lines = format === 'tsv' ? [...seed.header, ...body] : [seed.lines[0], ...body];
        const content = `${lines.join('\n')}\n`;
        const file = path.join(folder.dir, `huge-${format}-${k}.log`);
        writeFileSync(file, Buffer.from(content, 'latin1'));
        const where = `FUZZ_SEED=${SEED} huge ${format} ${k} (${bytes} bytes in ${path.basename(seed.source)})`;
        if (format === 'access') await checkAccess(file, content, where);
        else await checkZeek(file, content, format, where);
        peak = Math.max(peak, process.memoryUsage().rss - baseline);
        cases++;
      }
    }
    expect(cases).toBeGreaterThanOrEqual(6);
    expect(peak / 2 ** 20).toBeLessThan(HUGE_RSS_BOUND_MB);
  });
});
