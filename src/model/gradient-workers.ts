/**
 * Data-parallel training steps on threads: the batch is masked in the main thread (so the masking is the same as
 * in one thread) and cut into one contiguous share per thread — the main thread computes the first share itself
 * while worker threads compute the others. Each share's loss is normalised by the whole batch's masked positions,
 * so the shares' gradients add up to the batch gradient; the main thread adds them in share order (deterministic)
 * and applies Adam. Each thread draws dropout from its own seeded stream: training is reproducible for a given
 * number of threads.
 */
import * as tf from '@tensorflow/tfjs';
import type { Worker } from 'node:worker_threads';
import { ZeekseqError } from '../util/errors.js';
import type { BackendName } from './backend.js';
import type { TransformerConfig } from './config.js';
import { IGNORED, type MaskedRows } from './masking.js';
import { weightLayout, type DropoutSource, type TransformerModel } from './transformer.js';
import { maskedBatch } from './batch.js';
import { startModelWorker } from './worker-thread.js';

export interface WorkerSetup {
  config: TransformerConfig;
  backend: BackendName;
  dropoutSeed: number;
  /** Initial weights in layout order. */
  weights: Float32Array[];
}

export interface GradientStep {
  /** Current weights in layout order. */
  weights: Float32Array[];
  inputs: Int32Array;
  labels: Int32Array;
  lengths: Int32Array;
  seqLen: number;
  /** Masked positions in the whole batch. */
  weightSum: number;
}

export interface GradientResult {
  loss: number;
  /** In layout order. */
  gradients: Float32Array[];
}

export class GradientWorkers {
  private constructor(
    private readonly workers: Worker[],
    private readonly names: string[],
    private readonly dropout: DropoutSource,
  ) {}

  /**
   * Starts `threads` − 1 workers with copies of `model` (the main thread is the first thread); `dropout` draws the
   * main thread's dropout and `dropoutSeed(i)` seeds that of worker i (1-based).
   */
  static async start(
    threads: number,
    model: TransformerModel,
    backend: BackendName,
    dropout: DropoutSource,
    dropoutSeed: (worker: number) => number,
  ): Promise<GradientWorkers> {
    const names = weightLayout(model.config).map((w) => w.name);
    const weights = currentWeights(model, names);
    const workers = Array.from({ length: threads - 1 }, (_, i) =>
      startModelWorker('train-worker', {
        config: model.config,
        backend,
        dropoutSeed: dropoutSeed(i + 1),
        weights,
      } satisfies WorkerSetup),
    );
    const pool = new GradientWorkers(workers, names, dropout);
    try {
      await Promise.all(workers.map((worker) => reply<{ ready: true }>(worker)));
    } catch (error) {
      await pool.close();
      throw error;
    }
    return pool;
  }

  /**
   * Loss and gradients (by weight name) of a masked batch (`lengths.length` rows, `seqLen` wide) at the model's
   * current weights.
   */
  async step(
    model: TransformerModel,
    masked: MaskedRows,
    lengths: Int32Array,
    seqLen: number,
  ): Promise<{ loss: number; count: number; gradients: Map<string, Float32Array> }> {
    let count = 0;
    for (const label of masked.labels) if (label !== IGNORED) count++;
    const weights = currentWeights(model, this.names);
    const rows = lengths.length;
    const shares = Math.min(this.workers.length + 1, rows);
    const share = (i: number): GradientStep => {
      const from = Math.floor((rows * i) / shares);
      const to = Math.floor((rows * (i + 1)) / shares);
      return {
        weights,
        inputs: masked.inputs.slice(from * seqLen, to * seqLen),
        labels: masked.labels.slice(from * seqLen, to * seqLen),
        lengths: lengths.slice(from, to),
        seqLen,
        weightSum: count,
      };
    };
    const remote = Array.from({ length: shares - 1 }, (_, i) => {
      this.workers[i].postMessage(share(i + 1));
      return reply<GradientResult>(this.workers[i]);
    });
    const local = shareGradients(model, share(0), this.names, this.dropout);
    const results = [local, ...(await Promise.all(remote))];
    const gradients = new Map<string, Float32Array>();
    this.names.forEach((name, k) => {
      const sum = results[0].gradients[k];
      for (let i = 1; i < results.length; i++) {
        const part = results[i].gradients[k];
        for (let j = 0; j < sum.length; j++) sum[j] += part[j];
      }
      gradients.set(name, sum);
    });
    return { loss: results.reduce((total, r) => total + r.loss, 0), count, gradients };
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}

/** Loss and gradients (in `names` order) of one share at the model's current weights. */
export function shareGradients(
  model: TransformerModel,
  job: GradientStep,
  names: string[],
  dropout: DropoutSource,
): GradientResult {
  let loss = 0;
  let gradients: Float32Array[] = [];
  // typed arrays are read out inside the tidy but not returned from it: tf.tidy walks what it returns
  tf.tidy(() => {
    const batch = maskedBatch({ inputs: job.inputs, labels: job.labels }, job.lengths, job.seqLen);
    const ones = tf.ones([batch.labelValues.length]) as tf.Tensor1D;
    const result = model.lossAndGradients(
      batch.ids,
      batch.keyBias,
      batch.positions,
      batch.labels,
      ones,
      job.weightSum,
      dropout,
    );
    loss = result.loss.dataSync()[0];
    gradients = names.map((name) => result.gradients[name].dataSync() as Float32Array);
  });
  return { loss, gradients };
}

function currentWeights(model: TransformerModel, names: string[]): Float32Array[] {
  const weights = model.namedWeights();
  return names.map((name) => weights[name].dataSync() as Float32Array);
}

/** The worker's next message, or its error. */
function reply<T>(worker: Worker): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: T | { error: string }) => {
      worker.off('error', onError);
      if (message && typeof message === 'object' && 'error' in message)
        reject(new ZeekseqError(`training worker failed: ${message.error}`));
      else resolve(message as T);
    };
    const onError = (error: Error) => {
      worker.off('message', onMessage);
      reject(error);
    };
    worker.once('message', onMessage);
    worker.once('error', onError);
  });
}
