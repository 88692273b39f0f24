import { beforeAll, describe, expect, it } from 'vitest';
import type { Cleaner } from '../../src/cleaners/cleaner.js';
import path from 'node:path';
import { table, type ColumnTable } from 'arquero';
import { weirdCleaner } from '../../src/cleaners/weird.js';
import { sharedDataset } from '../support/shared.js';
import { fitOn, itGivesWellFormedFeatures, rowOf } from './support/checks.js';
import { readLog, trickbot, trickbotDir } from './support/data.js';

describe.skipIf(trickbotDir === null)('weird cleaner on trickbot-1week', () => {
  let weird: ColumnTable;
  let cleaner: Cleaner;
  let out: ColumnTable;
  beforeAll(async () => {
    ({ rows: weird, cleaner, out } = await fitOn(trickbot('weird'), weirdCleaner));
  });

  itGivesWellFormedFeatures(() => ({ rows: weird, cleaner, out }), 149);

  it('flags a malformed HTTP request to a C2 port but not a DCE/RPC auth-type quirk', () => {
    expect(rowOf(out, 'Cvf80y3IpUxnZgVhD4')).toMatchObject({
      name: 'bad_HTTP_request',
      probably_malicious: 1,
      notice: 0,
    });
    expect(rowOf(out, 'ChGjjk2gPwRr4N3o3d')).toMatchObject({
      name: 'netlogon_dce_rpc_auth_type',
      probably_malicious: 0,
    });
  });

  it('names a weird first seen after fitting "other"', () => {
    const t = cleaner.transform(
      table({ ts: Float64Array.of(1), uid: ['Cx'], name: ['TCP_christmas'], notice: [true] }),
    );
    expect(t.object(0)).toMatchObject({ name: 'other', probably_malicious: 1, notice: 1 });
  });
});

const zat = sharedDataset('zat-json-small');

describe.skipIf(zat === null)('weird cleaner on zat JSON logs', () => {
  it('leaves out a weird that belongs to no connection', async () => {
    const weird = await readLog(path.join(zat!, 'data', 'json'), 'weird');
    expect(weird.numRows()).toBe(2);
    const out = weirdCleaner().fitTransform(weird);
    expect(out.numRows()).toBe(1);
  });
});
