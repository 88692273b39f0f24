import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { table } from 'arquero';
import { weirdCleaner } from '../../src/cleaners/weird.js';
import { sharedDataset } from '../support/shared.js';
import { cleanRows, itGivesWellFormedFeatures, rowOf } from './support/checks.js';
import { trickbot, trickbotDir } from './support/data.js';
import { readJsonLines } from './support/tsv.js';

describe.skipIf(trickbotDir === null)('weird cleaner on trickbot-1week', () => {
  const cleaned = cleanRows(trickbot('weird'), weirdCleaner);
  const { rows: weird, cleaner, out } = cleaned;

  itGivesWellFormedFeatures(cleaned, 149);

  it('flags a malformed HTTP request to a C2 port but not a DCE/RPC auth-type quirk', () => {
    expect(rowOf(out, 'Cvf80y3IpUxnZgVhD4')).toMatchObject({ name: 'bad_HTTP_request', probably_malicious: 1, notice: 0 });
    expect(rowOf(out, 'ChGjjk2gPwRr4N3o3d')).toMatchObject({ name: 'netlogon_dce_rpc_auth_type', probably_malicious: 0 });
  });

  it('names a weird first seen after fitting "other"', () => {
    const t = cleaner.transform(table({ ts: Float64Array.of(1), uid: ['Cx'], name: ['TCP_christmas'], notice: [true] }));
    expect(t.object(0)).toMatchObject({ name: 'other', probably_malicious: 1, notice: 1 });
  });
});

const zat = sharedDataset('zat-json-small');

describe.skipIf(zat === null)('weird cleaner on zat JSON logs', () => {
  it('leaves out a weird that belongs to no connection', () => {
    const weird = readJsonLines(path.join(zat!, 'data', 'json', 'weird.log'));
    expect(weird.numRows()).toBe(2);
    const out = weirdCleaner().fitTransform(weird);
    expect(out.numRows()).toBe(1);
  });
});
