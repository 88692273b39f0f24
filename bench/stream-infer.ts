/**
 * Streaming infer (`zeekseq infer --stream --all`) on a synthetic day of hourly rotated gzip files: seconds,
 * connections/s and peak RSS, which should follow one hour's chunk and not the day. Goal of issue 15: 5,000,000
 * connections under 1 GB, and no slower than in-memory infer's 28,600 connections/s.
 *
 *   npx tsx bench/stream-infer.ts [--connections N] [--scorer transformer|markov] [--whole]
 *
 * The set (datasets/bench-<N>-rotated/) and the model (datasets/bench-stream-model/: a clean 50,000-connection day,
 * conn-only kept, 2 epochs) are made in a child process when missing, so that their memory is not counted.
 * --whole runs in-memory infer instead, for comparison. Then the scores are read back as `zeekseq evaluate --scores
 * scores.csv --labels labels.csv` does (in a child process, whose own peak is printed): the part of issue 15 that
 * asks evaluation and sweeps not to need the scores in memory. Not a test: machines are noisy.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inferToFiles } from '../src/pipeline/infer.js';
import { inferStreamToFiles } from '../src/pipeline/infer-stream.js';
import { trainModel } from '../src/pipeline/train.js';
import { synthesize } from '../src/synth/synthesize.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
function flag(name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}
const connections = Number(flag('--connections') ?? 5_000_000);
const scorer = (flag('--scorer') ?? 'transformer') as 'transformer' | 'markov';
const whole = args.includes('--whole');
const data = path.join(root, 'datasets', `bench-${connections}-rotated`);
const modelRoot = path.join(root, 'datasets', 'bench-stream-model');
const model = path.join(modelRoot, scorer);

if (args.includes('--setup')) {
  if (!existsSync(path.join(data, 'synth.json'))) {
    console.log(`generating ${connections.toLocaleString('en-US')} connections as hourly gzip files in ${data} ...`);
    await synthesize({ out: data, days: 1, connections, rotate: true, seed: 1 });
  }
  if (!existsSync(path.join(model, 'manifest.json'))) {
    const clean = path.join(modelRoot, 'clean');
    if (!existsSync(path.join(clean, 'synth.json'))) {
      await synthesize({ out: clean, days: 1, connections: 50_000, attacks: [], seed: 2 });
    }
    console.log(`training the ${scorer} model on ${clean} ...`);
    await trainModel({
      data: [clean],
      model,
      params: { scorer, baselines: [], keepConnOnly: true, acceptanceRate: 0.01, transformer: { epochs: 2 } },
    });
  }
  process.exit(0);
}

const setup = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), ...args, '--setup'], {
  stdio: 'inherit',
  env: { ...process.env, ZEEKSEQ_RUNS_DIR: path.join(modelRoot, 'runs') },
});
if (setup.status !== 0)
  throw new Error(`bench/stream-infer.ts: setting up the set and the model failed (${setup.status})`);

/** `zeekseq evaluate --scores` of the scores written, in a child process: its seconds and peak RSS. */
function readScoresBack(scores: string, labels: string): Record<string, number> {
  const start = performance.now();
  const cli = path.join(root, 'bin', 'zeekseq.js');
  const evaluated = spawnSync(
    '/usr/bin/time',
    ['-f', 'peak_kb %M', process.execPath, cli, 'evaluate', '--scores', scores, '--labels', labels],
    { encoding: 'utf8', env: { ...process.env, ZEEKSEQ_RUNS_DIR: path.join(path.dirname(scores), 'runs') } },
  );
  const seconds = (performance.now() - start) / 1000;
  const peakKb = Number(/peak_kb (\d+)/.exec(evaluated.stderr ?? '')?.[1]);
  if (evaluated.status !== 0 || !Number.isFinite(peakKb)) {
    console.log(`reading the scores back failed (${evaluated.status}): ${evaluated.stderr?.slice(-2000)}`);
    return {};
  }
  const peakMb = Math.round(peakKb / 1024);
  console.log(
    `evaluate --scores of those scores (read back in chunks): ${seconds.toFixed(1)} s, peak RSS ${peakMb} MB`,
  );
  return { evaluate_scores_seconds: Number(seconds.toFixed(1)), evaluate_scores_peak_rss_mb: peakMb };
}

const output = mkdtempSync(path.join(tmpdir(), 'zeekseq-stream-infer-'));
try {
  const start = performance.now();
  const settings = { data, model, output, all: true };
  const scored = whole
    ? (await inferToFiles(settings)).detection.connectionScores.length
    : (await inferStreamToFiles(settings)).connections;
  const seconds = (performance.now() - start) / 1000;
  const peak = Math.round(process.resourceUsage().maxRSS / 1024);
  console.log(
    `${whole ? 'in-memory' : 'streaming'} infer --all, ${scorer}: ${scored.toLocaleString('en-US')} connections in ${seconds.toFixed(1)} s, ` +
      `${Math.round(scored / seconds).toLocaleString('en-US')} connections/s, peak RSS ${peak} MB`,
  );
  const readBack = readScoresBack(path.join(output, 'scores.csv'), path.join(data, 'labels.csv'));
  console.log(
    JSON.stringify({
      bench: 'stream-infer',
      mode: whole ? 'in-memory' : 'streaming',
      scorer,
      connections: scored,
      seconds: Number(seconds.toFixed(1)),
      connections_per_second: Math.round(scored / seconds),
      peak_rss_mb: peak,
      ...readBack,
    }),
  );
} finally {
  rmSync(output, { recursive: true, force: true });
}
