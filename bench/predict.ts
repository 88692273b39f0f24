/**
 * DBSCAN predict (each row's nearest core sample within eps) on one thread and on two, side by side in one
 * process, on the conn rows of the bench day as the tokenizer cleans them: fitted on the first rows (50,000 by
 * default) with the tokenizer's defaults, then predicting every row, one thread and two alternating three times.
 * Labels and distances must be the same on both. Not a test: machines are noisy.
 *
 *   npx tsx bench/predict.ts <conn.log path> [--fit-rows N]
 */
import { cleanerFor } from '../src/cleaners/registry.js';
import { DBSCAN } from '../src/cluster/dbscan.js';
import { selectRows } from '../src/distance/feature-matrix.js';
import { DEFAULT_EPS, DEFAULT_METRIC } from '../src/sequence/cluster-defaults.js';
import { cleanedFeatureMatrix, defaultMinSamples } from '../src/sequence/tokenizer.js';
import { readZeekFile } from '../src/zeek/read-file.js';

const file = process.argv[2];
if (!file) {
  console.error('usage: npx tsx bench/predict.ts <conn.log path> [--fit-rows N]');
  process.exit(2);
}
const fitAt = process.argv.indexOf('--fit-rows');
const fitRows = fitAt > 0 ? Number(process.argv[fitAt + 1]) : 50_000;

const conn = (await readZeekFile(file, { type: 'conn', progress: false })).log('conn');
const cleaner = cleanerFor('conn')!;
const matrix = cleanedFeatureMatrix(cleaner.fitTransform(conn), cleaner);
const training = selectRows(
  matrix,
  Int32Array.from({ length: Math.min(fitRows, matrix.rows) }, (_, i) => i),
);
const fitted = new DBSCAN({ eps: DEFAULT_EPS, metric: DEFAULT_METRIC, minSamples: defaultMinSamples(training.rows) });
fitted.fit(training);
const json = fitted.toJSON();

const seconds: Record<1 | 2, number[]> = { 1: [], 2: [] };
const answers: Record<1 | 2, { labels: Int32Array; distances: Float64Array } | null> = { 1: null, 2: null };
for (let round = 0; round < 3; round++) {
  for (const threads of [1, 2] as const) {
    const model = DBSCAN.fromJSON(json, { threads });
    const start = performance.now();
    answers[threads] = model.nearestCore(matrix, 1);
    seconds[threads].push((performance.now() - start) / 1000);
  }
}
const same = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  a.length === b.length && Array.prototype.every.call(a, (v: number, i: number) => Object.is(v, b[i]));
const identical = same(answers[1]!.labels, answers[2]!.labels) && same(answers[1]!.distances, answers[2]!.distances);
const range = (xs: number[]) => `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)} s`;
const noise = answers[1]!.labels.filter((label) => label < 0).length;
console.log(
  `predict ${matrix.rows.toLocaleString('en-US')} conn rows (fitted on ${training.rows.toLocaleString('en-US')}: ` +
    `${fitted.nClusters} clusters, ${noise.toLocaleString('en-US')} rows noise): 1 thread ${range(seconds[1])}, ` +
    `2 threads ${range(seconds[2])}; answers ${identical ? 'identical' : 'DIFFERENT'}`,
);
console.log(
  JSON.stringify({
    bench: 'predict',
    rows: matrix.rows,
    fit_rows: training.rows,
    clusters: fitted.nClusters,
    seconds_1_thread: seconds[1].map((s) => Number(s.toFixed(3))),
    seconds_2_threads: seconds[2].map((s) => Number(s.toFixed(3))),
    identical,
  }),
);
if (!identical) process.exit(1);
