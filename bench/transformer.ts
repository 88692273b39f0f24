/**
 * Transformer speed: training and scoring throughput of the tiny model (vocab 64, seqLen 12, batch 256) on
 * synthetic rows. Run `npx tsx bench/transformer.ts [--quick]`; not a test. Reference points measured on the
 * project's 2-core machine: PyTorch 1.13 CPU trains 1,610 seq/s and runs 8,490 forward passes/s at batch 4096; a
 * first tfjs wasm prototype managed 842 and 3,970.
 *
 * Scoring needs seqLen − 1 masked forward passes per sequence but runs once per distinct sequence, so the figure
 * that matters is connections per second on traffic that repeats: the bench scores 20k distinct rows carrying about
 * 1M connections (50 per distinct row on average), in one and in two threads (this one and a worker).
 */
import { chooseBackend, describeBackend } from '../src/model/backend.js';
import { transformerConfig } from '../src/model/config.js';
import { trainTransformer } from '../src/model/train.js';
import { scoreRows } from '../src/model/score.js';
import { TransformerModel } from '../src/model/transformer.js';
import { rowsFromSequences, type TokenRows } from '../src/model/token-rows.js';
import { createRandom } from '../src/util/random.js';

const quick = process.argv.includes('--quick');
const VOCAB = 64;
const SEQ_LEN = 12;
const CONNECTIONS_PER_DISTINCT = 1_000_000 / 20_000;

/** Distinct rows of 2..SEQ_LEN−1 words (lengths uniform) with counts 1..50. */
function syntheticRows(distinct: number, seed: number): TokenRows {
  const rng = createRandom(seed);
  const sequences = Array.from({ length: distinct }, () =>
    Array.from({ length: 2 + rng.int(SEQ_LEN - 2) }, () => 5 + rng.int(VOCAB - 5)),
  );
  return rowsFromSequences(
    sequences,
    SEQ_LEN,
    Array.from({ length: distinct }, () => 1 + rng.int(50)),
  );
}

const backend = await chooseBackend();
console.log(`backend: ${describeBackend(backend)}`);
const config = transformerConfig({ vocabSize: VOCAB, seqLen: SEQ_LEN });
console.log(
  `model: tiny (hidden ${config.hidden}, ${config.layers} layers, ${config.heads} heads, ff ${config.ff}), vocab ${VOCAB}, seqLen ${SEQ_LEN}`,
);

// training: two epochs on about 8k training connections each (quick: 2k), batch 256, in this thread and on 2 threads (this one and a worker)
const trainRows = syntheticRows(quick ? 120 : 450, 1);
for (const workers of [1, 2]) {
  const trained = await trainTransformer(trainRows, config, { epochs: 2, batchSize: 256, seed: 1, workers });
  const epochs = trained.history.map((h) => h.sequencesPerSecond);
  console.log(
    `training, ${workers} thread${workers > 1 ? 's' : ''}: ${trained.split.train.connections} connections/epoch, batch 256: ` +
      `${epochs.map((r) => r.toFixed(0)).join(', ')} seq/s per epoch (best ${Math.max(...epochs).toFixed(0)}; PyTorch 1,610; goal >= 1,610)`,
  );
  trained.model.dispose();
}

// scoring, raw: every masked variant of 2,000 distinct rows (quick: 300), all variants of a block in one pass
const model = TransformerModel.create(config, 2);
await scoreRows(model, syntheticRows(50, 9));
const raw = syntheticRows(quick ? 300 : 2000, 2);
let variants = 0;
for (let r = 0; r < raw.distinct.length / SEQ_LEN; r++)
  for (let k = 1; k < SEQ_LEN && raw.distinct[r * SEQ_LEN + k] !== 0; k++) variants++;
let started = performance.now();
const rawResult = await scoreRows(model, raw, { batchSize: 4096 });
let seconds = (performance.now() - started) / 1000;
console.log(
  `scoring, raw: ${rawResult.distinctRows} distinct rows in ${seconds.toFixed(2)} s = ${(rawResult.distinctRows / seconds).toFixed(0)} sequences/s, ` +
    `${(variants / seconds).toFixed(0)} masked forward passes/s (PyTorch 8,490 forward passes/s)`,
);

// scoring, traffic: 20,000 distinct rows carrying ~1,000,000 connections (quick: 2,000 / ~100,000), counts drawn
// from an exponential distribution with mean 50; connections/s is connections covered per second of scoring
const distinct = quick ? 2000 : 20000;
const traffic = syntheticRows(distinct, 3);
const rng = createRandom(4);
traffic.counts = Array.from(
  { length: distinct },
  () => 1 + Math.floor(-Math.log(1 - rng.next()) * (CONNECTIONS_PER_DISTINCT - 1)),
);
const connections = (traffic.counts as number[]).reduce((a, b) => a + b, 0);
for (const workers of [1, 2]) {
  started = performance.now();
  const result = await scoreRows(model, traffic, { workers, batchSize: 4096 });
  seconds = (performance.now() - started) / 1000;
  console.log(
    `scoring, ${workers} thread${workers > 1 ? 's' : ''}: ${connections} connections in ${result.distinctRows} distinct rows scored in ${seconds.toFixed(1)} s ` +
      `= ${(connections / seconds).toFixed(0)} connections/s (${(result.distinctRows / seconds).toFixed(0)} sequences/s; goal >= 8,490 connections/s)`,
  );
}
model.dispose();
