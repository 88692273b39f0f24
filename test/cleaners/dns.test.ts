import { beforeAll, describe, expect, it } from 'vitest';
import type { Cleaner } from '../../src/cleaners/cleaner.js';
import type { ColumnTable } from 'arquero';
import path from 'node:path';
import { dnsCleaner } from '../../src/cleaners/dns.js';
import { sharedDataset } from '../support/shared.js';
import { fitOn, expectWellFormed, itGivesWellFormedFeatures, rowOf } from './support/checks.js';
import { readLog, trickbot, trickbotDir } from './support/data.js';

describe.skipIf(trickbotDir === null)('dns cleaner on trickbot-1week', () => {
  let dns: ColumnTable;
  let cleaner: Cleaner;
  let out: ColumnTable;
  beforeAll(async () => {
    ({ rows: dns, cleaner, out } = await fitOn(trickbot('dns'), dnsCleaner));
  });

  itGivesWellFormedFeatures(() => ({ rows: dns, cleaner, out }), 1534);

  it('flags a NetBIOS broadcast for WPAD as off-port and unanswered, not as a weird answer', () => {
    expect(rowOf(out, 'CPri9E2wdlzkccUBJd')).toMatchObject({
      safe_port: 0,
      unanswered: 1,
      weird_rcode: 0,
      resolved: 0,
      AA: 0,
      TC: 0,
      rejected: 0,
      data_qtype: 0,
    });
    // "WPAD" is 4 characters; the longest query is 72.
    expect(rowOf(out, 'CPri9E2wdlzkccUBJd').query_length).toBeCloseTo(4 / 72, 12);
  });

  it('flags an LLMNR ANY query as a data-carrying type on a DNS port', () => {
    expect(rowOf(out, 'CXfDEK81fm7gfteyb')).toMatchObject({ safe_port: 1, data_qtype: 1, unanswered: 1 });
  });

  it('counts as weird only answers outside NOERROR, FORMERR and NXDOMAIN', () => {
    const weird = out.array('weird_rcode') as Float64Array;
    const rcodes = dns.array('rcode') as Float64Array;
    rcodes.forEach((rcode, i) => expect(weird[i]).toBe(Number.isNaN(rcode) || [0, 1, 3].includes(rcode) ? 0 : 1));
  });
});

const zat = sharedDataset('zat-json-small');

describe.skipIf(zat === null)('dns cleaner on zat JSON logs', () => {
  it('reads typed JSON columns (numeric rcode, boolean AA) the same way', async () => {
    const dns = await readLog(path.join(zat!, 'data', 'json'), 'dns');
    const cleaner = dnsCleaner();
    const out = cleaner.fitTransform(dns);
    expectWellFormed(cleaner, out);
    expect(cleaner.dropped).toEqual([]);
    // First row: SRV lookup on port 53 answered NXDOMAIN.
    expect(rowOf(out, 'CWwU9s3h33kFsa9Ljg')).toMatchObject({
      safe_port: 1,
      weird_rcode: 0,
      unanswered: 0,
      resolved: 0,
      AA: 0,
    });
  });
});
