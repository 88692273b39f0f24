import { describe, expect, it } from 'vitest';
import { END_STATE, MarkovModel, START_STATE, weightedQuantile } from '../../src/model/markov.js';
import { ZeekseqError } from '../../src/util/errors.js';

/*
 * A hand-computed chain. Tokens 0..3 (3 never appears), k = 0.5, so every row smooths over 5 targets
 * (4 tokens + end) and adds k * 5 = 2.5 to its total. Training: [0,1] twice, [0,2], [1].
 *   S: {0: 3, 1: 1}  total 4    P(0|S) = 3.5/6.5 = 7/13, P(1|S) = 3/13, others 1/13
 *   0: {1: 2, 2: 1}  total 3    P(1|0) = 2.5/5.5 = 5/11, P(2|0) = 3/11, others 1/11
 *   1: {E: 3}        total 3    P(E|1) = 7/11, others 1/11
 *   2: {E: 1}        total 1    P(E|2) = 1.5/3.5 = 3/7, others 1/7
 *   3: never left -> global back-off (n(b) + 0.5) / (11 + 2.5): n = {0: 3, 1: 3, 2: 1, 3: 0, E: 4}
 * Training scores (min surprisal): [0,1] ln(11/5), [0,2] ln(11/3), [1] ln(13/3), with weights 2, 1, 1.
 */
const training = [[0, 1], [0, 1], [0, 2], [1]];
const chainOptions = {
  smoothing: 0.5,
  vocabularySize: 4,
  scoreBy: 'min' as const,
  tierQuantiles: [0.5, 0.75, 0.95] as [number, number, number],
};

function chain(options = {}): MarkovModel {
  return new MarkovModel({ ...chainOptions, ...options }).fit(training);
}

