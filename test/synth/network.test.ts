import { describe, expect, it } from 'vitest';
import { buildNetwork, isLocalAddress, MAX_WORKSTATIONS, poolAddress } from '../../src/synth/network.js';

describe('the office network', () => {
  it('hands out distinct pool addresses inside 10.10.0.0/21, never .0 or above .250', () => {
    const addresses = Array.from({ length: MAX_WORKSTATIONS * 3 }, (_, n) => poolAddress(n));
    expect(new Set(addresses).size).toBe(addresses.length);
    for (const ip of addresses) {
      const [a, b, c, d] = ip.split('.').map(Number);
      expect([a, b]).toEqual([10, 10]);
      expect(c).toBeGreaterThanOrEqual(1);
      expect(c).toBeLessThanOrEqual(7);
      expect(d).toBeGreaterThanOrEqual(1);
      expect(d).toBeLessThanOrEqual(250);
    }
    expect(() => poolAddress(1740)).toThrow(RangeError);
  });

  it('builds the same network for a seed: named workstations, unique users and MACs, some moving', () => {
    const net = buildNetwork(3, 30, 4);
    expect(buildNetwork(3, 30, 4)).toEqual(net);
    expect(net.workstations).toHaveLength(30);
    expect(net.workstations[0].name).toBe('NW-WS001');
    expect(new Set(net.workstations.map((w) => w.user)).size).toBe(30);
    expect(new Set(net.workstations.map((w) => w.mac)).size).toBe(30);
    for (const ws of net.workstations) expect(ws.mac).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
    const movers = net.workstations.filter((w) => w.ipChangeDays.length > 0);
    expect(movers.length).toBeGreaterThan(0);
    for (const ws of movers) {
      const day = ws.ipChangeDays[0];
      expect(ws.ips[day]).not.toBe(ws.ips[day - 1]);
      expect(ws.alwaysOn).toBe(false);
    }
    // No two hosts share an address on any day.
    for (let d = 0; d < 4; d++) expect(new Set(net.workstations.map((w) => w.ips[d])).size).toBe(30);
    expect(buildNetwork(4, 30, 4).workstations.map((w) => w.user)).not.toEqual(net.workstations.map((w) => w.user));
  });

  it('keeps every address on one day when there is only one', () => {
    const net = buildNetwork(1, 5, 1);
    for (const ws of net.workstations) expect(ws.ipChangeDays).toEqual([]);
  });

  it('treats 10/8, multicast, broadcast and 0.0.0.0 as local, as Zeek does by default', () => {
    for (const ip of ['10.10.0.10', '224.0.0.252', '239.255.255.250', '255.255.255.255', '0.0.0.0'])
      expect(isLocalAddress(ip), ip).toBe(true);
    for (const ip of ['9.9.9.9', '223.1.1.1', '240.0.0.1', '172.16.0.1']) expect(isLocalAddress(ip), ip).toBe(false);
  });
});
