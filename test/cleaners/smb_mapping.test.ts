import { beforeAll, describe, expect, it } from 'vitest';
import type { Cleaner } from '../../src/cleaners/cleaner.js';
import type { ColumnTable } from 'arquero';
import { smbMappingCleaner } from '../../src/cleaners/smb_mapping.js';
import { fitOn, itGivesWellFormedFeatures } from './support/checks.js';
import { trickbot, trickbotDir } from './support/data.js';

describe.skipIf(trickbotDir === null)('smb_mapping cleaner on trickbot-1week', () => {
  let smb: ColumnTable;
  let cleaner: Cleaner;
  let out: ColumnTable;
  beforeAll(async () => {
    ({ rows: smb, cleaner, out } = await fitOn(trickbot('smb_mapping'), smbMappingCleaner));
  });
  const paths = () => smb.array('path') as (string | null)[];

  itGivesWellFormedFeatures(() => ({ rows: smb, cleaner, out }), 989);

  it('flags the C$ share Trickbot mapped by IP address', () => {
    const at = paths().indexOf('\\\\172.16.9.5\\C$');
    expect(out.object(at)).toMatchObject({
      uid: 'CYQubn3CHaeXpIBkEg',
      admin_share: 1,
      by_ip: 1,
      ipc_share: 0,
      share_type: 'DISK',
    });
    expect((out.array('admin_share') as Float64Array).reduce((a, b) => a + b, 0)).toBe(2);
  });

  it('separates IPC$ by name from IPC$ by address', () => {
    expect(out.object(paths().indexOf('\\\\Bansheetree-DC.bansheetree.net\\IPC$'))).toMatchObject({
      ipc_share: 1,
      by_ip: 0,
      admin_share: 0,
      share_type: 'PIPE',
    });
    expect(out.object(paths().indexOf('\\\\172.16.9.5\\IPC$'))).toMatchObject({ ipc_share: 1, by_ip: 1 });
  });

  it('raises no flag for a row without a path', () => {
    const at = paths().indexOf(null);
    expect(out.object(at)).toMatchObject({ admin_share: 0, ipc_share: 0, by_ip: 0 });
  });
});
