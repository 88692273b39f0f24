/**
 * Data-parallel training steps on worker threads: the batch is masked in the main thread (so the masking is the
 * same as in one thread), cut into one contiguous share per worker, and each worker returns the loss and gradients
 * of its share with the loss normalised by the whole batch's masked positions, so the shares' gradients add up to
 * the batch gradient. The main thread adds them in worker order (deterministic) and applies Adam. Each worker draws
 * dropout from its own seeded stream: training is reproducible for a given number of workers.
 */
import type { Worker } from 'node:worker_threads';
import { ZeekseqError } from '../util/errors.js';
import type { BackendName } from './backend.js';
import type { TransformerConfig } from './config.js';
import { IGNORED, type MaskedRows } from './masking.js';
import { weightLayout, type TransformerModel } from './transformer.js';
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
  ) {}

  /** Starts `count` workers with copies of `model`; `dropoutSeed(i)` seeds worker i's dropout. */
  static async start(count: number, model: TransformerModel, backend: BackendName, dropoutSeed: (worker: number) => number): Promise<GradientWorkers> {
    const names = weightLayout(model.config).map((w) => w.name);
    const weights = currentWeights(model, names);
    const workers = Array.from({ length: count }, (_, i) =>
      startModelWorker('train-worker', { config: model.config, backend, dropoutSeed: dropoutSeed(i), weights } satisfies WorkerSetup),
    );
    const pool = new GradientWorkers(workers, names);
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
  async step(model: TransformerModel, masked: MaskedRows, lengths: Int32Array, seqLen: number): Promise<{ loss: number; count: number; gradients: Map<string, Float32Array> }> {
    let count = 0;
    for (const label of masked.labels) if (label !== IGNORED) count++;
    const weights = currentWeights(model, this.names);
    const rows = lengths.length;
    const shares = Math.min(this.workers.length, rows);
    const results = await Promise.all(
      Array.from({ length: shares }, (_, i) => {
        const from = Math.floor((rows * i) / shares);
        const to = Math.floor((rows * (i + 1)) / shares);
        const job: GradientStep = {
          weights,
          inputs: masked.inputs.slice(from * seqLen, to * seqLen),
          labels: masked.labels.slice(from * seqLen, to * seqLen),
          lengths: lengths.slice(from, to),
          seqLen,
          weightSum: count,
        };
        this.workers[i].postMessage(job);
        return reply<GradientResult>(this.workers[i]);
      }),
    );
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

function currentWeights(model: TransformerModel, names: string[]): Float32Array[] {
  const weights = model.namedWeights();
  return names.map((name) => weights[name].dataSync() as Float32Array);
}

/** The worker's next message, or its error. */
function reply<T>(worker: Worker): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: T | { error: string }) => {
      worker.off('error', onError);
      if (message && typeof message === 'object' && 'error' in message) reject(new ZeekseqError(`training worker failed: ${message.error}`));
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
