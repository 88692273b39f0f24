import * as aq from 'arquero';
import { describe, expect, it } from 'vitest';
import { HostResolver, leasesFromDhcp } from '../../src/detect/host-identity.js';
import { findNotables, parseWindow, type Anomaly } from '../../src/detect/notables.js';

const at = (uid: string, ts: number, origHost = '10.0.0.5', respHost = '10.0.0.9', score = 0.9): Anomaly => ({
  uid,
  ts,
  origHost,
  respHost,
  score,
});

describe('findNotables window arithmetic', () => {
  it('raises a notable at exactly minCount anomalies within the window', () => {
    const notables = findNotables([at('a', 0), at('b', 100), at('c', 200)], { window: 3600, minCount: 3 });
    expect(notables).toHaveLength(1);
    expect(notables[0]).toMatchObject({
      host: '10.0.0.5',
      identity: 'ip',
      start: 0,
      end: 200,
      count: 3,
      distinctPeers: 1,
    });
  });

  it('does not raise one for minCount - 1 anomalies', () => {
    expect(findNotables([at('a', 0), at('b', 100)], { minCount: 3 })).toEqual([]);
  });

  it('treats the window as half-open: an anomaly exactly one window later falls outside', () => {
    expect(findNotables([at('a', 0), at('b', 1800), at('c', 3600)], { window: 3600, minCount: 3 })).toEqual([]);
    expect(findNotables([at('a', 0), at('b', 1800), at('c', 3599.999)], { window: 3600, minCount: 3 })).toHaveLength(1);
  });

  it('slides: anomalies straddling a window boundary still meet in a later window', () => {
    // 0 and 3000 and 4000: no window from 0 holds three, the window from 3000 holds 3000, 4000, 5000.
    const notables = findNotables([at('a', 0), at('b', 3000), at('c', 4000), at('d', 5000)], {
      window: 3600,
      minCount: 3,
    });
    expect(notables.map((n) => [n.start, n.end, n.count])).toEqual([[3000, 5000, 3]]);
  });

  it('gives the same notables for unsorted input and never reuses an anomaly', () => {
    const events = [at('e', 7300), at('a', 0), at('c', 200), at('d', 7200), at('b', 100), at('f', 7400)];
    const notables = findNotables(events, { window: 3600, minCount: 3 });
    expect(notables.map((n) => n.top.map((t) => t.uid).sort())).toEqual([
      ['a', 'b', 'c'],
      ['d', 'e', 'f'],
    ]);
  });

  it('keeps hosts apart and counts distinct peers, max and mean score', () => {
    const notables = findNotables(
      [at('a', 0, 'h1', 'p1', 0.5), at('b', 1, 'h1', 'p2', 0.7), at('c', 2, 'h1', 'p2', 0.9), at('d', 3, 'h2', 'p1')],
      { minCount: 3 },
    );
    expect(notables).toHaveLength(1);
    expect(notables[0]).toMatchObject({ host: 'h1', distinctPeers: 2, maxScore: 0.9 });
    expect(notables[0].meanScore).toBeCloseTo(0.7, 12);
    expect(notables[0].top[0].uid).toBe('c');
  });

  it('counts the responder, or both ends, when asked', () => {
    const events = [at('a', 0, 'x', 'victim'), at('b', 1, 'y', 'victim'), at('c', 2, 'z', 'victim')];
    expect(findNotables(events, { minCount: 3 })).toEqual([]);
    expect(findNotables(events, { minCount: 3, host: 'resp' }).map((n) => n.host)).toEqual(['victim']);
    expect(findNotables(events, { minCount: 1, host: 'both' })).toHaveLength(4);
  });

  it('rejects a window of 0, a bad minCount, an unknown side and anomalies without time', () => {
    expect(() => findNotables([], { window: 0 })).toThrow(/window must be a positive number/);
    expect(() => findNotables([], { minCount: 0 })).toThrow(/minCount must be a whole number >= 1/);
    expect(() => findNotables([], { host: 'src' as never })).toThrow(/orig, resp or both/);
    expect(() => findNotables([at('a', NaN)])).toThrow(/anomaly a has no time/);
    expect(findNotables([])).toEqual([]);
  });
});

