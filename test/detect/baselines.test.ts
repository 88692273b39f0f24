import { describe, expect, it } from 'vitest';
import {
  eventTokens,
  fitMarkovBaseline,
  FrequencyBaseline,
  markovScores,
  type CountedRows,
} from '../../src/detect/baselines.js';
import { MarkovModel } from '../../src/model/markov.js';
import { CLS, PAD, SEP, UNK } from '../../src/sequence/vocabulary.js';

// token rows of seqLen 5: CLS, events, SEP, PAD
const rows = (events: number[][], counts: number[]): CountedRows => ({
  seqLen: 5,
  distinct: events.flatMap((e) => {
    const row = [CLS, ...e];
    if (row.length < 5) row.push(SEP);
    while (row.length < 5) row.push(PAD);
    return row;
  }),
  counts,
});

describe('FrequencyBaseline', () => {
  const training = rows(
    [
      [5, 6],
      [5, 7],
      [8, 8, 8, 8],
    ],
    [6, 3, 1],
  );

  it('scores 1 - the training share of the exact row; unseen rows score 1', () => {
    const scores = new FrequencyBaseline()
      .fit(training)
      .score(rows([[5, 6], [5, 7], [8, 8, 8, 8], [6, 5], [5]], [1, 1, 1, 1, 1]));
    expect(Array.from(scores)).toEqual([1 - 0.6, 1 - 0.3, 1 - 0.1, 1, 1].map((x) => expect.closeTo(x, 12)));
  });

  it('refuses rows of another seqLen and an unfitted model', () => {
    expect(() => new FrequencyBaseline().score(training)).toThrow(/not fitted/);
    expect(() =>
      new FrequencyBaseline().fit(training).score({ seqLen: 4, distinct: [CLS, 5, SEP, PAD], counts: [1] }),
    ).toThrow(/seqLen 4, fitted on 5/);
    expect(() => new FrequencyBaseline().fit({ seqLen: 5, distinct: [CLS, 5, SEP, PAD], counts: [1] })).toThrow(
      /not whole rows/,
    );
  });
});

describe('Markov baseline', () => {
  it('reads the event tokens between CLS and SEP/PAD (a full row has no SEP)', () => {
    const r = rows([[5, 6], [8, 8, 8, 8], []], [1, 1, 1]);
    expect([0, 1, 2].map((i) => eventTokens(r, i))).toEqual([[5, 6], [8, 8, 8, 8], []]);
  });

  it('scores like a MarkovModel fitted on the event tokens with counts, UNK never a self transition', () => {
    const training = rows(
      [
        [5, 6],
        [5, 7],
        [UNK, 6],
      ],
      [6, 3, 1],
    );
    const model = fitMarkovBaseline(training, 9);
    const reference = new MarkovModel({ vocabularySize: 9, unknownToken: UNK }).fit(
      [
        [5, 6],
        [5, 7],
        [UNK, 6],
      ],
      [6, 3, 1],
    );
    const scored = rows(
      [
        [5, 6],
        [6, 5],
        [UNK, UNK],
      ],
      [1, 1, 1],
    );
    expect(Array.from(markovScores(model, scored))).toEqual(
      Array.from(
        reference.scoreSequences([
          [5, 6],
          [6, 5],
          [UNK, UNK],
        ]).score,
      ),
    );
    const [common, reversed] = markovScores(model, scored);
    expect(reversed).toBeGreaterThan(common);
  });
});
