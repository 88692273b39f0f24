import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { SessionScore } from '../../src/weblog/detector.js';
import { WeblogTransformer, meanSurprisal, tierOf } from '../../src/weblog/transformer.js';
import { visit } from './fixtures.js';

const run = promisify(execFile);

/** A shop's visitors: the home page, a product list, products, the cart, in that order; some leave early. */
const pattern = ['/', '/products', '/products/1', '/about', '/cart'];
const normal = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) =>
    visit(`10.0.${Math.floor((from + i) / 200)}.${(from + i) % 200}`, i * 10, pattern.slice(0, 3 + ((from + i) % 3))),
  );

describe('WeblogTransformer', () => {
  let detector: WeblogTransformer;
  let scores: SessionScore[];
  let dir: string;
  const heldOut = normal(20, 500);
  const reversed = visit('192.0.2.1', 0, [...pattern].reverse());
  const scanner = visit('198.51.100.9', 0, ['/wp-login.php', '/.git/config', '/phpmyadmin/', '/etc/passwd']);
  // 12 requests with seqLen 8: the first 7 fit after CLS.
  const long = visit('192.0.2.2', 0, [...pattern, ...pattern, '/', '/products']);

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'zeekseq-weblog-transformer-'));
    // 80 sessions of 5 requests; a high learning rate and small batches learn the order in two epochs.
    detector = await new WeblogTransformer({
      seqLen: 8,
      training: { epochs: 2, batchSize: 8, learningRate: 0.01, seed: 3 },
    }).fit(normal(80));
    scores = await detector.score([...heldOut, reversed, scanner, long]);
  }, 60_000);
  afterAll(async () => {
    detector?.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it('scores an off-pattern session above the median of normal ones, and unseen paths above every normal one', () => {
    const normalScores = scores
      .slice(0, heldOut.length)
      .map((s) => s.score)
      .sort((a, b) => a - b);
    const median = normalScores[normalScores.length / 2];
    const [reversedScore, scannerScore] = scores.slice(heldOut.length).map((s) => s.score);
    expect(reversedScore).toBeGreaterThan(median);
    expect(scannerScore).toBeGreaterThan(normalScores.at(-1)!);
    expect(scores[heldOut.length + 1].tier).toBe('HIGH');
    expect(scores[heldOut.length + 1].offending).toHaveLength(3);
    expect(scores[heldOut.length + 1].offending[0]).toMatch(/^GET \/\S+ \[UNK\] \([\d.e-]+; expected /);
  });

  it('sets the tiers from the held-out 30% of the training sessions and records the training', () => {
    const t = detector.training;
    expect(t).toMatchObject({
      sessions: 80,
      distinctRows: 3,
      truncated: 0,
      split: { train: 56, validation: 16, threshold: 8 },
      calibrationSessions: 24,
    });
    expect(t.history.length).toBe(2);
    // Normal sessions come in three shapes; the thresholds are quantiles of their scores, so each is one of them.
    const shapes = new Set(scores.slice(0, heldOut.length).map((s) => s.score));
    expect(shapes.size).toBe(3);
    const { low, medium, high } = detector.thresholds;
    expect(low).toBeLessThanOrEqual(medium);
    expect(medium).toBeLessThanOrEqual(high);
    for (const threshold of [low, medium, high]) expect(shapes.has(threshold)).toBe(true);
    expect(high).toBe(Math.max(...shapes));
    expect(scores.slice(0, heldOut.length).some((s) => s.tier === 'HIGH')).toBe(false);
  });

  it('scores the first seqLen − 1 requests of a long session and says so', () => {
    expect(scores.at(-1)!.offending.at(-1)).toBe('first 7 of 12 requests scored');
  });

  it('round-trips through its model directory, loaded in a fresh process', async () => {
    await detector.save(path.join(dir, 'model'));
    // A new process has no backend yet: loading must start one before the weights become tensors.
    const script = path.join(dir, 'load.mts');
    await writeFile(
      script,
      `import { WeblogTransformer } from ${JSON.stringify(pathToFileURL(path.resolve('src/weblog/transformer.ts')).href)};
const t = await WeblogTransformer.load(process.argv[2]);
const scores = await t.score(JSON.parse(process.argv[3]));
console.log(JSON.stringify({ seqLen: t.seqLen, scoreBy: t.scoreBy, thresholds: t.thresholds, vocabulary: t.vocabulary.size, scores: scores.map((s) => s.score) }));`,
    );
    const { stdout } = await run(process.execPath, [
      '--import',
      'tsx',
      script,
      path.join(dir, 'model'),
      JSON.stringify([reversed, scanner]),
    ]);
    expect(JSON.parse(stdout)).toEqual({
      seqLen: 8,
      scoreBy: 'surprisal',
      thresholds: detector.thresholds,
      vocabulary: detector.vocabulary.size,
      scores: scores.slice(heldOut.length, heldOut.length + 2).map((s) => s.score),
    });
  }, 30_000);

  it('scores by the original pseudo-likelihood score when asked, with tiers on that scale', async () => {
    const original = await new WeblogTransformer({
      seqLen: 8,
      scoreBy: 'original',
      training: { epochs: 2, batchSize: 8, learningRate: 0.01, seed: 3 },
    }).fit(normal(80));
    try {
      const [normalScore, scannerScore] = (await original.score([heldOut[0], scanner])).map((s) => s.score);
      expect(normalScore).toBeGreaterThan(0);
      expect(scannerScore).toBeLessThan(1);
      expect(scannerScore).toBeGreaterThan(normalScore);
      expect(original.thresholds.high).toBeLessThan(1);
      expect(original.thresholds.high).toBeGreaterThan(0);
    } finally {
      original.dispose();
    }
  });

  it('refuses too few training sessions and bad settings', async () => {
    await expect(new WeblogTransformer().fit(normal(9))).rejects.toThrow(
      /needs at least 10 training sessions .* got 9; give more --train logs or use --model markov/,
    );
    expect(() => new WeblogTransformer({ seqLen: 2 })).toThrow(/seqLen must be a whole number >= 3/);
    expect(() => new WeblogTransformer({ tierQuantiles: [0.99, 0.95, 0.999] })).toThrow(
      /tierQuantiles must be three numbers 0 <= low <= medium <= high <= 1/,
    );
    expect(() => new WeblogTransformer({ scoreBy: 'max' as never })).toThrow(
      /scoreBy must be 'surprisal' or 'original', got 'max'/,
    );
    await expect(new WeblogTransformer().score([reversed])).rejects.toThrow(/the transformer is not fitted/);
  });
});

describe('meanSurprisal', () => {
  it("averages −log p over each row's positions and bounds p below by float32 resolution", () => {
    // Two rows of 3 positions: p = 0.5, 0.25 (then padding); p = 1, 0 (clamped to 2^-24), 0.5.
    const anomaly = Float32Array.from([0.5, 0.75, NaN, 0, 1, 0.5]);
    const [a, b] = meanSurprisal(anomaly, [2, 3], 3);
    expect(a).toBeCloseTo((Math.log(2) + Math.log(4)) / 2, 6);
    expect(b).toBeCloseTo((24 * Math.log(2) + Math.log(2)) / 3, 6);
  });
});

describe('tierOf', () => {
  it('is strictly above each threshold', () => {
    const t = { low: 1, medium: 2, high: 3 };
    expect([1, 1.5, 2, 2.5, 3, 3.5].map((s) => tierOf(s, t))).toEqual([
      'NONE',
      'LOW',
      'LOW',
      'MEDIUM',
      'MEDIUM',
      'HIGH',
    ]);
  });
});
