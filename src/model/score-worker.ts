/**
 * A scoring worker thread: its own tfjs instance and backend, a model rebuilt from the weights it was sent, and
 * one part of the distinct rows (see score.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { parentPort, workerData } from 'node:worker_threads';
import { chooseBackend } from './backend.js';
import { TransformerModel } from './transformer.js';
import { scoreDistinct, type ScoreJob } from './score.js';

const job = workerData as ScoreJob;
try {
  await chooseBackend({ backend: job.backend });
  const tensors = Object.fromEntries(job.weights.map((w) => [w.name, tf.tensor(w.values, w.shape, 'float32')]));
  const model = TransformerModel.fromWeights(job.config, tensors);
  tf.dispose(Object.values(tensors));
  const result = scoreDistinct(model, job.tokens, job.lengths, job.batchSize, job.topK, job.scoreBy);
  model.dispose();
  parentPort?.postMessage({ result }, [
    result.score.buffer,
    result.tokenAnomaly.buffer,
    result.expected.buffer,
    result.expectedProbability.buffer,
  ]);
} catch (error) {
  parentPort?.postMessage({ error: error instanceof Error ? error.message : String(error) });
}
