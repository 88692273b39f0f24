import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { synthOptionsFromFlags } from '../../src/cli/synth.js';
import { SCENARIO_NAMES } from '../../src/synth/scenarios.js';
import { tempOut } from '../synth/support/generate.js';
import { zeekseq } from './support/run-cli.js';

const { out, remove } = tempOut('cli-synth');
afterAll(remove);
afterEach(() => vi.restoreAllMocks());

describe('zeekseq synth', () => {
  it('generates the dataset and prints one paragraph: rows per log, attacks, where the labels are', async () => {
    const { stdout, code } = await zeekseq(
      'synth',
      '--out',
      out,
      '--hosts',
      '3',
      '--days',
      '2',
      '--seed',
      '9',
      '--attacks',
      'port-scan,exe-download',
      '--attack-days',
      '1',
    );
    expect(code).toBe(0);
    expect(stdout.trimEnd().split('\n')).toHaveLength(1);
    const summary = JSON.parse(readFileSync(path.join(out, 'synth.json'), 'utf8'));
    expect(stdout).toContain(`Wrote 2 days (2024-03-04 to 2024-03-05) of Zeek logs for 3 workstations`);
    expect(stdout).toContain(`${summary.rows.conn.toLocaleString('en-US')} conn`);
    const attack = summary.days[0].attacks[0];
    expect(stdout).toContain(`Attacks injected on 2024-03-04 port-scan by ${attack.host} (${attack.ip}, `);
    expect(stdout).toContain(`labelled connections in ${path.join(out, 'labels.csv')}`);
    expect(summary.parameters).toMatchObject({
      hosts: 3,
      days: 2,
      seed: 9,
      attacks: ['port-scan', 'exe-download'],
      attackDays: [1],
      rotate: false,
    });
    expect(existsSync(path.join(out, '2024-03-05', 'conn.log'))).toBe(true);
  });

  it('lists the scenarios in --help', async () => {
    const { stdout, code } = await zeekseq('synth', '--help');
    expect(code).toBe(0);
    for (const name of SCENARIO_NAMES) expect(stdout).toContain(name);
  });

  it.each([
    [['--attacks', 'beacon'], /unknown attack scenario 'beacon' in --attacks; the scenarios are: c2-tls-beacon, /],
    [['--days', '0'], /--days must be a whole number from 1/],
    [['--days', '2', '--attack-days', '3'], /attack day 3 is outside the simulated days 1 to 2/],
    [['--hosts', '2'], /lateral-movement needs at least 3 workstations/],
    [['--hosts', 'many'], /--hosts "many" is not a whole number/],
  ])('rejects %j with one line and exit code 2', async (args, message) => {
    const { stderr, code } = await zeekseq('synth', '--out', path.join(out, 'unused'), ...args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(existsSync(path.join(out, 'unused'))).toBe(false);
  });

  it('needs --out', async () => {
    const { stderr, code } = await zeekseq('synth');
    expect(code).toBe(1);
    expect(stderr).toMatch(/required option '--out <dir>' not specified/);
  });

  it('maps none and all for --attacks, and lists to numbers', () => {
    expect(synthOptionsFromFlags({ out: 'x', attacks: 'none' }).attacks).toEqual([]);
    expect(synthOptionsFromFlags({ out: 'x', attacks: 'all' }).attacks).toBeUndefined();
    expect(synthOptionsFromFlags({ out: 'x', attacks: 'dns-tunnel, port-scan' }).attacks).toEqual([
      'dns-tunnel',
      'port-scan',
    ]);
    expect(synthOptionsFromFlags({ out: 'x', attackDays: '1,3', connections: '5000', rotate: true })).toMatchObject({
      attackDays: [1, 3],
      connections: 5000,
      rotate: true,
    });
    expect(() => synthOptionsFromFlags({ out: 'x', attackDays: '1,two' })).toThrow(
      /--attack-days "two" is not a whole number/,
    );
  });
});
