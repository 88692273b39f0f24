import { describe, expect, it } from 'vitest';
import type { SweepResult, SweepRow } from '../../src/detect/sweep.js';
import { windowText } from '../../src/detect/notables.js';
import { sweepTable, writeSweepOutputs } from '../../src/pipeline/sweep-report.js';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const row = (acceptanceRate: number, window: number, minCount: number, notablesPerDay: number): SweepRow =>
  ({
    scorer: 't',
    acceptanceRate,
    window,
    minCount,
    notablesPerDay,
    connectionPrecision: 0.5,
    connectionRecall: 0.25,
    hostPrecision: 1,
    hostRecall: 0.5,
  }) as SweepRow;

const result = (rows: SweepRow[]): SweepResult => ({
  scorer: 't',
  days: ['2024-03-06', '2024-03-07'],
  cleanDays: ['2024-03-06'],
  dayCount: 2,
  rows,
  recommended: rows[0],
  reason: 'test',
  hostNotables: [
    { host: 'h1', notables: 3, malicious: true, watched: false },
    { host: 'h2', notables: 1, malicious: false, watched: true },
  ],
  warnings: [],
});

describe('sweep report', () => {
  it('writes windows as the largest whole unit', () => {
    expect([900, 3600, 21600, 86400, 90, 45].map(windowText)).toEqual(['15m', '1h', '6h', '1d', '90s', '45s']);
  });

  it('writes the sweep chart and the host chart with their kinds, and skips the host chart with no notables', async () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'zeekseq-sweep-report-'));
    try {
      const rows = [row(0.001, 3600, 3, 1), row(0.01, 3600, 3, 2), row(0.01, 900, 3, 5)];
      const written = await writeSweepOutputs(result(rows), out, { budget: 10 });
      expect(written.files.map((f) => path.basename(f))).toEqual([
        'sweep.csv',
        'summary.json',
        'sweep.vl.json',
        'sweep.svg',
        'sweep.png',
        'host-notables.vl.json',
        'host-notables.svg',
        'host-notables.png',
      ]);
      const hosts = readFileSync(path.join(out, 'host-notables.vl.json'), 'utf8');
      expect(hosts).toMatch(/"kind": ?"malicious"/);
      expect(hosts).toMatch(/"kind": ?"watched"/);
      const none = await writeSweepOutputs({ ...result(rows), hostNotables: [] }, out, {});
      expect(none.files.some((f) => f.includes('host-notables'))).toBe(false);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('tabulates rows with windows as text', () => {
    const table = sweepTable([row(0.001, 3600, 3, 1 / 3)]);
    expect(table.get('window', 0)).toBe('1h');
    expect(table.get('notablesPerDay', 0)).toBe(0.333333);
  });
});
