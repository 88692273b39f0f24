import { beforeAll, describe, expect, it } from 'vitest';
import type { Cleaner } from '../../src/cleaners/cleaner.js';
import type { ColumnTable } from 'arquero';
import { filesCleaner } from '../../src/cleaners/files.js';
import { sharedDataset } from '../support/shared.js';
import { fitOn, expectWellFormed, itGivesWellFormedFeatures, rowOf } from './support/checks.js';
import { readLog, trickbot, trickbotDir } from './support/data.js';

describe.skipIf(trickbotDir === null)('files cleaner on trickbot-1week', () => {
  let files: ColumnTable;
  let cleaner: Cleaner;
  let out: ColumnTable;
  beforeAll(async () => {
    ({ rows: files, cleaner, out } = await fitOn(trickbot('files'), filesCleaner));
  });

  it('drops entropy (no column) and extracted_size (never set) with one warning each', () => {
    expect(cleaner.dropped).toEqual([
      { feature: 'entropy', reason: 'needs column entropy, which this files log lacks' },
      { feature: 'extracted_size', reason: 'has no values in the 1385 training rows' },
    ]);
    expect(cleaner.warnings).toHaveLength(2);
  });

  itGivesWellFormedFeatures(() => ({ rows: files, cleaner, out }), 1385);

  it('flags the executable Trickbot copied over SMB to the domain controller', () => {
    // \WINDOWS\44783m8u...exe, sent by the originator over SMB, 431,746 bytes seen, total size unknown.
    const row = rowOf(out, 'CYQubn3CHaeXpIBkEg');
    expect(row).toMatchObject({ source: 'SMB', is_orig: 1, sus_mime: 1, sus_extension: 1, incomplete: 0 });
    expect(row.total_bytes).toBeNaN();
  });

  it('flags an executable downloaded by HTTP by its content, though it has no file name', () => {
    const row = rowOf(out, 'C9RUvy3sfP79RwEUp9');
    expect(row).toMatchObject({ source: 'HTTP', is_orig: 0, sus_mime: 1, sus_extension: 0 });
    expect(row.total_bytes).not.toBeNaN();
  });
});

const mta = sharedDataset('mta-littletigers-small');

describe.skipIf(mta === null)('files cleaner on an older files.log (conn_uids, no uid)', () => {
  it("takes each row's connection from conn_uids", async () => {
    const files = await readLog(mta!, 'files');
    expect(files.columnNames()).not.toContain('uid');
    const cleaner = filesCleaner();
    const out = cleaner.fitTransform(files);
    const expected = (files.array('conn_uids') as string[][]).flat();
    expect(out.array('uid')).toEqual(expected);
    expectWellFormed(cleaner, out);
  });
});
