import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as aq from 'arquero';
import { alignLabels, LabelAligner, labelsFromConn, labelsFromCsv, readLabels } from '../../src/detect/labels.js';
import { synthesize } from '../../src/synth/synthesize.js';
import { ZeekseqError } from '../../src/util/errors.js';
import { readZeekDir } from '../../src/zeek/read-dir.js';
import { sharedDataset } from '../support/shared.js';

describe('labels from a CSV of uids or IPs', () => {
  it('reads uids with a label column: benign rows are not malicious', () => {
    const labels = labelsFromCsv('uid,label\nC1,malicious\nC2,Benign\nC3,1\nC4,0\n');
    expect([...labels.maliciousUids.keys()]).toEqual(['C1', 'C3']);
    expect(labels.namesConnections).toBe(true);
    expect(labels.maliciousHosts.size).toBe(0);
  });

  it('makes the originators of labeled uids the malicious hosts when no host is given', () => {
    const aligned = alignLabels(
      labelsFromCsv('uid\nC1\nC3\n'),
      ['C1', 'C2', 'C3'],
      ['10.0.0.1', '10.0.0.2', '10.0.0.3'],
    );
    expect(Array.from(aligned.connections)).toEqual([1, 0, 1]);
    expect(aligned.uids).toEqual(new Set(['C1', 'C3']));
    expect([...aligned.hosts.keys()]).toEqual(['10.0.0.1', '10.0.0.3']);
    expect(aligned.missingUids).toBe(0);
    expect(aligned.warnings).toEqual([]);
  });

  it('reads IPs (ip or host column): every connection they originate is malicious', () => {
    for (const header of ['ip', 'host', ' IP ']) {
      const aligned = alignLabels(
        labelsFromCsv(`${header}\n10.0.0.2\n`),
        ['C1', 'C2', 'C3'],
        ['10.0.0.1', '10.0.0.2', '10.0.0.2'],
      );
      expect(Array.from(aligned.connections)).toEqual([0, 1, 1]);
      expect(aligned.uids).toEqual(new Set(['C2', 'C3']));
      expect([...aligned.hosts.keys()]).toEqual(['10.0.0.2']);
    }
  });

  it('counts labeled uids that are not in the data and warns, without failing', () => {
    const aligned = alignLabels(
      labelsFromCsv(
        'uid,host,scenario\nC1,10.0.0.1,port-scan\nX8,10.0.0.1,port-scan\nX9,10.0.0.9,dns-tunnel\n',
        'labels.csv',
      ),
      ['C1', 'C2'],
      ['10.0.0.1', '10.0.0.2'],
    );
    expect(Array.from(aligned.connections)).toEqual([1, 0]);
    expect(aligned.missingUids).toBe(2);
    expect(aligned.warnings).toEqual([
      expect.stringMatching(/^2 of 3 malicious uids in labels\.csv are not among the 2 connections evaluated/),
    ]);
    expect(aligned.hosts).toEqual(
      new Map([
        ['10.0.0.1', ['port-scan']],
        ['10.0.0.9', ['dns-tunnel']],
      ]),
    );
  });

  it('refuses a CSV without uid or ip columns, rows naming nothing, and an empty or missing file', async () => {
    expect(() => labelsFromCsv('name,score\na,1\n', 'x.csv')).toThrow(
      /x\.csv has columns name, score; give a CSV with a uid column/,
    );
    expect(() => labelsFromCsv('uid,ip\nC1,\n,\n', 'x.csv')).toThrow(/x\.csv line 3 has neither a uid nor a host/);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'zeekseq-labels-'));
    try {
      writeFileSync(path.join(dir, 'empty.csv'), '');
      await expect(readLabels(path.join(dir, 'empty.csv'))).rejects.toThrow(/empty\.csv is empty/);
      await expect(readLabels(path.join(dir, 'absent.csv'))).rejects.toThrow(/cannot read .*absent\.csv \(ENOENT\)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('aligns connection by connection as alignLabels does, for connections read back in chunks', () => {
    const uids = ['C1', 'C2', 'C3', 'C4'];
    const origins = ['10.0.0.1', '10.0.0.2', '10.0.0.2', '10.0.0.3'];
    for (const csv of ['uid\nC2\nX9\n', 'ip\n10.0.0.2\n', 'uid,host,scenario\nC4,10.0.0.3,scan\nX9,10.0.0.9,x\n']) {
      const labels = labelsFromCsv(csv, 'labels.csv');
      const aligner = new LabelAligner(labels);
      const connections = Uint8Array.from(uids, (uid, c) => aligner.label(uid, origins[c]));
      expect(aligner.finish(connections)).toEqual(alignLabels(labels, uids, origins));
    }
  });

  it('needs one originator per connection', () => {
    expect(() => alignLabels(labelsFromCsv('uid\nC1\n'), ['C1', 'C2'], ['10.0.0.1'])).toThrow(ZeekseqError);
  });
});

describe('labels from the label columns of a conn log', () => {
  it('takes Malicious rows (with their detailed label) and their originators; Benign and Background are not', () => {
    const conn = aq.table({
      uid: ['C1', 'C2', 'C3', 'C4'],
      'id.orig_h': ['1.2.3.4', '10.0.0.5', '10.0.0.5', '5.6.7.8'],
      label: ['Malicious', 'Benign', 'Background', 'Malicious'],
      detailedlabel: ['External-Attack-to-Device', 'Microsoft', '-', 'C&C'],
    });
    const labels = labelsFromConn(conn);
    expect(labels.maliciousUids).toEqual(
      new Map([
        ['C1', 'External-Attack-to-Device'],
        ['C4', 'C&C'],
      ]),
    );
    expect([...labels.maliciousHosts.keys()]).toEqual(['1.2.3.4', '5.6.7.8']);
  });

  it('says what to do when there is no label column', () => {
    expect(() => labelsFromConn(aq.table({ uid: ['C1'], 'id.orig_h': ['1.2.3.4'] }), 'conn.log')).toThrow(
      /conn\.log has no label column; .* give a labels CSV/,
    );
  });

  const dir = sharedDataset('stratosphere-labeled');
  it.skipIf(!dir)(
    'reads the Stratosphere 008 mixed day: 4,201 malicious flows from 1,599 attacker IPs, none from the victim',
    async () => {
      const dataset = await readZeekDir(path.join(dir!, '008-zeek-mixed'), { types: ['conn'], progress: false });
      const labels = labelsFromConn(dataset.log('conn'));
      expect(labels.maliciousUids.size).toBe(4201);
      expect(labels.maliciousHosts.size).toBe(1599);
      expect(labels.maliciousHosts.has('147.32.81.167')).toBe(false);
      expect([...labels.maliciousUids.values()].every((detail) => detail === 'External-Attack-to-Device')).toBe(true);
    },
  );
});

describe("labels from the generator's labels.csv", () => {
  let root: string;
  let out: string;
  beforeAll(async () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'zeekseq-labels-synth-'));
    out = path.join(root, 'out');
    await synthesize({ out, hosts: 3, days: 1, seed: 5, attacks: ['port-scan', 'exe-download'], attackDays: [1] });
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('names every labelled connection of the logs, and the compromised hosts with their scenarios', async () => {
    const labels = await readLabels(path.join(out, 'labels.csv'));
    const conn = (await readZeekDir(out, { types: ['conn'], progress: false })).log('conn');
    const uids = Array.from(conn.array('uid') as ArrayLike<string>);
    const aligned = alignLabels(labels, uids, Array.from(conn.array('id.orig_h') as ArrayLike<string>));
    expect(aligned.missingUids).toBe(0);
    expect(aligned.connections.reduce((a, b) => a + b, 0)).toBe(labels.maliciousUids.size);
    const scenarios = [...aligned.hosts.values()].flat().sort();
    expect(scenarios).toEqual(['exe-download', 'port-scan']);
    // the scanner originates its labelled connections
    const scanner = [...aligned.hosts].find(([, s]) => s.includes('port-scan'))![0];
    const origins = uids
      .map((_, c) => (aligned.connections[c] ? (conn.array('id.orig_h') as ArrayLike<string>)[c] : null))
      .filter(Boolean);
    expect(origins).toContain(scanner);
  });
});
