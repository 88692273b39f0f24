import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sharedDataset } from '../support/shared.js';
import { zeekseq } from './support/run-cli.js';

afterEach(() => vi.restoreAllMocks());

const trickbot = sharedDataset('trickbot-1week');

describe.skipIf(!trickbot)('zeekseq compare on real cleaned conn rows', () => {
  it('compares exact and batch DBSCAN over sample sizes and writes the table and charts', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'zeekseq-compare-'));
    const result = await zeekseq(
      'compare',
      '--data',
      trickbot!,
      '--sizes',
      '500,2000',
      '--eps',
      '0.3',
      '--batch-size',
      '1000',
      '--output',
      out,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('conn: 13,001 cleaned rows, 14 features');
    const rows = JSON.parse(readFileSync(path.join(out, 'compare.json'), 'utf8')).table as Array<
      Record<string, number>
    >;
    expect(rows.map((r) => r.n)).toEqual([500, 2000]);
    for (const row of rows) {
      expect(row.ari).toBeGreaterThan(0.5);
      expect(row.ari).toBeLessThanOrEqual(1);
      expect(row.exactNoiseShare).toBeGreaterThanOrEqual(0);
      expect(row.minSamples).toBe(20);
    }
    // At 500 rows BatchDBSCAN has a single batch: it is exact DBSCAN.
    expect(rows[0].ari).toBe(1);
    for (const file of ['compare.csv', 'comparison.png', 'comparison.svg'])
      expect(existsSync(path.join(out, file))).toBe(true);
    // the chart draws the table it was given: one time point per algorithm and size
    const spec = JSON.parse(readFileSync(path.join(out, 'comparison.vl.json'), 'utf8'));
    const time = spec.hconcat[0].data.values as Array<{ n: number; series: string }>;
    expect(time.map((v) => `${v.n} ${v.series}`)).toEqual(
      rows.flatMap((r) => [`${r.n} exact DBSCAN`, `${r.n} BatchDBSCAN`]),
    );
  });

  it('refuses a log type without a cleaner and sizes beyond the data', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'zeekseq-compare-'));
    const noCleaner = await zeekseq('compare', '--data', trickbot!, '--log', 'ntp', '--output', out);
    expect(noCleaner.code).toBe(2);
    expect(noCleaner.stderr).toMatch(/ntp has no cleaner/);
    const tooBig = await zeekseq('compare', '--data', trickbot!, '--sizes', '99999999', '--output', out);
    expect(tooBig.code).toBe(2);
    expect(tooBig.stderr).toMatch(/exceeds the 13001 conn rows/);
  });
});
