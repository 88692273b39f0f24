import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { chooseBackend } from '../../src/model/backend.js';
import { transformerConfig } from '../../src/model/config.js';
import { TransformerModel } from '../../src/model/transformer.js';
import { HostAdam } from '../../src/model/adam.js';

describe('HostAdam', () => {
  beforeAll(async () => {
    await chooseBackend();
  });

  it('takes the same steps as tf.train.adam', () => {
    const config = transformerConfig({ vocabSize: 9, seqLen: 4, hidden: 4, layers: 1, heads: 2, ff: 6 });
    const ours = TransformerModel.create(config, 1);
    const theirs = TransformerModel.create(config, 1);
    const host = new HostAdam({ learningRate: 0.01 });
    const reference = tf.train.adam(0.01, 0.9, 0.999, 1e-8);
    for (let step = 0; step < 3; step++) {
      tf.tidy(() => {
        const gradients = Object.fromEntries(
          Object.entries(ours.namedWeights()).map(([name, w], i) => [
            name,
            tf.randomNormal(w.shape, 0, 1, 'float32', 100 * step + i),
          ]),
        );
        host.apply(ours, (name) => gradients[name].dataSync() as Float32Array);
        const byVariable = Object.fromEntries(
          Object.entries(theirs.namedWeights()).map(([name, w]) => [(w as tf.Variable).name, gradients[name]]),
        );
        reference.applyGradients(byVariable as unknown as Parameters<typeof reference.applyGradients>[0]);
      });
    }
    const theirWeights = theirs.namedWeights();
    for (const [name, w] of Object.entries(ours.namedWeights())) {
      const difference = tf.max(tf.abs(tf.sub(w, theirWeights[name]))).dataSync()[0];
      expect(difference, name).toBeLessThan(1e-6);
    }
    // three steps of size ~lr moved every weight
    const moved = tf.max(tf.abs(tf.sub(ours.namedWeights()['head.bias'], tf.zeros([9])))).dataSync()[0];
    expect(moved).toBeGreaterThan(0.02);
    ours.dispose();
    theirs.dispose();
    reference.dispose();
  });
});
