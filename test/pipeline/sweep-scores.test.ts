/**
 * A sweep of a scores file read back in chunks (twice) against the in-memory sweep of the same rows with the
 * same thresholds (the scores' own quantiles): the same rows, days, recommendation and notables per host; the
 * command line.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ConnectionTable } from '../../src/detect/evaluate.js';
import { alignLabels, readLabels } from '../../src/detect/labels.js';
import { sweep, type SweepRow } from '../../src/detect/sweep.js';
import { scoresTable } from '../../src/pipeline/outputs.js';
import { sweepScoresFile } from '../../src/pipeline/sweep-scores.js';
import { zeekseq } from '../cli/support/run-cli.js';
import { type ScoredDay, scoredDay } from './support/scored-day.js';

let day: ScoredDay;

beforeAll(async () => {
  day = await scoredDay('sweep-scores');
}, 120_000);
afterAll(() => day.remove());
afterEach(() => vi.restoreAllMocks());

/** A row without its threshold interval, which only the in-memory sweep bootstraps. */
const pointOnly = ({ thresholdLower, thresholdUpper, ...row }: SweepRow) => row;

describe('sweepScoresFile', () => {
  it('sweeps what the in-memory sweep does over the rows infer wrote, reading the file in chunks', async () => {
    // the day's highest score is shared by 7% of its connections: a lower rate flags none (ties are never split)
    const grid = { acceptanceRates: [0.01, 0.1, 0.3], windows: [3600, 10800], minCounts: [1, 3], budget: 10 };
    // in memory: the same rows as scores.csv holds them (scores rounded to 6 digits), thresholds on those scores
    const table = scoresTable(day.inferred.detection);
    const connections: ConnectionTable = {
      uids: table.array('uid') as string[],
      ts: table.array('ts') as Float64Array,
      origHosts: table.array('orig_h') as string[],
      respHosts: table.array('resp_h') as string[],
    };
    const scores = Float64Array.from(table.array('score') as number[]);
    const labels = alignLabels(await readLabels(day.labels), connections.uids, connections.origHosts);
    const memory = sweep(
      connections,
      { name: 'scores', scores, thresholdScores: scores, thresholdCounts: new Array(scores.length).fill(1) },
      { ...grid, labels, bootstrap: { resamples: 5 } },
    );
    const read = await sweepScoresFile({
      ...grid,
      scores: day.scores,
      labels: day.labels,
      output: path.join(day.root, 'sweep'),
      chunkRows: 400,
    });
    const swept = read.result;
    expect(read.connections).toBe(scores.length);
    expect(swept.rows.map(pointOnly)).toEqual(memory.rows.map(pointOnly));
    // a sweep that finds something: anomalies and notables at the higher rates, labelled hosts among them
    expect(Math.max(...swept.rows.map((r) => r.notables))).toBeGreaterThan(0);
    expect(Math.max(...swept.rows.map((r) => r.hostRecall))).toBeGreaterThan(0);
    expect(swept.rows.every((r) => r.thresholdLower === r.threshold && r.thresholdUpper === r.threshold)).toBe(true);
    expect([swept.days, swept.cleanDays, swept.dayCount]).toEqual([memory.days, memory.cleanDays, memory.dayCount]);
    expect(pointOnly(swept.recommended!)).toEqual(pointOnly(memory.recommended!));
    expect([swept.reason, swept.hostNotables]).toEqual([memory.reason, memory.hostNotables]);
    const summary = JSON.parse(readFileSync(path.join(day.root, 'sweep', 'summary.json'), 'utf8'));
    expect(summary.scores).toBe(day.scores);
  }, 60_000);

  it('refuses a bad rate before reading, and --zeek-labels', async () => {
    const output = path.join(day.root, 'refused');
    await expect(sweepScoresFile({ scores: day.scores, output, acceptanceRates: [1] })).rejects.toThrow(
      /acceptance rate 1 is not a share between 0 and 1/,
    );
    await expect(sweepScoresFile({ scores: day.scores, output, zeekLabels: true })).rejects.toThrow(
      /--zeek-labels reads the label columns of the conn log/,
    );
  });
});

describe('zeekseq sweep --scores', () => {
  it('writes the table and charts and says the thresholds are quantiles of the file', async () => {
    const output = path.join(day.root, 'sweep-cli');
    const { stdout, code } = await zeekseq(
      'sweep',
      '--scores',
      day.scores,
      '--labels',
      day.labels,
      '--acceptance-rates',
      '0.1,0.3',
      '--windows',
      '1h',
      '--min-counts',
      '1,3',
      '--output',
      output,
      '--runs-dir',
      path.join(day.root, 'runs'),
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(/swept 4 settings of scores over 1 day\(s\) \([\d,]+ connections\)/);
    expect(stdout).toMatch(/recommended: .*\(the file's own score quantile, no bootstrap\)/);
    expect(readFileSync(path.join(output, 'sweep.csv'), 'utf8').trim().split('\n')).toHaveLength(5);
    expect(existsSync(path.join(output, 'sweep.svg'))).toBe(true);
  }, 60_000);

  it('refuses --scorer and --keep-conn-only with --scores', async () => {
    const output = path.join(day.root, 'refused-cli');
    for (const extra of [['--scorer', 'markov'], ['--keep-conn-only']]) {
      const { code, stderr } = await zeekseq('sweep', '--scores', day.scores, '--output', output, ...extra);
      expect(code).toBe(2);
      expect(stderr).toContain(`${extra[0]} cannot be used with it`);
    }
  });
});
