/**
 * The BERT-style encoder with a masked-token head, written with tf ops on tf.variable weights (no tf.layers) and
 * a hand-written backward pass, so every matMul and gradient is the fast kind for the wasm backend (see ops.ts;
 * test/model/transformer.test.ts checks the gradients against tfjs autograd):
 *
 *   token + position embeddings → layer norm → dropout
 *   N × [ multi-head self-attention (padding keys masked out) → dropout → residual → layer norm
 *         → dense → GELU → dense → dropout → residual → layer norm ]
 *   prediction head at the requested positions: dense → GELU → layer norm → tied output embedding + bias.
 *
 * As in BERT the output layer shares the token embedding matrix. There are no segment embeddings: a connection's
 * sequence is one segment. Weights are drawn from N(0, initRange²) (biases 0, layer-norm scales 1) by the
 * project's seeded generator in a fixed order, so a config and seed give the same model on every backend, and
 * dropout masks come from the same generator, so training is reproducible too.
 */
import * as tf from '@tensorflow/tfjs';
import { createRandom, type Random } from '../util/random.js';
import { ZeekseqError } from '../util/errors.js';
import { validateConfig, type TransformerConfig } from './config.js';
import {
  dense,
  denseTransposed,
  embed,
  gelu,
  layerNorm,
  once,
  scale,
  selectRows,
  weightedCrossEntropy,
  type DenseGrads,
  type NormGrads,
} from './ops.js';

/** Added to attention scores of padding keys: exp() of it is exactly 0 in float32. */
const MASKED_SCORE = -1e9;

/** What dropout draws its masks from during training. */
export interface DropoutSource {
  rng: Random;
}

type Init = 'normal' | 'zeros' | 'ones';

/** Names, shapes and initialisation of every weight, in the fixed order weights are drawn. */
export function weightLayout(config: TransformerConfig): Array<{ name: string; shape: number[]; init: Init }> {
  const { vocabSize, seqLen, hidden: h, ff, layers } = config;
  const layout: Array<{ name: string; shape: number[]; init: Init }> = [];
  const add = (name: string, shape: number[], init: Init) => layout.push({ name, shape, init });
  const denseLayer = (name: string, inputs: number, outputs: number) => {
    add(`${name}.kernel`, [inputs, outputs], 'normal');
    add(`${name}.bias`, [outputs], 'zeros');
  };
  const norm = (name: string) => {
    add(`${name}.gamma`, [h], 'ones');
    add(`${name}.beta`, [h], 'zeros');
  };
  add('embeddings.token', [vocabSize, h], 'normal');
  add('embeddings.position', [seqLen, h], 'normal');
  norm('embeddings.norm');
  for (let l = 0; l < layers; l++) {
    denseLayer(`layer${l}.attention.query`, h, h);
    denseLayer(`layer${l}.attention.key`, h, h);
    denseLayer(`layer${l}.attention.value`, h, h);
    denseLayer(`layer${l}.attention.output`, h, h);
    norm(`layer${l}.attention.norm`);
    denseLayer(`layer${l}.ff.in`, h, ff);
    denseLayer(`layer${l}.ff.out`, ff, h);
    norm(`layer${l}.ff.norm`);
  }
  denseLayer('head.transform', h, h);
  norm('head.norm');
  add('head.bias', [vocabSize], 'zeros');
  return layout;
}

export class TransformerModel {
  readonly config: TransformerConfig;
  private readonly weights: Map<string, tf.Variable>;

  private constructor(config: TransformerConfig, weights: Map<string, tf.Variable>) {
    this.config = config;
    this.weights = weights;
  }

  /** A new model with weights drawn from `seed`. */
  static create(config: TransformerConfig, seed: number): TransformerModel {
    validateConfig(config);
    const rng = createRandom(seed);
    const weights = new Map<string, tf.Variable>();
    for (const { name, shape, init } of weightLayout(config)) {
      const size = shape.reduce((a, b) => a * b, 1);
      const values = new Float32Array(size);
      if (init === 'ones') values.fill(1);
      if (init === 'normal') fillNormal(values, config.initRange, rng);
      const initial = tf.tensor(values, shape, 'float32');
      weights.set(name, tf.variable(initial));
      initial.dispose();
    }
    return new TransformerModel(config, weights);
  }