describe('MarkovModel on a hand-computed chain', () => {
  it('counts transitions with explicit start and end states', () => {
    const model = chain();
    expect(model.transitionCount(START_STATE, 0)).toBe(3);
    expect(model.transitionCount(START_STATE, 1)).toBe(1);
    expect(model.transitionCount(0, 1)).toBe(2);
    expect(model.transitionCount(1, END_STATE)).toBe(3);
    expect(model.transitionCount(2, 0)).toBe(0);
    expect(model.vocabularySize).toBe(4);
  });

  it('smooths seen rows with add-k', () => {
    const model = chain();
    expect(model.probability(START_STATE, 0)).toBeCloseTo(7 / 13, 12);
    expect(model.probability(START_STATE, 3)).toBeCloseTo(1 / 13, 12);
    expect(model.probability(0, 1)).toBeCloseTo(5 / 11, 12);
    expect(model.probability(0, 2)).toBeCloseTo(3 / 11, 12);
    expect(model.probability(0, END_STATE)).toBeCloseTo(1 / 11, 12);
    expect(model.probability(2, END_STATE)).toBeCloseTo(3 / 7, 12);
    for (const from of [START_STATE, 0, 1, 2, 3]) {
      const total = [0, 1, 2, 3, END_STATE].reduce((sum, to) => sum + model.probability(from, to), 0);
      expect(total).toBeCloseTo(1, 12);
    }
  });

  it('backs off an unseen source state to the global target distribution or to uniform', () => {
    const model = chain();
    expect(model.probability(3, 0)).toBeCloseTo(7 / 27, 12);
    expect(model.probability(3, 2)).toBeCloseTo(1 / 9, 12);
    expect(model.probability(3, 3)).toBeCloseTo(1 / 27, 12);
    expect(model.probability(3, END_STATE)).toBeCloseTo(1 / 3, 12);
    const uniform = chain({ backoff: 'uniform' });
    expect(uniform.probability(3, 0)).toBeCloseTo(1 / 5, 12);
    expect(uniform.probability(0, 1)).toBeCloseTo(5 / 11, 12);
  });

  it('scores transitions and sequences by the least likely and the mean transition', () => {
    const model = chain();
    const transitions = model.scoreTransitions([2, 0]);
    expect(transitions.map((t) => [t.from, t.to, t.accepted])).toEqual([
      [START_STATE, 2, false],
      [2, 0, false],
      [0, END_STATE, false],
    ]);
    expect(transitions.map((t) => t.logProb)).toEqual(
      [Math.log(1 / 13), Math.log(1 / 7), Math.log(1 / 11)].map((v) => expect.closeTo(v, 12)),
    );
    const scores = model.scoreSequences([[2, 0], [0, 1], []]);
    expect(scores.score[0]).toBeCloseTo(Math.log(13), 12);
    expect(scores.minLogProb[0]).toBeCloseTo(-Math.log(13), 12);
    expect(scores.meanLogProb[0]).toBeCloseTo(-(Math.log(13) + Math.log(7) + Math.log(11)) / 3, 12);
    expect(scores.score[1]).toBeCloseTo(Math.log(11 / 5), 12);
    // The empty sequence is the single transition start -> end, which training never saw.
    expect(scores.score[2]).toBeCloseTo(Math.log(13), 12);
    const mean = chain({ scoreBy: 'mean' }).scoreSequences([[2, 0]]);
    expect(mean.score[0]).toBeCloseTo((Math.log(13) + Math.log(7) + Math.log(11)) / 3, 12);
  });

  it('sets tier thresholds at quantiles of the weighted leave-one-out training scores', () => {
    /*
     * Leaving one copy out: [0,1] sees S: {0: 2, 1: 1}, 0: {1: 1, 2: 1}, 1: {E: 2}, least likely P(1|0) = 1.5/4.5.
     * [0,2] sees 0: {1: 2}, P(2|0) = 0.5/4.5, and row 2 empty: global back-off (3 + 0.5)/(8 + 2.5).
     * [1] sees S: {0: 3}, P(1|S) = 0.5/5.5. Scores ln 3 (weight 2), ln 9, ln 11.
     */
    const model = chain();
    expect(model.thresholds.low).toBeCloseTo(Math.log(3), 12);
    expect(model.thresholds.medium).toBeCloseTo(Math.log(9), 12);
    expect(model.thresholds.high).toBeCloseTo(Math.log(11), 12);
    expect(model.tier(2)).toBe('LOW');
    expect(model.tier(2.3)).toBe('MEDIUM');
    expect(model.tier(model.scoreSequences([[2, 0]]).score[0])).toBe('HIGH');
  });

  it('sets tier thresholds on mean scores the same way', () => {
    // Leave-one-out means: [0,1] (ln(11/5) + ln 3 + ln(9/5)) / 3 twice; [0,2] (ln(11/5) + ln 9 + ln 3) / 3; [1] (ln 11 + ln(9/5)) / 2.
    const model = chain({ scoreBy: 'mean' });
    expect(model.thresholds.low).toBeCloseTo((Math.log(11 / 5) + Math.log(3) + Math.log(9 / 5)) / 3, 12);
    expect(model.thresholds.medium).toBeCloseTo((Math.log(11 / 5) + Math.log(9) + Math.log(3)) / 3, 12);
    expect(model.thresholds.high).toBeCloseTo((Math.log(11) + Math.log(9 / 5)) / 2, 12);
  });

  it('sets tier thresholds at quantiles of the in-sample training scores, strictly above', () => {
    const model = chain({ tierCalibration: 'in-sample' });
    expect(model.thresholds.low).toBeCloseTo(Math.log(11 / 5), 12);
    expect(model.thresholds.medium).toBeCloseTo(Math.log(11 / 3), 12);
    expect(model.thresholds.high).toBeCloseTo(Math.log(13 / 3), 12);
    expect(model.tier(model.thresholds.low)).toBe('NONE');
    expect(model.tier(1.0)).toBe('LOW');
    expect(model.tier(1.3)).toBe('MEDIUM');
    expect(model.tier(1.5)).toBe('HIGH');
    expect(model.tier(model.scoreSequences([[2, 0]]).score[0])).toBe('HIGH');
  });

  it('trains the same model from distinct sequences with counts', () => {
    for (const tierCalibration of ['leave-one-out', 'in-sample'] as const) {
      const distinct = new MarkovModel({ ...chainOptions, tierCalibration }).fit(
        [[0, 1], [0, 2], [1], [3]],
        [2, 1, 1, 0],
      );
      expect(distinct.toJSON()).toEqual(chain({ tierCalibration }).toJSON());
    }
    const distinct = new MarkovModel(chainOptions).fit([[0, 1], [0, 2], [1], [3]], [2, 1, 1, 0]);
    expect(distinct.probability(3, 0)).toBeCloseTo(7 / 27, 12);
  });

  it('infers the vocabulary from the largest training token when not given', () => {
    const model = new MarkovModel({ smoothing: 0.5 }).fit(training);
    expect(model.options.scoreBy).toBe('mean');
    expect(model.vocabularySize).toBe(3);
    expect(model.probability(0, 1)).toBeCloseTo(2.5 / 5, 12);
  });
});

