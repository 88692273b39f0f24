import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYNTH_LOG_NAMES } from '../../src/synth/logs.js';
import { isLocalAddress } from '../../src/synth/network.js';
import { generate, rows, tempOut, values, type Generated } from './support/generate.js';
import { synthesize } from '../../src/synth/synthesize.js';

const OPTIONS = { hosts: 6, days: 2, seed: 11, attackDays: [2] };
let gen: Generated;
const cleanups: Array<() => void> = [];

beforeAll(async () => {
  gen = await generate('synth', OPTIONS);
  cleanups.push(gen.remove);
});
afterAll(() => cleanups.forEach((remove) => remove()));

/** Every file under `dir`, relative path → bytes. */
function files(dir: string): Map<string, Buffer> {
  const found = new Map<string, Buffer>();
  const walk = (folder: string) => {
    for (const name of readdirSync(folder).sort()) {
      const full = path.join(folder, name);
      if (statSync(full).isDirectory()) walk(full);
      else found.set(path.relative(dir, full), readFileSync(full));
    }
  };
  walk(dir);
  return found;
}

/** The data lines (not # lines) of a TSV text. */
const dataLines = (text: string) => text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));

describe('synthesize', () => {
  it('writes day folders of Zeek logs that read back with no problems and the counts of synth.json', () => {
    const { summary, dataset, dir } = gen;
    expect(dataset.problems).toEqual([]);
    expect(summary.days.map((d) => d.date)).toEqual(['2024-03-04', '2024-03-05']);
    const counts = dataset.rowCounts();
    for (const log of SYNTH_LOG_NAMES) {
      expect(summary.rows[log], log).toBeGreaterThan(0);
      expect(counts[log], log).toBe(summary.rows[log]);
      expect(summary.days[0].rows[log] + summary.days[1].rows[log]).toBe(summary.rows[log]);
    }
    for (const day of summary.days) {
      const present = readdirSync(path.join(dir, day.date)).sort();
      const expected = SYNTH_LOG_NAMES.filter((log) => day.rows[log] > 0)
        .map((log) => `${log}.log`)
        .sort();
      expect(present).toEqual(expected);
    }
    const recorded = JSON.parse(readFileSync(path.join(dir, 'synth.json'), 'utf8'));
    expect(recorded).toEqual(JSON.parse(JSON.stringify({ ...summary, out: undefined })));
    expect(recorded.parameters).toMatchObject({ hosts: 6, days: 2, seed: 11, attackDays: [2], start: '2024-03-04' });
  });

  it('gives every protocol row the uid and endpoints of a conn row', () => {
    const { dataset } = gen;
    const conns = new Map(rows(dataset, 'conn').map((c) => [c.uid as string, c]));
    expect(conns.size).toBe(dataset.log('conn').numRows()); // uids are unique
    for (const log of SYNTH_LOG_NAMES.filter((l) => l !== 'conn' && l !== 'dhcp')) {
      for (const row of rows(dataset, log)) {
        const conn = conns.get(row.uid as string);
        expect(conn, `${log} ${row.uid}`).toBeDefined();
        for (const f of ['id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p'])
          expect(row[f], `${log} ${f}`).toBe(conn![f]);
        expect(row.ts as number).toBeGreaterThanOrEqual((conn!.ts as number) - 1e-6);
      }
    }
    for (const row of rows(dataset, 'dhcp')) {
      const uids = row.uids as string[];
      expect(uids.length).toBeGreaterThan(0);
      for (const uid of uids) expect(conns.get(uid)?.service).toBe('dhcp');
    }
  });

  it('writes conn rows whose sizes, packets, states and flags agree', () => {
    for (const c of rows(gen.dataset, 'conn')) {
      const origPkts = c.orig_pkts as number;
      const respPkts = c.resp_pkts as number;
      const history = c.history as string;
      expect(history[0]).toBe(c.proto === 'tcp' ? 'S' : 'D');
      if (origPkts + respPkts === 1) {
        expect(c.duration).toBeNaN();
        expect(c.orig_bytes).toBeNaN();
      } else {
        expect(c.duration as number).toBeGreaterThanOrEqual(0);
        expect(c.orig_ip_bytes as number).toBeGreaterThanOrEqual((c.orig_bytes as number) + 20 * origPkts);
        expect(c.resp_ip_bytes as number).toBeGreaterThanOrEqual((c.resp_bytes as number) + 20 * respPkts);
      }
      if (c.conn_state === 'REJ') expect(history).toBe('Sr');
      if (c.conn_state === 'S0') expect(respPkts).toBe(0);
      if (c.conn_state === 'SF' && c.proto === 'tcp') expect(history).toMatch(/^ShA.*(Ff|fF)$/);
      expect(c.local_orig).toBe(isLocalAddress(c['id.orig_h'] as string));
      expect(c.local_resp).toBe(isLocalAddress(c['id.resp_h'] as string));
      expect(c.ip_proto).toBe(c.proto === 'tcp' ? 6 : 17);
    }
  });

  it('writes every file in time order', () => {
    for (const [name, bytes] of files(gen.dir)) {
      if (!name.endsWith('.log')) continue;
      const times = dataLines(bytes.toString('utf8')).map((l) => Number(l.slice(0, l.indexOf('\t'))));
      for (let i = 1; i < times.length; i++)
        expect(times[i], `${name} line ${i}`).toBeGreaterThanOrEqual(times[i - 1] - 1e-6);
    }
  });

  it('labels exactly the attack connections, each with the attacking host of the day', () => {
    const { summary, labels, dataset } = gen;
    const attacks = summary.days[1].attacks;
    expect(summary.days[0].attacks).toEqual([]);
    expect(attacks.map((a) => a.scenario).sort()).toEqual([...summary.parameters.attacks].sort());
    expect(labels).toHaveLength(summary.labels.connections);
    expect(attacks.reduce((n, a) => n + a.connections, 0)).toBe(labels.length);
    expect(new Set(labels.map((l) => l.uid)).size).toBe(labels.length);
    const conns = new Map(rows(dataset, 'conn').map((c) => [c.uid as string, c]));
    const day2 = Date.parse('2024-03-05T00:00:00Z') / 1000;
    const dc = summary.network.servers[0].ip;
    for (const attack of attacks) {
      const mine = labels.filter((l) => l.scenario === attack.scenario);
      expect(mine.length, attack.scenario).toBe(attack.connections);
      expect(mine.length, attack.scenario).toBeGreaterThan(0);
      const ws = summary.network.workstations.find((w) => w.name === attack.host)!;
      expect(attack.ip).toBe(ws.ips[1]);
      for (const label of mine) {
        expect(label.host).toBe(attack.ip);
        const conn = conns.get(label.uid);
        expect(conn, label.uid).toBeDefined();
        expect(conn!.ts as number).toBeGreaterThanOrEqual(day2);
        // The attacker's own connections, or the DC forwarding the attacker's lookups.
        if (conn!['id.orig_h'] !== attack.ip) expect([conn!['id.orig_h'], conn!['id.resp_p']]).toEqual([dc, 53]);
      }
    }
  });

  it('gives the same bytes for the same seed and options, other bytes for another seed', async () => {
    const again = tempOut('synth-again');
    const other = tempOut('synth-other');
    cleanups.push(again.remove, other.remove);
    await synthesize({ out: again.out, ...OPTIONS });
    await synthesize({ out: other.out, ...OPTIONS, seed: 12 });
    const first = files(gen.dir);
    const second = files(again.out);
    expect([...second.keys()]).toEqual([...first.keys()]);
    for (const [name, bytes] of first) expect(second.get(name)!.equals(bytes), name).toBe(true);
    const third = files(other.out);
    expect(
      third.get(path.join('2024-03-04', 'conn.log'))!.equals(first.get(path.join('2024-03-04', 'conn.log'))!),
    ).toBe(false);
  });

  it('leaves the clean day byte for byte as it is without attacks', async () => {
    const clean = tempOut('synth-clean');
    cleanups.push(clean.remove);
    const summary = await synthesize({ out: clean.out, ...OPTIONS, attacks: [] });
    expect(summary.labels.connections).toBe(0);
    expect(readFileSync(path.join(clean.out, 'labels.csv'), 'utf8')).toBe('uid,host,scenario\n');
    const withAttacks = files(path.join(gen.dir, '2024-03-04'));
    const without = files(path.join(clean.out, '2024-03-04'));
    expect([...without.keys()]).toEqual([...withAttacks.keys()]);
    for (const [name, bytes] of withAttacks) expect(without.get(name)!.equals(bytes), name).toBe(true);
    expect(summary.rows.conn).toBeLessThan(gen.summary.rows.conn);
  });

  it('rotates into hourly gzip files holding the same rows', async () => {
    const rotated = tempOut('synth-rotate');
    cleanups.push(rotated.remove);
    const summary = await synthesize({ out: rotated.out, ...OPTIONS, days: 1, attackDays: [1], rotate: true });
    const names = readdirSync(path.join(rotated.out, '2024-03-04'));
    const conn = names.filter((n) => n.startsWith('conn.')).sort();
    expect(conn).toHaveLength(24);
    expect(conn[0]).toBe('conn.00:00:00-01:00:00.log.gz');
    expect(conn[23]).toBe('conn.23:00:00-00:00:00.log.gz');
    for (const name of names) expect(name).toMatch(/^[a-z_]+\.\d\d:00:00-\d\d:00:00\.log\.gz$/);
    const { readZeekDir } = await import('../../src/zeek/read-dir.js');
    const back = await readZeekDir(rotated.out, { progress: false });
    expect(back.problems).toEqual([]);
    expect(back.rowCounts()).toEqual(Object.fromEntries(Object.entries(summary.rows).filter(([, n]) => n > 0)));
    const daily = tempOut('synth-daily');
    cleanups.push(daily.remove);
    await synthesize({ out: daily.out, ...OPTIONS, days: 1, attackDays: [1] });
    const plain = await readZeekDir(daily.out, { progress: false });
    expect(values(back.log('conn'), 'uid')).toEqual(values(plain.log('conn'), 'uid'));
    expect(values(back.log('ssl'), 'server_name')).toEqual(values(plain.log('ssl'), 'server_name'));
  });

  it('moves a host to a new address through a full DHCP exchange', () => {
    const { summary, dataset } = gen;
    const movers = summary.network.workstations.filter((w) => w.ips[0] !== w.ips[1]);
    expect(movers.length).toBeGreaterThan(0);
    const dhcp = rows(dataset, 'dhcp');
    for (const ws of movers) {
      const exchange = dhcp.find(
        (r) => r.mac === ws.mac && (r.msg_types as string[]).join(',') === 'DISCOVER,OFFER,REQUEST,ACK',
      );
      expect(exchange, ws.name).toBeDefined();
      expect(exchange!.assigned_addr).toBe(ws.ips[1]);
      expect(exchange!.host_name).toBe(ws.name);
      expect(exchange!.ts as number).toBeGreaterThanOrEqual(Date.parse('2024-03-05T00:00:00Z') / 1000);
    }
    // Before and after the move, the host's traffic uses the address it held that day.
    const conn = rows(dataset, 'conn');
    const day2 = Date.parse('2024-03-05T00:00:00Z') / 1000;
    for (const ws of movers) {
      expect(conn.some((c) => c['id.orig_h'] === ws.ips[0] && (c.ts as number) < day2)).toBe(true);
      expect(conn.some((c) => c['id.orig_h'] === ws.ips[0] && (c.ts as number) >= day2 + 3600)).toBe(false);
    }
  });
});
