/**
 * A training worker thread (see gradient-workers.ts): its own tfjs and a copy of the model; for each step it takes
 * the current weights and its share of the masked batch and returns the loss and gradients of that share.
 */
import * as tf from '@tensorflow/tfjs';
import { parentPort, workerData } from 'node:worker_threads';
import { createRandom } from '../util/random.js';
import { chooseBackend } from './backend.js';
import { TransformerModel, weightLayout } from './transformer.js';
import { maskedBatch } from './batch.js';
import type { GradientStep, GradientResult, WorkerSetup } from './gradient-workers.js';

const setup = workerData as WorkerSetup;
const names = weightLayout(setup.config).map((w) => w.name);
let model: TransformerModel | null = null;
const dropout = { rng: createRandom(setup.dropoutSeed) };

async function start(): Promise<void> {
  await chooseBackend({ backend: setup.backend });
  const tensors = Object.fromEntries(names.map((name, i) => [name, tf.tensor(setup.weights[i], weightLayout(setup.config)[i].shape, 'float32')]));
  model = TransformerModel.fromWeights(setup.config, tensors);
  tf.dispose(Object.values(tensors));
  parentPort?.postMessage({ ready: true });
}

function step(job: GradientStep): GradientResult {
  const current = model as TransformerModel;
  current.updateWeights((name, values) => values.set(job.weights[names.indexOf(name)]));
  let loss = 0;
  let gradients: Float32Array[] = [];
  // typed arrays are read out inside the tidy but not returned from it: tf.tidy walks what it returns
  tf.tidy(() => {
    const batch = maskedBatch({ inputs: job.inputs, labels: job.labels }, job.lengths, job.seqLen);
    const count = batch.labelValues.length;
    const result = current.lossAndGradients(batch.ids, batch.keyBias, batch.positions, batch.labels, tf.ones([count]) as tf.Tensor1D, job.weightSum, dropout);
    loss = result.loss.dataSync()[0];
    gradients = names.map((name) => result.gradients[name].dataSync() as Float32Array);
  });
  return { loss, gradients };
}

parentPort?.on('message', (message: GradientStep) => {
  try {
    const result = step(message);
    parentPort?.postMessage(result, result.gradients.map((g) => g.buffer));
  } catch (error) {
    parentPort?.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
});

start().catch((error: unknown) => parentPort?.postMessage({ error: error instanceof Error ? error.message : String(error) }));
