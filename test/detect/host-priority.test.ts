import { describe, expect, it } from 'vitest';
import { beaconScores, type BeaconRow } from '../../src/detect/beacon.js';
import { hostPriority } from '../../src/detect/host-priority.js';
import type { Notable } from '../../src/detect/notables.js';
import { sharedDataset } from '../support/shared.js';
import { ritaBeaconInput } from './rita-beacons.js';

const notable = (addresses: string[], host = addresses[0]): Notable => ({
  host,
  hostLabel: host,
  identity: host.startsWith('mac:') ? 'mac' : 'ip',
  addresses,
  start: 0,
  end: 60,
  count: 3,
  distinctPeers: 1,
  maxScore: 1,
  meanScore: 1,
  top: [],
});

const beacon = (orig: string, resp: string, score: number): BeaconRow => ({
  orig,
  resp,
  port: null,
  count: 100,
  first: 0,
  last: 1,
  medianInterval: 60,
  intervalMad: 0,
  medianBytes: 100,
  bytesMad: 0,
  modeBytes: 100,
  tsSkewScore: score,
  tsMadmScore: score,
  tsConnCountScore: score,
  dsSkewScore: score,
  dsMadmScore: score,
  dsSmallnessScore: score,
  tsScore: score,
  dsScore: score,
  score,
});

// connections: [orig, score, anomalous]
const connections = (rows: Array<[string, number, boolean]>) => ({
  origHosts: rows.map((r) => r[0]),
  scores: Float64Array.from(rows, (r) => r[1]),
  anomalous: rows.map((r) => r[2]),
});

