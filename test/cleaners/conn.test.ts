import { beforeAll, describe, expect, it } from 'vitest';
import { table, type ColumnTable } from 'arquero';
import type { Cleaner } from '../../src/cleaners/cleaner.js';
import { connCleaner } from '../../src/cleaners/conn.js';
import { fitOn, itGivesWellFormedFeatures } from './support/checks.js';
import { readReference, trickbot, trickbotDir } from './support/data.js';

const reference = readReference('dbscan/trickbot-conn-euclidean.json.gz');

describe.skipIf(trickbotDir === null || reference === null)('conn cleaner on trickbot-1week', () => {
  let conn: ColumnTable;
  let cleaner: Cleaner;
  let out: ColumnTable;
  beforeAll(async () => {
    ({ rows: conn, cleaner, out } = await fitOn(trickbot('conn'), connCleaner));
  });

  itGivesWellFormedFeatures(() => ({ rows: conn, cleaner, out }), 13001);

  it("reproduces the original project's feature matrix column by column", () => {
    const ref = reference!;
    expect(out.numRows()).toBe(13001);
    expect(ref.X.length).toBe(13001);
    const names = cleaner.describe().map((d) => d.name);
    expect(names).toEqual(ref.columns);
    ref.columns.forEach((name, j) => {
      const mine = out.array(name) as Float64Array;
      let worst = 0;
      for (let i = 0; i < ref.X.length; i++) worst = Math.max(worst, Math.abs(mine[i] - ref.X[i][j]));
      expect(worst, name).toBeLessThan(1e-9);
    });
  });

  it('keeps ts and uid of every row in file order', () => {
    expect(out.columnNames().slice(0, 2)).toEqual(['ts', 'uid']);
    expect(out.get('uid', 0)).toBe('CYtJYz4gNk3t5ZEt2');
    expect(out.get('ts', 0)).toBe(1541117137.618695);
    expect(out.get('uid', 13000)).toBe('CUNbbc2ARpoY4eCTz8');
  });

  it('gives hand-checked values on the first row', () => {
    // 0.013561 s, 244/292 bytes, 4/4 packets, RSTR, local both ways. Training maxima (minima are 0):
    // 5605.442298 s, 3901 and 8570 packets, byte_ratio 8.896861744480391, packet_ratio 3.8918202981106265.
    const row = out.object(0) as Record<string, number>;
    expect(row.duration).toBeCloseTo(0.013561 / 5605.442298, 12);
    expect(row.orig_pkts).toBeCloseTo(4 / 3901, 12);
    expect(row.resp_pkts).toBeCloseTo(4 / 8570, 12);
    expect(row.byte_ratio).toBeCloseTo(Math.log(244 / 293 + 1) / 8.896861744480391, 12);
    expect(row.packet_ratio).toBeCloseTo(Math.log(4 / 5 + 1) / 3.8918202981106265, 12);
    expect([row.proto_tcp, row.proto_udp, row.proto_unknown_transport]).toEqual([1, 0, 0]);
    expect([row.good_history, row.local_orig, row.local_resp, row.in_tunnel]).toEqual([1, 1, 1, 0]);
  });

  it('keeps every numeric feature in [0, 1] and one proto column set per row', () => {
    for (const d of cleaner.describe().filter((d) => d.kind === 'numeric')) {
      const values = out.array(d.name) as Float64Array;
      // Training extremes map to 0 and 1, up to MinMaxScaler's rounding (x * scale + offset).
      expect(Math.min(...values), d.name).toBe(0);
      expect(Math.max(...values), d.name).toBeLessThanOrEqual(1);
      expect(Math.max(...values), d.name).toBeGreaterThan(1 - 1e-12);
    }
    const protos = ['proto_tcp', 'proto_udp', 'proto_unknown_transport'].map((n) => out.array(n) as Float64Array);
    const sums = new Set(protos[0].map((v, i) => v + protos[1][i] + protos[2][i]));
    expect([...sums]).toEqual([1]);
  });

  it('clips new rows beyond the training range, and maps an unseen proto to no proto column', () => {
    const row = conn.slice(0, 1).reify();
    const data = Object.fromEntries(row.columnNames().map((n) => [n, row.array(n)]));
    const bigger = table({
      ...data,
      duration: Float64Array.of(1e9),
      orig_pkts: Float64Array.of(1e6),
      proto: ['icmp'],
    });
    const t = cleaner.transform(bigger).object(0) as Record<string, number>;
    expect(t.duration).toBe(1);
    expect(t.orig_pkts).toBe(1);
    expect([t.proto_tcp, t.proto_udp, t.proto_unknown_transport]).toEqual([0, 0, 0]);
    const unclipped = connCleaner({ clip: false }).fit(conn).transform(bigger).object(0) as Record<string, number>;
    expect(unclipped.duration).toBeCloseTo(1e9 / 5605.442298, 3);
  });
});
