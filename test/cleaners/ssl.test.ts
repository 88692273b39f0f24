import { beforeAll, describe, expect, it } from 'vitest';
import type { Cleaner } from '../../src/cleaners/cleaner.js';
import type { ColumnTable } from 'arquero';
import { sslCleaner } from '../../src/cleaners/ssl.js';
import { fitOn, itGivesWellFormedFeatures, rowOf } from './support/checks.js';
import { trickbot, trickbotDir } from './support/data.js';

describe.skipIf(trickbotDir === null)('ssl cleaner on trickbot-1week', () => {
  let ssl: ColumnTable;
  let cleaner: Cleaner;
  let out: ColumnTable;
  beforeAll(async () => {
    ({ rows: ssl, cleaner, out } = await fitOn(trickbot('ssl'), sslCleaner));
  });

  itGivesWellFormedFeatures(() => ({ rows: ssl, cleaner, out }), 6032);

  it('flags Trickbot C2 on port 449: TLS 1.0, CBC cipher, no server name', () => {
    expect(rowOf(out, 'Cpc92Q1FzRabNE2qYa')).toMatchObject({
      safe_port: 0,
      established: 1,
      resumed: 0,
      odd_version: 1,
      ecdhe_gcm: 0,
      alert: 0,
      no_sni: 1,
      sni_mismatch: 0,
    });
  });

  it("passes a browser's TLS 1.2 ECDHE-GCM session to Google", () => {
    expect(rowOf(out, 'C0PDKx4RuTX00wq549')).toMatchObject({
      safe_port: 1,
      established: 1,
      odd_version: 0,
      ecdhe_gcm: 1,
      alert: 0,
      no_sni: 0,
      sni_mismatch: 0,
    });
  });

  it('flags a failed handshake with an alert and a certificate that does not match', () => {
    expect(rowOf(out, 'C2oAun3w4Cl1vTGvL6')).toMatchObject({ established: 0, alert: 1, sni_mismatch: 1, no_sni: 0 });
  });
});
