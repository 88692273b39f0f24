/**
 * Speed, memory and size of the synthetic data generator and of the Zeek TSV writer.
 * Run: npx tsx bench/synth.ts [--sets default,1m] [--writer 1000000]
 *
 * Sets: `default` is what `zeekseq synth` writes without options (40 workstations, 3 days);
 * `1m` adds `--connections 1000000` (the calibration runs included). Each set is generated in a
 * fresh child process into a temporary folder (removed afterwards), so peak RSS is its own.
 * The writer bench formats n conn rows to a plain and to a gzip file. Times are wall clock and
 * CPU (the machine may be shared).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SYNTH_SCHEMAS } from '../src/synth/logs.js';
import { synthesize } from '../src/synth/synthesize.js';
import { createRandom } from '../src/util/random.js';
import { ZeekTsvWriter } from '../src/zeek/write-tsv.js';

interface Result {
  bench: string;
  seconds: number;
  cpu_seconds: number;
  peak_rss_mb: number;
  rows: number;
  conn_rows: number;
  megabytes: number;
}

const SETS: Record<string, { connections?: number }> = { default: {}, '1m': { connections: 1_000_000 } };

function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    total += entry.isDirectory() ? folderBytes(full) : statSync(full).size;
  }
  return total;
}

function measure(
  bench: string,
  start: number,
  cpu: NodeJS.CpuUsage,
  rows: number,
  connRows: number,
  bytes: number,
): Result {
  const used = process.cpuUsage(cpu);
  return {
    bench,
    seconds: Number(((performance.now() - start) / 1000).toFixed(2)),
    cpu_seconds: Number(((used.user + used.system) / 1e6).toFixed(2)),
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    rows,
    conn_rows: connRows,
    megabytes: Number((bytes / 1e6).toFixed(1)),
  };
}

async function childSet(name: string, out: string): Promise<void> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const summary = await synthesize({ out, ...SETS[name] });
  const rows = Object.values(summary.rows).reduce((a, b) => a + b, 0);
  console.log(JSON.stringify(measure(`synth ${name}`, start, cpu, rows, summary.rows.conn, folderBytes(out))));
}

async function childWriter(n: number, out: string, gzip: boolean): Promise<void> {
  const file = path.join(out, gzip ? 'conn.log.gz' : 'conn.log');
  const rng = createRandom(1);
  const rows = Array.from({ length: 1000 }, (_, i) => [
    0,
    `C${(1e12 + i * 7919).toString(36)}`,
    `10.10.1.${1 + (i % 250)}`,
    49152 + i,
    '10.10.0.10',
    53,
    'udp',
    'dns',
    rng.next() / 1000,
    40 + (i % 30),
    100 + (i % 200),
    'SF',
    true,
    true,
    0,
    'Dd',
    1,
    68 + (i % 30),
    1,
    128 + (i % 200),
    null,
    17,
  ]);
  const cpu = process.cpuUsage();
  const start = performance.now();
  const writer = new ZeekTsvWriter(file, SYNTH_SCHEMAS.conn, { openTime: 1709510400, gzip });
  for (let i = 0; i < n; i++) {
    const row = rows[i % rows.length];
    row[0] = 1709510400 + i * 0.0864;
    writer.write(row);
    if (i % 50_000 === 0) await writer.flush();
  }
  await writer.close(1709510400 + n * 0.0864);
  console.log(
    JSON.stringify(measure(`writer ${gzip ? 'gzip' : 'plain'} ${n} conn rows`, start, cpu, n, n, statSync(file).size)),
  );
}

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

function parent(): void {
  const sets = option('--sets', 'default,1m').split(',').filter(Boolean);
  const writerRows = Number(option('--writer', '1000000'));
  const self = fileURLToPath(import.meta.url);
  const jobs: string[][] = [
    ...sets.map((name) => ['set', name]),
    ...(writerRows > 0
      ? [
          ['writer', String(writerRows), 'plain'],
          ['writer', String(writerRows), 'gzip'],
        ]
      : []),
  ];
  const results: Result[] = [];
  for (const job of jobs) {
    const work = mkdtempSync(path.join(tmpdir(), 'zeekseq-bench-synth-'));
    try {
      const run = spawnSync(process.execPath, [...process.execArgv, self, '--child', ...job, path.join(work, 'out')], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      if (run.status !== 0) throw new Error(`${job.join(' ')} failed (exit ${run.status})`);
      const result = JSON.parse(run.stdout.trim().split('\n').pop()!) as Result;
      results.push(result);
      console.log(
        `${result.bench.padEnd(30)} ${result.seconds.toFixed(2).padStart(7)} s (cpu ${result.cpu_seconds.toFixed(2)} s)  ` +
          `peak RSS ${String(result.peak_rss_mb).padStart(4)} MB  ${result.rows.toLocaleString('en-US')} rows ` +
          `(${result.conn_rows.toLocaleString('en-US')} conn)  ${result.megabytes} MB on disk`,
      );
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
  console.log(JSON.stringify({ results }));
}

if (process.argv[2] === '--child') {
  const [kind, what, third, fourth] = process.argv.slice(3);
  if (kind === 'set') {
    await childSet(what, third);
  } else {
    mkdirSync(fourth, { recursive: true });
    await childWriter(Number(what), fourth, third === 'gzip');
  }
} else {
  parent();
}
