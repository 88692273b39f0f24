/**
 * BERT's masked-token corruption, seeded. Per row, ⌈25% × the row's real length⌉ positions are chosen (the
 * original's count: length with CLS and SEP; at least one, and never more than the positions after CLS) among
 * every position after CLS — SEP included, so the model learns where sequences end, as the original intended when
 * it kept SEP only on sequences that fit; CLS and padding are never chosen. Each chosen position independently
 * becomes MASK (80%), a random word token (10%, uniform over ids FIRST_WORD..vocabSize-1; the original drew the
 * same way per row, not per position) or stays unchanged (10%); the model must predict the true token at every
 * chosen position.
 */
import type { Random } from '../util/random.js';
import { FIRST_WORD, MASK } from '../sequence/vocabulary.js';

export const MASK_RATE = 0.25;
export const MASK_TOKEN_SHARE = 0.8;
export const RANDOM_TOKEN_SHARE = 0.1;

/** Label of positions the loss ignores. */
export const IGNORED = -1;

export interface MaskedRows {
  /** Corrupted tokens, same layout as the input rows. */
  inputs: Int32Array;
  /** The true token at chosen positions, IGNORED elsewhere. */
  labels: Int32Array;
}

/** How many positions of a row of real length `length` (CLS and SEP included) are chosen. */
export function maskedCount(length: number): number {
  return Math.min(length - 1, Math.max(1, Math.ceil(MASK_RATE * length)));
}

/**
 * Corrupts the rows listed in `rows` (indices into `tokens`, row-major and `seqLen` wide, with real lengths
 * `lengths`; a row may be listed more than once) into a new block of `rows.length` rows. Draws from `rng` in list
 * order, so the same rows and generator state give the same result.
 */
export function maskRows(
  tokens: Int32Array,
  lengths: Int32Array,
  seqLen: number,
  vocabSize: number,
  rng: Random,
  rows: ArrayLike<number>,
): MaskedRows {
  const inputs = new Int32Array(rows.length * seqLen);
  const labels = new Int32Array(rows.length * seqLen).fill(IGNORED);
  const positions = new Int32Array(seqLen);
  const words = vocabSize - FIRST_WORD;
  for (let b = 0; b < rows.length; b++) {
    const source = rows[b] * seqLen;
    const target = b * seqLen;
    const length = lengths[rows[b]];
    inputs.set(tokens.subarray(source, source + seqLen), target);
    // partial Fisher–Yates over positions 1..length-1
    const available = length - 1;
    for (let k = 0; k < available; k++) positions[k] = k + 1;
    const chosen = maskedCount(length);
    for (let k = 0; k < chosen; k++) {
      const pick = k + rng.int(available - k);
      const position = positions[pick];
      positions[pick] = positions[k];
      positions[k] = position;
      labels[target + position] = tokens[source + position];
      const u = rng.next();
      if (u < MASK_TOKEN_SHARE) inputs[target + position] = MASK;
      else if (u < MASK_TOKEN_SHARE + RANDOM_TOKEN_SHARE) inputs[target + position] = FIRST_WORD + rng.int(words);
    }
  }
  return { inputs, labels };
}
