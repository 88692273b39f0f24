import { describe, expect, it } from 'vitest';
import {
  anomaliesAbove,
  evaluateScores,
  hostRank,
  hostScores,
  notableHosts,
  scorerThreshold,
  type ConnectionTable,
  type ScorerScores,
} from '../../src/detect/evaluate.js';
import { alignLabels, labelsFromCsv } from '../../src/detect/labels.js';
import { findNotables } from '../../src/detect/notables.js';
import { ZeekseqError } from '../../src/util/errors.js';

// six connections of three hosts; the fifth was not scored (dropped in preparation)
const connections: ConnectionTable = {
  uids: ['C1', 'C2', 'C3', 'C4', 'C5', 'C6'],
  ts: Float64Array.from([0, 10, 20, 30, 40, 50]),
  origHosts: ['a', 'b', 'a', 'c', 'c', 'b'],
  respHosts: ['s', 's', 's', 's', 's', 's'],
};
const scorer: ScorerScores = {
  name: 'test',
  scores: Float64Array.from([0.9, 0.1, 0.8, 0.3, -Infinity, 0.5]),
  thresholdScores: [0.1, 0.2, 0.3, 0.4, 0.6],
  thresholdCounts: [1, 1, 1, 1, 1],
};
// C1, C3 (host a) and C5 (host c) are malicious
const labels = alignLabels(labelsFromCsv('uid,host\nC1,a\nC3,a\nC5,c\n'), connections.uids, connections.origHosts);

describe('evaluateScores', () => {
  const threshold = scorerThreshold(scorer, 0.2); // one of five above: 0.4

  it("takes the threshold from the scorer's own threshold split", () => {
    expect(threshold.threshold).toBe(0.4);
    expect(threshold.above).toBe(1);
  });

  it('measures connections against hand-computed values; unscored connections are never flagged and rank last', () => {
    const { connection } = evaluateScores(connections, scorer, labels, threshold);
    // flagged C1, C3, C6: TP 2, FP 1, FN 1 (C5)
    expect(connection).toMatchObject({ items: 6, positives: 3, flagged: 3, truePositives: 2 });
    expect(connection.precision).toBeCloseTo(2 / 3, 12);
    expect(connection.recall).toBeCloseTo(2 / 3, 12);
    expect(connection.f1).toBeCloseTo(2 / 3, 12);
    // ranked 0.9+, 0.8+, 0.5, 0.3, 0.1, -inf+: AP = 1/3·1 + 1/3·1 + 1/3·3/6
    expect(connection.averagePrecision).toBeCloseTo(5 / 6, 12);
    // positive above negative in 6 of 9 pairs
    expect(connection.rocAuc).toBeCloseTo(6 / 9, 12);
  });

  it('measures hosts by their highest connection score, flagged by notables when given', () => {
    // host scores a 0.9 (malicious), b 0.5, c 0.3 (malicious)
    const { host } = evaluateScores(connections, scorer, labels, threshold, new Set(['a', 'b']));
    expect(host).toMatchObject({ items: 3, positives: 2, flagged: 2, truePositives: 1, precision: 0.5, recall: 0.5 });
    expect(host.averagePrecision).toBeCloseTo(0.5 * 1 + 0.5 * (2 / 3), 12);
    expect(host.rocAuc).toBe(0.5);
    // without notables a host with any anomaly is flagged: a (C1, C3) and b (C6)
    expect(evaluateScores(connections, scorer, labels, threshold).host.flagged).toBe(2);
  });

  it('refuses an empty score set and misaligned labels with what to do', () => {
    const empty: ConnectionTable = { uids: [], ts: new Float64Array(), origHosts: [], respHosts: [] };
    expect(() => evaluateScores(empty, { ...scorer, scores: new Float64Array() }, labels, threshold)).toThrow(
      /no scored connections to evaluate/,
    );
    expect(() => anomaliesAbove(empty, new Float64Array(), 0.5)).toThrow(ZeekseqError);
    const shortLabels = { ...labels, connections: new Uint8Array(2) };
    expect(() => evaluateScores(connections, scorer, shortLabels, threshold)).toThrow(
      /labels for 2 connections, scores for 6/,
    );
  });
});

describe('host scores and ranks', () => {
  it('ranks hosts by their highest score; ties share the best rank', () => {
    const byHost = hostScores(connections, scorer.scores);
    expect(byHost).toEqual(
      new Map([
        ['a', 0.9],
        ['b', 0.5],
        ['c', 0.3],
      ]),
    );
    expect(hostRank(byHost, 'b')).toEqual({ rank: 2, tied: 0, hosts: 3, score: 0.5 });
    expect(
      hostRank(
        new Map([
          ['x', 1],
          ['y', 1],
          ['z', 2],
        ]),
        'y',
      ),
    ).toEqual({ rank: 2, tied: 1, hosts: 3, score: 1 });
    expect(hostRank(byHost, 'nobody')).toBeNull();
  });

  it('lists anomalies strictly above the threshold with their hosts and times', () => {
    expect(anomaliesAbove(connections, scorer.scores, 0.5).map((a) => [a.uid, a.origHost, a.ts])).toEqual([
      ['C1', 'a', 0],
      ['C3', 'a', 20],
    ]);
  });
});

describe('notableHosts', () => {
  it('counts a malicious host only when its notable holds one of its labelled connections', () => {
    // threshold 0.2: anomalies C1 (a, malicious), C3 (a, malicious), C4 (c, benign connection of a malicious host), C6 (b)
    const anomalies = anomaliesAbove(connections, scorer.scores, 0.2);
    const notables = findNotables(anomalies, { window: 5, minCount: 1 });
    expect(notables.map((n) => n.host)).toEqual(['a', 'a', 'c', 'b']);
    expect(notableHosts(notables, anomalies)).toEqual(new Set(['a', 'b', 'c']));
    // c is malicious (C5), but its notable holds only C4: not detected
    expect(notableHosts(notables, anomalies, labels)).toEqual(new Set(['a', 'b']));
  });
});
