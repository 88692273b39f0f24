import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseBackend } from '../../src/model/backend.js';
import { transformerConfig } from '../../src/model/config.js';
import { TransformerModel, keyBiasFor, weightLayout } from '../../src/model/transformer.js';
import { createRandom } from '../../src/util/random.js';

describe('TransformerModel', () => {
  // dropout on, so the hand-written backward pass is checked through the dropout masks too
  const config = transformerConfig({
    vocabSize: 11,
    seqLen: 6,
    hidden: 8,
    layers: 2,
    heads: 2,
    ff: 12,
    dropout: 0.2,
    attentionDropout: 0.2,
  });
  const lengths = [6, 3, 4];
  const ids = [2, 5, 6, 7, 8, 9, 2, 10, 3, 0, 0, 0, 2, 4, 6, 3, 0, 0];
  const positions = [1, 4, 5, 7, 13, 14];
  const labels = [5, 8, 9, 10, 6, 3];
  const weights = [1, 2, 1, 3, 1, 1];

  beforeAll(async () => {
    // the reference gradients need tf.gather's gradient, which only the cpu backend has among the built-in ones
    await chooseBackend({ backend: 'cpu' });
  });
  afterAll(async () => {
    await chooseBackend({ backend: 'auto' });
  });

  it('has hand-written gradients equal to tfjs autograd through the same forward pass', () => {
    const model = TransformerModel.create(config, 3);
    const run = () => {
      const batch = {
        ids: tf.tensor2d(ids, [3, 6], 'int32'),
        keyBias: keyBiasFor(lengths, 6),
        positions: tf.tensor1d(positions, 'int32'),
        labels: tf.tensor1d(labels, 'int32'),
        weights: tf.tensor1d(weights) as tf.Tensor1D,
      };
      return model.lossAndGradients(batch.ids, batch.keyBias, batch.positions, batch.labels, batch.weights, 9, {
        rng: createRandom(4),
      });
    };
    const manual: tf.NamedTensorMap = tf.tidy(() => {
      const { loss, gradients } = run();
      return { loss, ...gradients };
    });
    const reference = tf.variableGrads(() => run().loss, model.variables());
    expect(reference.value.dataSync()[0]).toBeCloseTo(manual.loss.dataSync()[0], 5);
    const variables = model.namedWeights();
    for (const { name } of weightLayout(config)) {
      const expected = reference.grads[(variables[name] as tf.Variable).name];
      const got = manual[name];
      const scale = Math.max(1e-3, tf.max(tf.abs(expected)).dataSync()[0]);
      const error = tf.max(tf.abs(tf.sub(got, expected))).dataSync()[0] / scale;
      expect(error, name).toBeLessThan(1e-3);
    }
    expect(tf.max(tf.abs(manual['embeddings.position'].slice([3, 0], [3, 8]))).dataSync()[0]).toBeGreaterThan(0);
    model.dispose();
  });

  it('ignores padding: trimming padded positions leaves the real positions unchanged', () => {
    const model = TransformerModel.create(config, 5);
    const [padded, trimmed] = tf.tidy(() => {
      const full = model.encode(tf.tensor2d([2, 5, 6, 3, 0, 0], [1, 6], 'int32'), keyBiasFor([4], 6), null);
      const short = model.encode(tf.tensor2d([2, 5, 6, 3], [1, 4], 'int32'), null, null);
      return [full.slice([0, 0], [4, 8]), short];
    });
    expect(tf.max(tf.abs(tf.sub(padded, trimmed))).dataSync()[0]).toBeLessThan(1e-5);
    model.dispose();
  });

  it('computes the last layer at chosen rows only when asked, giving the same hidden states there', () => {
    const model = TransformerModel.create(config, 6);
    const [full, chosen] = tf.tidy(() => {
      const input = tf.tensor2d([2, 5, 4, 7, 2, 4, 9, 10], [2, 4], 'int32');
      const rows = tf.tensor1d([2, 5], 'int32');
      return [tf.gather(model.encode(input, null, null), rows), model.encode(input, null, null, rows)];
    });
    expect(chosen.shape).toEqual([2, 8]);
    expect(tf.max(tf.abs(tf.sub(full, chosen))).dataSync()[0]).toBeLessThan(1e-5);
    model.dispose();
  });

  it('draws the same weights from the same seed and refuses weights that do not fit the config', () => {
    const a = TransformerModel.create(config, 8);
    const b = TransformerModel.create(config, 8);
    expect(a.namedWeights()['layer1.ff.in.kernel'].dataSync()).toEqual(
      b.namedWeights()['layer1.ff.in.kernel'].dataSync(),
    );
    expect(a.parameterCount).toBe(weightLayout(config).reduce((sum, w) => sum + w.shape.reduce((x, y) => x * y, 1), 0));
    const wrong = { ...a.namedWeights(), 'head.bias': tf.zeros([3]), extra: tf.zeros([1]) };
    delete (wrong as Record<string, tf.Tensor>)['layer0.ff.in.bias'];
    expect(() => TransformerModel.fromWeights(config, wrong)).toThrow(
      /layer0\.ff\.in\.bias is missing; head\.bias has shape \[3\], expected \[11\]; extra is not a weight/,
    );
    a.dispose();
    b.dispose();
  });
});