  /** A model from saved weights; every weight of the layout must be there with its exact shape. */
  static fromWeights(config: TransformerConfig, tensors: tf.NamedTensorMap): TransformerModel {
    validateConfig(config);
    const problems: string[] = [];
    const layout = weightLayout(config);
    for (const { name, shape } of layout) {
      const tensor = tensors[name];
      if (!tensor) problems.push(`${name} is missing`);
      else if (!tf.util.arraysEqual(tensor.shape, shape))
        problems.push(`${name} has shape [${tensor.shape}], expected [${shape}]`);
      else if (tensor.dtype !== 'float32') problems.push(`${name} is ${tensor.dtype}, expected float32`);
    }
    const expected = new Set(layout.map((w) => w.name));
    for (const name of Object.keys(tensors))
      if (!expected.has(name)) problems.push(`${name} is not a weight of this model`);
    if (problems.length > 0) {
      throw new ZeekseqError(
        `model weights do not fit the config: ${problems.join('; ')}. The weights and config come from different models; save the model again.`,
      );
    }
    const weights = new Map<string, tf.Variable>();
    for (const { name } of layout) weights.set(name, tf.variable(tensors[name]));
    return new TransformerModel(config, weights);
  }

  /** The weights by name (the live variables: read, do not dispose). */
  namedWeights(): tf.NamedTensorMap {
    return Object.fromEntries(this.weights);
  }

  /** The trainable variables, in layout order. */
  variables(): tf.Variable[] {
    return [...this.weights.values()];
  }

  get parameterCount(): number {
    let total = 0;
    for (const w of this.weights.values()) total += w.size;
    return total;
  }

  /** Overwrites every weight with the given values (same names and shapes), e.g. to restore the best epoch. */
  assignWeights(tensors: tf.NamedTensorMap): void {
    for (const [name, variable] of this.weights) variable.assign(tensors[name]);
  }

  dispose(): void {
    for (const w of this.weights.values()) w.dispose();
    this.weights.clear();
  }

  /**
   * Encodes token ids [B, L] (L ≤ seqLen) into hidden states [B·L, hidden]. `keyBias` [B, 1, 1, L] holds 0 for real
   * positions and a large negative number for padding (null when no row has padding); `dropout` is null at inference.
   * With `queryRows` (one row index into the B·L rows per sequence) the last layer is computed only at those rows
   * and the result is [B, hidden]: all that scoring one masked position per sequence needs, at a fraction of the
   * last layer's work.
   */
  encode(
    ids: tf.Tensor2D,
    keyBias: tf.Tensor4D | null,
    dropout: DropoutSource | null,
    queryRows: tf.Tensor1D | null = null,
  ): tf.Tensor2D {
    return this.encoder(ids, keyBias, dropout, queryRows)[0];
  }

  /**
   * Token logits [M, vocabSize] at rows `rows` (distinct indices into the B·L rows of `encode`'s output), or at
   * every row given when `rows` is null.
   */
  logitsAt(hiddenStates: tf.Tensor2D, rows: tf.Tensor1D | null): tf.Tensor2D {
    return this.head(hiddenStates, rows)[0];
  }

  /**
   * The masked-token loss of a batch (weighted mean cross-entropy at `positions`, see ops.ts) and its gradient for
   * every weight, by name. Call inside tf.tidy.
   */
  lossAndGradients(
    ids: tf.Tensor2D,
    keyBias: tf.Tensor4D | null,
    positions: tf.Tensor1D,
    labels: tf.Tensor1D,
    weights: tf.Tensor1D,
    weightSum: number,
    dropout: DropoutSource | null,
  ): { loss: tf.Scalar; gradients: tf.NamedTensorMap } {
    const [hidden, encoderBack] = this.encoder(ids, keyBias, dropout);
    const [logits, headBack] = this.head(hidden, positions);
    const [loss, dLogits] = weightedCrossEntropy(logits, labels, weights, weightSum);
    const gradients: tf.NamedTensorMap = {};
    const add = (name: string, grad: tf.Tensor) => {
      gradients[name] = gradients[name] ? tf.add(gradients[name], grad) : grad;
    };
    encoderBack(headBack(dLogits, add), add);
    return { loss, gradients };
  }

  /** Rewrites every weight in place: `update` gets a copy of the weight's values to change. */
  updateWeights(update: (name: string, values: Float32Array) => void): void {
    for (const [name, variable] of this.weights) {
      const values = variable.dataSync() as Float32Array;
      update(name, values);
      const next = tf.tensor(values, variable.shape, 'float32');
      variable.assign(next);
      next.dispose();
    }
  }

