/**
 * Evaluation of a scores file read back in chunks against the in-memory evaluation of the same model on the same
 * logs: the same connections, anomalies, notables and metrics at both levels; a threshold at the file's own
 * quantile with --acceptance-rate; a scores.parquet as its CSV; what cannot be done without the logs refused; the
 * command line.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { chooseThreshold } from '../../src/detect/threshold.js';
import { evaluateScoresFile } from '../../src/pipeline/evaluate-scores.js';
import { Detector } from '../../src/pipeline/detector.js';
import { evaluatePipeline, evaluateScorer } from '../../src/pipeline/evaluation.js';
import { inferToFiles } from '../../src/pipeline/infer.js';
import { evaluationScorers } from '../../src/pipeline/scorers.js';
import { EventStream } from '../../src/util/events.js';
import { zeekseq } from '../cli/support/run-cli.js';
import { type ScoredDay, scoredDay } from './support/scored-day.js';

let day: ScoredDay;

beforeAll(async () => {
  day = await scoredDay('evaluate-scores');
}, 120_000);
afterAll(() => day.remove());
afterEach(() => vi.restoreAllMocks());

describe('evaluateScoresFile', () => {
  it("measures what in-memory evaluation does at the model's threshold, reading the file in several chunks", async () => {
    const memory = await evaluatePipeline({
      data: day.day,
      model: day.model,
      keepConnOnly: true,
      labels: day.labels,
      ...day.notables,
      bootstrap: { resamples: 5 },
    });
    const events = new EventStream();
    const info: string[] = [];
    events.on((e) => e.type === 'info' && info.push(e.message));
    const read = await evaluateScoresFile({
      scores: day.scores,
      labels: day.labels,
      ...day.notables,
      chunkRows: 500,
      events,
    });
    const [whole] = memory.evaluations;
    const [file] = read.evaluations;
    expect(read.connections).toBe(memory.connections.table.uids.length);
    expect(read.hosts).toBe(new Set(memory.connections.table.origHosts).size);
    expect(info).toContainEqual(
      expect.stringMatching(/^read [\d,]+ rows of .*scores\.csv in ([4-9]|\d\d+) chunk\(s\)/),
    );
    // a test that measures something: anomalies, notables and malicious connections on both sides
    expect(whole.anomalies).toBeGreaterThan(10);
    expect(whole.notables).toBeGreaterThan(0);
    expect(whole.metrics!.connection.positives).toBeGreaterThan(0);
    expect(file.scorer).toBe('scores');
    expect(file.anomalies).toBe(whole.anomalies);
    expect(file.metrics!.connection).toEqual(whole.metrics!.connection);
    expect(read.labels!.missingUids).toBe(memory.labels!.missingUids);
    // notables follow hosts by address: the file holds no DHCP identities, so compare with an in-memory evaluation
    // of the same scores without them (with them, this network's address changes merge some hosts' notables)
    const detector = await Detector.load(day.model);
    const [scorer] = await evaluationScorers(detector, memory.result, memory.connections);
    detector.dispose();
    const byAddress = evaluateScorer(memory.connections, scorer, memory.labels, {
      ...day.notables,
      acceptanceRate: detector.params.acceptanceRate,
      bootstrap: { resamples: 5 },
    });
    expect(byAddress.metrics!.connection).toEqual(whole.metrics!.connection);
    expect([file.anomalies, file.notables, file.hostsWithNotables]).toEqual([
      byAddress.anomalies,
      byAddress.notables,
      byAddress.hostsWithNotables,
    ]);
    expect(file.metrics!.host).toEqual(byAddress.metrics!.host);
    // the file's scores are rounded to 6 digits: the model's threshold lies within the interval read from the flags
    const threshold = whole.threshold.point.threshold;
    expect(file.threshold.lower).toBeLessThanOrEqual(threshold + 5e-7);
    expect(file.threshold.upper).toBeGreaterThan(threshold - 5e-7);
    expect(file.threshold.point.above).toBe(whole.anomalies);
  }, 60_000);

  it("with an acceptance rate, flags the connections above the file's own score quantile", async () => {
    const scores = Float64Array.from(
      readFileSync(day.scores, 'utf8')
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => Number(line.split(',')[4])),
    );
    const read = await evaluateScoresFile({ scores: day.scores, acceptanceRate: 0.05, chunkRows: 300 });
    const [file] = read.evaluations;
    const expected = chooseThreshold(scores, 0.05);
    expect(file.threshold.point).toEqual(expected);
    expect(file.anomalies).toBe(scores.filter((s) => s > expected.threshold).length);
    expect(file.metrics).toBeNull();
  });

  it('measures a scores.parquet (infer --format parquet) as the scores.csv of the same run', async () => {
    const output = path.join(day.root, 'infer-parquet');
    await inferToFiles({ data: day.day, model: day.model, output, all: true, keepConnOnly: true, format: 'parquet' });
    const settings = { labels: day.labels, ...day.notables, chunkRows: 700 };
    const fromCsv = await evaluateScoresFile({ ...settings, scores: day.scores });
    const fromParquet = await evaluateScoresFile({ ...settings, scores: path.join(output, 'scores.parquet') });
    expect(fromParquet.evaluations).toEqual(fromCsv.evaluations);
    expect(fromParquet.connections).toBe(fromCsv.connections);
  }, 60_000);

  it('refuses --zeek-labels, which needs the conn log, saying what to give instead', async () => {
    await expect(evaluateScoresFile({ scores: day.scores, zeekLabels: true })).rejects.toThrow(
      /--zeek-labels reads the label columns of the conn log, which a scores file does not carry; give --labels FILE/,
    );
  });
});

describe('zeekseq evaluate --scores', () => {
  it('prints one line for the scores and writes evaluation.csv', async () => {
    const output = path.join(day.root, 'evaluate');
    const { stdout, code } = await zeekseq(
      'evaluate',
      '--scores',
      day.scores,
      '--labels',
      day.labels,
      '--min-count',
      '2',
      '--chunk-rows',
      '1000',
      '--output',
      output,
      '--runs-dir',
      path.join(day.root, 'runs'),
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^[\d,]+ connections, \d+ originating hosts; [\d,]+ malicious connections, 2 malicious hosts/,
    );
    expect(stdout).toMatch(/^scorer=scores acceptance_rate=[\d.]+ threshold=[\d.]+ .*connection_roc_auc=[\d.]+/m);
    // no token sequences and no conn log in a scores file: no host priority, no beacon row
    expect(stdout).not.toMatch(/priority_|^scorer=beacon/m);
    expect(readFileSync(path.join(output, 'evaluation.csv'), 'utf8')).toMatch(/^scorer,acceptance_rate,threshold/);
  }, 60_000);

  it('refuses --scores with --model, and neither --scores nor --data', async () => {
    const both = await zeekseq('evaluate', '--scores', day.scores, '--model', day.model, '--labels', day.labels);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--model cannot be used with it; give either --scores FILE or --model and --data/);
    const neither = await zeekseq('evaluate', '--model', day.model, '--labels', day.labels);
    expect(neither.code).toBe(2);
    expect(neither.stderr).toMatch(/required option '--data <dirs\.\.\.>' not specified \(or give --scores FILE/);
  });
});
