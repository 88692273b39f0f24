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

  it('ranks within a tier by notables, then summed anomaly score, then beacon score, then maximum score', () => {
    const rows = hostPriority({
      ...connections([
        ['a', 0.6, true],
        ['b', 0.5, true],
        ['b', 0.5, true],
        ['c', 0.9, true],
        ['d', 0.2, false],
        ['e', 0.3, false],
        ['f', 0.3, false],
      ]),
      notables: [notable(['a']), notable(['a']), notable(['b']), notable(['c'])],
      beacons: [beacon('e', 'x', 0.5), beacon('f', 'x', 0.5)],
    });
    // a: 2 notables; b and c: 1 each, b's anomalies sum to 1.0 against c's 0.9; then e and f tie but for the
    // address, and d (no beacon row) comes after them
    expect(rows.map((r) => r.host)).toEqual(['a', 'b', 'c', 'e', 'f', 'd']);
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
    expect(() => hostPriority({ ...input, anomalous: [] })).toThrow(/1 scores and 0 anomaly flags for 1 connections/);
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
