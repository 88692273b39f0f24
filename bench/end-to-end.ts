/**
 * End to end on a real site: `zeekseq train` then `zeekseq infer --all` on the three days of
 * ../shared/datasets/rita-missing-host (105,918 conn rows), with the commands' defaults (tiny preset, 10 epochs
 * at most, acceptance rate 0.001, conn-only connections dropped as the original does). Goal of issue 4: under 5
 * minutes in all. With --keep-conn-only every connection read is trained on and scored (three times as many here).
 * Run: npx tsx bench/end-to-end.ts [--epochs N] [--keep-conn-only] [--workers N]; not a test. Prints each phase's
 * wall time and the peak RSS.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inferToFiles } from '../src/pipeline/infer.js';
import { trainModel } from '../src/pipeline/train.js';
import { sharedRoot } from '../test/support/shared.js';

function numberFlag(name: string): number | undefined {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : undefined;
}
const epochs = numberFlag('--epochs');
const workers = numberFlag('--workers');
const keepConnOnly = process.argv.includes('--keep-conn-only');
const site = path.join(sharedRoot, 'datasets', 'rita-missing-host', 'test_data', 'missing_host');
if (!existsSync(site)) {
  console.log(`end-to-end skipped: ${site} is absent (set ZEEKSEQ_SHARED to the folder holding datasets/).`);
  process.exit(0);
}
const days = ['2024-04-19', '2024-04-20', '2024-04-21'].map((day) => path.join(site, day));
const work = mkdtempSync(path.join(tmpdir(), 'zeekseq-e2e-'));
try {
  const start = performance.now();
  const detector = await trainModel({
    data: days,
    model: path.join(work, 'model'),
    params: { acceptanceRate: 0.001, keepConnOnly, transformer: { epochs, workers } },
  });
  const trainSeconds = (performance.now() - start) / 1000;
  const inferStart = performance.now();
  const {
    detection: result,
    written,
    notables,
  } = await inferToFiles({
    data: days,
    model: path.join(work, 'model'),
    output: path.join(work, 'infer'),
    all: true,
    runtime: { workers },
  });
  const inferSeconds = (performance.now() - inferStart) / 1000;
  const record = detector.record;
  const history = (record.scorers.transformer?.history ?? []) as unknown[];
  console.log(
    `${keepConnOnly ? 'conn-only kept' : 'conn-only dropped'}, ${workers ?? 1} thread(s); ` +
      `train: ${record.connections.toLocaleString('en-US')} connections, ${record.distinctSequences.toLocaleString('en-US')} distinct sequences, ` +
      `${history.length} epochs in ${trainSeconds.toFixed(1)} s; ` +
      `infer: ${result.connectionScores.length.toLocaleString('en-US')} connections scored, ${written.anomalies} anomalies, ` +
      `${notables.length} notables in ${inferSeconds.toFixed(1)} s; backend ${record.scorers.transformer?.backend}`,
  );
  console.log(
    JSON.stringify({
      bench: 'end-to-end rita-missing-host',
      keep_conn_only: keepConnOnly,
      workers: workers ?? 1,
      train_seconds: Number(trainSeconds.toFixed(1)),
      infer_seconds: Number(inferSeconds.toFixed(1)),
      total_seconds: Number((trainSeconds + inferSeconds).toFixed(1)),
      epochs: history.length,
      connections_scored: result.connectionScores.length,
      peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    }),
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
