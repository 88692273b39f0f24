import { beforeAll, describe, expect, it } from 'vitest';
import type { Cleaner } from '../../src/cleaners/cleaner.js';
import type { ColumnTable } from 'arquero';
import path from 'node:path';
import { sshCleaner } from '../../src/cleaners/ssh.js';
import { sharedDataset } from '../support/shared.js';
import { fitOn, itGivesWellFormedFeatures } from './support/checks.js';
import { readLog } from './support/data.js';

const rita = sharedDataset('rita-missing-host');

describe.skipIf(rita === null)('ssh cleaner on one day of rita-missing-host', () => {
  let ssh: ColumnTable;
  let cleaner: Cleaner;
  let out: ColumnTable;
  beforeAll(async () => {
    ({
      rows: ssh,
      cleaner,
      out,
    } = await fitOn(readLog(path.join(rita!, 'test_data', 'missing_host', '2024-04-19'), 'ssh'), sshCleaner));
  });

  itGivesWellFormedFeatures(() => ({ rows: ssh, cleaner, out }), 6633);

  it('separates failed logins, with their attempts, from bare handshakes', () => {
    const attempts = ssh.array('auth_attempts') as Float64Array;
    const success = ssh.array('auth_success') as (boolean | null)[];
    const most = Math.max(...attempts);
    for (let i = 0; i < out.numRows(); i++) {
      const row = out.object(i) as Record<string, number>;
      expect(row.auth_failed).toBe(success[i] === false ? 1 : 0);
      expect(row.auth_success).toBe(success[i] === true ? 1 : 0);
      expect(row.auth_attempts).toBeCloseTo(Math.log1p(attempts[i]) / Math.log1p(most), 12);
    }
    expect(new Set(out.array('direction') as string[])).toEqual(new Set(['INBOUND']));
  });

  it('names the ten most common client banners and lumps the rest as other', () => {
    const clients = new Set(out.array('client') as (string | null)[]);
    expect(clients.has('SSH-2.0-libssh_0.9.6')).toBe(true);
    expect(clients.has('other')).toBe(true);
    expect(clients.size).toBeLessThanOrEqual(12);
  });
});
