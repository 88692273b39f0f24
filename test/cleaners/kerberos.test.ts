import { beforeAll, describe, expect, it } from 'vitest';
import type { Cleaner } from '../../src/cleaners/cleaner.js';
import { table, type ColumnTable } from 'arquero';
import { kerberosCleaner } from '../../src/cleaners/kerberos.js';
import { fitOn, itGivesWellFormedFeatures, rowOf } from './support/checks.js';
import { trickbot, trickbotDir } from './support/data.js';

describe.skipIf(trickbotDir === null)('kerberos cleaner on trickbot-1week', () => {
  let kerberos: ColumnTable;
  let cleaner: Cleaner;
  let out: ColumnTable;
  beforeAll(async () => {
    ({ rows: kerberos, cleaner, out } = await fitOn(trickbot('kerberos'), kerberosCleaner));
  });

  itGivesWellFormedFeatures(() => ({ rows: kerberos, cleaner, out }), 1353);

  it('counts the normal pre-authentication challenge as failed but not suspicious', () => {
    expect(rowOf(out, 'CYtJYz4gNk3t5ZEt2')).toMatchObject({
      sus_failure: 0,
      failed: 1,
      request_type: 'AS',
      weak_cipher: 0,
    });
  });

  it('flags unknown principals and RC4 tickets in new rows', () => {
    const rows = table({
      ts: Float64Array.of(1, 2),
      uid: ['Ca', 'Cb'],
      request_type: ['TGS', 'TGS'],
      success: [false, true],
      error_msg: ['KDC_ERR_S_PRINCIPAL_UNKNOWN', null],
      cipher: [null, 'rc4-hmac'],
    });
    const t = cleaner.transform(rows);
    expect(t.object(0)).toMatchObject({ sus_failure: 1, failed: 1, weak_cipher: 0 });
    expect(t.object(1)).toMatchObject({ sus_failure: 0, failed: 0, weak_cipher: 1 });
  });
});
