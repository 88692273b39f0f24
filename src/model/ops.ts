/**
 * The transformer's differentiable building blocks, each with a hand-written gradient. On the wasm backend the
 * generic gradients are slow or missing: a matMul with a transpose flag runs about ten times slower than an
 * explicit transpose followed by a plain matMul, and the gradient of `gather` needs UnsortedSegmentSum, which wasm
 * lacks. The gradients here use only plain matMuls, explicit transposes and kernels every backend has, and keep
 * the few intermediates the backward pass needs instead of recomputing them.
 *
 * All functions take 2-D activations [rows, width]; the caller reshapes around them. A gradient may only use
 * tensors passed to `save`: tfjs disposes everything else the forward pass created before the backward pass runs.
 */
import * as tf from '@tensorflow/tfjs';

type Saved = tf.Tensor[];
type Gradient<T extends tf.Tensor> = { value: T; gradFunc: (dy: T, saved: Saved) => tf.Tensor | tf.Tensor[] };

/** tf.customGrad with the inputs as an array and `save` apart. */
function withGradient<T extends tf.Tensor>(f: (inputs: tf.Tensor[], save: tf.GradSaveFunc) => Gradient<T>): (...inputs: tf.Tensor[]) => T {
  return tf.customGrad<T>((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    return f(args.slice(0, -1) as tf.Tensor[], save);
  });
}

/** Sums over rows of x [n, w] as a [1, n]·[n, w] product: wasm's Sum over a leading axis transposes first and is slow. */
function columnSums(x: tf.Tensor2D): tf.Tensor1D {
  return tf.matMul(tf.ones([1, x.shape[0]]) as tf.Tensor2D, x).reshape([x.shape[1]]) as tf.Tensor1D;
}

/** x·W + b for x [n, in], W [in, out], b [out]. */
const denseOp = withGradient<tf.Tensor2D>(([x, w, b], save) => {
  save([x, w]);
  return {
    value: tf.fused.matMul({ a: x as tf.Tensor2D, b: w as tf.Tensor2D, bias: b }) as tf.Tensor2D,
    gradFunc: (dy, [xs, ws]) => [tf.matMul(dy, tf.transpose(ws as tf.Tensor2D)), tf.matMul(tf.transpose(xs as tf.Tensor2D), dy), columnSums(dy)],
  };
});

export function dense(x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D): tf.Tensor2D {
  return denseOp(x, w, b);
}

/** x·Eᵀ + b for x [n, h], E [v, h], b [v]: the output layer tied to the token embeddings, as BERT ties them. */
const denseTransposedOp = withGradient<tf.Tensor2D>(([x, e, b], save) => {
  save([x, e]);
  return {
    value: tf.fused.matMul({ a: x as tf.Tensor2D, b: tf.transpose(e as tf.Tensor2D), bias: b }) as tf.Tensor2D,
    gradFunc: (dy, [xs, es]) => [tf.matMul(dy, es as tf.Tensor2D), tf.matMul(tf.transpose(dy), xs as tf.Tensor2D), columnSums(dy)],
  };
});

export function denseTransposed(x: tf.Tensor2D, e: tf.Tensor2D, b: tf.Tensor1D): tf.Tensor2D {
  return denseTransposedOp(x, e, b);
}

/**
 * Rows of the embedding table E [v, h] for token ids [n], as a one-hot matrix times E: a plain matMul forward and
 * backward (the gradient of a gather would need UnsortedSegmentSum, which wasm lacks).
 */
export function embed(ids: tf.Tensor1D, table: tf.Tensor2D): tf.Tensor2D {
  const oneHot = tf.oneHot(ids, table.shape[0]).asType('float32') as tf.Tensor2D;
  return withGradient<tf.Tensor2D>(([e], save) => {
    save([oneHot]);
    return {
      value: tf.matMul(oneHot, e as tf.Tensor2D),
      gradFunc: (dy, [selection]) => tf.matMul(tf.transpose(selection as tf.Tensor2D), dy),
    };
  })(table);
}