describe('MarkovModel special cases', () => {
  it('accepts self transitions when asked, neither counting nor scoring them', () => {
    const scored = new MarkovModel({ smoothing: 0.5 }).fit([[0, 0, 1]]);
    expect(scored.transitionCount(0, 0)).toBe(1);
    const accepting = new MarkovModel({ smoothing: 0.5, selfTransitions: 'accept' }).fit([[0, 0, 1]]);
    expect(accepting.transitionCount(0, 0)).toBe(0);
    // Row 0 is then {1: 1}: P(1|0) = 1.5 / (1 + 0.5 * 3).
    expect(accepting.probability(0, 1)).toBeCloseTo(1.5 / 2.5, 12);
    const transitions = accepting.scoreTransitions([1, 1, 1]);
    expect(transitions.filter((t) => t.accepted).map((t) => [t.from, t.to, t.logProb])).toEqual([
      [1, 1, 0],
      [1, 1, 0],
    ]);
    // Mean over scored transitions only: start -> 1 and 1 -> end.
    const expectedMean =
      (Math.log(accepting.probability(START_STATE, 1)) + Math.log(accepting.probability(1, END_STATE))) / 2;
    expect(accepting.scoreSequences([[1, 1, 1]]).meanLogProb[0]).toBeCloseTo(expectedMean, 12);
  });

  it('never accepts the unknown token followed by itself: two different unseen values', () => {
    const model = new MarkovModel({ smoothing: 0.5, selfTransitions: 'accept', unknownToken: 1 }).fit([[0, 0, 1, 1]]);
    expect(model.transitionCount(0, 0)).toBe(0);
    expect(model.transitionCount(1, 1)).toBe(1);
    expect(model.scoreTransitions([1, 1, 0, 0]).map((t) => t.accepted)).toEqual([false, false, false, true, false]);
  });

  it('accepts any transition into the main page, but never the end of a sequence', () => {
    const model = new MarkovModel({ ...chainOptions, mainPageTokens: [2] }).fit(training);
    expect(model.transitionCount(0, 2)).toBe(0);
    // Row 0 is {1: 2}: P(1|0) = 2.5 / (2 + 2.5).
    expect(model.probability(0, 1)).toBeCloseTo(2.5 / 4.5, 12);
    const transitions = model.scoreTransitions([3, 2]);
    expect(transitions.map((t) => t.accepted)).toEqual([false, true, false]);
    expect(model.scoreSequences([[2]]).score[0]).toBeCloseTo(-Math.log(model.probability(2, END_STATE)), 12);
  });
});

describe('MarkovModel JSON', () => {
  it('round-trips learned state and options through JSON text', () => {
    const model = chain({ selfTransitions: 'accept', mainPageTokens: [1], unknownToken: 3, scoreBy: 'mean' });
    const restored = MarkovModel.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    expect(restored.options).toEqual(model.options);
    expect(restored.thresholds).toEqual(model.thresholds);
    const probe = [[2, 0], [0, 1], [3, 3, 1], []];
    expect(Array.from(restored.scoreSequences(probe).score)).toEqual(Array.from(model.scoreSequences(probe).score));
  });

  it('rejects JSON that is not a Markov model or was damaged', () => {
    const json = chain().toJSON();
    expect(() => MarkovModel.fromJSON({ ...json, format: 'zeekseq-vocabulary' } as never)).toThrow(
      /not a zeekseq Markov model/,
    );
    expect(() => MarkovModel.fromJSON({ ...json, transitions: [[0, 7, 1]] })).toThrow(/\[0, 7, 1\].*damaged/);
    expect(() => MarkovModel.fromJSON({ ...json, transitions: [[END_STATE, 0, 1]] })).toThrow(/damaged/);
    expect(() => MarkovModel.fromJSON({ ...json, thresholds: { low: 1, medium: null, high: 2 } } as never)).toThrow(
      /thresholds/,
    );
    expect(() => MarkovModel.fromJSON({ ...json, vocabularySize: 0 })).toThrow(/vocabularySize/);
  });
});