  private encoder(
    ids: tf.Tensor2D,
    keyBias: tf.Tensor4D | null,
    dropout: DropoutSource | null,
    queryRows: tf.Tensor1D | null = null,
  ): [tf.Tensor2D, (dy: tf.Tensor2D, add: AddGradient) => void] {
    const { hidden, layers, seqLen } = this.config;
    const [batch, length] = ids.shape;
    const rows = batch * length;
    let positions = this.weight('embeddings.position') as tf.Tensor2D;
    if (length < seqLen) positions = tf.slice(positions, [0, 0], [length, hidden]);
    const [tokens, tokensBack] = embed(
      ids.reshape([rows]) as tf.Tensor1D,
      this.weight('embeddings.token') as tf.Tensor2D,
    );
    const summed = tf.add(tokens.reshape([batch, length, hidden]), positions).reshape([rows, hidden]) as tf.Tensor2D;
    const [normed, normBack] = this.norm(summed, 'embeddings.norm');
    let [x, dropBack] = scale(normed, this.dropoutMask(normed.shape, this.config.dropout, dropout));
    const layerBacks: Array<(dy: tf.Tensor2D, add: AddGradient) => tf.Tensor2D> = [];
    for (let l = 0; l < layers; l++) {
      const [y, back] = this.layer(
        x,
        batch,
        length,
        keyBias,
        `layer${l}`,
        dropout,
        l === layers - 1 ? queryRows : null,
      );
      layerBacks.push(back);
      x = y;
    }
    return [
      x,
      (dy, add) => {
        let grad = dy;
        for (let l = layers - 1; l >= 0; l--) grad = layerBacks[l](grad, add);
        const norm = normBack(dropBack(grad));
        add('embeddings.norm.gamma', norm.dgamma);
        add('embeddings.norm.beta', norm.dbeta);
        // not columnSums: wasm caches its matMul operator by the data of the right operand, ignoring the shape, so a
        // reshaped view of norm.dx there would make tokensBack(norm.dx) below reuse an operator of the wrong size
        const dPositions = tf.sum(norm.dx.reshape([batch, length, hidden]), 0);
        add(
          'embeddings.position',
          length < seqLen
            ? tf.pad(dPositions, [
                [0, seqLen - length],
                [0, 0],
              ])
            : dPositions,
        );
        add('embeddings.token', tokensBack(norm.dx));
      },
    ];
  }

  /** One encoder layer; with `queryRows` only at those rows (see encode; its backward step is then unused). */
  private layer(
    x: tf.Tensor2D,
    batch: number,
    length: number,
    keyBias: tf.Tensor4D | null,
    p: string,
    dropout: DropoutSource | null,
    queryRows: tf.Tensor1D | null,
  ): [tf.Tensor2D, (dy: tf.Tensor2D, add: AddGradient) => tf.Tensor2D] {
    const rate = this.config.dropout;
    const selected = queryRows === null ? null : tf.gather(x, queryRows);
    const [attended, attentionBack] = this.attention(x, batch, length, keyBias, p, dropout, selected);
    const [attendedDropped, attendedDropBack] = scale(attended, this.dropoutMask(attended.shape, rate, dropout));
    const residual = selected ?? x;
    const [x1, norm1Back] = this.norm(tf.add(residual, attendedDropped) as tf.Tensor2D, `${p}.attention.norm`);
    const [inner, innerBack] = this.dense(x1, `${p}.ff.in`);
    const [activated, activatedBack] = gelu(inner);
    const [fed, fedBack] = this.dense(activated, `${p}.ff.out`);
    const [fedDropped, fedDropBack] = scale(fed, this.dropoutMask(fed.shape, rate, dropout));
    const [x2, norm2Back] = this.norm(tf.add(x1, fedDropped) as tf.Tensor2D, `${p}.ff.norm`);
    return [
      x2,
      (dy, add) => {
        const norm2 = norm2Back(dy);
        this.addNorm(add, `${p}.ff.norm`, norm2);
        const out = fedBack(fedDropBack(norm2.dx));
        this.addDense(add, `${p}.ff.out`, out);
        const into = innerBack(activatedBack(out.dx));
        this.addDense(add, `${p}.ff.in`, into);
        const norm1 = norm1Back(tf.add(norm2.dx, into.dx) as tf.Tensor2D);
        this.addNorm(add, `${p}.attention.norm`, norm1);
        return tf.add(norm1.dx, attentionBack(attendedDropBack(norm1.dx), add)) as tf.Tensor2D;
      },
    ];
  }