/** Rows `rows` (distinct indices) of x [n, h]; the gradient scatters back into the unselected zeros. */
export function selectRows(x: tf.Tensor2D, rows: tf.Tensor1D): tf.Tensor2D {
  const shape = x.shape;
  const indices = rows.reshape([-1, 1]) as tf.Tensor2D;
  return withGradient<tf.Tensor2D>(([input], save) => {
    save([indices]);
    return {
      value: tf.gather(input as tf.Tensor2D, rows),
      gradFunc: (dy, [where]) => tf.scatterND(where, dy, shape),
    };
  })(x);
}

/** Layer normalisation over the last axis of x [n, h], then scale γ and shift β. */
export function layerNorm(x: tf.Tensor2D, gamma: tf.Tensor1D, beta: tf.Tensor1D, eps: number): tf.Tensor2D {
  return withGradient<tf.Tensor2D>(([input, g, b], save) => {
    const centred = tf.sub(input, tf.mean(input, -1, true));
    const rstd = tf.rsqrt(tf.add(tf.mean(tf.square(centred), -1, true), eps));
    const normalised = tf.mul(centred, rstd);
    save([normalised, rstd, g]);
    return {
      value: tf.add(tf.mul(normalised, g), b) as tf.Tensor2D,
      gradFunc: (dy, [xhat, r, scale]) => {
        const dxhat = tf.mul(dy, scale);
        // dx = rstd · (dx̂ − mean(dx̂) − x̂ · mean(dx̂ · x̂))
        const centredGrad = tf.sub(tf.sub(dxhat, tf.mean(dxhat, -1, true)), tf.mul(xhat, tf.mean(tf.mul(dxhat, xhat), -1, true)));
        return [tf.mul(r, centredGrad), columnSums(tf.mul(dy, xhat) as tf.Tensor2D), columnSums(dy)];
      },
    };
  })(x, gamma, beta);
}

const INV_SQRT2 = Math.SQRT1_2;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** GELU with the exact normal CDF, x · Φ(x), as BERT's `gelu`. */
const geluOp = withGradient<tf.Tensor2D>(([x], save) => {
  const cdf = tf.mul(0.5, tf.add(1, tf.erf(tf.mul(x, INV_SQRT2))));
  save([x, cdf]);
  return {
    value: tf.mul(x, cdf) as tf.Tensor2D,
    // d/dx x·Φ(x) = Φ(x) + x·φ(x)
    gradFunc: (dy, [xs, c]) => tf.mul(dy, tf.add(c, tf.mul(xs, tf.mul(INV_SQRT_2PI, tf.exp(tf.mul(-0.5, tf.square(xs))))))),
  };
});

export function gelu(x: tf.Tensor2D): tf.Tensor2D {
  return geluOp(x);
}

/**
 * Weighted mean cross-entropy of logits [n, v] against integer labels [n]: Σ wᵢ·(−log softmax(logitsᵢ)[labelᵢ]) / Σ wᵢ.
 * Rows of weight 0 do not count; `weightSum` must be Σ wᵢ > 0.
 */
export function weightedCrossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D, weights: tf.Tensor1D, weightSum: number): tf.Scalar {
  const target = tf.oneHot(labels, logits.shape[1]).asType('float32');
  const scale = tf.div(weights, weightSum).reshape([-1, 1]);
  return withGradient<tf.Scalar>(([z], save) => {
    const logProbs = tf.logSoftmax(z);
    save([logProbs, target, scale]);
    return {
      value: tf.neg(tf.sum(tf.mul(tf.mul(logProbs, target), scale))) as tf.Scalar,
      // d/dz = (softmax − one-hot) · wᵢ / Σw, times the incoming scalar gradient
      gradFunc: (dy, [lp, t, s]) => tf.mul(dy, tf.mul(tf.sub(tf.exp(lp), t), s)),
    };
  })(logits);
}
