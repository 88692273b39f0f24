import { describe, expect, it } from 'vitest';
import { connValues, type ConnSpec } from '../../src/synth/conn.js';
import { SYNTH_SCHEMAS } from '../../src/synth/logs.js';
import { createRandom } from '../../src/util/random.js';

const local = (ip: string) => ip.startsWith('10.');
const base: ConnSpec = {
  ts: 1709510400,
  origH: '10.10.1.11',
  origP: 50000,
  respH: '93.184.216.34',
  respP: 443,
  proto: 'tcp',
  service: 'ssl',
  duration: 2.5,
  origBytes: 1500,
  respBytes: 30_000,
};
const field = (values: unknown[], name: string) => values[SYNTH_SCHEMAS.conn.fields.findIndex((f) => f.name === name)];

describe('connValues', () => {
  it('builds a row in conn.log field order with packets and IP bytes that follow from the payload', () => {
    const row = connValues(createRandom(1), 'CtestUid', base, local);
    expect(row).toHaveLength(SYNTH_SCHEMAS.conn.fields.length);
    expect(row.slice(0, 8)).toEqual([base.ts, 'CtestUid', '10.10.1.11', 50000, '93.184.216.34', 443, 'tcp', 'ssl']);
    expect([field(row, 'local_orig'), field(row, 'local_resp')]).toEqual([true, false]);
    // 2 data segments up, 21 down: handshake, data, delayed ACKs, FIN.
    expect(field(row, 'orig_pkts')).toBe(2 + 2 + 11 + 1);
    expect(field(row, 'resp_pkts')).toBe(1 + 21 + 1 + 1);
    expect(field(row, 'orig_ip_bytes')).toBe(1500 + 16 * 40 + 12);
    expect(field(row, 'history')).toMatch(/^ShAD(ad|da)(Ff|fF)$/);
    expect(field(row, 'ip_proto')).toBe(6);
  });

  it('gives each failure state its own shape', () => {
    const rng = createRandom(2);
    const rej = connValues(rng, 'C1', { ...base, state: 'REJ', duration: 0.0003 }, local);
    expect([field(rej, 'history'), field(rej, 'orig_pkts'), field(rej, 'resp_pkts'), field(rej, 'orig_bytes')]).toEqual(
      ['Sr', 1, 1, 0],
    );
    const scan = connValues(rng, 'C2', { ...base, state: 'SH', duration: 0.0003 }, local);
    expect([field(scan, 'history'), field(scan, 'resp_pkts')]).toEqual(['ShR', 1]);
    for (let i = 0; i < 50; i++) {
      const s0 = connValues(rng, 'C3', { ...base, state: 'S0' }, local);
      expect([field(s0, 'history'), field(s0, 'resp_pkts'), field(s0, 'resp_ip_bytes')]).toEqual(['S', 0, 0]);
      // One SYN: Zeek logs no duration or sizes; a retried SYN: about three seconds.
      if (field(s0, 'orig_pkts') === 1) expect([field(s0, 'duration'), field(s0, 'orig_bytes')]).toEqual([null, null]);
      else expect(field(s0, 'duration') as number).toBeCloseTo(3, 0);
    }
    const rsto = connValues(rng, 'C4', { ...base, state: 'RSTO' }, local);
    expect(field(rsto, 'history')).toMatch(/^ShA.*F?R$/);
    const rstr = connValues(rng, 'C5', { ...base, state: 'RSTR' }, local);
    expect(field(rstr, 'history')).toMatch(/^ShA.*F?r$/);
  });

  it('counts datagrams for UDP and leaves a lone one without duration or sizes', () => {
    const rng = createRandom(3);
    const dns = connValues(
      rng,
      'C6',
      { ...base, proto: 'udp', respP: 53, service: 'dns', duration: 0.0004, origBytes: 45, respBytes: 120 },
      local,
    );
    expect([
      field(dns, 'history'),
      field(dns, 'orig_ip_bytes'),
      field(dns, 'resp_ip_bytes'),
      field(dns, 'ip_proto'),
    ]).toEqual(['Dd', 73, 148, 17]);
    const lone = connValues(
      rng,
      'C7',
      { ...base, proto: 'udp', respP: 67, service: 'dhcp', duration: 0, origBytes: 300, respBytes: 0, state: 'S0' },
      local,
    );
    expect([
      field(lone, 'history'),
      field(lone, 'duration'),
      field(lone, 'orig_bytes'),
      field(lone, 'orig_pkts'),
    ]).toEqual(['D', null, null, 1]);
    const pair = connValues(
      rng,
      'C8',
      { ...base, proto: 'udp', respP: 67, duration: 1, origBytes: 600, respBytes: 0, state: 'S0', origPackets: 2 },
      local,
    );
    expect([field(pair, 'duration'), field(pair, 'orig_bytes'), field(pair, 'orig_ip_bytes')]).toEqual([1, 600, 656]);
  });
});
