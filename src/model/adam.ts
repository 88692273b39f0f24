/**
 * Adam (Kingma & Ba; PyTorch's form, as the original trained with torch.optim.Adam) run on the host: one pass
 * in JavaScript over each weight's values instead of tfjs's ~11 kernels per weight per step, which on the wasm
 * backend cost more in dispatch than the arithmetic itself (a tiny model has ~45 weights, so ~500 kernels a step).
 *
 *   m ← β₁m + (1−β₁)g,  v ← β₂v + (1−β₂)g²,  w ← w − lr · (m / (1−β₁ᵗ)) / (√(v / (1−β₂ᵗ)) + ε)
 */
import type { TransformerModel } from './transformer.js';

export interface AdamOptions {
  learningRate: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

export class HostAdam {
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  private readonly moments = new Map<string, { m: Float32Array; v: Float32Array }>();
  private steps = 0;

  constructor(options: AdamOptions) {
    this.learningRate = options.learningRate;
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-8;
  }

  /** One step on every weight of `model`; `gradient(name)` gives the weight's gradient values. */
  apply(model: TransformerModel, gradient: (name: string) => Float32Array): void {
    this.steps++;
    const { beta1, beta2, epsilon, learningRate } = this;
    const correction1 = 1 - beta1 ** this.steps;
    const correction2 = 1 - beta2 ** this.steps;
    model.updateWeights((name, w) => {
      const g = gradient(name);
      let state = this.moments.get(name);
      if (!state) {
        state = { m: new Float32Array(w.length), v: new Float32Array(w.length) };
        this.moments.set(name, state);
      }
      const { m, v } = state;
      for (let i = 0; i < w.length; i++) {
        m[i] = beta1 * m[i] + (1 - beta1) * g[i];
        v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
        w[i] -= (learningRate * (m[i] / correction1)) / (Math.sqrt(v[i] / correction2) + epsilon);
      }
    });
  }
}
