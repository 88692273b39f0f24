/**
 * A toy language for transformer tests: words 5..12 (vocabSize 13), and every sentence counts upwards from any word,
 * wrapping after 12 (7 8 9, 11 12 5 6, …), 2 to 6 words long. A sentence that breaks the rule is an anomaly.
 */
import { rowsFromSequences, type TokenRows } from '../../../src/model/token-rows.js';
import { transformerConfig, type TransformerConfig } from '../../../src/model/config.js';
import { createRandom } from '../../../src/util/random.js';

export const TOY_SEQ_LEN = 8;
export const TOY_WORDS = 8;

export function toyConfig(): TransformerConfig {
  return transformerConfig({
    vocabSize: 5 + TOY_WORDS,
    seqLen: TOY_SEQ_LEN,
    hidden: 32,
    layers: 1,
    heads: 2,
    ff: 64,
    dropout: 0,
    attentionDropout: 0,
  });
}

/** The 40 grammatical sentences as distinct rows, with seeded counts 1..20 (about 400 connections). */
export function toyRows(seed = 3): TokenRows & { sentences: number[][] } {
  const rng = createRandom(seed);
  const sentences: number[][] = [];
  const counts: number[] = [];
  for (let start = 0; start < TOY_WORDS; start++) {
    for (let length = 2; length <= 6; length++) {
      sentences.push(Array.from({ length }, (_, k) => 5 + ((start + k) % TOY_WORDS)));
      counts.push(1 + rng.int(20));
    }
  }
  return { ...rowsFromSequences(sentences, TOY_SEQ_LEN, counts), sentences };
}

/** Sentences that break the counting rule. */
export const OFF_GRAMMAR = [
  [5, 9, 6, 12],
  [8, 7, 6, 5],
  [12, 10, 8, 6, 11],
  [5, 5, 5],
];
