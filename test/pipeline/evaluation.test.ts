/**
 * End to end on a tiny synthetic network: train on a clean day (2 epochs), score the attack day with the
 * transformer and the baselines, evaluate against labels.csv (with each scorer's host priority and the beacon
 * scorer's ranking), and run `zeekseq sweep` and `zeekseq evaluate`.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readLabels, alignLabels } from '../../src/detect/labels.js';
import { averagePrecision } from '../../src/detect/metrics.js';
import { evaluatePipeline, evaluateScorer } from '../../src/pipeline/evaluation.js';
import { beaconRanking, rankingOf } from '../../src/pipeline/host-ranking.js';
import { evaluationTable } from '../../src/pipeline/scorer-evaluation.js';
import type { Detection } from '../../src/pipeline/detection.js';
import { Detector } from '../../src/pipeline/detector.js';
import { evaluationConnections, evaluationScorers, type EvaluationConnections } from '../../src/pipeline/scorers.js';
import { trainModel } from '../../src/pipeline/train.js';
import type { ScorerScores } from '../../src/detect/evaluate.js';
import { EventStream } from '../../src/util/events.js';
import { readZeekDir } from '../../src/zeek/read-dir.js';
import { synthesize } from '../../src/synth/synthesize.js';
import { zeekseq } from '../cli/support/run-cli.js';

let root: string;
let data: string;
let model: string;
let result: Detection;
let connections: EvaluationConnections;
let scorers: ScorerScores[];
const trainLog: string[] = [];

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'zeekseq-evaluation-'));
  data = path.join(root, 'syn');
  model = path.join(root, 'model');
  await synthesize({
    out: data,
    hosts: 4,
    days: 2,
    seed: 3,
    attacks: ['port-scan', 'lateral-movement'],
    attackDays: [2],
  });
  const events = new EventStream();
  events.on((e) => {
    if (e.type === 'info') trainLog.push(e.message);
    if (e.type === 'warning') trainLog.push(`warning: ${e.message}`);
  });
  await trainModel({
    data: path.join(data, '2024-03-04'),
    model,
    params: { acceptanceRate: 0.01, transformer: { epochs: 2 }, keepConnOnly: true, seed: 1 },
    events,
  });
  const detector = await Detector.load(model);
  result = await detector.detect(await readZeekDir(path.join(data, '2024-03-05'), { progress: false }));
  connections = evaluationConnections(result);
  scorers = await evaluationScorers(detector, result, connections);
  detector.dispose();
}, 120_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

/** `zeekseq evaluate` of the attack day with the trained model, then `args`. */
function evaluateDay(...args: string[]) {
  return zeekseq('evaluate', '--model', model, '--data', path.join(data, '2024-03-05'), ...args);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

describe('training', () => {
  it('saves the threshold with its bootstrap interval and the split it came from', () => {
    const saved = JSON.parse(readFileSync(path.join(model, 'detector.json'), 'utf8'));
    const { point, lower, upper } = saved.threshold;
    expect(lower).toBeLessThanOrEqual(point.threshold);
    expect(upper).toBeGreaterThanOrEqual(point.threshold);
    const counts = saved.thresholdSplit.transformer.counts as number[];
    expect(counts.reduce((a, b) => a + b, 0)).toBe(point.total);
    expect(trainLog).toContainEqual(
      expect.stringMatching(
        /^threshold [\d.]+ \(bootstrap 5–95%: [\d.]+–[\d.]+\): \d+ of \d+ threshold-split connections above it/,
      ),
    );
    // a tiny threshold split leaves fewer than 30 connections above the cut
    expect(point.above).toBeLessThan(30);
    expect(trainLog).toContainEqual(
      expect.stringMatching(/^warning: only \d+ of \d+ threshold-split connections lie above the threshold/),
    );
  });
});

describe('scorers on the attack day', () => {
  it('give every connection a score under each scorer, calibrated on the same threshold split', () => {
    expect(scorers.map((s) => s.name)).toEqual(['transformer', 'markov', 'frequency']);
    const [transformer, markov, frequency] = scorers;
    for (const s of scorers) {
      expect(s.scores).toHaveLength(connections.table.uids.length);
      expect(s.scores.every((x) => Number.isFinite(x))).toBe(true);
    }
    // the baselines were scored on the transformer's threshold split at training
    const total = (counts: ArrayLike<number>) => Array.from(counts).reduce((a, b) => a + b, 0);
    expect(total(markov.thresholdCounts)).toBe(total(transformer.thresholdCounts));
    expect(Array.from(frequency.thresholdCounts)).toEqual(Array.from(transformer.thresholdCounts));
    expect(markov.thresholdScores).toHaveLength(transformer.thresholdScores.length);
  });

  it('score the injected scenarios above the normal median', async () => {
    const labels = alignLabels(
      await readLabels(path.join(data, 'labels.csv')),
      connections.table.uids,
      connections.table.origHosts,
    );
    expect(labels.missingUids).toBe(0);
    const [transformer] = scorers;
    const attack = Array.from(transformer.scores).filter((_, c) => labels.connections[c]);
    const normal = Array.from(transformer.scores).filter((_, c) => !labels.connections[c]);
    expect(attack.length).toBeGreaterThan(10);
    expect(median(attack)).toBeGreaterThan(median(normal));
  });
});

describe('evaluateScorer', () => {
  it('ranks watched hosts by their highest score and by the anomalies their notables hold', () => {
    // host a: one very high score; host b: four anomalies in an hour; host c: nothing above the threshold
    const table = {
      uids: ['A1', 'B1', 'B2', 'B3', 'B4', 'C1'],
      ts: Float64Array.from([0, 10, 20, 30, 40, 50]),
      origHosts: ['a', 'b', 'b', 'b', 'b', 'c'],
      respHosts: ['s', 's', 's', 's', 's', 's'],
    };
    const scorer: ScorerScores = {
      name: 't',
      scores: Float64Array.from([0.99, 0.6, 0.6, 0.6, 0.6, 0.1]),
      thresholdScores: [0.1, 0.2, 0.3, 0.4, 0.5],
      thresholdCounts: [1, 1, 1, 1, 1],
    };
    const result = evaluateScorer({ table, scoredIndex: Int32Array.from([0, 1, 2, 3, 4, 5]) }, scorer, undefined, {
      acceptanceRate: 0.2,
      window: 3600,
      minCount: 1,
      watchIps: ['a', 'b', 'c', 'z'],
      bootstrap: { resamples: 5 },
    });
    expect(result.threshold.point.threshold).toBe(0.4);
    expect(result.metrics).toBeNull();
    const [a, b, c, z] = result.watched;
    expect([a.rank, a.notableRank, a.notable]).toEqual([1, 2, true]);
    expect([b.rank, b.notableRank, b.notable]).toEqual([2, 1, true]);
    expect([c.rank, c.notableRank, c.notable]).toEqual([3, null, false]);
    expect(z.rank).toBeNull();
    expect(b.notableHosts).toBe(2);
    // the table: host priority ranks (no labels, so no priority_ap) and a row for the beacon scorer
    const beacon = beaconRanking({ rows: [], pairs: 3, start: 0, end: 50, skipped: 0 }, undefined, ['a']);
    const plain = evaluationTable([result], beacon);
    expect(plain.columnNames().filter((name) => name.startsWith('priority_'))).toEqual([]);
    expect(plain.numRows()).toBe(1);
    const ranked = evaluationTable([{ ...result, priority: rankingOf(['b', 'a'], undefined, ['a']) }], beacon);
    expect(ranked.columnNames()).not.toContain('priority_ap');
    expect(ranked.objects()).toEqual([
      expect.objectContaining({
        scorer: 't',
        threshold: 0.4,
        rank_a: expect.stringMatching(/^1\//),
        priority_rank_a: 2,
      }),
      expect.objectContaining({ scorer: 'beacon', threshold: NaN, rank_a: null, priority_rank_a: null }),
    ]);
  });
});

describe('evaluatePipeline', () => {
  it('measures the three scorers side by side against labels.csv', async () => {
    const run = await evaluatePipeline({
      data: path.join(data, '2024-03-05'),
      model,
      keepConnOnly: true,
      labels: path.join(data, 'labels.csv'),
      acceptanceRate: 0.01,
      bootstrap: { resamples: 20 },
    });
    expect(run.evaluations.map((e) => e.scorer)).toEqual(['transformer', 'markov', 'frequency']);
    for (const e of run.evaluations) {
      expect(e.threshold.point.acceptanceRate).toBe(0.01);
      expect(e.metrics!.connection.positives).toBe(run.labels!.connections.reduce((a, b) => a + b, 0));
      expect(e.metrics!.host.positives).toBe(2);
    }
    // each scorer's AP is that of its own scores, and the transformer ranks the attacks well above chance
    const labels = run.labels!.connections;
    const positives = labels.reduce((a, b) => a + b, 0) / labels.length;
    for (const [i, e] of run.evaluations.entries()) {
      expect(e.metrics!.connection.averagePrecision).toBeCloseTo(averagePrecision(scorers[i].scores, labels), 12);
    }
    expect(run.evaluations[0].metrics!.connection.averagePrecision).toBeGreaterThan(3 * positives);
    // each scorer's host priority and the beacon scorer's ranking, judged against the two malicious hosts
    const hosts = new Set(connections.table.origHosts).size;
    for (const ranking of [...run.evaluations.map((e) => e.priority!), run.beacon]) {
      expect(ranking.averagePrecision).toBeGreaterThanOrEqual(0);
      expect(ranking.averagePrecision).toBeLessThanOrEqual(1);
      expect(ranking.rocAuc).toBeGreaterThanOrEqual(0);
      expect(ranking.rocAuc).toBeLessThanOrEqual(1);
      expect(ranking.hosts).toBeLessThanOrEqual(hosts);
      if (ranking.othersAbove !== null) {
        expect(Number.isInteger(ranking.othersAbove)).toBe(true);
        expect(ranking.othersAbove).toBeGreaterThanOrEqual(0);
        expect(ranking.othersAbove).toBeLessThanOrEqual(ranking.hosts - 2);
      }
    }
    // the hosts.csv order ranks every originator, the malicious ones included
    for (const e of run.evaluations) {
      expect(e.priority!.hosts).toBeGreaterThan(2);
      expect(Number.isInteger(e.priority!.othersAbove)).toBe(true);
    }
    expect(run.beacon.pairs).toBeGreaterThan(0);
  });

  it("raises notables with the model's settings unless others are given", async () => {
    const markov = path.join(root, 'model-min-count-1');
    const params = { scorer: 'markov' as const, baselines: [], keepConnOnly: true, notables: { minCount: 1 } };
    (await trainModel({ data: path.join(data, '2024-03-04'), model: markov, params })).dispose();
    const notables = async (minCount?: number) => {
      const run = await evaluatePipeline({
        data: path.join(data, '2024-03-05'),
        model: markov,
        keepConnOnly: true,
        minCount,
        bootstrap: { resamples: 5 },
      });
      return run.evaluations[0].notables;
    };
    const [byModel, one, three] = [await notables(), await notables(1), await notables(3)];
    // the two settings differ on this day, so the model's minCount 1 shows
    expect(one).toBeGreaterThan(three);
    expect(byModel).toBe(one);
  }, 60_000);
});

describe('zeekseq sweep and zeekseq evaluate', () => {
  it('sweep writes the table, the summary and the charts, and recommends a setting', async () => {
    const output = path.join(root, 'sweep');
    const { stdout, code } = await zeekseq(
      'sweep',
      '--model',
      model,
      '--data',
      path.join(data, '2024-03-05'),
      '--keep-conn-only',
      '--labels',
      path.join(data, 'labels.csv'),
      '--acceptance-rates',
      '0.001,0.01',
      '--windows',
      '1h,6h',
      '--min-counts',
      '1,3',
      '--budget',
      '10/day',
      '--output',
      output,
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(/swept 8 settings of transformer over 1 day/);
    expect(stdout).toMatch(/recommended: acceptance rate/);
    const csv = readFileSync(path.join(output, 'sweep.csv'), 'utf8').trim().split('\n');
    expect(csv).toHaveLength(9);
    expect(csv[0]).toMatch(/^scorer,acceptanceRate,window,minCount,threshold/);
    const summary = JSON.parse(readFileSync(path.join(output, 'summary.json'), 'utf8'));
    expect(summary.budget).toBe(10);
    // the tiny set's attack day is the only day scored: no clean day, so the budget holds on every day
    expect(summary.cleanDays).toEqual([]);
    expect(summary.recommended.maxNotablesPerDay).toBeLessThanOrEqual(10);
    for (const ext of ['vl.json', 'svg', 'png']) expect(existsSync(path.join(output, `sweep.${ext}`))).toBe(true);
    // the chart draws what was swept: 2 rates of the recommended window and min count, with precision and recall
    const svg = readFileSync(path.join(output, 'sweep.svg'), 'utf8');
    expect(svg).toContain('precision');
  }, 60_000);

  it('sweep refuses a window of 0 and an unknown scorer with a clear message', async () => {
    const zero = await zeekseq(
      'sweep',
      '--model',
      model,
      '--data',
      path.join(data, '2024-03-05'),
      '--windows',
      '0',
      '--output',
      path.join(root, 'bad'),
    );
    expect(zero.code).toBe(2);
    expect(zero.stderr).toMatch(/window "0" must be longer than 0/);
    const scorer = await zeekseq(
      'sweep',
      '--model',
      model,
      '--data',
      path.join(data, '2024-03-05'),
      '--scorer',
      'oracle',
      '--output',
      path.join(root, 'bad'),
    );
    expect(scorer.stderr).toMatch(/--scorer "oracle" is unknown; use one of transformer, markov, frequency/);
  });

  it('evaluate warns about labelled uids that are not in the scored data, and goes on', async () => {
    const labels = path.join(root, 'extra-labels.csv');
    writeFileSync(
      labels,
      `${readFileSync(path.join(data, 'labels.csv'), 'utf8').trimEnd()}\nCnotInTheData1,10.9.9.9,made-up\nCnotInTheData2,10.9.9.9,made-up\n`,
    );
    const { stdout, stderr, code } = await evaluateDay('--keep-conn-only', '--labels', labels);
    expect(code).toBe(0);
    expect(stderr).toMatch(
      /warning: 2 of [\d,]+ malicious uids in .*extra-labels\.csv are not among the [\d,]+ connections evaluated/,
    );
    expect(stdout).toMatch(/^scorer=frequency /m);
  }, 60_000);

  it('evaluate prints one line per scorer and ranks watched hosts', async () => {
    const labels = alignLabels(
      await readLabels(path.join(data, 'labels.csv')),
      connections.table.uids,
      connections.table.origHosts,
    );
    const [scanner] = [...labels.hosts].find(([, s]) => s.includes('port-scan'))!;
    const { stdout, code } = await evaluateDay(
      '--keep-conn-only',
      '--labels',
      path.join(data, 'labels.csv'),
      '--watch-ips',
      scanner,
      '--output',
      path.join(root, 'evaluate'),
    );
    expect(code).toBe(0);
    const ip = scanner.replace(/\./g, '\\.');
    const priority = `priority_ap=[0-9.]+ priority_roc_auc=[0-9.]+ priority_others_above=\\d+ priority_rank_${ip}=\\d+$`;
    for (const name of ['transformer', 'markov', 'frequency'])
      expect(stdout).toMatch(new RegExp(`^scorer=${name} .*host_ap=[0-9.]+ .*rank_${ip}=\\d+/\\d+.* ${priority}`, 'm'));
    // the beacon scorer ranks hosts and nothing else
    expect(stdout).toMatch(/^scorer=beacon acceptance_rate=NaN .*connection_ap=NaN .* priority_ap=[0-9.]+ /m);
    const csv = readFileSync(path.join(root, 'evaluate', 'evaluation.csv'), 'utf8')
      .trim()
      .split('\n');
    expect(csv[0]).toMatch(new RegExp(`,host_roc_auc,rank_${ip},priority_ap,priority_roc_auc,priority_others_above,`));
    expect(csv.slice(1).map((line) => line.split(',')[0])).toEqual(['transformer', 'markov', 'frequency', 'beacon']);
    const json = JSON.parse(readFileSync(path.join(root, 'evaluate', 'evaluation.json'), 'utf8'));
    expect(json.beacon.pairs).toBeGreaterThan(0);
    for (const e of json.evaluations) expect(e.priority.watched[scanner]).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it('evaluate names a labels file without uid or ip columns', async () => {
    const labels = path.join(root, 'no-hosts.csv');
    writeFileSync(labels, 'address,scenario\n10.10.1.12,port-scan\n');
    const { stderr, code } = await evaluateDay('--labels', labels);
    expect(code).toBe(2);
    expect(stderr).toMatch(/labels: .*no-hosts\.csv has columns address, scenario; give a CSV with a uid column/);
  }, 60_000);
});
