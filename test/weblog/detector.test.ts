import { describe, expect, it } from 'vitest';
import { END_STATE, START_STATE } from '../../src/model/markov.js';
import { FIRST_WORD, UNK } from '../../src/sequence/vocabulary.js';
import { OFFENDING_SHOWN, WeblogDetector, maxTier } from '../../src/weblog/detector.js';
import { visit } from './fixtures.js';

const training = [
  visit('10.0.0.1', 0, ['/', '/a']),
  visit('10.0.0.2', 0, ['/', '/a']),
  visit('10.0.0.3', 0, ['/', '/b']),
];
// Ids: GET / = 5 (3 times), GET /a = 6 (twice), GET /b = 7; 8 ids, so rows smooth over 9 targets.
const [HOME, A, _B] = [FIRST_WORD, FIRST_WORD + 1, FIRST_WORD + 2];

describe('WeblogDetector', () => {
  it('turns sessions into token ids, unseen requests into UNK', () => {
    const detector = new WeblogDetector().fit(training);
    expect(detector.vocabulary.size).toBe(8);
    expect(Array.from(detector.sequenceOf(visit('x', 0, ['/', '/a?x=1', '/evil'])))).toEqual([HOME, A, UNK]);
    expect(detector.model.vocabularySize).toBe(8);
    expect(detector.model.transitionCount(HOME, A)).toBe(2);
  });

  it('lists the transitions behind a score as "A -> B (p)", unseen requests marked [UNK]', () => {
    const detector = new WeblogDetector({ markov: { scoreBy: 'min' } }).fit(training);
    const [normal, odd] = detector.score([visit('x', 0, ['/', '/a']), visit('y', 0, ['/', '/evil.php?cmd=1'])]);
    // P(UNK | GET /) = 0.01 / (3 + 0.09): row GET / is {GET /a: 2, GET /b: 1}.
    expect(odd.score).toBeCloseTo(-Math.log(0.01 / 3.09), 12);
    expect(odd.offending[0]).toBe('GET / -> GET /evil.php [UNK] (0.00324)');
    expect(odd.tier).toBe(odd.modelTier);
    expect(odd.score).toBeGreaterThan(normal.score);
    expect(normal.tier).toBe('NONE');
    // A normal session lists only its least likely transition.
    expect(normal.offending).toHaveLength(1);
    const least = Math.min(
      ...[
        [START_STATE, HOME],
        [HOME, A],
        [A, END_STATE],
      ].map(([f, t]) => detector.model.probability(f, t)),
    );
    expect(normal.offending[0]).toMatch(new RegExp(`\\(${least.toPrecision(3)}\\)$`));
  });

  it('shows at most OFFENDING_SHOWN transitions, least likely first, then how many more', () => {
    const detector = new WeblogDetector().fit(training);
    const scan = visit(
      's',
      0,
      Array.from({ length: 9 }, (_, i) => `/probe${i}`),
    );
    const [scored] = detector.score([scan]);
    expect(scored.offending).toHaveLength(OFFENDING_SHOWN + 1);
    expect(scored.offending[OFFENDING_SHOWN]).toMatch(/^and \d+ more$/);
    const probabilities = scored.offending.slice(0, OFFENDING_SHOWN).map((t) => Number(/\(([^)]+)\)$/.exec(t)?.[1]));
    expect([...probabilities].sort((a, b) => a - b)).toEqual(probabilities);
  });

  it('alerts HIGH on canary paths whatever the model says', () => {
    const detector = new WeblogDetector({ canary: ['/a', '/join_*'] }).fit(training);
    const [plain, trap] = detector.score([visit('x', 0, ['/', '/b']), visit('y', 0, ['/', '/a', '/join_form', '/a'])]);
    expect([plain.tier, plain.canaryHits]).toEqual(['NONE', []]);
    expect(trap.modelTier).toBe('NONE');
    expect([trap.tier, trap.canaryHits]).toEqual(['HIGH', ['/a', '/join_*']]);
  });

  it('accepts transitions into the main page when asked', () => {
    const detector = new WeblogDetector({ mainPage: ['/', '/absent'] }).fit(training);
    expect(detector.model.options.mainPageTokens).toEqual([HOME]);
    expect(detector.model.transitionCount(START_STATE, HOME)).toBe(0);
    const transitions = detector.model.scoreTransitions(detector.sequenceOf(visit('x', 0, ['/b', '/'])));
    expect(transitions.map((t) => t.accepted)).toEqual([false, true, false]);
  });

  it('round-trips through JSON with the same scores', () => {
    const detector = new WeblogDetector({ tokens: { minCount: 2 }, canary: ['/join_form'], mainPage: ['/'] }).fit(
      training,
    );
    const restored = WeblogDetector.fromJSON(JSON.parse(JSON.stringify(detector.toJSON())));
    const probe = [visit('x', 0, ['/', '/b', '/c']), visit('y', 0, ['/join_form'])];
    expect(restored.score(probe)).toEqual(detector.score(probe));
    expect(restored.tokenOptions.minCount).toBe(2);
    expect(restored.vocabulary.idOf('GET /b')).toBe(UNK);
  });

  it('refuses to work unfitted, without sessions, or from mismatched JSON', () => {
    expect(() => new WeblogDetector().score([])).toThrow(/not fitted; call fit\(sessions\)/);
    expect(() => new WeblogDetector().fit([])).toThrow(/no training sessions/);
    const json = new WeblogDetector().fit(training).toJSON();
    const other = new WeblogDetector().fit([visit('z', 0, ['/only'])]).toJSON();
    expect(() => WeblogDetector.fromJSON({ ...json, markov: other.markov })).toThrow(
      /model knows 6 tokens but the vocabulary has 8/,
    );
    expect(() => WeblogDetector.fromJSON({ ...json, format: 'zeekseq-markov' } as never)).toThrow(
      /not a zeekseq web-log detector/,
    );
  });
});

describe('maxTier', () => {
  it('returns the more severe tier', () => {
    expect(maxTier('LOW', 'HIGH')).toBe('HIGH');
    expect(maxTier('MEDIUM', 'LOW')).toBe('MEDIUM');
    expect(maxTier('NONE', 'NONE')).toBe('NONE');
  });
});
