import { describe, expect, it } from 'vitest';
import * as aq from 'arquero';
import { ZeekseqError } from '../../src/util/errors.js';
import { removeConnOnly } from '../../src/zeek/remove-conn-only.js';
import { datasetOf, rawTsvColumn, smallDataset, values } from '../support/datasets.js';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { readZeekDir } from '../../src/zeek/read-dir.js';
import { sharedDataset } from '../support/shared.js';

describe('removeConnOnly', () => {
  it('drops the conn rows whose uid no other log mentions and leaves the other logs alone', () => {
    const dataset = smallDataset();
    const result = removeConnOnly(dataset);
    expect(values(result, 'conn', 'uid')).toEqual(['C1', 'C3', 'C5']);
    expect(result.log('conn').column('duration')).toBeInstanceOf(Float64Array);
    for (const type of ['dns', 'http', 'x509']) expect(result.log(type)).toBe(dataset.log(type));
    expect(values(dataset.removeConnOnly(), 'conn', 'uid')).toEqual(['C1', 'C3', 'C5']);
  });

  it('counts uid sets (older files.log conn_uids, dhcp uids) but not logs without links, nor null uids', () => {
    const dataset = datasetOf({
      conn: aq.table({ uid: ['C1', 'C2', 'C3', 'C4', null] }),
      files: aq.table({ conn_uids: [['C1'], null] }),
      dhcp: aq.table({ uids: [['C3', 'C9']] }),
      x509: aq.table({ fingerprint: ['C4'] }),
      weird: aq.table({ uid: [null, 'C2'] }),
    });
    expect(values(removeConnOnly(dataset), 'conn', 'uid')).toEqual(['C1', 'C2', 'C3']);
  });

  it('keeps nothing when conn is the only log, and needs a conn log', () => {
    const alone = datasetOf({ conn: aq.table({ uid: ['C1', 'C2'] }) });
    expect(removeConnOnly(alone).log('conn').numRows()).toBe(0);
    const noConn = datasetOf({ dns: aq.table({ uid: ['C1'] }) }, 'capture/dir');
    expect(() => removeConnOnly(noConn)).toThrow(ZeekseqError);
    expect(() => removeConnOnly(noConn)).toThrow(/removeConnOnly needs a conn log, but capture\/dir has none/);
  });
});

const trickbot = sharedDataset('trickbot-1week');

describe.skipIf(!trickbot)('removeConnOnly on trickbot-1week', () => {
  it('keeps exactly the conn uids that another log mentions by uid or in its uids set', async () => {
    const dir = path.join(trickbot!, 'zeek');
    const mentioned = new Set<string>();
    for (const file of readdirSync(dir).filter((name) => name !== 'conn.log')) {
      for (const uid of rawTsvColumn(path.join(dir, file), 'uid') ?? []) mentioned.add(uid);
      for (const set of rawTsvColumn(path.join(dir, file), 'uids') ?? [])
        for (const uid of set.split(',')) mentioned.add(uid);
    }
    const expected = rawTsvColumn(path.join(dir, 'conn.log'), 'uid')!.filter((uid) => mentioned.has(uid));
    // 11,084 are mentioned through a uid column; dhcp.log's uid sets add 15 DHCP connections.
    expect(expected).toHaveLength(11099);
    const dataset = await readZeekDir(dir, { progress: false });
    expect(values(removeConnOnly(dataset), 'conn', 'uid')).toEqual(expected);
  });
});
