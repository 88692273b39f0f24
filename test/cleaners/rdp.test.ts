import { beforeAll, describe, expect, it } from 'vitest';
import { table, type ColumnTable } from 'arquero';
import type { Cleaner } from '../../src/cleaners/cleaner.js';
import { rdpCleaner } from '../../src/cleaners/rdp.js';
import { fitOn, itGivesWellFormedFeatures } from './support/checks.js';

// None of the shared datasets has an rdp.log; these rows follow Zeek's rdp.log fields and values.
const rdp = table({
  ts: Float64Array.of(1, 2, 3, 4),
  uid: ['Ca', 'Cb', 'Cc', 'Cd'],
  cookie: ['mstshash=alice', 'mstshash=bob', null, 'mstshash=carol'],
  result: ['Success', 'Success', 'encryption error', null],
  security_protocol: ['HYBRID', 'HYBRID', 'RDP', 'HYBRID_EX'],
  encryption_level: [null, null, 'Low', 'High'],
});

describe('rdp cleaner', () => {
  let cleaner: Cleaner;
  let out: ColumnTable;
  beforeAll(async () => {
    ({ cleaner, out } = await fitOn(rdp, rdpCleaner));
  });

  itGivesWellFormedFeatures(() => ({ rows: rdp, cleaner, out }), 4);

  it('flags a cookie-less, weakly encrypted plain-RDP session', () => {
    expect(out.object(0)).toMatchObject({
      security_protocol: 'HYBRID',
      result: 'Success',
      no_cookie: 0,
      weak_encryption: 0,
    });
    expect(out.object(2)).toMatchObject({
      security_protocol: 'RDP',
      result: 'encryption error',
      no_cookie: 1,
      weak_encryption: 1,
    });
    expect(out.object(3)).toMatchObject({ result: null, weak_encryption: 0 });
  });
});
