/**
 * The readers keep hostile text as data: each payload written by the project's Zeek TSV writer, or as
 * Zeek JSON, reads back exactly, in a string column and as an element of a set.
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readZeekFileDetailed } from '../../src/zeek/read-file.js';
import { ZeekTsvWriter } from '../../src/zeek/write-tsv.js';
import { PAYLOADS } from '../fixtures/payloads.js';
import { tempFolder, writeLog } from './support/logs.js';

const folder = tempFolder('payloads');
afterAll(folder.remove);

const OPEN = Date.UTC(2024, 2, 4) / 1000;
const texts = PAYLOADS.map((p) => p.text);

describe('payloads read back as data, byte for byte', () => {
  it('has unique names and every kind of payload the readers must survive', () => {
    expect(new Set(PAYLOADS.map((p) => p.name)).size).toBe(PAYLOADS.length);
    expect(new Set(PAYLOADS.map((p) => p.kind)).size).toBe(10);
  });

  it('from a Zeek TSV written by ZeekTsvWriter', async () => {
    const file = path.join(folder.dir, 'http.log');
    const writer = new ZeekTsvWriter(
      file,
      {
        path: 'http',
        fields: [
          { name: 'ts', type: 'time' },
          { name: 'uid', type: 'string' },
          { name: 'uri', type: 'string' },
          { name: 'tags', type: 'set[string]' },
        ],
      },
      { openTime: OPEN },
    );
    PAYLOADS.forEach((p, i) => writer.write([OPEN + i, `C${i}`, p.text, [p.text, 'plain']]));
    await writer.close(OPEN + 3600);
    const { dataset, problemTotals } = await readZeekFileDetailed(file, { progress: false });
    expect(problemTotals).toEqual([]);
    const log = dataset.log('http');
    expect(log.numRows()).toBe(PAYLOADS.length);
    expect(log.array('uri')).toEqual(texts);
    expect(log.array('tags')).toEqual(texts.map((t) => [t, 'plain']));
  });

  it('from Zeek JSON lines', async () => {
    const lines = PAYLOADS.map((p, i) => JSON.stringify({ ts: OPEN + i, uid: `C${i}`, uri: p.text, tags: [p.text] }));
    const file = writeLog(folder.dir, 'http.json.log', `${lines.join('\n')}\n`);
    const { dataset, problemTotals } = await readZeekFileDetailed(file, { type: 'http', progress: false });
    expect(problemTotals).toEqual([]);
    const log = dataset.log('http');
    expect(log.array('uri')).toEqual(texts);
    expect(log.array('tags')).toEqual(texts.map((t) => [t]));
  });
});
