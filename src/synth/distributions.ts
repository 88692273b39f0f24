/**
 * Random variates for the synthetic network, all drawn from a seeded `Random`: the shapes that
 * make traffic look measured rather than constant (heavy-tailed sizes, Poisson arrivals).
 */
import type { Random } from '../util/random.js';

/** Standard normal (Box-Muller; one pair of uniforms per draw keeps the stream simple to follow). */
export function normal(rng: Random): number {
  const u = 1 - rng.next(); // (0, 1]: log(0) is never taken
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

/** Log-normal with the given median; `sigma` is the spread of its logarithm. */
export function logNormal(rng: Random, median: number, sigma: number): number {
  return median * Math.exp(sigma * normal(rng));
}

/** Poisson count with the given mean (Knuth below 30, a rounded normal above, where it is close). */
export function poisson(rng: Random, mean: number): number {
  if (!(mean > 0)) return 0;
  if (mean >= 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal(rng)));
  const limit = Math.exp(-mean);
  let k = 0;
  let p = rng.next();
  while (p > limit) {
    k++;
    p *= rng.next();
  }
  return k;
}

/** True with probability `p`. */
export function chance(rng: Random, p: number): boolean {
  return rng.next() < p;
}

/** Uniform number in [lo, hi). */
export function uniform(rng: Random, lo: number, hi: number): number {
  return lo + (hi - lo) * rng.next();
}

/** Uniform integer in [lo, hi], both included. */
export function intBetween(rng: Random, lo: number, hi: number): number {
  return lo + rng.int(hi - lo + 1);
}

/** One element, uniformly. */
export function pick<T>(rng: Random, items: readonly T[]): T {
  return items[rng.int(items.length)];
}

/** `count` distinct elements (or all of them), in random order. */
export function sample<T>(rng: Random, items: readonly T[], count: number): T[] {
  const copy = items.slice();
  const n = Math.min(count, copy.length);
  for (let i = 0; i < n; i++) {
    const j = i + rng.int(copy.length - i);
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy.slice(0, n);
}

/** A sampler of `values` in proportion to `weights` (binary search over cumulative weights). */
export function weighted<T>(values: readonly T[], weights: readonly number[]): (rng: Random) => T {
  if (values.length === 0 || values.length !== weights.length) {
    throw new Error(
      `weighted choice needs one weight per value, got ${values.length} values and ${weights.length} weights`,
    );
  }
  const cumulative = new Float64Array(weights.length);
  let total = 0;
  weights.forEach((w, i) => (cumulative[i] = total += w));
  return (rng) => {
    const x = rng.next() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return values[lo];
  };
}

/** Lower-case letters and digits, `length` of them (random labels for names and paths). */
export function randomLabel(rng: Random, length: number, alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789'): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[rng.int(alphabet.length)];
  return out;
}

/** Hex digits, as in hashes and fingerprints. */
export function randomHex(rng: Random, length: number): string {
  return randomLabel(rng, length, '0123456789abcdef');
}
