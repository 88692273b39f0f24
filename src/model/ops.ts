/**
 * The transformer's building blocks, each a forward computation that also returns its backward step as a
 * closure. The model's backward pass is written out by hand from these instead of going through tfjs's gradient
 * tape, because on the wasm backend the tape is slow in three ways: a matMul with a transpose flag runs about ten
 * times slower than an explicit transpose followed by a plain matMul (the generic MatMul gradient uses the flags),
 * `gather` has no gradient (UnsortedSegmentSum is missing), and the tape copies every tensor it saves (wasm's
 * Identity kernel copies). Run everything inside one tf.tidy: the closures hold the forward pass's tensors.
 *
 * All activations are 2-D [rows, width]; the caller reshapes around them.
 */
import * as tf from '@tensorflow/tfjs';

/** Sums over rows of x [n, w] as a [1, n]·[n, w] product: wasm's Sum over a leading axis transposes first and is slow. */
export function columnSums(x: tf.Tensor2D): tf.Tensor1D {
  return tf.matMul(tf.ones([1, x.shape[0]]) as tf.Tensor2D, x).reshape([x.shape[1]]) as tf.Tensor1D;
}

export interface DenseGrads {
  dx: tf.Tensor2D;
  dw: tf.Tensor2D;
  db: tf.Tensor1D;
}

/**
 * x·W + b for x [n, in], W [in, out], b [out]. Products sharing an input can share its transpose for their weight
 * gradients through `transposedInput`.
 */
export function dense(
  x: tf.Tensor2D,
  w: tf.Tensor2D,
  b: tf.Tensor1D,
  transposedInput: () => tf.Tensor2D = () => tf.transpose(x),
): [tf.Tensor2D, (dy: tf.Tensor2D) => DenseGrads] {
  const y = tf.fused.matMul({ a: x, b: w, bias: b }) as tf.Tensor2D;
  return [
    y,
    (dy) => ({ dx: tf.matMul(dy, tf.transpose(w)), dw: tf.matMul(transposedInput(), dy), db: columnSums(dy) }),
  ];
}

/** A function computing `make()` once, on first call. */
export function once<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

/** x·Eᵀ + b for x [n, h], E [v, h], b [v]: the output layer tied to the token embeddings, as BERT ties them. */
export function denseTransposed(
  x: tf.Tensor2D,
  e: tf.Tensor2D,
  b: tf.Tensor1D,
): [tf.Tensor2D, (dy: tf.Tensor2D) => DenseGrads] {
  const y = tf.fused.matMul({ a: x, b: tf.transpose(e), bias: b }) as tf.Tensor2D;
  return [y, (dy) => ({ dx: tf.matMul(dy, e), dw: tf.matMul(tf.transpose(dy), x), db: columnSums(dy) })];
}

/**
 * Rows of the embedding table E [v, h] for token ids [n], as a one-hot matrix times E: plain matMuls forward and
 * backward, with repeated ids accumulating in the gradient.
 */
export function embed(ids: tf.Tensor1D, table: tf.Tensor2D): [tf.Tensor2D, (dy: tf.Tensor2D) => tf.Tensor2D] {
  const oneHot = tf.oneHot(ids, table.shape[0]).asType('float32') as tf.Tensor2D;
  return [tf.matMul(oneHot, table), (dy) => tf.matMul(tf.transpose(oneHot), dy)];
}

/** Rows `rows` (distinct indices) of x [n, h]; the gradient scatters back into zeros elsewhere. */
export function selectRows(x: tf.Tensor2D, rows: tf.Tensor1D): [tf.Tensor2D, (dy: tf.Tensor2D) => tf.Tensor2D] {
  const shape = x.shape;
  return [tf.gather(x, rows), (dy) => tf.scatterND(rows.reshape([-1, 1]), dy, shape) as tf.Tensor2D];
}

export interface NormGrads {
  dx: tf.Tensor2D;
  dgamma: tf.Tensor1D;
  dbeta: tf.Tensor1D;
}

/** Layer normalisation over the last axis of x [n, h], then scale γ and shift β. */
export function layerNorm(
  x: tf.Tensor2D,
  gamma: tf.Tensor1D,
  beta: tf.Tensor1D,
  eps: number,
): [tf.Tensor2D, (dy: tf.Tensor2D) => NormGrads] {
  const centred = tf.sub(x, tf.mean(x, -1, true));
  const rstd = tf.rsqrt(tf.add(tf.mean(tf.square(centred), -1, true), eps));
  const xhat = tf.mul(centred, rstd) as tf.Tensor2D;
  const y = tf.add(tf.mul(xhat, gamma), beta) as tf.Tensor2D;
  return [
    y,
    (dy) => {
      const dxhat = tf.mul(dy, gamma);
      // dx = rstd · (dx̂ − mean(dx̂) − x̂ · mean(dx̂ · x̂))
      const centredGrad = tf.sub(
        tf.sub(dxhat, tf.mean(dxhat, -1, true)),
        tf.mul(xhat, tf.mean(tf.mul(dxhat, xhat), -1, true)),
      );
      return {
        dx: tf.mul(rstd, centredGrad) as tf.Tensor2D,
        dgamma: columnSums(tf.mul(dy, xhat) as tf.Tensor2D),
        dbeta: columnSums(dy),
      };
    },
  ];
}

const INV_SQRT2 = Math.SQRT1_2;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** GELU with the exact normal CDF, x · Φ(x), as BERT's `gelu`. */
export function gelu(x: tf.Tensor2D): [tf.Tensor2D, (dy: tf.Tensor2D) => tf.Tensor2D] {
  const cdf = tf.mul(0.5, tf.add(1, tf.erf(tf.mul(x, INV_SQRT2))));
  // d/dx x·Φ(x) = Φ(x) + x·φ(x)
  return [
    tf.mul(x, cdf) as tf.Tensor2D,
    (dy) => tf.mul(dy, tf.add(cdf, tf.mul(x, tf.mul(INV_SQRT_2PI, tf.exp(tf.mul(-0.5, tf.square(x))))))) as tf.Tensor2D,
  ];
}

/** x times a fixed mask (dropout), or x itself when there is no mask. */
export function scale<T extends tf.Tensor>(x: T, mask: tf.Tensor | null): [T, (dy: T) => T] {
  if (mask === null) return [x, (dy) => dy];
  return [tf.mul(x, mask) as T, (dy) => tf.mul(dy, mask) as T];
}

/**
 * Weighted mean cross-entropy of logits [n, v] against integer labels [n]: Σ wᵢ·(−log softmax(logitsᵢ)[labelᵢ]) / Σ wᵢ,
 * and its gradient with respect to the logits. `weightSum` must be Σ wᵢ > 0.
 */
export function weightedCrossEntropy(
  logits: tf.Tensor2D,
  labels: tf.Tensor1D,
  weights: tf.Tensor1D,
  weightSum: number,
): [tf.Scalar, tf.Tensor2D] {
  const target = tf.oneHot(labels, logits.shape[1]).asType('float32');
  const share = tf.div(weights, weightSum).reshape([-1, 1]);
  const logProbs = tf.logSoftmax(logits);
  const loss = tf.neg(tf.sum(tf.mul(tf.mul(logProbs, target), share))) as tf.Scalar;
  // d/dz = (softmax − one-hot) · wᵢ / Σw
  return [loss, tf.mul(tf.sub(tf.exp(logProbs), target), share) as tf.Tensor2D];
}
