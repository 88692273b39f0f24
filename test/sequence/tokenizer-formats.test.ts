/**
 * A model trained on Zeek TSV scores the same traffic logged as Zeek JSON, where unset fields are left
 * out of each line (so a column unset on every line, such as conn's tunnel_parents, is absent).
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Tokenizer } from '../../src/sequence/tokenizer.js';
import { synthesize } from '../../src/synth/synthesize.js';
import type { ZeekDataset } from '../../src/zeek/dataset.js';
import { readZeekDir } from '../../src/zeek/read-dir.js';
import { zeekTsvToJson } from '../support/zeek-json.js';
import { tempFolder } from '../zeek/support/logs.js';

const folder = tempFolder('formats');
afterAll(folder.remove);

describe('a Tokenizer fit on TSV logs transforms their JSON version', () => {
  let tsv: ZeekDataset;
  let json: ZeekDataset;
  beforeAll(async () => {
    const tsvDir = path.join(folder.dir, 'tsv');
    const jsonDir = path.join(folder.dir, 'json');
    await synthesize({ out: tsvDir, hosts: 4, days: 1, seed: 14, attacks: [], connections: 3_000 });
    const day = readdirSync(tsvDir).find((name) => /^\d{4}-\d{2}-\d{2}$/.test(name))!;
    mkdirSync(jsonDir);
    for (const name of readdirSync(path.join(tsvDir, day)).filter((n) => n.endsWith('.log'))) {
      writeFileSync(path.join(jsonDir, name), zeekTsvToJson(readFileSync(path.join(tsvDir, day, name), 'utf8')));
    }
    tsv = await readZeekDir(path.join(tsvDir, day), { progress: false });
    json = await readZeekDir(jsonDir, { progress: false });
  });

  it('reads the columns each JSON log holds: a column unset on every line is absent', () => {
    const conn = tsv.log('conn');
    expect(conn.columnNames()).toContain('tunnel_parents');
    expect(conn.array('tunnel_parents').every((v: unknown) => v === null)).toBe(true);
    expect(json.log('conn').columnNames()).not.toContain('tunnel_parents');
    expect(json.log('conn').numRows()).toBe(conn.numRows());
  });

  it('gives every connection the same tokens as the TSV logs do', () => {
    const tokenizer = new Tokenizer();
    const fromTsv = tokenizer.fitTransform(tsv).sequences;
    const fromJson = tokenizer.transform(json).sequences;
    expect(fromJson.uids).toEqual(fromTsv.uids);
    expect(fromJson.distinct).toEqual(fromTsv.distinct);
    expect(fromJson.distinctOf).toEqual(fromTsv.distinctOf);
    expect(fromTsv.counts.length).toBeGreaterThan(3);
  });
});
