import { describe, expect, it } from 'vitest';
import { ntlmCleaner } from '../../src/cleaners/ntlm.js';
import { cleanRows, itGivesWellFormedFeatures, rowOf } from './support/checks.js';
import { trickbot, trickbotDir } from './support/data.js';

describe.skipIf(trickbotDir === null)('ntlm cleaner on trickbot-1week', () => {
  const cleaned = cleanRows(trickbot('ntlm'), ntlmCleaner);
  const { rows: ntlm, cleaner, out } = cleaned;

  itGivesWellFormedFeatures(cleaned, 3);

  it('marks the three successful anonymous logons, one without a domain', () => {
    expect(rowOf(out, 'C0D5pP2KQYtUuXVji')).toMatchObject({ failed: 0, anonymous: 1, no_domain: 1 });
    expect(rowOf(out, 'CeiS0T1yQae7T39dVg')).toMatchObject({ failed: 0, anonymous: 1, no_domain: 0 });
  });
});
