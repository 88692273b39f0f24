/**
 * Host rankings judged against labels, on hand-made orders: how many others come before the last malicious host,
 * average precision, watched ranks; the beacon scorer's hosts in the order of their best row.
 */
import { describe, expect, it } from 'vitest';
import type { BeaconResult, BeaconRow } from '../../src/detect/beacon.js';
import type { AlignedLabels } from '../../src/detect/labels.js';
import { beaconRanking, rankingOf } from '../../src/pipeline/host-ranking.js';

function labelled(...hosts: string[]): AlignedLabels {
  return {
    source: 'test',
    connections: new Uint8Array(),
    uids: new Set(),
    hosts: new Map(hosts.map((h) => [h, ['scenario']])),
    missingUids: 0,
    warnings: [],
  };
}

describe('rankingOf', () => {
  it('counts the unlabelled hosts above the last malicious one and ranks watched hosts', () => {
    const ranking = rankingOf(['a', 'm', 'b', 'n', 'c'], labelled('m', 'n'), ['n', 'z']);
    expect(ranking.othersAbove).toBe(2);
    // m found at 2 (precision 1/2), n at 4 (2/4)
    expect(ranking.averagePrecision).toBeCloseTo(0.5, 12);
    expect(ranking.hosts).toBe(5);
    expect(ranking.watched).toEqual({ n: 4, z: null });
  });

  it('gives no count when a malicious host is not ranked, and NaN without labels', () => {
    expect(rankingOf(['m', 'a'], labelled('m', 'gone'), []).othersAbove).toBeNull();
    const unlabelled = rankingOf(['a', 'b'], undefined, ['b']);
    expect([unlabelled.othersAbove, unlabelled.averagePrecision, unlabelled.rocAuc]).toEqual([null, NaN, NaN]);
    expect(unlabelled.watched).toEqual({ b: 2 });
  });
});

describe('beaconRanking', () => {
  it("ranks each originator once, by its best (first) row, and keeps the beacon scorer's counts", () => {
    const row = (orig: string, score: number) => ({ orig, resp: 's', score }) as BeaconRow;
    const beacons: BeaconResult = {
      rows: [row('x', 0.9), row('m', 0.8), row('x', 0.7), row('y', 0.5)],
      pairs: 10,
      start: 0,
      end: 1,
      skipped: 0,
    };
    const ranking = beaconRanking(beacons, labelled('m'), ['y']);
    expect(ranking).toMatchObject({ hosts: 3, othersAbove: 1, watched: { y: 3 }, pairs: 10, scored: 4 });
  });
});
