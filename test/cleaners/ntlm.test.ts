import { beforeAll, describe, expect, it } from 'vitest';
import type { Cleaner } from '../../src/cleaners/cleaner.js';
import type { ColumnTable } from 'arquero';
import { ntlmCleaner } from '../../src/cleaners/ntlm.js';
import { fitOn, itGivesWellFormedFeatures, rowOf } from './support/checks.js';
import { trickbot, trickbotDir } from './support/data.js';

describe.skipIf(trickbotDir === null)('ntlm cleaner on trickbot-1week', () => {
  let ntlm: ColumnTable;
  let cleaner: Cleaner;
  let out: ColumnTable;
  beforeAll(async () => {
    ({ rows: ntlm, cleaner, out } = await fitOn(trickbot('ntlm'), ntlmCleaner));
  });

  itGivesWellFormedFeatures(() => ({ rows: ntlm, cleaner, out }), 3);

  it('marks the three successful anonymous logons, one without a domain', () => {
    expect(rowOf(out, 'C0D5pP2KQYtUuXVji')).toMatchObject({ failed: 0, anonymous: 1, no_domain: 1 });
    expect(rowOf(out, 'CeiS0T1yQae7T39dVg')).toMatchObject({ failed: 0, anonymous: 1, no_domain: 0 });
  });
});
