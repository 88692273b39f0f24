import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCENARIO_NAMES, SCENARIOS } from '../../src/synth/scenarios.js';
import type { ZeekDataset } from '../../src/zeek/dataset.js';
import { generate, rows, type Generated } from './support/generate.js';

let gen: Generated;
beforeAll(async () => {
  gen = await generate('scenarios', { hosts: 6, days: 2, seed: 23, attackDays: [2] });
});
afterAll(() => gen.remove());

const DAY2 = Date.parse('2024-03-05T00:00:00Z') / 1000;
type Row = Record<string, unknown>;

/** What each scenario leaves in the logs and ordinary traffic never does: the rows that show it. */
const SIGNATURES: Record<string, (d: ZeekDataset) => Row[]> = {
  'c2-tls-beacon': (d) => rows(d, 'ssl').filter((r) => r.sni_matches_cert === false),
  'c2-http-beacon': (d) => rows(d, 'http').filter((r) => /\?id=[0-9a-f]{8}$/.test(r.uri as string)),
  'dns-tunnel': (d) => rows(d, 'dns').filter((r) => r.qtype_name === 'TXT'),
  'lateral-movement': (d) => [
    ...rows(d, 'kerberos').filter(
      (r) => r.error_msg === 'KDC_ERR_PREAUTH_FAILED' || r.error_msg === 'KDC_ERR_C_PRINCIPAL_UNKNOWN',
    ),
    ...rows(d, 'smb_mapping').filter((r) => /\\(ADMIN|C)\$$/.test(r.path as string)),
    ...rows(d, 'dce_rpc').filter(
      (r) => r.endpoint === 'svcctl' || r.endpoint === 'atsvc' || r.endpoint === 'ITaskSchedulerService',
    ),
  ],
  'port-scan': (d) =>
    rows(d, 'conn').filter(
      (r) =>
        ['REJ', 'S0', 'SH'].includes(r.conn_state as string) &&
        r.proto === 'tcp' &&
        (r['id.resp_h'] as string).startsWith('10.'),
    ),
  'exe-download': (d) =>
    rows(d, 'files').filter(
      (r) =>
        r.mime_type === 'application/x-dosexec' && r.source === 'HTTP' && !(r['id.resp_h'] as string).startsWith('10.'),
    ),
};

