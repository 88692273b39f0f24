/**
 * The reader on every real Zeek dataset in ../shared: row counts per log type as each
 * SOURCE.md states them, column types, unset values, label columns and joins by uid.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ZeekDataset } from '../../src/zeek/dataset.js';
import { readZeekDir, readZeekDirDetailed } from '../../src/zeek/read-dir.js';
import type { ZeekRead } from '../../src/zeek/read-logs.js';
import { rawTsvColumn } from '../support/datasets.js';
import { sharedDataset } from '../support/shared.js';

const trickbot = sharedDataset('trickbot-1week');
const rita = sharedDataset('rita-missing-host');
const stratosphere = sharedDataset('stratosphere-labeled');
const mta = sharedDataset('mta-littletigers-small');
const zat = sharedDataset('zat-json-small');

const numbers = (dataset: ZeekDataset, type: string, column: string): Float64Array => {
  const values = dataset.log(type).column(column);
  expect(values).toBeInstanceOf(Float64Array);
  return values as unknown as Float64Array;
};

const countBy = (values: ArrayLike<unknown>): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const v of Array.from(values)) counts[String(v)] = (counts[String(v)] ?? 0) + 1;
  return counts;
};

describe.skipIf(!trickbot)('trickbot-1week (Zeek TSV)', () => {
  const dir = path.join(trickbot ?? '', 'zeek');
  let read: ZeekRead;
  beforeAll(async () => {
    read = await readZeekDirDetailed(dir, { progress: false });
  });

  it('reads every log with the row counts of SOURCE.md and no problems', () => {
    expect(read.dataset.rowCounts()).toEqual({
      conn: 13001,
      ssl: 6032,
      ldap_search: 1976,
      dns: 1534,
      files: 1385,
      kerberos: 1353,
      http: 1149,
      smb_mapping: 989,
      dce_rpc: 811,
      ldap: 722,
      x509: 398,
      smb_files: 175,
      weird: 149,
      ntp: 148,
      pe: 22,
      dhcp: 8,
      ntlm: 3,
      packet_filter: 1,
    });
    expect(read.problemTotals).toEqual([]);
    const withoutUid = read.dataset.types().filter((t) => !read.dataset.log(t).columnNames().includes('uid'));
    expect(withoutUid).toEqual(['dhcp', 'packet_filter', 'pe', 'x509']);
  });

  it('types conn columns from #types and matches the raw text field by field', () => {
    const { dataset } = read;
    const file = path.join(dir, 'conn.log');
    const conn = dataset.log('conn');
    expect([...numbers(dataset, 'conn', 'ts')]).toEqual(rawTsvColumn(file, 'ts')!.map(Number));
    expect([...numbers(dataset, 'conn', 'id.orig_p')]).toEqual(rawTsvColumn(file, 'id.orig_p')!.map(Number));
    expect([...numbers(dataset, 'conn', 'duration')]).toEqual(
      rawTsvColumn(file, 'duration')!.map((v) => (v === '-' ? NaN : Number(v))),
    );
    expect(numbers(dataset, 'conn', 'ip_proto')[0]).toBe(6);
    expect(conn.array('uid')).toEqual(rawTsvColumn(file, 'uid'));
    expect(conn.array('local_orig')).toEqual(rawTsvColumn(file, 'local_orig')!.map((v) => v === 'T'));
    const service = conn.array('service');
    expect(service.filter((s) => s === null).length).toBe(
      rawTsvColumn(file, 'service')!.filter((v) => v === '-').length,
    );
    expect(service.filter((s) => s === null).length).toBe(1932);
    expect(conn.array('tunnel_parents').every((v) => v === null)).toBe(true);
    expect(dataset.sources.get('conn')!.fieldTypes.tunnel_parents).toBe('set[string]');
  });

  it('joins by uid: every dns and every http row has its conn row', () => {
    const conn = new Set(read.dataset.log('conn').array('uid'));
    const dns = read.dataset.log('dns').array('uid');
    const http = read.dataset.log('http').array('uid');
    expect(dns.filter((u) => !conn.has(u as string))).toEqual([]);
    expect(http.filter((u) => conn.has(u as string)).length).toBe(1149);
    expect(new Set(http).size).toBe(1143);
  });
});

describe.skipIf(!rita)('rita-missing-host (1,055 hourly gzip files in day folders)', () => {
  let read: ZeekRead;
  beforeAll(async () => {
    read = await readZeekDirDetailed(rita!, { progress: false });
  });

  it('reads every log with the row counts of SOURCE.md', () => {
    const { dataset } = read;
    expect(dataset.rowCounts()).toEqual({
      conn: 105918,
      http: 18829,
      files: 18619,
      ssh: 17299,
      dns: 5432,
      'conn-summary': 0,
      stats: 2592,
      weird: 1114,
      capture_loss: 288,
      ntp: 279,
      sip: 154,
      ssl: 139,
      open_conn: 72,
      snmp: 48,
      tunnel: 43,
      dpd: 37,
      notice: 23,
      known_services: 11,
      software: 8,
      kerberos: 5,
      radius: 5,
    });
    const files = [...dataset.sources.values()].flatMap((s) => s.files);
    expect(files).toHaveLength(1055);
    expect(files.every((f) => f.gzip && f.format === 'tsv')).toBe(true);
    expect(dataset.sources.get('conn')!.files).toHaveLength(72);
  });

  it('reports conn-summary (a text report, not a log) line by line instead of reading it', () => {
    const totals = read.problemTotals;
    expect(new Set(totals.map((t) => t.kind))).toEqual(new Set(['missing-header']));
    expect(totals.every((t) => path.basename(t.file).startsWith('conn-summary.'))).toBe(true);
    // SOURCE.md's 5,134 "data lines" of conn-summary: every one is reported, none read.
    expect(totals.reduce((n, t) => n + t.count, 0)).toBe(5134);
  });

  it('keeps the leading _node_name column and reads sets', () => {
    const conn = read.dataset.log('conn');
    expect(conn.columnNames()[0]).toBe('_node_name');
    expect(new Set(conn.array('_node_name'))).toEqual(new Set(['worker-eth0-1']));
    const parents = conn.array('tunnel_parents');
    expect(parents.some((v) => Array.isArray(v) && v.length === 1)).toBe(true);
    expect(parents.every((v) => v === null || Array.isArray(v))).toBe(true);
  });

  it('finds the planted beacon and the long SSH session of the README', () => {
    const { dataset } = read;
    expect(
      dataset
        .log('http')
        .array('user_agent')
        .filter((u) => u === 'Modzilla/0.0001 (Atari 7800)').length,
    ).toBe(950);
    const conn = dataset.log('conn');
    const resp = conn.array('id.resp_h');
    expect(conn.array('id.orig_h').filter((h, i) => h === '73.54.23.243' && resp[i] === '64.225.56.201').length).toBe(
      951,
    );
    expect(dataset.log('open_conn').array('uid')).toContain('C3ZW8c1wDLCz4w18d8');
    const ts = numbers(dataset, 'conn', 'ts');
    expect(Math.min(...ts)).toBeGreaterThanOrEqual(Date.UTC(2024, 3, 18, 23, 59) / 1000);
    expect(Math.max(...ts)).toBeLessThan(Date.UTC(2024, 3, 22) / 1000);
  });
});

describe.skipIf(!stratosphere)('stratosphere-labeled (labeled TSV, labeled-conn.log, JSON lines)', () => {
  let dataset: ZeekDataset;
  beforeAll(async () => {
    dataset = await readZeekDir(stratosphere!, { progress: false });
  });

  it('reads every scenario with the row counts of SOURCE.md', () => {
    expect(dataset.rowCounts()).toEqual({
      conn: 5663 + 5347 + 992 + 992 + 4504 + 361 + 992,
      dns: 8 + 1 + 992,
      http: 342 + 5 + 992,
      ssl: 545 + 1039,
      weird: 56 + 298,
      sip: 33 + 17,
      notice: 16 + 2,
      tunnel: 6 + 14,
      files: 0,
      known_hosts: 0,
      software: 0,
    });
    expect(dataset.problems).toEqual([]);
    const rows = Object.fromEntries(
      dataset.sources.get('conn')!.files.map((f) => [path.relative(stratosphere!, f.path), [f.rows, f.format]]),
    );
    expect(rows).toEqual({
      '001-zeek-scenario-malicious/conn.log': [992, 'tsv'],
      '001-zeek-scenario-malicious/labeled-conn.log': [992, 'tsv'],
      '002-zeek-scenario-port-scanning/conn.log': [4504, 'json'],
      '003-zeek-scenario-malicious/conn.log': [361, 'tsv'],
      '005-zeek-scenario-malicious/conn.log': [992, 'tsv'],
      '008-zeek-mixed/data/conn.log.labeled': [5663, 'tsv'],
      '010-zeek-mixed/data/conn.log.labeled': [5347, 'tsv'],
    });
  });

  it('keeps the label and detailedlabel columns, with the label counts of SOURCE.md', async () => {
    const mixed = await readZeekDir(path.join(stratosphere!, '008-zeek-mixed'), { types: ['conn'], progress: false });
    const conn = mixed.log('conn');
    expect(countBy(conn.array('label'))).toEqual({ Malicious: 4201, Benign: 1402, Background: 60 });
    expect(countBy(conn.array('detailedlabel'))['External-Attack-to-Device']).toBe(4201);
    expect(new Set(conn.array('id.orig_h').filter((_, i) => conn.get('label', i) === 'Malicious')).size).toBe(1599);
    expect(conn.array('tunnel_parents').every((v) => Array.isArray(v) && v.length === 0)).toBe(true);
    const njrat = await readZeekDir(path.join(stratosphere!, '001-zeek-scenario-malicious'), { progress: false });
    // conn.log has no labels, labeled-conn.log has them: 992 unset, then the labeled 992.
    expect(countBy(njrat.log('conn').array('label'))).toEqual({
      null: 992,
      Malicious: 244,
      Background: 739,
      Benign: 9,
    });
  });

  it('reads the JSON-lines scenario into the same column types as TSV', async () => {
    const scan = await readZeekDir(path.join(stratosphere!, '002-zeek-scenario-port-scanning'), { progress: false });
    const conn = scan.log('conn');
    expect(numbers(scan, 'conn', 'id.resp_p').length).toBe(4504);
    expect(new Set(conn.array('id.orig_h').filter((h) => h !== '172.16.1.11'))).toEqual(new Set());
    expect(new Set(conn.array('local_orig'))).toEqual(new Set([true]));
  });
});

describe.skipIf(!mta)('mta-littletigers-small (Zeek TSV)', () => {
  it('reads every log with the row counts of SOURCE.md and joins dns to conn', async () => {
    const dataset = await readZeekDir(mta!, { progress: false });
    expect(dataset.rowCounts()).toEqual({
      conn: 271,
      dns: 85,
      dce_rpc: 51,
      kerberos: 50,
      smb_mapping: 29,
      ssl: 29,
      ntp: 24,
      dhcp: 8,
      dpd: 8,
      files: 10,
      smb_files: 7,
      weird: 7,
      http: 4,
      x509: 3,
      pe: 2,
      packet_filter: 1,
    });
    expect(dataset.problems).toEqual([]);
    const conn = new Set(dataset.log('conn').array('uid'));
    expect(
      dataset
        .log('kerberos')
        .array('uid')
        .every((u) => conn.has(u as string)),
    ).toBe(true);
    const ts = numbers(dataset, 'conn', 'ts');
    expect(new Date(Math.min(...ts) * 1000).toISOString()).toMatch(/^2019-03-19T01:4/);
    expect(new Date(Math.max(...ts) * 1000).toISOString()).toMatch(/^2019-03-19T05:0/);
  });
});

describe.skipIf(!zat)('zat-json-small (Zeek JSON lines)', () => {
  it('reads every log with the row counts of SOURCE.md and types JSON values', async () => {
    const dataset = await readZeekDir(zat!, { progress: false });
    expect(dataset.rowCounts()).toEqual({
      conn: 50,
      dns: 50,
      files: 50,
      ssl: 50,
      x509: 50,
      loaded_scripts: 50,
      http: 28,
      kerberos: 14,
      dce_rpc: 7,
      smb_mapping: 7,
      stats: 7,
      smb_files: 2,
      weird: 2,
      ntp: 2,
      capture_loss: 2,
      dhcp: 1,
      packet_filter: 1,
    });
    expect(dataset.problems).toEqual([]);
    expect(numbers(dataset, 'conn', 'id.orig_p')[0]).toBe(49187);
    const dns = dataset.log('dns');
    expect(numbers(dataset, 'dns', 'rtt').some(Number.isNaN)).toBe(true);
    expect(new Set(dns.array('RA'))).toEqual(new Set([false, true]));
    expect(dns.array('answers').find((a) => a !== null)).toEqual(['131.107.255.255']);
    const ts = numbers(dataset, 'conn', 'ts');
    expect(new Date(Math.min(...ts) * 1000).toISOString()).toMatch(/^2019-12-03T22:44/);
  });
});