describe('host identity from dhcp.log', () => {
  const dhcp = aq.table({
    ts: Float64Array.from([100, 5000, 5000]),
    mac: ['aa:aa', 'bb:bb', null],
    host_name: ['ALICE-PC', 'BOB-PC', 'GHOST'],
    assigned_addr: [null, '10.0.0.7', '10.0.0.8'],
    client_addr: ['10.0.0.7', null, null],
  });

  it('reads leases from assigned_addr or client_addr and skips rows without a MAC', () => {
    expect(leasesFromDhcp(dhcp)).toEqual([
      { ts: 100, ip: '10.0.0.7', mac: 'aa:aa', hostName: 'ALICE-PC' },
      { ts: 5000, ip: '10.0.0.7', mac: 'bb:bb', hostName: 'BOB-PC' },
    ]);
  });

  it('maps an address to the host that held its lease at that time', () => {
    const resolver = new HostResolver(leasesFromDhcp(dhcp));
    expect(resolver.resolve('10.0.0.7', 4999)).toEqual({ key: 'mac:aa:aa', kind: 'mac', label: 'ALICE-PC' });
    expect(resolver.resolve('10.0.0.7', 5000)).toEqual({ key: 'mac:bb:bb', kind: 'mac', label: 'BOB-PC' });
    expect(resolver.resolve('10.0.0.99', 1)).toEqual({ key: '10.0.0.99', kind: 'ip', label: '10.0.0.99' });
  });

  it('gives a DHCP client its own DHCP connections by uid, from 0.0.0.0 too, but not the server end', () => {
    const withUids = aq.table({
      ts: Float64Array.from([100, 101, 102]),
      uids: [['Cdisc1'], ['Creq1', 'Creq2'], ['Cdisc2']],
      mac: ['aa:aa', 'aa:aa', 'bb:bb'],
      host_name: ['ALICE-PC', 'ALICE-PC', 'BOB-PC'],
      assigned_addr: [null, '10.0.0.7', null],
      client_addr: [null, null, null],
    });
    const leases = leasesFromDhcp(withUids);
    expect(leases).toEqual([
      { ts: 100, ip: null, mac: 'aa:aa', hostName: 'ALICE-PC', uids: ['Cdisc1'] },
      { ts: 101, ip: '10.0.0.7', mac: 'aa:aa', hostName: 'ALICE-PC', uids: ['Creq1', 'Creq2'] },
      { ts: 102, ip: null, mac: 'bb:bb', hostName: 'BOB-PC', uids: ['Cdisc2'] },
    ]);
    const resolver = new HostResolver(leases);
    expect(resolver.resolve('0.0.0.0', 100, 'Cdisc1')).toEqual({ key: 'mac:aa:aa', kind: 'mac', label: 'ALICE-PC' });
    expect(resolver.resolve('0.0.0.0', 102, 'Cdisc2')).toEqual({ key: 'mac:bb:bb', kind: 'mac', label: 'BOB-PC' });
    // the server end of the client's DHCP connection, and 0.0.0.0 in a connection dhcp.log does not name
    expect(resolver.resolve('10.0.0.1', 101, 'Creq2')).toEqual({ key: '10.0.0.1', kind: 'ip', label: '10.0.0.1' });
    expect(resolver.resolve('0.0.0.0', 103, 'Cother')).toEqual({ key: '0.0.0.0', kind: 'ip', label: '0.0.0.0' });
    // booting machines no longer pile up as one host 0.0.0.0
    const discovers = [at('Cdisc1', 100, '0.0.0.0'), at('Cdisc2', 102, '0.0.0.0'), at('Cother', 103, '0.0.0.0')];
    expect(findNotables(discovers, { minCount: 3 })).toHaveLength(1);
    expect(findNotables(discovers, { minCount: 3, resolver })).toEqual([]);
    expect(
      findNotables(discovers, { minCount: 1, resolver })
        .map((n) => n.hostLabel)
        .sort(),
    ).toEqual(['0.0.0.0', 'ALICE-PC', 'BOB-PC']);
  });

  it('keeps a host’s notables together across an address change', () => {
    const leases = [
      { ts: 0, ip: '10.0.0.7', mac: 'aa:aa', hostName: 'ALICE-PC' },
      { ts: 150, ip: '10.0.0.8', mac: 'aa:aa', hostName: 'ALICE-PC' },
    ];
    const events = [at('a', 100, '10.0.0.7'), at('b', 200, '10.0.0.8'), at('c', 300, '10.0.0.8')];
    expect(findNotables(events, { minCount: 3 })).toEqual([]);
    const [notable] = findNotables(events, { minCount: 3, resolver: new HostResolver(leases) });
    expect(notable).toMatchObject({
      host: 'mac:aa:aa',
      hostLabel: 'ALICE-PC',
      identity: 'mac',
      addresses: ['10.0.0.7', '10.0.0.8'],
    });
  });
});

describe('parseWindow', () => {
  it('reads durations with units', () => {
    expect([parseWindow('15m'), parseWindow('1h'), parseWindow('6h'), parseWindow('90'), parseWindow('1d')]).toEqual([
      900, 3600, 21600, 90, 86400,
    ]);
  });
  it('rejects nonsense and zero', () => {
    expect(() => parseWindow('soon')).toThrow(/not a duration/);
    expect(() => parseWindow('0m')).toThrow(/longer than 0/);
  });
});