describe('MarkovModel bad input', () => {
  it('rejects bad options with the allowed values', () => {
    expect(() => new MarkovModel({ smoothing: 0 })).toThrow(/smoothing must be a number > 0/);
    expect(() => new MarkovModel({ smoothing: -1 })).toThrow(ZeekseqError);
    expect(() => new MarkovModel({ tierQuantiles: [0.99, 0.95, 0.999] })).toThrow(/0 <= low <= medium <= high <= 1/);
    expect(() => new MarkovModel({ tierQuantiles: [0.5, 0.9, 1.5] })).toThrow(/tierQuantiles/);
    expect(() => new MarkovModel({ backoff: 'none' as never })).toThrow(/'global' or 'uniform'/);
    expect(() => new MarkovModel({ selfTransitions: 'drop' as never })).toThrow(/'score' or 'accept'/);
    expect(() => new MarkovModel({ scoreBy: 'max' as never })).toThrow(/'min' or 'mean'/);
    expect(() => new MarkovModel({ tierCalibration: 'cv' as never })).toThrow(/'leave-one-out' or 'in-sample'/);
    expect(() => new MarkovModel({ vocabularySize: 2.5 })).toThrow(/vocabularySize/);
    expect(() => new MarkovModel({ mainPageTokens: [-1] })).toThrow(/mainPageTokens/);
    expect(() => new MarkovModel({ unknownToken: 1.5 })).toThrow(/unknownToken/);
  });

  it('rejects bad training data and says which sequence', () => {
    const model = new MarkovModel();
    expect(() => model.fit([])).toThrow(/at least one training sequence/);
    expect(() => model.fit([[0], [1]], [1])).toThrow(/2 sequences but 1 counts/);
    expect(() => model.fit([[0], [1]], [1, -1])).toThrow(/count 1 is -1/);
    expect(() => model.fit([[0], [1]], [0, 0])).toThrow(/every count is 0/);
    expect(() => model.fit([[0], [1, 0.5]])).toThrow(/sequence 1 has token 0.5 at position 1/);
    expect(() => new MarkovModel({ vocabularySize: 2 }).fit([[0, 2]])).toThrow(
      /token 2 is outside the vocabulary 0..1/,
    );
  });

  it('refuses to score before fit and tokens outside the vocabulary', () => {
    expect(() => new MarkovModel().scoreSequences([[0]])).toThrow(/not fitted/);
    expect(() => new MarkovModel().tier(1)).toThrow(/not fitted/);
    const model = chain();
    expect(() => model.scoreSequences([[0], [0, 4]])).toThrow(
      /sequence 1 has token 4 at position 1, outside the trained vocabulary 0..3/,
    );
    expect(() => model.scoreTransitions([-3])).toThrow(/outside the trained vocabulary/);
    expect(() => model.probability(END_STATE, 0)).toThrow(/from state -2/);
  });
});

describe('weightedQuantile', () => {
  it('returns the smallest value whose cumulative weight reaches q', () => {
    const values = [3, 1, 2, 4];
    const weights = [1, 1, 1, 1];
    expect(weightedQuantile(values, weights, 0)).toBe(1);
    expect(weightedQuantile(values, weights, 0.25)).toBe(1);
    expect(weightedQuantile(values, weights, 0.26)).toBe(2);
    expect(weightedQuantile(values, weights, 0.75)).toBe(3);
    expect(weightedQuantile(values, weights, 1)).toBe(4);
    expect(weightedQuantile(values, [0, 0, 5, 1], 0.5)).toBe(2);
    const twenty = Array.from({ length: 20 }, (_, i) => i);
    expect(weightedQuantile(twenty, new Array(20).fill(1), 0.95)).toBe(18);
    // Twelve weights of 0.1: the 7th value reaches q = 7/12 exactly, though the float sums say 0.7 < 0.7000000000000001.
    const twelve = Array.from({ length: 12 }, (_, i) => i);
    expect(weightedQuantile(twelve, new Array(12).fill(0.1), 7 / 12)).toBe(6);
    expect(() => weightedQuantile([1], [0], 0.5)).toThrow(/positive weight/);
  });
});
