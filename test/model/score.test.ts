import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { chooseBackend } from '../../src/model/backend.js';
import { transformerConfig } from '../../src/model/config.js';
import { TransformerModel, weightLayout } from '../../src/model/transformer.js';
import { scoreRows, sequenceScore } from '../../src/model/score.js';
import { rowsFromSequences } from '../../src/model/token-rows.js';

describe('sequenceScore', () => {
  it('averages 1 − geomean(p) and geomean(1 − p), as the original', () => {
    // geomean(0.5, 0.25) = √0.125, geomean(0.5, 0.75) = √0.375
    expect(sequenceScore([0.5, 0.25])).toBeCloseTo((1 - Math.sqrt(0.125) + Math.sqrt(0.375)) / 2, 12);
    expect(sequenceScore([1, 1, 1])).toBe(0);
    expect(sequenceScore([0, 0.5])).toBe(0.5 + Math.sqrt(0.5) / 2);
    // the mean surprisal keeps apart what the original's formula saturates on
    expect(sequenceScore([1e-5, 0.5], 'surprisal')).toBeCloseTo((-Math.log(1e-5) - Math.log(0.5)) / 2, 12);
    expect(sequenceScore([1e-5, 0.5], 'surprisal')).toBeGreaterThan(sequenceScore([1e-2, 0.5], 'surprisal'));
    expect(sequenceScore([0, 1], 'surprisal')).toBeCloseTo(-Math.log(1e-30) / 2, 12);
  });
});

describe('scoreRows', () => {
  const config = transformerConfig({ vocabSize: 10, seqLen: 6, hidden: 8, layers: 1, heads: 2, ff: 16 });
  // With zero token embeddings the tied output layer gives logits = head bias at every position, whatever the
  // input, so p(token) = softmax(bias)[token] and every score can be computed by hand.
  const bias = [0, 0, 0, 0, 0, 2, 1, 0.5, -1, 3];
  const softmax = bias.map((b) => Math.exp(b) / bias.reduce((s, c) => s + Math.exp(c), 0));
  let model: TransformerModel;

  beforeAll(async () => {
    await chooseBackend();
    const random = TransformerModel.create(config, 1);
    const weights = { ...random.namedWeights() };
    weights['embeddings.token'] = tf.zeros([10, 8]);
    weights['head.bias'] = tf.tensor1d(bias);
    model = TransformerModel.fromWeights(config, weights);
    expect(Object.keys(weights).sort()).toEqual(
      weightLayout(config)
        .map((w) => w.name)
        .sort(),
    );
  });

  it('reads p of every position after CLS (SEP included) and combines them by the formula', async () => {
    const rows = rowsFromSequences(
      [
        [5, 6],
        [9, 8, 7, 6, 5],
      ],
      6,
    );
    const result = await scoreRows(model, rows);
    const p0 = [softmax[5], softmax[6], softmax[3]];
    const p1 = [softmax[9], softmax[8], softmax[7], softmax[6], softmax[5]];
    expect(result.score[0]).toBeCloseTo(sequenceScore(p0), 5);
    expect(result.score[1]).toBeCloseTo(sequenceScore(p1), 5);
    const surprisal = await scoreRows(model, rows, { scoreBy: 'surprisal' });
    expect(surprisal.score[1]).toBeCloseTo(sequenceScore(p1, 'surprisal'), 5);
    p0.forEach((p, k) => expect(result.tokenAnomaly[k]).toBeCloseTo(1 - p, 5));
    expect(result.tokenAnomaly[3]).toBeNaN();
    expect(result.tokenAnomaly[4]).toBeNaN();
    expect(result.tokenAnomaly[5 + 4]).toBeCloseTo(1 - softmax[5], 5);
    // top-3 expected tokens: the three largest biases (9, 5, 6), −1 past the end
    expect(result.topK).toBe(3);
    expect(Array.from(result.expected.subarray(0, 3))).toEqual([9, 5, 6]);
    expect(result.expectedProbability[0]).toBeCloseTo(softmax[9], 5);
    expect(Array.from(result.expected.subarray(3 * 3, 3 * 3 + 3))).toEqual([-1, -1, -1]);
  });

  it('scores each distinct row once and maps results back to every input row', async () => {
    const rows = rowsFromSequences([[5, 6], [7], [5, 6], [7]], 6);
    const result = await scoreRows(model, rows, { topK: 0 });
    expect(result.distinctRows).toBe(2);
    expect(result.score[2]).toBe(result.score[0]);
    expect(result.score[3]).toBe(result.score[1]);
    expect(result.expected.length).toBe(0);
  });

  it('gives identical results in worker threads and for any batch size', async () => {
    const random = TransformerModel.create(config, 9);
    const sequences = Array.from({ length: 60 }, (_, i) =>
      Array.from({ length: 1 + (i % 5) }, (_, k) => 5 + ((i * 7 + k * 3) % 5)),
    );
    const rows = rowsFromSequences(sequences, 6);
    const inline = await scoreRows(random, rows);
    const small = await scoreRows(random, rows, { batchSize: 7 });
    const workers = await scoreRows(random, rows, { workers: 2 });
    expect(small.score).toEqual(inline.score);
    expect(workers.score).toEqual(inline.score);
    expect(workers.expected).toEqual(inline.expected);
    expect(workers.tokenAnomaly).toEqual(inline.tokenAnomaly);
    const surprisal = { scoreBy: 'surprisal' } as const;
    expect((await scoreRows(random, rows, { ...surprisal, workers: 2 })).score).toEqual(
      (await scoreRows(random, rows, surprisal)).score,
    );
    random.dispose();
  });

  it('refuses rows the model cannot read', async () => {
    await expect(scoreRows(model, rowsFromSequences([[5, 10]], 6))).rejects.toThrow(/position 2 holds token 10/);
    await expect(scoreRows(model, rowsFromSequences([[5]], 7))).rejects.toThrow(/longer than the model's seqLen 6/);
    await expect(scoreRows(model, rowsFromSequences([[5]], 6), { topK: 11 })).rejects.toThrow(/topK/);
  });
});
