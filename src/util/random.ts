/**
 * Seeded pseudo-random numbers. Every random step in zeekseq takes a seed and draws from this
 * generator, so a run is reproducible on any machine: Math.random cannot be seeded, and a
 * 32-bit integer generator gives identical sequences in every JavaScript engine.
 */

/** The seed of every random step when none is given (the CLI's --seed default too). */
export const DEFAULT_SEED = 42;

/** A generator of uniform numbers in [0, 1), deterministic for a given seed. */
export interface Random {
  /** Next uniform number in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
}

/** mulberry32: tiny, fast, and passes the usual statistical batteries for simulation use. */
export function createRandom(seed: number): Random {
  if (!Number.isFinite(seed)) {
    throw new Error(`random seed must be a finite number, got ${seed}; pass an integer such as --seed 42`);
  }
  let state = Math.trunc(seed) >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n) };
}

/** A permutation of 0..n-1 (Fisher-Yates), reproducible for a seed. */
export function shuffledIndices(n: number, seed: number): Uint32Array {
  const rng = createRandom(seed);
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const tmp = order[i];
    order[i] = order[j];
    order[j] = tmp;
  }
  return order;
}
