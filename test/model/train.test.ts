import { EventStream } from '../../src/util/events.js';
import { describe, expect, it } from 'vitest';
import { rowsOf, splitConnections, trainTransformer } from '../../src/model/train.js';
import { scoreRows } from '../../src/model/score.js';
import { rowsFromSequences } from '../../src/model/token-rows.js';
import { OFF_GRAMMAR, TOY_SEQ_LEN, toyConfig, toyRows } from './support/toy.js';

function weightsOf(model: {
  namedWeights(): Record<string, { dataSync(): ArrayLike<number> }>;
}): Record<string, number[]> {
  return Object.fromEntries(Object.entries(model.namedWeights()).map(([name, w]) => [name, Array.from(w.dataSync())]));
}

describe('splitConnections', () => {
  it('splits the expanded connections 70/20/10 by a seeded shuffle', () => {
    const counts = [500, 300, 150, 50];
    const split = splitConnections(counts, 1);
    expect([split.train.connections, split.validation.connections, split.threshold.connections]).toEqual([
      700, 200, 100,
    ]);
    for (let r = 0; r < counts.length; r++) {
      const total = [split.train, split.validation, split.threshold].reduce((sum, part) => {
        const at = Array.from(part.rows).indexOf(r);
        return sum + (at >= 0 ? part.counts[at] : 0);
      }, 0);
      expect(total).toBe(counts[r]);
    }
    // the heavy row spreads over the parts in proportion (hypergeometric: 350 ± 4 sd of 10)
    expect(Math.abs(split.train.counts[0] - 350)).toBeLessThan(45);
    expect(splitConnections(counts, 1)).toEqual(split);
    const rows = rowsFromSequences([[5], [6], [7], [8]], 3, counts);
    const threshold = rowsOf(rows, split.threshold);
    expect(Array.from(threshold.counts as Int32Array)).toEqual(Array.from(split.threshold.counts));
    expect(Array.from(threshold.distinct.subarray(0, 3))).toEqual([2, 5 + split.threshold.rows[0], 3]);
    expect(splitConnections(counts, 2).train.counts).not.toEqual(split.train.counts);
  });

  it('refuses data too small for three non-empty parts', () => {
    expect(() => splitConnections([], 1)).toThrow(/0 connections are too few/);
    expect(() => splitConnections([2, 1], 1)).toThrow(/3 connections are too few/);
    expect(splitConnections([2, 2], 1).threshold.connections).toBe(1);
  });
});

describe('trainTransformer', () => {
  it('learns a toy grammar: off-grammar sentences score above the median grammatical one', async () => {
    const rows = toyRows();
    const reports: number[] = [];
    const events = new EventStream();
    events.on((e) => {
      if (e.type === 'metric' && e.name === 'validation_loss') reports.push(e.value);
    });
    const result = await trainTransformer(rows, toyConfig(), {
      epochs: 30,
      patience: 30,
      batchSize: 32,
      learningRate: 1e-2,
      seed: 5,
      events,
    });
    expect(result.backend.name).toMatch(/wasm|tensorflow|cpu/);
    expect(reports).toEqual(result.history.map((h) => h.validationLoss));
    const first = result.history[0];
    const best = result.history[result.bestEpoch - 1];
    expect(best.validationLoss).toBe(Math.min(...result.history.map((h) => h.validationLoss)));
    expect(best.validationLoss).toBeLessThan(first.validationLoss);
    expect(best.accuracy).toBeGreaterThan(0.5);
    expect(best.macroF1).toBeGreaterThan(0.4);
    const onGrammar = await scoreRows(result.model, rows);
    const sorted = Array.from(onGrammar.score).sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];
    const off = await scoreRows(result.model, rowsFromSequences(OFF_GRAMMAR, TOY_SEQ_LEN));
    for (const score of off.score) expect(score).toBeGreaterThan(median);
    result.model.dispose();
  });

  it('is deterministic: the same seed gives identical weights, another seed different ones', async () => {
    const rows = toyRows();
    const options = { epochs: 2, batchSize: 64, seed: 11 };
    const a = await trainTransformer(rows, toyConfig(), options);
    const b = await trainTransformer(rows, toyConfig(), options);
    const c = await trainTransformer(rows, toyConfig(), { ...options, seed: 12 });
    expect(weightsOf(b.model)).toEqual(weightsOf(a.model));
    expect(b.history.map((h) => h.validationLoss)).toEqual(a.history.map((h) => h.validationLoss));
    expect(weightsOf(c.model)['embeddings.token']).not.toEqual(weightsOf(a.model)['embeddings.token']);
    for (const r of [a, b, c]) r.model.dispose();
  });

  it('trains the same in worker threads: the gradients of the shares add up to the batch gradient', async () => {
    // toyConfig has no dropout, so one thread and two workers differ only in the order floats are added
    const rows = toyRows();
    const options = { epochs: 1, batchSize: 64, seed: 13 };
    const single = await trainTransformer(rows, toyConfig(), options);
    const parallel = await trainTransformer(rows, toyConfig(), { ...options, workers: 2 });
    const a = weightsOf(single.model);
    const b = weightsOf(parallel.model);
    for (const name of Object.keys(a)) {
      const difference = Math.max(...a[name].map((v, i) => Math.abs(v - b[name][i])));
      expect(difference, name).toBeLessThan(1e-4);
    }
    expect(parallel.history[0].trainLoss).toBeCloseTo(single.history[0].trainLoss, 4);
    single.model.dispose();
    parallel.model.dispose();
  });

  it('refuses empty data, bad rows and bad options', async () => {
    const config = toyConfig();
    await expect(trainTransformer({ seqLen: TOY_SEQ_LEN, distinct: new Int32Array(0) }, config)).rejects.toThrow(
      /0 connections are too few/,
    );
    await expect(trainTransformer(rowsFromSequences([[5, 13]], TOY_SEQ_LEN, [20]), config)).rejects.toThrow(/token 13/);
    await expect(trainTransformer(rowsFromSequences([[5]], TOY_SEQ_LEN + 1, [20]), config)).rejects.toThrow(
      /longer than the model's seqLen/,
    );
    await expect(trainTransformer(toyRows(), config, { batchSize: 0 })).rejects.toThrow(
      /batchSize must be a whole number >= 1/,
    );
    await expect(trainTransformer(toyRows(), config, { workers: 1.5 })).rejects.toThrow(
      /workers must be a whole number >= 1/,
    );
  });
});
