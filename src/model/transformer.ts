/**
 * The BERT-style encoder with a masked-token head, written with tf ops on tf.variable weights (no tf.layers), so
 * every matMul and gradient is the fast kind for the wasm backend (see ops.ts):
 *
 *   token + position embeddings → layer norm → dropout
 *   N × [ multi-head self-attention (padding keys masked out) → dropout → residual → layer norm
 *         → dense → GELU → dense → dropout → residual → layer norm ]
 *   prediction head at the requested positions: dense → GELU → layer norm → tied output embedding + bias.
 *
 * As in BERT the output layer shares the token embedding matrix. There are no segment embeddings: a connection's
 * sequence is one segment. Weights are drawn from N(0, initRange²) (biases 0, layer-norm scales 1) by the
 * project's seeded generator in a fixed order, so a config and seed give the same model on every backend.
 */
import * as tf from '@tensorflow/tfjs';
import { createRandom, type Random } from '../util/random.js';
import { ZeekseqError } from '../util/errors.js';
import { validateConfig, type TransformerConfig } from './config.js';
import { dense, denseTransposed, embed, gelu, layerNorm, selectRows } from './ops.js';

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
      else if (!tf.util.arraysEqual(tensor.shape, shape)) problems.push(`${name} has shape [${tensor.shape}], expected [${shape}]`);
      else if (tensor.dtype !== 'float32') problems.push(`${name} is ${tensor.dtype}, expected float32`);
    }
    const expected = new Set(layout.map((w) => w.name));
    for (const name of Object.keys(tensors)) if (!expected.has(name)) problems.push(`${name} is not a weight of this model`);
    if (problems.length > 0) {
      throw new ZeekseqError(`model weights do not fit the config: ${problems.join('; ')}. The weights and config come from different models; save the model again.`);
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
   */
  encode(ids: tf.Tensor2D, keyBias: tf.Tensor4D | null, dropout: DropoutSource | null): tf.Tensor2D {
    const { hidden, layers, layerNormEps: eps } = this.config;
    const [batch, length] = ids.shape;
    const rows = batch * length;
    const w = (name: string) => this.weight(name);
    let positions = w('embeddings.position') as tf.Tensor2D;
    if (length < this.config.seqLen) positions = tf.slice(positions, [0, 0], [length, hidden]);
    let x = embed(ids.reshape([rows]) as tf.Tensor1D, w('embeddings.token') as tf.Tensor2D);
    x = tf.add(x.reshape([batch, length, hidden]), positions).reshape([rows, hidden]);
    x = this.drop(layerNorm(x, w('embeddings.norm.gamma') as tf.Tensor1D, w('embeddings.norm.beta') as tf.Tensor1D, eps), dropout);
    for (let l = 0; l < layers; l++) {
      const p = `layer${l}`;
      const attended = this.drop(this.attention(x, batch, length, keyBias, p, dropout), dropout);
      x = layerNorm(tf.add(x, attended), w(`${p}.attention.norm.gamma`) as tf.Tensor1D, w(`${p}.attention.norm.beta`) as tf.Tensor1D, eps);
      const inner = gelu(this.dense(x, `${p}.ff.in`));
      const fed = this.drop(this.dense(inner, `${p}.ff.out`), dropout);
      x = layerNorm(tf.add(x, fed), w(`${p}.ff.norm.gamma`) as tf.Tensor1D, w(`${p}.ff.norm.beta`) as tf.Tensor1D, eps);
    }
    return x;
  }

  /** Token logits [M, vocabSize] at rows `rows` (distinct indices into the B·L rows of `encode`'s output). */
  logitsAt(hiddenStates: tf.Tensor2D, rows: tf.Tensor1D): tf.Tensor2D {
    const selected = selectRows(hiddenStates, rows);
    const transformed = layerNorm(
      gelu(this.dense(selected, 'head.transform')),
      this.weight('head.norm.gamma') as tf.Tensor1D,
      this.weight('head.norm.beta') as tf.Tensor1D,
      this.config.layerNormEps,
    );
    return denseTransposed(transformed, this.weight('embeddings.token') as tf.Tensor2D, this.weight('head.bias') as tf.Tensor1D);
  }

  private attention(x: tf.Tensor2D, batch: number, length: number, keyBias: tf.Tensor4D | null, prefix: string, dropout: DropoutSource | null): tf.Tensor2D {
    const { hidden, heads } = this.config;
    const size = hidden / heads;
    const split = (t: tf.Tensor2D) => t.reshape([batch, length, heads, size]);
    // queries and values [B·heads, L, size]; keys transposed to [B·heads, size, L] so both matMuls are plain
    const query = tf.mul(split(this.dense(x, `${prefix}.attention.query`)), 1 / Math.sqrt(size)).transpose([0, 2, 1, 3]).reshape([batch * heads, length, size]);
    const key = split(this.dense(x, `${prefix}.attention.key`)).transpose([0, 2, 3, 1]).reshape([batch * heads, size, length]);
    const value = split(this.dense(x, `${prefix}.attention.value`)).transpose([0, 2, 1, 3]).reshape([batch * heads, length, size]);
    let scores = tf.matMul(query as tf.Tensor3D, key as tf.Tensor3D).reshape([batch, heads, length, length]);
    if (keyBias !== null) scores = tf.add(scores, keyBias);
    const probs = this.drop(tf.softmax(scores), dropout, this.config.attentionDropout).reshape([batch * heads, length, length]);
    const context = tf.matMul(probs as tf.Tensor3D, value as tf.Tensor3D).reshape([batch, heads, length, size]).transpose([0, 2, 1, 3]).reshape([batch * length, hidden]);
    return this.dense(context as tf.Tensor2D, `${prefix}.attention.output`);
  }

  private dense(x: tf.Tensor2D, name: string): tf.Tensor2D {
    return dense(x, this.weight(`${name}.kernel`) as tf.Tensor2D, this.weight(`${name}.bias`) as tf.Tensor1D);
  }

  private drop<T extends tf.Tensor>(x: T, dropout: DropoutSource | null, rate = this.config.dropout): T {
    if (dropout === null || rate === 0) return x;
    return tf.mul(x, dropoutMask(x.shape, rate, dropout.rng)) as T;
  }

  private weight(name: string): tf.Variable {
    const variable = this.weights.get(name);
    if (!variable) throw new Error(`transformer: no weight ${name} (the model was disposed?)`);
    return variable;
  }
}

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

/** Inverted dropout: each element kept with probability 1 − rate and scaled by 1 / (1 − rate). */
function dropoutMask(shape: number[], rate: number, rng: Random): tf.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  const values = new Float32Array(size);
  const keep = 1 / (1 - rate);
  for (let i = 0; i < size; i++) if (rng.next() >= rate) values[i] = keep;
  return tf.tensor(values, shape, 'float32');
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
