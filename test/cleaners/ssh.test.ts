import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { sshCleaner } from '../../src/cleaners/ssh.js';
import { sharedDataset } from '../support/shared.js';
import { cleanRows, itGivesWellFormedFeatures } from './support/checks.js';
import { readTsv } from './support/tsv.js';

const rita = sharedDataset('rita-missing-host');

describe.skipIf(rita === null)('ssh cleaner on one day of rita-missing-host', () => {
  const day = path.join(rita!, 'test_data', 'missing_host', '2024-04-19');
  const files = readdirSync(day).filter((f) => f.startsWith('ssh.')).sort().map((f) => path.join(day, f));
  const cleaned = cleanRows(readTsv(...files), sshCleaner);
  const { rows: ssh, out } = cleaned;

  itGivesWellFormedFeatures(cleaned, 6633);

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
