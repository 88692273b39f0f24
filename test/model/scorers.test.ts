import { describe, expect, it } from 'vitest';
import { FrequencyScorer } from '../../src/model/frequency-scorer.js';
import { MarkovModel } from '../../src/model/markov.js';
import { MarkovScorer } from '../../src/model/markov-scorer.js';
import type { FitContext } from '../../src/model/scorer.js';
import { checkScorerName, createScorer } from '../../src/model/scorers.js';
import { eventTokens, type TokenRows } from '../../src/model/token-rows.js';
import type { ConnectionSplit } from '../../src/model/train.js';
import { CLS, PAD, SEP, UNK } from '../../src/sequence/vocabulary.js';
import { EventStream } from '../../src/util/events.js';

// token rows of seqLen 5: CLS, events, SEP, PAD
const rows = (events: number[][], counts: number[]): TokenRows => ({
  seqLen: 5,
  distinct: Int32Array.from(
    events.flatMap((e) => {
      const row = [CLS, ...e];
      if (row.length < 5) row.push(SEP);
      while (row.length < 5) row.push(PAD);
      return row;
    }),
  ),
  counts,
});

/** A context whose train part is every row with all its connections (the split itself is train.ts's to test). */
function trainOnAll(data: TokenRows, vocabularySize = 9): FitContext {
  const counts = Int32Array.from(data.counts as number[]);
  const all = { rows: Int32Array.from(counts, (_, r) => r), counts, connections: counts.reduce((a, b) => a + b, 0) };
  const none = { rows: new Int32Array(0), counts: new Int32Array(0), connections: 0 };
  const split: ConnectionSplit = { train: all, validation: none, threshold: none };
  return { vocabularySize, seed: 1, split, events: new EventStream() };
}

describe('FrequencyScorer', () => {
  const training = rows(
    [
      [5, 6],
      [5, 7],
      [8, 8, 8, 8],
    ],
    [6, 3, 1],
  );

  it('scores 1 - the training share of the exact row; unseen rows score 1', async () => {
    const scorer = new FrequencyScorer();
    await scorer.fit(training, trainOnAll(training));
    const { score } = await scorer.score(rows([[5, 6], [5, 7], [8, 8, 8, 8], [6, 5], [5]], [1, 1, 1, 1, 1]));
    expect(Array.from(score)).toEqual([1 - 0.6, 1 - 0.3, 1 - 0.1, 1, 1].map((x) => expect.closeTo(x, 12)));
  });

  it('fits on the train part only', async () => {
    const context = trainOnAll(training);
    context.split.train = { rows: Int32Array.from([1]), counts: Int32Array.from([3]), connections: 3 };
    const scorer = new FrequencyScorer();
    await scorer.fit(training, context);
    const { score } = await scorer.score(training);
    expect(Array.from(score)).toEqual([1, 0, 1]);
  });

  it('refuses rows of another seqLen and an unfitted scorer', async () => {
    await expect(new FrequencyScorer().score(training)).rejects.toThrow(/not fitted/);
    const fitted = new FrequencyScorer();
    await fitted.fit(training, trainOnAll(training));
    await expect(
      fitted.score({ seqLen: 4, distinct: Int32Array.from([CLS, 5, SEP, PAD]), counts: [1] }),
    ).rejects.toThrow(/seqLen 4, fitted on 5/);
    await expect(
      fitted.score({ seqLen: 5, distinct: Int32Array.from([CLS, 5, SEP, PAD]), counts: [1] }),
    ).rejects.toThrow(/not whole rows/);
  });
});

describe('MarkovScorer', () => {
  it('reads the event tokens between CLS and SEP/PAD (a full row has no SEP)', () => {
    const r = rows([[5, 6], [8, 8, 8, 8], []], [1, 1, 1]);
    expect([0, 1, 2].map((i) => eventTokens(r, i))).toEqual([[5, 6], [8, 8, 8, 8], []]);
  });

  it('scores like a MarkovModel fitted on the event tokens with counts, UNK never a self transition', async () => {
    const training = rows(
      [
        [5, 6],
        [5, 7],
        [UNK, 6],
      ],
      [6, 3, 1],
    );
    const scorer = new MarkovScorer();
    await scorer.fit(training, trainOnAll(training));
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
    const { score } = await scorer.score(scored);
    expect(Array.from(score)).toEqual(
      Array.from(
        reference.scoreSequences([
          [5, 6],
          [6, 5],
          [UNK, UNK],
        ]).score,
      ),
    );
    expect(score[1]).toBeGreaterThan(score[0]);
  });
});

describe('createScorer', () => {
  it('makes each scorer by name with its settings, and names the choices for an unknown one', () => {
    expect(createScorer('markov', { markov: { smoothing: 0.5 } }).params).toEqual({ smoothing: 0.5, scoreBy: 'mean' });
    expect(createScorer('frequency').name).toBe('frequency');
    expect(createScorer('transformer', { transformer: { epochs: 3 } }).params).toMatchObject({ epochs: 3, topK: 3 });
    expect(() => checkScorerName('oracle', '--scorer')).toThrow(
      /--scorer "oracle" is unknown; use one of transformer, markov, frequency/,
    );
  });
});
