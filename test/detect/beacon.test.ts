import { describe, expect, it } from 'vitest';
import { beaconScores, isMulticastOrBroadcast, type BeaconInput } from '../../src/detect/beacon.js';
import { createRandom } from '../../src/util/random.js';
import { sharedDataset } from '../support/shared.js';
import { ritaBeaconInput } from './rita-beacons.js';

interface Conn {
  ts: number;
  orig: string | null;
  resp: string;
  bytes: number;
  port?: number;
}

const input = (conns: Conn[]): BeaconInput => ({
  ts: Float64Array.from(conns, (c) => c.ts),
  origHosts: conns.map((c) => c.orig),
  respHosts: conns.map((c) => c.resp),
  bytes: Float64Array.from(conns, (c) => c.bytes),
  respPorts: Float64Array.from(conns, (c) => c.port ?? 443),
});

const series = (orig: string, times: number[], bytes: (i: number) => number, resp = 'c2'): Conn[] =>
  times.map((ts, i) => ({ ts, orig, resp, bytes: bytes(i) }));

describe('beaconScores by hand', () => {
  it('scores a perfectly regular series near 1', () => {
    const times = Array.from({ length: 100 }, (_, i) => 1000 + i * 600);
    const [row] = beaconScores(input(series('h', times, () => 120))).rows;
    expect(row).toMatchObject({
      orig: 'h',
      resp: 'c2',
      port: null,
      count: 100,
      medianInterval: 600,
      intervalMad: 0,
      tsSkewScore: 1,
      tsMadmScore: 1,
      tsConnCountScore: 1,
      dsSkewScore: 1,
      dsMadmScore: 1,
      modeBytes: 120,
    });
    expect(row.dsSmallnessScore).toBeCloseTo(1 - 120 / 65535, 12);
    expect(row.score).toBeCloseTo((5 + 1 - 120 / 65535) / 6, 12);
  });

  it('computes every sub-score of a small series as worked out on paper', () => {
    // intervals 10, 20, 30, 60: Q1 17.5, median 25, Q3 37.5, skew 0.25; deviations 15, 5, 5, 35: MAD 10.
    // A second pair's lone connection at 240 widens the window to 240 s: 5 / (240 / 25) = 0.5208.
    // bytes 100, 120, 130, 150, 400: Q1 120, median 130, Q3 150, skew 1/3; deviations 30, 10, 0, 20, 270: MAD 20.
    const conns = [
      ...series('h', [0, 10, 30, 60, 120], (i) => [400, 120, 130, 100, 150][i]),
      { ts: 240, orig: 'other', resp: 'x', bytes: 0 },
    ];
    const result = beaconScores(input(conns), { minConnections: 4 });
    expect(result).toMatchObject({ pairs: 2, start: 0, end: 240, skipped: 0 });
    expect(result.rows).toHaveLength(1);
    const [row] = result.rows;
    expect(row.medianInterval).toBe(25);
    expect(row.intervalMad).toBe(10);
    expect(row.tsSkewScore).toBeCloseTo(0.75, 12);
    expect(row.tsMadmScore).toBeCloseTo(0.6, 12);
    expect(row.tsConnCountScore).toBeCloseTo(5 / 9.6, 12);
    expect(row.medianBytes).toBe(130);
    expect(row.bytesMad).toBe(20);
    expect(row.dsSkewScore).toBeCloseTo(2 / 3, 12);
    expect(row.dsMadmScore).toBeCloseTo(1 - 20 / 130, 12);
    expect(row.modeBytes).toBe(100);
    expect(row.dsSmallnessScore).toBeCloseTo(1 - 100 / 65535, 12);
    expect(row.tsScore).toBeCloseTo((0.75 + 0.6 + 5 / 9.6) / 3, 12);
    expect(row.dsScore).toBeCloseTo((2 / 3 + 1 - 20 / 130 + 1 - 100 / 65535) / 3, 12);
    expect(row.score).toBeCloseTo((row.tsScore + row.dsScore) / 2, 12);
  });

  it('scores Poisson arrivals of random sizes low, and below a jittered beacon among them', () => {
    const rng = createRandom(7);
    const poisson: number[] = [];
    for (let t = 0; t < 86400; t += -Math.log(1 - rng.next()) * 300) poisson.push(t);
    // a beacon every 300 s with ±20% uniform jitter and one request size
    const beacon = Array.from({ length: 288 }, (_, i) => i * 300 + (rng.next() - 0.5) * 120);
    const rows = beaconScores(
      input([...series('random', poisson, () => rng.int(5000), 's'), ...series('beacon', beacon, () => 310, 's')]),
    ).rows;
    const byHost = Object.fromEntries(rows.map((r) => [r.orig, r]));
    // exponential intervals: MAD / median = 0.481 / 0.693, so tsMadmScore is about 0.31, and the count score
    // about ln 2 (the median gap is 0.69 of the mean)
    expect(byHost.random.tsMadmScore).toBeGreaterThan(0.2);
    expect(byHost.random.tsMadmScore).toBeLessThan(0.42);
    expect(byHost.random.tsConnCountScore).toBeGreaterThan(0.6);
    expect(byHost.random.tsConnCountScore).toBeLessThan(0.8);
    expect(byHost.random.tsScore).toBeLessThan(0.7);
    expect(byHost.random.score).toBeLessThan(0.75);
    expect(byHost.beacon.score).toBeGreaterThan(0.95);
    expect(rows.map((r) => r.orig)).toEqual(['beacon', 'random']);
  });

  it('leaves out pairs with fewer connections than minConnections', () => {
    const times = (n: number) => Array.from({ length: n }, (_, i) => i * 60);
    const conns = [...series('few', times(19), () => 100), ...series('enough', times(20), () => 100)];
    const result = beaconScores(input(conns));
    expect(result.pairs).toBe(2);
    expect(result.rows.map((r) => r.orig)).toEqual(['enough']);
    expect(beaconScores(input(conns), { minConnections: 19 }).rows.map((r) => r.orig)).toEqual(['enough', 'few']);
  });

  it('needs three distinct intervals: repeated times are one beat', () => {
    const conns = series('h', [0, 0, 0, 60, 60, 120, 120, 180], () => 100);
    expect(beaconScores(input(conns), { minConnections: 4 }).rows[0].medianInterval).toBe(60);
    expect(beaconScores(input(conns.slice(0, 7)), { minConnections: 4 }).rows).toEqual([]);
  });

  it('ignores the skew of a tight distribution: microsecond jitter on a 600 s beacon', () => {
    const rng = createRandom(3);
    const times = Array.from({ length: 50 }, (_, i) => i * 600 + rng.next() * 1e-3);
    const [row] = beaconScores(input(series('h', times, () => 200))).rows;
    expect(row.tsSkewScore).toBe(1);
    expect(row.tsMadmScore).toBeGreaterThan(0.999);
  });

  it('gives no size-dispersion credit to connections that carry nothing; unset bytes count as 0', () => {
    const times = Array.from({ length: 30 }, (_, i) => i * 60);
    const [row] = beaconScores(input(series('scan', times, (i) => (i % 2 ? Number.NaN : 0)))).rows;
    expect(row.medianBytes).toBe(0);
    expect(row.dsMadmScore).toBe(0);
    expect(row.dsSmallnessScore).toBe(1);
  });

  it('splits pairs by destination port with byPort, and skips rows without a host or time', () => {
    const times = Array.from({ length: 40 }, (_, i) => i * 60);
    const conns: Conn[] = times.map((ts, i) => ({ ts, orig: 'h', resp: 'c2', bytes: 100, port: i % 2 ? 443 : 80 }));
    conns.push({ ts: 30, orig: null, resp: 'c2', bytes: 1 }, { ts: Number.NaN, orig: 'h', resp: 'c2', bytes: 1 });
    const together = beaconScores(input(conns));
    expect(together).toMatchObject({ pairs: 1, skipped: 2 });
    expect(together.rows[0].count).toBe(40);
    const split = beaconScores(input(conns), { byPort: true });
    expect(split.rows.map((r) => [r.port, r.count, r.medianInterval])).toEqual([
      [80, 20, 120],
      [443, 20, 120],
    ]);
  });

  it('leaves out multicast and broadcast destinations unless asked to keep them', () => {
    const times = Array.from({ length: 30 }, (_, i) => i * 120);
    const conns = ['239.255.255.250', 'ff02::fb', '255.255.255.255', '93.184.216.34'].flatMap((resp) =>
      series('h', times, () => 100, resp),
    );
    expect(beaconScores(input(conns)).rows.map((r) => r.resp)).toEqual(['93.184.216.34']);
    expect(beaconScores(input(conns), { keepMulticast: true }).rows).toHaveLength(4);
    expect(['224.0.0.251', 'FF05::1:3', '10.0.0.255', '223.1.1.1', 'fe80::1'].map(isMulticastOrBroadcast)).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
  });

  it('says what is wrong with its input', () => {
    const good = input(series('h', [0, 1, 2, 3], () => 1));
    expect(() => beaconScores({ ...good, bytes: new Float64Array(2) })).toThrow(/2 bytes for 4 times/);
    expect(() => beaconScores({ ...good, respPorts: undefined }, { byPort: true })).toThrow(/byPort needs respPorts/);
    expect(() => beaconScores(good, { minConnections: 3 })).toThrow(/minConnections must be a whole number >= 4/);
  });
});

const rita = sharedDataset('rita-missing-host');

describe.skipIf(rita === null)('beaconScores on rita-missing-host', () => {
  it("ranks RITA's beacon 73.54.23.243 -> 64.225.56.201 among the top 3 of 15,845 pairs", async () => {
    const result = beaconScores(await ritaBeaconInput(rita!));
    expect(result.pairs).toBe(15845);
    const rank = result.rows.findIndex((r) => r.orig === '73.54.23.243' && r.resp === '64.225.56.201');
    expect(rank).toBeGreaterThanOrEqual(0);
    expect(rank).toBeLessThan(3);
    const beacon = result.rows[rank];
    expect(beacon.count).toBe(951);
    expect(beacon.medianInterval).toBeGreaterThan(200);
    expect(beacon.medianInterval).toBeLessThan(350);
    expect(beacon.score).toBeGreaterThan(0.95);
  });
});