  /**
   * Multi-head self-attention; with `queryInput` (x at one row per sequence), queries only at those rows. Query, key and
   * value are three products rather than one [hidden, 3·hidden] product: splitting its columns apart is a strided
   * copy that wasm does slower than the products themselves. The 2-D products never use transpose flags.
   */
  private attention(
    x: tf.Tensor2D,
    batch: number,
    length: number,
    keyBias: tf.Tensor4D | null,
    p: string,
    dropout: DropoutSource | null,
    queryInput: tf.Tensor2D | null,
  ): [tf.Tensor2D, (dy: tf.Tensor2D, add: AddGradient) => tf.Tensor2D] {
    const { hidden, heads } = this.config;
    const size = hidden / heads;
    const groups = batch * heads;
    const factor = 1 / Math.sqrt(size);
    // [B·n, hidden] ↔ [B·heads, n, size] (wasm's 4-D transposes are fast, its 5-D ones are not)
    const toHeads = (t: tf.Tensor, n: number) =>
      t.reshape([batch, n, heads, size]).transpose([0, 2, 1, 3]).reshape([groups, n, size]) as tf.Tensor3D;
    const fromHeads = (t: tf.Tensor, n: number) =>
      t
        .reshape([batch, heads, n, size])
        .transpose([0, 2, 1, 3])
        .reshape([batch * n, hidden]) as tf.Tensor2D;
    const queryLength = queryInput === null ? length : 1;
    const transposed = once(() => tf.transpose(x));
    const [queries, queriesBack] = this.dense(
      queryInput ?? x,
      `${p}.attention.query`,
      queryInput === null ? transposed : undefined,
    );
    const [keys, keysBack] = this.dense(x, `${p}.attention.key`, transposed);
    const [values, valuesBack] = this.dense(x, `${p}.attention.value`, transposed);
    const query = toHeads(queries, queryLength);
    const key = toHeads(keys, length);
    const value = toHeads(values, length);
    // Batched products run wasm's plain loop whatever the flags, so a transpose flag there saves a transpose; only
    // the 2-D products (XNNPACK) must go without flags.
    let scores = tf.mul(tf.matMul(query, key, false, true), factor).reshape([batch, heads, queryLength, length]);
    if (keyBias !== null) scores = tf.add(scores, keyBias);
    const probs = tf.softmax(scores) as tf.Tensor4D;
    const [dropped, droppedBack] = scale(probs, this.dropoutMask(probs.shape, this.config.attentionDropout, dropout));
    const weights = dropped.reshape([groups, queryLength, length]) as tf.Tensor3D;
    const context = fromHeads(tf.matMul(weights, value), queryLength);
    const [out, outBack] = this.dense(context, `${p}.attention.output`);
    return [
      out,
      (dy, add) => {
        const outGrads = outBack(dy);
        this.addDense(add, `${p}.attention.output`, outGrads);
        const dContext = toHeads(outGrads.dx, length);
        const dWeights = tf.matMul(dContext, value, false, true);
        const dValue = tf.matMul(weights, dContext, true, false) as tf.Tensor3D;
        const dProbs = droppedBack(dWeights.reshape([batch, heads, length, length]) as tf.Tensor4D);
        // softmax: dscores = p · (dp − Σ dp·p)
        const dScores = tf
          .mul(tf.mul(probs, tf.sub(dProbs, tf.sum(tf.mul(dProbs, probs), -1, true))), factor)
          .reshape([groups, length, length]) as tf.Tensor3D;
        const dQuery = tf.matMul(dScores, key) as tf.Tensor3D;
        const dKey = tf.matMul(dScores, query, true, false) as tf.Tensor3D;
        const parts: Array<[string, (dy: tf.Tensor2D) => DenseGrads, tf.Tensor3D]> = [
          ['query', queriesBack, dQuery],
          ['key', keysBack, dKey],
          ['value', valuesBack, dValue],
        ];
        const dx = parts.map(([name, back, grad]) => {
          const grads = back(fromHeads(grad, length));
          this.addDense(add, `${p}.attention.${name}`, grads);
          return grads.dx;
        });
        return tf.addN(dx);
      },
    ];
  }

