import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SCENARIO_NAMES } from '../../src/synth/scenarios.js';
import { resolveSynthOptions, synthesize } from '../../src/synth/synthesize.js';
import { ZeekseqError } from '../../src/util/errors.js';
import { tempOut } from './support/generate.js';

const cleanups: Array<() => void> = [];
afterAll(() => cleanups.forEach((remove) => remove()));

function folder(prefix: string): string {
  const { out, remove } = tempOut(prefix);
  cleanups.push(remove);
  return out;
}

describe('synth options', () => {
  it('fills in the defaults: 40 hosts, 3 days from 2024-03-04, every scenario on the last day', () => {
    expect(resolveSynthOptions({ out: 'x' })).toEqual({
      hosts: 40,
      days: 3,
      start: '2024-03-04',
      seed: 1,
      attacks: [...SCENARIO_NAMES],
      attackDays: [3],
      connections: null,
      rotate: false,
    });
    expect(
      resolveSynthOptions({ out: 'x', days: 5, attacks: ['dns-tunnel', 'dns-tunnel'], attackDays: [4, 2, 4] }),
    ).toMatchObject({
      attacks: ['dns-tunnel'],
      attackDays: [2, 4],
    });
    expect(resolveSynthOptions({ out: 'x', attacks: [] }).attacks).toEqual([]);
  });

  it.each([
    [{ out: '' }, /no output folder given: pass --out DIR/],
    [{ out: 'x', days: 0 }, /--days must be a whole number from 1 to 366, got 0/],
    [{ out: 'x', days: 1.5 }, /--days must be a whole number/],
    [{ out: 'x', hosts: 0 }, /--hosts must be a whole number from 1 to 500, got 0/],
    [{ out: 'x', hosts: 501 }, /--hosts must be a whole number from 1 to 500/],
    [{ out: 'x', start: '2024-02-30' }, /--start must be a date as YYYY-MM-DD .*got '2024-02-30'/],
    [{ out: 'x', start: 'monday' }, /--start must be a date/],
    [{ out: 'x', seed: 0.5 }, /--seed must be a whole number, got 0.5/],
    [
      { out: 'x', attacks: ['dns-tunel'] },
      new RegExp(`unknown attack scenario 'dns-tunel' in --attacks; the scenarios are: ${SCENARIO_NAMES.join(', ')}`),
    ],
    [{ out: 'x', days: 3, attackDays: [4] }, /attack day 4 is outside the simulated days 1 to 3 \(--days 3\)/],
    [{ out: 'x', attackDays: [0] }, /attack day 0 is outside/],
    [
      { out: 'x', hosts: 2 },
      /lateral-movement needs at least 3 workstations .*got --hosts 2; raise --hosts or leave lateral-movement out of --attacks/,
    ],
    [{ out: 'x', connections: 0 }, /--connections must be a whole number from 1/],
  ])('rejects %o', (options, message) => {
    expect(() => resolveSynthOptions(options)).toThrow(ZeekseqError);
    expect(() => resolveSynthOptions(options)).toThrow(message);
  });

  it('accepts two hosts when lateral movement is left out', () => {
    expect(resolveSynthOptions({ out: 'x', hosts: 2, attacks: ['port-scan'] }).hosts).toBe(2);
  });

  it('refuses a folder that holds other files, and replaces an earlier run', async () => {
    const foreign = folder('synth-foreign');
    mkdirSync(foreign, { recursive: true });
    writeFileSync(path.join(foreign, 'notes.txt'), 'mine\n');
    await expect(synthesize({ out: foreign, hosts: 3, days: 1 })).rejects.toThrow(
      /is not empty and holds no synth\.json .*choose an empty or new folder/,
    );
    await expect(synthesize({ out: path.join(foreign, 'notes.txt'), hosts: 3, days: 1 })).rejects.toThrow(
      /notes\.txt is a file; pass a folder for --out/,
    );
    writeFileSync(path.join(foreign, 'synth.json'), '{"days": [{"date": "../../elsewhere"}');
    await expect(synthesize({ out: foreign, hosts: 3, days: 1 })).rejects.toThrow(
      /synth\.json is not the JSON an earlier synth run writes/,
    );
    const out = folder('synth-rerun');
    await synthesize({ out, hosts: 3, days: 2, attacks: [] });
    expect(readdirSync(out).sort()).toEqual(['2024-03-04', '2024-03-05', 'labels.csv', 'synth.json']);
    await synthesize({ out, hosts: 3, days: 1, start: '2024-03-06', attacks: [] });
    expect(readdirSync(out).sort()).toEqual(['2024-03-06', 'labels.csv', 'synth.json']);
    expect(existsSync(path.join(out, '2024-03-06', 'conn.log'))).toBe(true);
  });

  it('scales normal activity to about --connections', async () => {
    for (const target of [6000, 20_000]) {
      const summary = await synthesize({
        out: folder('synth-scale'),
        hosts: 4,
        days: 1,
        attacks: [],
        connections: target,
      });
      expect(summary.scale).toBeGreaterThan(1);
      expect(summary.rows.conn / target, String(target)).toBeGreaterThan(0.9);
      expect(summary.rows.conn / target, String(target)).toBeLessThan(1.1);
      expect(summary.parameters.connections).toBe(target);
    }
  });

  it('explains a --connections below what the machines make on their own', async () => {
    await expect(
      synthesize({ out: folder('synth-small'), hosts: 4, days: 1, attacks: [], connections: 50 }),
    ).rejects.toThrow(
      /--connections 50 is below the \d+ connections that 4 workstations make in 1 day without their users/,
    );
  });
});
