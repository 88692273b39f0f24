/**
 * `npm run bench`: every benchmark in turn, each in its own process (so peak memory is its own), printing
 * numbers side by side with the Python tools where an issue names them. Not a test: machines are noisy.
 *
 *   npm run bench                 all of them
 *   npm run bench -- read dbscan  only these (synth, read, ops, dbscan, transformer, e2e, beacon, predict, stream)
 *   npm run bench -- --smoke      every benchmark on small inputs (about a minute; CI runs it so the scripts
 *                                 keep working — its numbers mean nothing)
 *
 * Generated inputs go under datasets/bench-1m/ (datasets/bench-smoke/ for --smoke; both git-ignored) and are
 * reused on later runs; the streaming bench makes its own rotated set (datasets/bench-<N>-rotated/, 5,000,000
 * connections: about 2 minutes to generate) and model (datasets/bench-stream-model/).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { synthesize } from '../src/synth/synthesize.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const smoke = args.includes('--smoke');
const benchData = path.join(root, 'datasets', smoke ? 'bench-smoke' : 'bench-1m');
const connLog = path.join(benchData, '2024-03-04', 'conn.log');
const labelsCsv = path.join(benchData, 'labels.csv');

/** Runs a TypeScript bench script in a fresh Node process; returns its stdout lines (also echoed). */
function runScript(script: string, args: string[] = []): string[] {
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'bench', script), ...args], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
  process.stdout.write(result.stdout);
  if (result.status !== 0) throw new Error(`bench/${script} failed with exit code ${result.status}`);
  return result.stdout.split('\n').filter(Boolean);
}

function lastJson(lines: string[]): Record<string, unknown> | null {
  for (let i = lines.length - 1; i >= 0; i--) {
    if (lines[i].startsWith('{')) return JSON.parse(lines[i]) as Record<string, unknown>;
  }
  return null;
}

async function ensureBenchData(): Promise<void> {
  if (existsSync(connLog)) return;
  const connections = smoke ? 20_000 : 1_000_000;
  console.log(
    `generating the ${connections.toLocaleString('en-US')}-connection synthetic set in ${path.relative(root, benchData)}/ ...`,
  );
  await synthesize({ out: benchData, days: 1, connections, attacks: ['c2-tls-beacon'], attackDays: [1], seed: 1 });
}

function pandasBaseline(file: string): Record<string, unknown> | null {
  const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
  const result = spawnSync(python, [path.join(root, 'bench', 'python', 'read_conn_pandas.py'), file], {
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    console.log(
      `pandas baseline skipped: ${python} with pandas is not available (Debian: apt-get install python3-pandas).`,
    );
    return null;
  }
  return JSON.parse(result.stdout.trim().split('\n').pop()!) as Record<string, unknown>;
}

const steps: Record<string, () => Promise<void>> = {
  async synth() {
    console.log('\n## synth: the default synthetic set, the 1,000,000-connection set, and the TSV writer');
    runScript('synth.ts', smoke ? ['--sets', 'default', '--writer', '20000'] : []);
  },
  async read() {
    console.log(
      '\n## read: one conn.log of ~1,000,000 rows (zeekseq reader on 1 and 2 threads vs DuckDB read_csv and pandas.read_csv)',
    );
    await ensureBenchData();
    const rows: [string, Record<string, unknown> | null][] = [
      ['zeekseq, 1 thread', lastJson(runScript('read-conn.ts', [connLog, '--threads', '1']))],
      ['zeekseq, 2 threads', lastJson(runScript('read-conn.ts', [connLog, '--threads', '2']))],
      ['DuckDB read_csv, 2 threads', lastJson(runScript('read-conn-duckdb.ts', [connLog, '--threads', '2']))],
    ];
    const pandas = pandasBaseline(connLog);
    if (pandas) rows.push([`pandas ${pandas.pandas} read_csv`, { ...pandas, peak_rss_megabytes: pandas.peak_rss_mb }]);
    console.log('| tool | rows | seconds | peak RSS MB |\n|---|---|---|---|');
    for (const [tool, result] of rows) {
      if (!result) continue;
      const peak = Math.round(result.peak_rss_megabytes as number);
      console.log(`| ${tool} | ${result.rows} | ${(result.seconds as number).toFixed(2)} | ${peak} |`);
    }
    const ours = rows[1][1];
    const duckdb = rows[2][1];
    if (ours && duckdb) {
      const ratio = (duckdb.seconds as number) / (ours.seconds as number);
      console.log(
        `in process, zeekseq on 2 threads is ${ratio.toFixed(2)}x DuckDB's speed (DuckDB's columns stay in DuckDB; zeekseq's become JS arrays in arquero tables)`,
      );
    }
    if (ours && pandas) {
      const speedup = (pandas.seconds as number) / (ours.seconds as number);
      console.log(`zeekseq on 2 threads is ${speedup.toFixed(2)}x pandas (goal >= 1.5x)`);
    }
    console.log('\nWhole processes, as issue 15 measures: `zeekseq inspect` against DuckDB, interleaved');
    runScript('read-whole-process.ts', [connLog, '--rounds', smoke ? '1' : '3']);
  },
  async ops() {
    console.log('\n## ops: dataset operations and save/load on 1M conn rows');
    runScript('dataset-ops.ts', smoke ? ['20000'] : []);
  },
  async dbscan() {
    console.log(
      '\n## dbscan: exact and batch DBSCAN on real conn features (scikit-learn: 10.9 s / 2.1 GB at 20k, OOM at 100k)',
    );
    runScript('dbscan.ts', smoke ? ['--exact', '2000', '--batch', '2000', '--batch-size', '1000'] : []);
  },
  async transformer() {
    console.log(
      '\n## transformer: tiny model training and scoring throughput (PyTorch 1.13 CPU: 1,610 train seq/s, 8,490 inference seq/s)',
    );
    runScript('transformer.ts', smoke ? ['--quick'] : []);
  },
  async e2e() {
    console.log('\n## e2e: zeekseq train then infer --all on rita-missing-host (goal: under 5 minutes)');
    if (smoke) {
      runScript('end-to-end.ts', ['--epochs', '1']);
      return;
    }
    runScript('end-to-end.ts');
    runScript('end-to-end.ts', ['--keep-conn-only', '--workers', '2']);
  },
  async beacon() {
    console.log('\n## beacon: RITA-style beacon scores of every host pair in the ~1,000,000-connection conn.log');
    await ensureBenchData();
    runScript('beacon.ts', [connLog, labelsCsv]);
  },
  async predict() {
    console.log(
      '\n## predict: DBSCAN predict of every conn row of the ~1,000,000-connection day, on one thread and on two',
    );
    await ensureBenchData();
    runScript('predict.ts', [connLog]);
  },
  async stream() {
    console.log(
      '\n## stream: infer --stream --all of a rotated synthetic day (goal: 5,000,000 connections under 1 GB, >= 28,600 connections/s)',
    );
    runScript(
      'stream-infer.ts',
      smoke ? ['--connections', '20000', '--scorer', 'markov'] : ['--connections', '5000000'],
    );
  },
};

const wanted = args.filter((arg) => arg !== '--smoke');
for (const name of wanted) {
  if (!(name in steps)) {
    console.error(`bench: unknown benchmark "${name}"; choose from ${Object.keys(steps).join(', ')}.`);
    process.exit(2);
  }
}
if (smoke)
  console.log(
    'smoke run: every benchmark on small inputs, to check that the scripts work; its numbers are not the benchmark.',
  );
for (const name of wanted.length > 0 ? wanted : Object.keys(steps)) await steps[name]();
