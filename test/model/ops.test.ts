import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { chooseBackend } from '../../src/model/backend.js';
import { dense, denseTransposed, embed, gelu, layerNorm, selectRows, weightedCrossEntropy } from '../../src/model/ops.js';

/** max |a − b| over value and every input gradient of sum(f · ramp), custom op against tfjs's own gradients. */
function compare(custom: (...a: tf.Tensor[]) => tf.Tensor, reference: (...a: tf.Tensor[]) => tf.Tensor, inputs: tf.Tensor[]): number {
  return tf.tidy(() => {
    const weighted = (f: (...a: tf.Tensor[]) => tf.Tensor) => (...a: tf.Tensor[]) => {
      const y = f(...a);
      return tf.sum(tf.mul(y, tf.range(1, y.size + 1).reshape(y.shape)));
    };
    const a = tf.grads(weighted(custom))(inputs);
    const b = tf.grads(weighted(reference))(inputs);
    const diffs = a.map((g, i) => tf.max(tf.abs(tf.sub(g, b[i]))).dataSync()[0]);
    diffs.push(tf.max(tf.abs(tf.sub(custom(...inputs), reference(...inputs)))).dataSync()[0]);
    return Math.max(...diffs);
  });
}

describe('hand-written gradients', () => {
  beforeAll(async () => {
    await chooseBackend();
  });
  let x: tf.Tensor2D;
  let w: tf.Tensor2D;
  let b: tf.Tensor1D;
  beforeAll(() => {
    x = tf.randomNormal([6, 4], 0, 1, 'float32', 1) as tf.Tensor2D;
    w = tf.randomNormal([4, 3], 0, 1, 'float32', 2) as tf.Tensor2D;
    b = tf.randomNormal([3], 0, 1, 'float32', 3) as tf.Tensor1D;
  });

  it('dense and the tied output layer match matMul + bias', () => {
    expect(compare((p, q, r) => dense(p as tf.Tensor2D, q as tf.Tensor2D, r as tf.Tensor1D), (p, q, r) => tf.add(tf.matMul(p as tf.Tensor2D, q as tf.Tensor2D), r), [x, w, b])).toBeLessThan(1e-4);
    const e = tf.randomNormal([3, 4], 0, 1, 'float32', 4) as tf.Tensor2D;
    expect(compare((p, q, r) => denseTransposed(p as tf.Tensor2D, q as tf.Tensor2D, r as tf.Tensor1D), (p, q, r) => tf.add(tf.matMul(p as tf.Tensor2D, q as tf.Tensor2D, false, true), r), [x, e, b])).toBeLessThan(1e-4);
  });

  it('embedding lookup and row selection match one-hot products (repeated ids accumulate)', () => {
    const ids = tf.tensor1d([0, 2, 2, 1, 2], 'int32');
    expect(compare((t) => embed(ids, t as tf.Tensor2D), (t) => tf.matMul(tf.oneHot(ids, 4).asType('float32'), t as tf.Tensor2D), [w])).toBeLessThan(1e-5);
    const rows = tf.tensor1d([4, 1, 0], 'int32');
    expect(compare((t) => selectRows(t as tf.Tensor2D, rows), (t) => tf.matMul(tf.oneHot(rows, 6).asType('float32'), t as tf.Tensor2D), [x])).toBeLessThan(1e-5);
  });

  it('layer norm and GELU match their formulas', () => {
    const g = tf.randomNormal([4], 1, 0.5, 'float32', 5) as tf.Tensor1D;
    const beta = tf.randomNormal([4], 0, 1, 'float32', 6) as tf.Tensor1D;
    const reference = (p: tf.Tensor, q: tf.Tensor, r: tf.Tensor) => {
      const m = tf.moments(p, -1, true);
      return tf.add(tf.mul(tf.div(tf.sub(p, m.mean), tf.sqrt(tf.add(m.variance, 1e-5))), q), r);
    };
    expect(compare((p, q, r) => layerNorm(p as tf.Tensor2D, q as tf.Tensor1D, r as tf.Tensor1D, 1e-5), reference, [x, g, beta])).toBeLessThan(1e-3);
    expect(compare((p) => gelu(p as tf.Tensor2D), (p) => tf.mul(tf.mul(p, 0.5), tf.add(1, tf.erf(tf.div(p, Math.SQRT2)))), [x])).toBeLessThan(1e-4);
  });

  it('weighted cross-entropy matches −Σ w·log softmax[label] / Σ w, ignoring weight-0 rows', () => {
    const labels = tf.tensor1d([0, 1, 2, 1, 0, 2], 'int32');
    const weights = tf.tensor1d([1, 0, 2, 1, 1, 3]) as tf.Tensor1D;
    const logits = tf.randomNormal([6, 3], 0, 1, 'float32', 7) as tf.Tensor2D;
    const reference = (z: tf.Tensor) => tf.div(tf.neg(tf.sum(tf.mul(tf.sum(tf.mul(tf.logSoftmax(z), tf.oneHot(labels, 3)), -1), weights))), 8);
    expect(compare((z) => weightedCrossEntropy(z as tf.Tensor2D, labels, weights, 8), reference, [logits])).toBeLessThan(1e-5);
  });
});
