/**
 * Issue 15's measure of the reader: whole processes, best of three. `zeekseq inspect F --threads 2` (the compiled
 * CLI) against DuckDB's `read_csv` of F on two threads (bench/read-conn-duckdb.ts, transpiled to plain JavaScript
 * first so that neither process pays for a TypeScript loader), run in interleaved rounds whose order alternates,
 * timed from this process (start-up, loading, reading and exit included).
 * Run: npx tsx bench/read-whole-process.ts <conn.log path> [--rounds N]   (default 3)
 * Prints each run, then one human line and one JSON line.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const file = process.argv[2];
if (!file) {
  console.error('usage: npx tsx bench/read-whole-process.ts <conn.log path> [--rounds N]');
  process.exit(2);
}
const roundsAt = process.argv.indexOf('--rounds');
const rounds = roundsAt > 0 ? Number(process.argv[roundsAt + 1]) : 3;
if (!(Number.isInteger(rounds) && rounds >= 1)) {
  console.error(`read-whole-process: --rounds must be a whole number >= 1, got ${process.argv[roundsAt + 1]}`);
  process.exit(2);
}

const cli = path.join(root, 'bin', 'zeekseq.js');
if (!existsSync(path.join(root, 'dist', 'cli', 'main.js'))) {
  console.error('read-whole-process: dist/ is missing; run `npm run build` first (npm ci does it).');
  process.exit(2);
}

/** The DuckDB script as plain JavaScript, inside the project so that `@duckdb/node-api` resolves from it. */
function duckdbScript(): string {
  const source = readFileSync(path.join(root, 'bench', 'read-conn-duckdb.ts'), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  });
  const dir = path.join(root, 'node_modules', '.cache', 'zeekseq-bench');
  mkdirSync(dir, { recursive: true });
  const out = path.join(dir, 'read-conn-duckdb.mjs');
  writeFileSync(out, outputText);
  return out;
}

/** Prints the process's peak RSS on exit, so that it is measured the same way in both tools. */
const peakRss = path.join(root, 'bench', 'peak-rss.cjs');

interface Run {
  seconds: number;
  peakMegabytes: number;
}

function timed(args: string[]): Run {
  const start = performance.now();
  const result = spawnSync(process.execPath, ['--require', peakRss, ...args], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const seconds = (performance.now() - start) / 1000;
  if (result.status !== 0) throw new Error(`${args.join(' ')} failed (exit ${result.status}): ${result.stderr}`);
  const peak = /peak-rss-kib (\d+)/.exec(result.stderr);
  return { seconds, peakMegabytes: peak ? Math.round(Number(peak[1]) / 1024) : Number.NaN };
}

// Both on two threads, named rather than left to zeekseq's default (which is one on a one-core machine).
const THREADS = '2';
const tools = {
  zeekseq: [cli, 'inspect', file, '--threads', THREADS],
  duckdb: [duckdbScript(), file, '--threads', THREADS],
};
const runs: Record<keyof typeof tools, Run[]> = { zeekseq: [], duckdb: [] };
for (let round = 0; round < rounds; round++) {
  const order: (keyof typeof tools)[] = round % 2 === 0 ? ['zeekseq', 'duckdb'] : ['duckdb', 'zeekseq'];
  for (const tool of order) {
    const run = timed(tools[tool]);
    runs[tool].push(run);
    console.log(`round ${round + 1}: ${tool} ${run.seconds.toFixed(2)} s, peak RSS ${run.peakMegabytes} MB`);
  }
}

const summary = (list: Run[]) => {
  const seconds = list.map((r) => r.seconds).sort((a, b) => a - b);
  return {
    best_seconds: Number(seconds[0].toFixed(3)),
    median_seconds: Number(seconds[Math.floor((seconds.length - 1) / 2)].toFixed(3)),
    peak_rss_megabytes: Math.max(...list.map((r) => r.peakMegabytes)),
  };
};
const result = {
  file,
  rounds,
  threads: Number(THREADS),
  zeekseq_inspect: summary(runs.zeekseq),
  duckdb_read_csv: summary(runs.duckdb),
};
const ratio = result.duckdb_read_csv.best_seconds / result.zeekseq_inspect.best_seconds;
console.log(
  `whole process, best of ${rounds}: zeekseq inspect ${result.zeekseq_inspect.best_seconds} s (peak ${result.zeekseq_inspect.peak_rss_megabytes} MB), ` +
    `DuckDB read_csv ${result.duckdb_read_csv.best_seconds} s (peak ${result.duckdb_read_csv.peak_rss_megabytes} MB): ` +
    `zeekseq at ${ratio.toFixed(2)}x DuckDB's speed (goal >= 1, under 400 MB)`,
);
console.log(JSON.stringify({ ...result, speed_vs_duckdb: Number(ratio.toFixed(3)) }));