  /** The prediction head at `rows` of the hidden states, and its backward step (returns d hidden states). */
  private head(
    hiddenStates: tf.Tensor2D,
    rows: tf.Tensor1D | null,
  ): [tf.Tensor2D, (dy: tf.Tensor2D, add: AddGradient) => tf.Tensor2D] {
    const [selected, selectedBack] =
      rows === null ? [hiddenStates, (dy: tf.Tensor2D) => dy] : selectRows(hiddenStates, rows);
    const [transformed, transformedBack] = this.dense(selected, 'head.transform');
    const [activated, activatedBack] = gelu(transformed);
    const [normed, normBack] = this.norm(activated, 'head.norm');
    const [logits, logitsBack] = denseTransposed(
      normed,
      this.weight('embeddings.token') as tf.Tensor2D,
      this.weight('head.bias') as tf.Tensor1D,
    );
    return [
      logits,
      (dy, add) => {
        const output = logitsBack(dy);
        add('embeddings.token', output.dw);
        add('head.bias', output.db);
        const norm = normBack(output.dx);
        this.addNorm(add, 'head.norm', norm);
        const transform = transformedBack(activatedBack(norm.dx));
        this.addDense(add, 'head.transform', transform);
        return selectedBack(transform.dx);
      },
    ];
  }

  private dense(x: tf.Tensor2D, name: string, transposedInput?: () => tf.Tensor2D): ReturnType<typeof dense> {
    return dense(
      x,
      this.weight(`${name}.kernel`) as tf.Tensor2D,
      this.weight(`${name}.bias`) as tf.Tensor1D,
      transposedInput,
    );
  }

  private addDense(add: AddGradient, name: string, grads: DenseGrads): void {
    add(`${name}.kernel`, grads.dw);
    add(`${name}.bias`, grads.db);
  }

  private norm(x: tf.Tensor2D, name: string): ReturnType<typeof layerNorm> {
    return layerNorm(
      x,
      this.weight(`${name}.gamma`) as tf.Tensor1D,
      this.weight(`${name}.beta`) as tf.Tensor1D,
      this.config.layerNormEps,
    );
  }

  private addNorm(add: AddGradient, name: string, grads: NormGrads): void {
    add(`${name}.gamma`, grads.dgamma);
    add(`${name}.beta`, grads.dbeta);
  }

  /**
   * Inverted dropout mask (kept with probability 1 − rate, scaled by 1 / (1 − rate)); null when not training.
   * Each 32-bit draw decides two elements by its 16-bit halves: a step draws over a million decisions, and the rate
   * is then exact to 1/65536.
   */
  private dropoutMask(shape: number[], rate: number, dropout: DropoutSource | null): tf.Tensor | null {
    if (dropout === null || rate === 0) return null;
    const size = shape.reduce((a, b) => a * b, 1);
    const values = new Float32Array(size);
    const keep = 1 / (1 - rate);
    const cut = Math.round(rate * 65536);
    for (let i = 0; i < size; i += 2) {
      const bits = (dropout.rng.next() * 4294967296) >>> 0;
      if (bits >>> 16 >= cut) values[i] = keep;
      if ((bits & 0xffff) >= cut && i + 1 < size) values[i + 1] = keep;
    }
    return tf.tensor(values, shape, 'float32');
  }

  private weight(name: string): tf.Variable {
    const variable = this.weights.get(name);
    if (!variable) throw new Error(`transformer: no weight ${name} (the model was disposed?)`);
    return variable;
  }
}

type AddGradient = (name: string, grad: tf.Tensor) => void;

/** The key bias [B, 1, 1, L] for rows of the given real lengths: 0 on real positions, MASKED_SCORE on padding. */
export function keyBiasFor(lengths: ArrayLike<number>, length: number): tf.Tensor4D | null {
  const values = new Float32Array(lengths.length * length);
  let padded = false;
  for (let b = 0; b < lengths.length; b++) {
    for (let j = lengths[b]; j < length; j++) {
      values[b * length + j] = MASKED_SCORE;
      padded = true;
    }
  }
  return padded ? tf.tensor4d(values, [lengths.length, 1, 1, length]) : null;
}

/** Normal(0, std²) values by Box–Muller from the seeded generator. */
function fillNormal(values: Float32Array, std: number, rng: Random): void {
  for (let i = 0; i < values.length; i += 2) {
    const radius = Math.sqrt(-2 * Math.log(1 - rng.next())) * std;
    const angle = 2 * Math.PI * rng.next();
    values[i] = radius * Math.cos(angle);
    if (i + 1 < values.length) values[i + 1] = radius * Math.sin(angle);
  }
}