describe('attack scenarios', () => {
  it('has a signature for every scenario', () => {
    expect(Object.keys(SIGNATURES).sort()).toEqual([...SCENARIO_NAMES].sort());
  });

  for (const name of SCENARIO_NAMES) {
    it(`${name}: present on the attack day from the chosen host, labelled, and absent on the clean day`, () => {
      const attack = gen.summary.days[1].attacks.find((a) => a.scenario === name)!;
      expect(attack).toBeDefined();
      const found = SIGNATURES[name](gen.dataset);
      expect(found.length).toBeGreaterThan(0);
      const labelled = new Set(gen.labels.filter((l) => l.scenario === name).map((l) => l.uid));
      const dc = gen.summary.network.servers[0].ip;
      for (const row of found) {
        expect(row.ts as number, name).toBeGreaterThanOrEqual(DAY2);
        // From the attacker, or the DC forwarding the attacker's lookups upstream.
        if (row['id.orig_h'] !== dc) expect(row['id.orig_h'], name).toBe(attack.ip);
        else expect([name, row['id.resp_p']]).toEqual(['dns-tunnel', 53]);
        expect(labelled.has(row.uid as string), `${name} ${row.uid} is labelled`).toBe(true);
      }
    });
  }

  it('c2-tls-beacon calls one rare domain at a steady interval', () => {
    const names = new Set(SIGNATURES['c2-tls-beacon'](gen.dataset).map((r) => r.server_name));
    expect(names.size).toBe(1);
    // Every session to it (resumed ones do not show the certificate).
    const times = rows(gen.dataset, 'ssl')
      .filter((r) => names.has(r.server_name))
      .map((r) => r.ts as number)
      .sort((a, b) => a - b);
    const gaps = times.slice(1).map((t, i) => t - times[i]);
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    const sd = Math.sqrt(gaps.reduce((a, g) => a + (g - mean) ** 2, 0) / gaps.length);
    expect(gaps.length).toBeGreaterThan(30);
    expect(mean).toBeGreaterThan(45);
    expect(mean).toBeLessThan(260);
    expect(sd / mean).toBeLessThan(0.2);
  });

  it('dns-tunnel sends hundreds of long names under one domain', () => {
    const found = SIGNATURES['dns-tunnel'](gen.dataset).filter(
      (r) => (r['id.orig_h'] as string) !== gen.summary.network.servers[0].ip,
    );
    expect(found.length).toBeGreaterThan(300);
    const domains = new Set(found.map((r) => (r.query as string).split('.').slice(-2).join('.')));
    expect(domains.size).toBe(1);
    for (const r of found) expect((r.query as string).length).toBeGreaterThan(50);
  });

  it('lateral-movement guesses passwords first, then reaches other workstations', () => {
    const attack = gen.summary.days[1].attacks.find((a) => a.scenario === 'lateral-movement')!;
    const failures = rows(gen.dataset, 'kerberos').filter(
      (r) => r['id.orig_h'] === attack.ip && r.success === false && r.error_msg !== 'KDC_ERR_PREAUTH_REQUIRED',
    );
    expect(failures.length).toBeGreaterThanOrEqual(8);
    const admin = rows(gen.dataset, 'smb_mapping').filter((r) => (r.path as string).endsWith('ADMIN$'));
    expect(Math.min(...admin.map((r) => r.ts as number))).toBeGreaterThan(
      Math.max(...failures.map((r) => r.ts as number)),
    );
    const others = new Set(gen.summary.network.workstations.map((w) => w.ips[1]).filter((ip) => ip !== attack.ip));
    for (const r of admin) expect(others.has(r['id.resp_h'] as string)).toBe(true);
    const operations = new Set(
      rows(gen.dataset, 'dce_rpc')
        .filter((r) => r.endpoint === 'svcctl')
        .map((r) => r.operation),
    );
    for (const op of ['OpenSCManagerW', 'CreateServiceW', 'StartServiceW', 'DeleteService'])
      expect(operations.has(op), op).toBe(true);
  });

  it('port-scan probes many ports on many addresses', () => {
    const found = SIGNATURES['port-scan'](gen.dataset);
    expect(new Set(found.map((r) => `${r['id.resp_h']}:${r['id.resp_p']}`)).size).toBeGreaterThan(400);
    expect(new Set(found.map((r) => r['id.resp_h'])).size).toBeGreaterThan(10);
    expect(found.some((r) => r.conn_state === 'REJ')).toBe(true);
  });

  it('injects only the chosen scenarios, on each chosen day', async () => {
    const only = await generate('scenarios-only', {
      hosts: 3,
      days: 2,
      seed: 5,
      attacks: ['port-scan', 'exe-download'],
      attackDays: [1, 2],
    });
    try {
      expect(only.summary.days.map((d) => d.attacks.map((a) => a.scenario))).toEqual([
        ['port-scan', 'exe-download'],
        ['port-scan', 'exe-download'],
      ]);
      expect(new Set(only.labels.map((l) => l.scenario))).toEqual(new Set(['port-scan', 'exe-download']));
      expect(SIGNATURES['dns-tunnel'](only.dataset)).toEqual([]);
      expect(SIGNATURES['lateral-movement'](only.dataset)).toEqual([]);
      for (const day of only.summary.days) {
        for (const attack of day.attacks) expect(attack.connections).toBeGreaterThan(0);
      }
    } finally {
      only.remove();
    }
  });

  it('describes every scenario and needs at least three workstations for lateral movement', () => {
    for (const name of SCENARIO_NAMES) expect(SCENARIOS[name].description.length).toBeGreaterThan(20);
    expect(SCENARIOS['lateral-movement'].minWorkstations).toBe(3);
  });
});
