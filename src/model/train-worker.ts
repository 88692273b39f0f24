/**
 * A training worker thread (see gradient-workers.ts): its own tfjs and a copy of the model; for each step it takes
 * the current weights and its share of the masked batch and returns the loss and gradients of that share.
 */
import * as tf from '@tensorflow/tfjs';
import { parentPort, workerData } from 'node:worker_threads';
import { createRandom } from '../util/random.js';
import { chooseBackend } from './backend.js';
import { TransformerModel, weightLayout } from './transformer.js';
import { shareGradients, type GradientStep, type GradientResult, type WorkerSetup } from './gradient-workers.js';

const setup = workerData as WorkerSetup;
const names = weightLayout(setup.config).map((w) => w.name);
let model: TransformerModel | null = null;
const dropout = { rng: createRandom(setup.dropoutSeed) };

async function start(): Promise<void> {
  await chooseBackend({ backend: setup.backend });
  const tensors = Object.fromEntries(
    names.map((name, i) => [name, tf.tensor(setup.weights[i], weightLayout(setup.config)[i].shape, 'float32')]),
  );
  model = TransformerModel.fromWeights(setup.config, tensors);
  tf.dispose(Object.values(tensors));
  parentPort?.postMessage({ ready: true });
}

function step(job: GradientStep): GradientResult {
  const current = model as TransformerModel;
  current.updateWeights((name, values) => values.set(job.weights[names.indexOf(name)]));
  return shareGradients(current, job, names, dropout);
}

parentPort?.on('message', (message: GradientStep) => {
  try {
    const result = step(message);
    parentPort?.postMessage(
      result,
      result.gradients.map((g) => g.buffer),
    );
  } catch (error) {
    parentPort?.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
});

start().catch((error: unknown) =>
  parentPort?.postMessage({ error: error instanceof Error ? error.message : String(error) }),
);
