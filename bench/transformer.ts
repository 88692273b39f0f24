/**
 * Transformer speed: training and scoring throughput of the tiny model (vocab 64, seqLen 12, batch 256) on
 * synthetic rows. Run `npx tsx bench/transformer.ts [--quick]`; not a test. Reference points measured on the
 * project's 2-core machine: PyTorch 1.13 CPU trains 1,610 seq/s and runs 8,490 forward passes/s at batch 4096; a
 * first tfjs wasm prototype managed 842 and 3,970.
 *
 * Scoring needs seqLen − 1 masked forward passes per sequence but runs once per distinct sequence, so the figure
 * that matters is connections per second on traffic that repeats: assuming 1M connections with 20k distinct
 * sequences (50 connections per distinct row), connections/s = 50 × distinct rows/s.
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
  const sequences = Array.from({ length: distinct }, () => Array.from({ length: 2 + rng.int(SEQ_LEN - 2) }, () => 5 + rng.int(VOCAB - 5)));
  return rowsFromSequences(sequences, SEQ_LEN, Array.from({ length: distinct }, () => 1 + rng.int(50)));
}

const backend = await chooseBackend();
console.log(`backend: ${describeBackend(backend)}`);
const config = transformerConfig({ vocabSize: VOCAB, seqLen: SEQ_LEN });
console.log(`model: tiny (hidden ${config.hidden}, ${config.layers} layers, ${config.heads} heads, ff ${config.ff}), vocab ${VOCAB}, seqLen ${SEQ_LEN}`);

// training: two epochs on about 8k training connections each (quick: 2k), batch 256, in this thread and on 2 workers
const trainRows = syntheticRows(quick ? 120 : 450, 1);
for (const workers of [1, 2]) {
  const trained = await trainTransformer(trainRows, config, { epochs: 2, batchSize: 256, seed: 1, workers });
  const epochs = trained.history.map((h) => h.sequencesPerSecond);
  console.log(
    `training, ${workers} worker${workers > 1 ? 's' : ''}: ${trained.split.train.connections} connections/epoch, batch 256: ` +
      `${epochs.map((r) => r.toFixed(0)).join(', ')} seq/s per epoch (best ${Math.max(...epochs).toFixed(0)}; PyTorch 1,610; goal >= 1,610)`,
  );
  trained.model.dispose();
}

// scoring: distinct rows, all masked variants in one pass per block
const model = TransformerModel.create(config, 2);
const scoreData = syntheticRows(quick ? 300 : 2000, 2);
const rows = scoreData.distinct.length / SEQ_LEN;
let positions = 0;
for (let r = 0; r < rows; r++) for (let k = 1; k < SEQ_LEN && scoreData.distinct[r * SEQ_LEN + k] !== 0; k++) positions++;
await scoreRows(model, syntheticRows(50, 9));
for (const workers of [1, 2]) {
  const started = performance.now();
  const result = await scoreRows(model, scoreData, { workers, batchSize: 4096 });
  const seconds = (performance.now() - started) / 1000;
  const perSecond = result.distinctRows / seconds;
  console.log(
    `scoring, ${workers} worker${workers > 1 ? 's' : ''}: ${result.distinctRows} distinct rows in ${seconds.toFixed(2)} s = ${perSecond.toFixed(0)} sequences/s ` +
      `(${(positions / seconds).toFixed(0)} masked forward passes/s; PyTorch 8,490/s) → ${(perSecond * CONNECTIONS_PER_DISTINCT).toFixed(0)} connections/s ` +
      `at ${CONNECTIONS_PER_DISTINCT} connections per distinct sequence (goal >= 8,490)`,
  );
}
model.dispose();