describe('hostPriority', () => {
  it('orders hosts by tier: notable and beacon, beacon, notable, anomalies, none', () => {
    const rows = hostPriority({
      ...connections([
        ['quiet', 0.1, false],
        ['noisy', 0.9, true],
        ['alerted', 0.8, true],
        ['both', 0.7, true],
        ['caller', 0.2, false],
      ]),
      notables: [notable(['alerted']), notable(['both'])],
      beacons: [beacon('caller', 'c2', 0.99), beacon('both', 'c2', 0.95), beacon('quiet', 'ntp', 0.94)],
    });
    expect(rows.map((r) => [r.rank, r.host, r.signal])).toEqual([
      [1, 'both', 'notable+beacon'],
      [2, 'caller', 'beacon'],
      [3, 'alerted', 'notable'],
      [4, 'noisy', 'anomalies'],
      [5, 'quiet', 'none'],
    ]);
    expect(rows[0]).toMatchObject({
      notables: 1,
      anomalies: 1,
      maxScore: 0.7,
      summedScore: 0.7,
      beaconScore: 0.95,
      beaconPeer: 'c2',
    });
    expect(rows[4]).toMatchObject({ beaconScore: 0.94, beaconPeer: 'ntp', anomalies: 0, summedScore: 0 });
  });

  it('ranks within a tier by weighted anomaly score, then notables, then beacon score, then maximum score', () => {
    const rows = hostPriority({
      ...connections([
        ['a', 0.6, true],
        ['b', 0.5, true],
        ['b', 0.5, true],
        ['c', 0.9, true],
        ['g', 0.9, true],
        ['d', 0.2, false],
        ['e', 0.3, false],
        ['f', 0.3, false],
      ]),
      notables: [notable(['a']), notable(['a']), notable(['b']), notable(['c']), notable(['g']), notable(['g'])],
      beacons: [beacon('e', 'x', 0.5), beacon('f', 'x', 0.5)],
    });
    // b's anomalies sum to 1.0, then c and g at 0.9 (g has two notables), then a at 0.6 despite its two
    // notables; e and f tie but for the address, and d (no beacon row) comes after them
    expect(rows.map((r) => r.host)).toEqual(['b', 'g', 'c', 'a', 'e', 'f', 'd']);
  });

  it("weighs an anomaly by how many hosts share its pattern: a habit of many hosts ranks below one host's own", () => {
    // three hosts show pattern 7 twice each (score 3 each), 'own' shows pattern 9 once at 4.5, and an
    // unspecified address sharing pattern 7 does not count as a host
    const rows = hostPriority({
      origHosts: ['a', 'a', 'b', 'b', 'c', 'c', 'own', '0.0.0.0', 'own'],
      scores: Float64Array.from([3, 3, 3, 3, 3, 3, 4.5, 3, 0.1]),
      anomalous: [true, true, true, true, true, true, true, true, false],
      patterns: Int32Array.from([7, 7, 7, 7, 7, 7, 9, 7, 7]),
      notables: [],
      beacons: [],
    });
    expect(rows.map((r) => [r.host, r.summedScore, r.weightedScore])).toEqual([
      ['own', 4.5, 4.5],
      ['a', 6, 2],
      ['b', 6, 2],
      ['c', 6, 2],
    ]);
    // without patterns every anomaly weighs 1, and the plain sum orders the hosts
    const plain = hostPriority({
      origHosts: ['a', 'a', 'own'],
      scores: Float64Array.from([3, 3, 4.5]),
      anomalous: [true, true, true],
      notables: [],
      beacons: [],
    });
    expect(plain.map((r) => [r.host, r.weightedScore])).toEqual([
      ['a', 6],
      ['own', 4.5],
    ]);
    expect(() =>
      hostPriority({ ...connections([['a', 1, true]]), patterns: Int32Array.of(1, 2), notables: [], beacons: [] }),
    ).toThrow(/2 patterns for 1 connections/);
  });

  it("keeps each host's best beacon pair and ignores unscored connections", () => {
    const rows = hostPriority({
      ...connections([
        ['h', Number.NEGATIVE_INFINITY, false],
        ['h', Number.NaN, false],
      ]),
      notables: [],
      beacons: [beacon('h', 'first', 0.7), beacon('h', 'best', 0.97), beacon('other', 'h', 0.99)],
    });
    // a host's beacon score is as originator: being the destination of other's beacon does not count for h
    expect(rows.map((r) => [r.host, r.beaconScore, r.beaconPeer])).toEqual([
      ['other', 0.99, 'h'],
      ['h', 0.97, 'best'],
    ]);
    expect(rows[1].maxScore).toBeNaN();
  });

  it('counts a notable for every address it holds, and moves the beacon cut', () => {
    const input = {
      ...connections([['10.0.0.5', 0.1, false]]),
      notables: [notable(['10.0.0.5', '10.0.0.6'], 'mac:aa:bb')],
      beacons: [beacon('10.0.0.7', 'c2', 0.85)],
    };
    const rows = hostPriority(input);
    expect(rows.map((r) => [r.host, r.notables, r.signal])).toEqual([
      ['10.0.0.5', 1, 'notable'],
      ['10.0.0.6', 1, 'notable'],
      ['10.0.0.7', 0, 'none'],
    ]);
    expect(hostPriority(input, { beaconCut: 0.8 })[0]).toMatchObject({ host: '10.0.0.7', signal: 'beacon' });
  });

  it('ranks no unspecified address: 0.0.0.0 is every booting machine', () => {
    const rows = hostPriority({
      ...connections([
        ['0.0.0.0', 0.9, true],
        ['10.0.0.5', 0.5, true],
      ]),
      notables: [notable(['0.0.0.0', '10.0.0.5'], 'mac:aa:bb'), notable(['::'], 'mac:cc:dd')],
      beacons: [beacon('0.0.0.0', '255.255.255.255', 0.99)],
    });
    expect(rows.map((r) => [r.host, r.notables, r.anomalies])).toEqual([['10.0.0.5', 1, 1]]);
  });

  it('says what is wrong with its input', () => {
    const input = { ...connections([['h', 1, true]]), notables: [], beacons: [] };
    expect(() => hostPriority({ ...input, anomalous: [] })).toThrow(
      /1 scores, 0 anomaly flags and no patterns for 1 connections/,
    );
    expect(() => hostPriority(input, { beaconCut: 90 })).toThrow(/beaconCut must be a score in \[0, 1\]/);
  });
});

const rita = sharedDataset('rita-missing-host');

describe.skipIf(rita === null)('hostPriority on rita-missing-host', () => {
  it('puts the beacon host 73.54.23.243 in the top 3 of 14,991 originators from the beacon signal alone', async () => {
    const input = await ritaBeaconInput(rita!);
    const { origHosts } = input;
    const { rows: beacons } = beaconScores(input);
    // no sequence model: every connection scores 0 and none is an anomaly
    const rows = hostPriority({
      origHosts,
      scores: new Float64Array(origHosts.length),
      anomalous: new Uint8Array(origHosts.length),
      notables: [],
      beacons,
    });
    expect(rows).toHaveLength(14991);
    const host = rows.find((r) => r.host === '73.54.23.243')!;
    expect(host.rank).toBeLessThanOrEqual(3);
    expect(host).toMatchObject({ signal: 'beacon', beaconPeer: '64.225.56.201' });
  });
});
