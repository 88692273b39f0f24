/**
 * Speed and memory of exact DBSCAN and BatchDBSCAN on real conn features, replicated to large n.
 * Run: npx tsx bench/dbscan.ts [--exact 20000,100000,1000000] [--batch 100000] [--batch-size 30000]
 *
 * The rows are the real conn features of ../shared/reference/dbscan/rita-conn-euclidean.json.gz,
 * repeated to n rows with a seeded jitter of ±1e-4 on every value (so no two rows are identical and
 * the spatial index, not the collapsing of repeated rows, carries the load). Parameters as the
 * original project configures them: eps 0.5, min_samples = clamp(1% of n, 20, 1000), euclidean.
 * Each run is a fresh child process, so its peak RSS is its own (Node and the data included); times
 * are of `fit` alone, wall clock and CPU (the machine may be shared). ARI compares batch with exact
 * labels where both ran at the same n.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { BatchDBSCAN } from '../src/cluster/batch-dbscan.js';
import { DBSCAN } from '../src/cluster/dbscan.js';
import { ari } from '../src/cluster/metrics.js';
import type { FeatureMatrix } from '../src/distance/feature-matrix.js';
import { createRandom } from '../src/util/random.js';
import { sharedReference } from '../test/support/shared.js';

const JITTER = 1e-4;
const EPS = 0.5;
const minSamplesFor = (n: number) => Math.min(1000, Math.max(20, Math.round(n / 100)));

interface Result {
  algorithm: 'exact' | 'batch';
  n: number;
  min_samples: number;
  seconds: number;
  cpu_seconds: number;
  peak_rss_mb: number;
  clusters: number;
  noise_share: number;
  ari_vs_exact?: number;
}

/** The reference rows repeated to n rows, each value jittered; a FeatureMatrix without a row-array detour. */
function replicate(n: number): FeatureMatrix {
  const file = sharedReference('dbscan/rita-conn-euclidean.json.gz');
  if (!file) process.exit(2);
  const fx = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as { columns: string[]; X: number[][] };
  const width = fx.columns.length;
  const numeric = new Float64Array(n * width);
  const rng = createRandom(1);
  for (let i = 0; i < n; i++) {
    const row = fx.X[i % fx.X.length];
    for (let k = 0; k < width; k++) numeric[i * width + k] = row[k] + (2 * rng.next() - 1) * JITTER;
  }
  return {
    rows: n,
    columns: fx.columns.map((name, slot) => ({ name, kind: 'numeric', slot, categories: [] })),
    numericWidth: width,
    numeric,
    codeWidth: 0,
    codes: new Int32Array(0),
  };
}

function child(algorithm: 'exact' | 'batch', n: number, batchSize: number, labelsFile: string): void {
  const X = replicate(n);
  const minSamples = minSamplesFor(n);
  const cpu = process.cpuUsage();
  const start = performance.now();
  const model =
    algorithm === 'exact'
      ? new DBSCAN({ eps: EPS, minSamples, metric: 'euclidean' }).fit(X)
      : new BatchDBSCAN({ eps: EPS, minSamples, metric: 'euclidean', batchSize, seed: 42 }).fit(X);
  const seconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  const labels = model.labels;
  writeFileSync(labelsFile, labels);
  let noise = 0;
  for (const l of labels) if (l < 0) noise++;
  const result: Result = {
    algorithm,
    n,
    min_samples: minSamples,
    seconds: Number(seconds.toFixed(2)),
    cpu_seconds: Number(((used.user + used.system) / 1e6).toFixed(2)),
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    clusters: new Set(Array.from(labels).filter((l) => l >= 0)).size,
    noise_share: Number((noise / n).toFixed(5)),
  };
  console.log(JSON.stringify(result));
}

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const sizes = (text: string) => (text === '' ? [] : text.split(',').map(Number));

function parent(): void {
  const exact = sizes(option('--exact', '20000,100000,1000000'));
  const batch = sizes(option('--batch', '100000'));
  const batchSize = Number(option('--batch-size', '30000'));
  const work = mkdtempSync(path.join(tmpdir(), 'zeekseq-bench-dbscan-'));
  const self = fileURLToPath(import.meta.url);
  const results: Result[] = [];
  const labelsOf = new Map<string, Int32Array>();
  try {
    for (const [algorithm, list] of [
      ['exact', exact],
      ['batch', batch],
    ] as const) {
      for (const n of list) {
        const labelsFile = path.join(work, `${algorithm}-${n}.i32`);
        const run = spawnSync(
          process.execPath,
          [...process.execArgv, self, '--child', algorithm, String(n), String(batchSize), labelsFile],
          {
            encoding: 'utf8',
            stdio: ['ignore', 'pipe', 'inherit'],
          },
        );
        if (run.status !== 0) throw new Error(`${algorithm} at n=${n} failed (exit ${run.status})`);
        const result = JSON.parse(run.stdout.trim().split('\n').pop()!) as Result;
        const bytes = readFileSync(labelsFile);
        labelsOf.set(`${algorithm}-${n}`, new Int32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4));
        const reference = labelsOf.get(`exact-${n}`);
        if (algorithm === 'batch' && reference)
          result.ari_vs_exact = Number(ari(labelsOf.get(`batch-${n}`)!, reference).toFixed(4));
        results.push(result);
        console.log(
          `${algorithm.padEnd(5)} n=${String(n).padStart(9)}  min_samples=${String(result.min_samples).padStart(4)}  ` +
            `${result.seconds.toFixed(2).padStart(7)} s (cpu ${result.cpu_seconds.toFixed(2)} s)  peak RSS ${String(result.peak_rss_mb).padStart(5)} MB  ` +
            `clusters ${result.clusters}  noise ${(100 * result.noise_share).toFixed(2)}%` +
            (result.ari_vs_exact === undefined ? '' : `  ARI vs exact ${result.ari_vs_exact}`),
        );
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  console.log(JSON.stringify({ eps: EPS, jitter: JITTER, batch_size: batchSize, results }));
}

if (process.argv[2] === '--child') {
  child(process.argv[3] as 'exact' | 'batch', Number(process.argv[4]), Number(process.argv[5]), process.argv[6]);
} else {
  parent();
}
