import { beforeAll, describe, expect, it } from 'vitest';
import type { Cleaner } from '../../src/cleaners/cleaner.js';
import { table, type ColumnTable } from 'arquero';
import { ldapCleaner } from '../../src/cleaners/ldap.js';
import { fitOn, itGivesWellFormedFeatures, rowOf } from './support/checks.js';
import { trickbot, trickbotDir } from './support/data.js';

describe.skipIf(trickbotDir === null)('ldap cleaner on trickbot-1week', () => {
  let ldap: ColumnTable;
  let cleaner: Cleaner;
  let out: ColumnTable;
  beforeAll(async () => {
    ({ rows: ldap, cleaner, out } = await fitOn(trickbot('ldap'), ldapCleaner));
  });

  itGivesWellFormedFeatures(() => ({ rows: ldap, cleaner, out }), 722);

  it('passes a successful Kerberos (SASL) bind', () => {
    expect(rowOf(out, 'C6lYfQ1nhAn8e0aDe2')).toMatchObject({
      opcode: 'bind SASL',
      simple_bind: 0,
      write: 0,
      denied: 0,
      old_version: 0,
    });
  });

  it('flags cleartext binds, refusals, writes and LDAPv2 in new rows', () => {
    const rows = table({
      ts: Float64Array.of(1, 2),
      uid: ['Ca', 'Cb'],
      opcode: ['bind simple', 'add'],
      result: ['invalid credentials', 'success'],
      version: Float64Array.of(2, NaN),
    });
    const t = cleaner.transform(rows);
    expect(t.object(0)).toMatchObject({ opcode: 'other', simple_bind: 1, denied: 1, write: 0, old_version: 1 });
    expect(t.object(1)).toMatchObject({ opcode: 'other', simple_bind: 0, denied: 0, write: 1, old_version: 0 });
  });
});
