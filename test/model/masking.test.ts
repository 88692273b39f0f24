import { describe, expect, it } from 'vitest';
import { IGNORED, maskRows, maskedCount } from '../../src/model/masking.js';
import { CLS, FIRST_WORD, MASK, PAD } from '../../src/sequence/vocabulary.js';
import { createRandom } from '../../src/util/random.js';

const seqLen = 12;
const vocabSize = 40;

/** 4000 rows of lengths 2..12 (CLS, words, SEP where it fits), words drawn so MASK never occurs naturally. */
function rows(): { tokens: Int32Array; lengths: Int32Array } {
  const rng = createRandom(7);
  const n = 4000;
  const tokens = new Int32Array(n * seqLen);
  const lengths = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    const length = 2 + rng.int(seqLen - 1);
    lengths[r] = length;
    tokens[r * seqLen] = CLS;
    for (let k = 1; k < length; k++) tokens[r * seqLen + k] = FIRST_WORD + rng.int(vocabSize - FIRST_WORD);
  }
  return { tokens, lengths };
}

describe('maskRows', () => {
  const { tokens, lengths } = rows();
  const all = Int32Array.from({ length: lengths.length }, (_, i) => i);
  const masked = maskRows(tokens, lengths, seqLen, vocabSize, createRandom(1), all);

  it('chooses ceil(25% of the real length) positions per row, never CLS or padding', () => {
    for (let r = 0; r < lengths.length; r++) {
      let chosen = 0;
      for (let k = 0; k < seqLen; k++) {
        if (masked.labels[r * seqLen + k] === IGNORED) {
          expect(masked.inputs[r * seqLen + k]).toBe(tokens[r * seqLen + k]);
          continue;
        }
        chosen++;
        expect(k).toBeGreaterThan(0);
        expect(k).toBeLessThan(lengths[r]);
        expect(masked.labels[r * seqLen + k]).toBe(tokens[r * seqLen + k]);
      }
      expect(chosen).toBe(maskedCount(lengths[r]));
      expect(masked.inputs[r * seqLen]).toBe(CLS);
      for (let k = lengths[r]; k < seqLen; k++) expect(masked.inputs[r * seqLen + k]).toBe(PAD);
    }
    expect(maskedCount(2)).toBe(1);
    expect(maskedCount(12)).toBe(3);
    expect(maskedCount(13)).toBe(4);
  });

  it('replaces chosen positions 80% MASK / 10% random word / 10% unchanged', () => {
    let total = 0;
    let mask = 0;
    let changed = 0;
    let unchanged = 0;
    for (let i = 0; i < masked.labels.length; i++) {
      if (masked.labels[i] === IGNORED) continue;
      total++;
      const input = masked.inputs[i];
      if (input === MASK) mask++;
      else if (input === masked.labels[i]) unchanged++;
      else {
        changed++;
        expect(input).toBeGreaterThanOrEqual(FIRST_WORD);
        expect(input).toBeLessThan(vocabSize);
      }
    }
    // ~8,400 chosen positions: 4 standard deviations of the shares are 0.018 (80%) and 0.013 (10%)
    expect(total).toBeGreaterThan(8000);
    expect(Math.abs(mask / total - 0.8)).toBeLessThan(0.018);
    // a random word equals the true one 1 time in 35, which then counts as unchanged
    const sameWord = 0.1 / (vocabSize - FIRST_WORD);
    expect(Math.abs(changed / total - (0.1 - sameWord))).toBeLessThan(0.014);
    expect(Math.abs(unchanged / total - (0.1 + sameWord))).toBeLessThan(0.014);
  });

  it('is reproducible from the seed and differs for another seed', () => {
    const again = maskRows(tokens, lengths, seqLen, vocabSize, createRandom(1), all);
    const other = maskRows(tokens, lengths, seqLen, vocabSize, createRandom(2), all);
    expect(again).toEqual(masked);
    expect(other.labels).not.toEqual(masked.labels);
  });
});
