import { beforeAll, describe, expect, it } from 'vitest';
import type { Cleaner } from '../../src/cleaners/cleaner.js';
import type { ColumnTable } from 'arquero';
import { smbFilesCleaner } from '../../src/cleaners/smb_files.js';
import { fitOn, itGivesWellFormedFeatures } from './support/checks.js';
import { trickbot, trickbotDir } from './support/data.js';

describe.skipIf(trickbotDir === null)('smb_files cleaner on trickbot-1week', () => {
  let smb: ColumnTable;
  let cleaner: Cleaner;
  let out: ColumnTable;
  beforeAll(async () => {
    ({ rows: smb, cleaner, out } = await fitOn(trickbot('smb_files'), smbFilesCleaner));
  });
  const names = () => smb.array('name') as string[];

  itGivesWellFormedFeatures(() => ({ rows: smb, cleaner, out }), 175);

  it('flags the executables written into the Windows folder of the domain controller', () => {
    const exe = names().findIndex((n) => n.startsWith('\\WINDOWS\\44783m8u'));
    expect(out.object(exe)).toMatchObject({
      uid: 'CYQubn3CHaeXpIBkEg',
      action: 'SMB::FILE_OPEN',
      executable: 1,
      system_folder: 1,
      admin_share: 0,
      policy_share: 0,
      size: 0,
    });
    expect((out.array('executable') as Float64Array).reduce((a, b) => a + b, 0)).toBe(2);
  });

  it('marks Group Policy reads from SYSVOL as the routine background', () => {
    const gpt = names().indexOf('bansheetree.net\\Policies\\{31B2F340-016D-11D2-945F-00C04FB984F9}\\gpt.ini');
    const row = out.object(gpt) as Record<string, number>;
    expect(row).toMatchObject({ policy_share: 1, executable: 0, system_folder: 0 });
    // 22 bytes; the largest file is 1,098 bytes.
    expect(row.size).toBeCloseTo(Math.log1p(22) / Math.log1p(1098), 12);
    const exe = out.object(names().findIndex((n) => n.startsWith('\\WINDOWS\\'))) as Record<string, number>;
    expect(exe.name_length).toBeGreaterThan(row.name_length);
  });
});
