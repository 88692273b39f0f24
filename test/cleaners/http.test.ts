import { beforeAll, describe, expect, it } from 'vitest';
import type { Cleaner } from '../../src/cleaners/cleaner.js';
import type { ColumnTable } from 'arquero';
import path from 'node:path';
import { httpCleaner } from '../../src/cleaners/http.js';
import { sharedDataset } from '../support/shared.js';
import { fitOn, expectWellFormed, itGivesWellFormedFeatures, rowOf } from './support/checks.js';
import { readLog, trickbot, trickbotDir } from './support/data.js';

describe.skipIf(trickbotDir === null)('http cleaner on trickbot-1week', () => {
  let http: ColumnTable;
  let cleaner: Cleaner;
  let out: ColumnTable;
  beforeAll(async () => {
    ({ rows: http, cleaner, out } = await fitOn(trickbot('http'), httpCleaner));
  });

  itGivesWellFormedFeatures(() => ({ rows: http, cleaner, out }), 1149);

  it('flags the WinHTTP download of an executable from a bare IP', () => {
    // GET http://51.68.170.59/table.png, User-Agent "WinHTTP loader/1.0", 200 OK with 431,746 bytes of application/x-dosexec.
    const row = rowOf(out, 'C9NbVB1hqtIMvw2mf4');
    expect(row).toMatchObject({
      safe_port: 1,
      file_sent: 1,
      successful: 1,
      sus_user_agent: 1,
      no_user_agent: 0,
      host_is_ip: 1,
      proxied: 0,
      method: 'GET',
      request_body_len: 0,
    });
    // Largest response body in the log: 3,591,181 bytes.
    expect(row.response_body_len).toBeCloseTo(Math.log1p(431746) / Math.log1p(3591181), 12);
  });

  it('flags a download without any User-Agent', () => {
    expect(rowOf(out, 'C9RUvy3sfP79RwEUp9')).toMatchObject({
      file_sent: 1,
      no_user_agent: 1,
      sus_user_agent: 0,
      host_is_ip: 0,
    });
  });

  it('treats plain-text responses and empty bodies as no file', () => {
    const sent = out.array('file_sent') as Float64Array;
    const mimes = http.array('resp_mime_types') as (string[] | null)[];
    mimes.forEach((mime, i) =>
      expect(sent[i]).toBe(mime?.some((m) => m !== 'text/html' && m !== 'text/plain') ? 1 : 0),
    );
  });
});

const zat = sharedDataset('zat-json-small');

describe.skipIf(zat === null)('http cleaner on zat JSON logs', () => {
  it('drops proxied, which this site does not log, with a warning instead of failing', async () => {
    const http = await readLog(path.join(zat!, 'data', 'json'), 'http');
    const cleaner = httpCleaner();
    const out = cleaner.fitTransform(http);
    expect(cleaner.dropped.map((d) => d.feature)).toEqual(['proxied']);
    expect(cleaner.warnings).toEqual([
      'http cleaner: feature proxied dropped: it needs column proxied, which this http log lacks.',
    ]);
    expect(out.columnNames()).not.toContain('proxied');
    expectWellFormed(cleaner, out);
  });
});
