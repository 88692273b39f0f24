import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { ZeekseqError } from '../../src/util/errors.js';
import { ZeekDataset } from '../../src/zeek/dataset.js';
import { manifestFileName, readSavedManifest, saveDataset } from '../../src/zeek/saved-dataset.js';
import type { DataProblem } from '../../src/zeek/problems.js';
import { datasetOf, smallDataset, values } from '../support/datasets.js';
import { readZeekDir } from '../../src/zeek/read-dir.js';
import { sharedDataset } from '../support/shared.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'zeekseq-saved-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});
let counter = 0;
const freshDir = () => path.join(root, `d${counter++}`);

const problems: DataProblem[] = [{ file: 'logs/conn.log', line: 12, kind: 'bad-number', message: 'duration "x"' }];

/** Every column kind a Zeek log can hold, with unset values. */
function allKinds(): ZeekDataset {
  const conn = aq.table({
    ts: Float64Array.from([1.5, NaN, 1e9 + 0.123456]),
    uid: ['C1', null, 'C3'],
    local_orig: [true, null, false],
    tunnel_parents: [['Ca', 'Cb'], null, []],
    counts: [[1, 2 ** 40, 3], [], null],
    pair: [
      [1, 2],
      [3, 4],
      [5, 6],
    ],
    tags: [[], null, []],
    flags: [[true, null], [false], []],
    ratio: [0.5, null, 7],
    small: [1, 2, 3],
    port: Int32Array.from([80, 443, -1]),
    nothing: [null, null, null],
  });
  const empty = aq.table({ ts: new Float64Array(0), uid: [], flags: [] });
  return new ZeekDataset({
    logs: new Map<string, ColumnTable>([
      ['conn', conn],
      ['notice', empty],
      ['weird log/../x', aq.table({ name: ['bad_checksum'] })],
    ]),
    sources: new Map([
      [
        'conn',
        {
          files: [{ path: 'logs/conn.log', format: 'tsv' as const, gzip: false, rows: 3 }],
          fieldTypes: { ts: 'time' },
        },
      ],
    ]),
    problems,
    origin: 'logs',
  });
}

describe('saveDataset / ZeekDataset.load', () => {
  it('round-trips every column kind exactly, with sources, problems and origin', async () => {
    const dir = freshDir();
    const dataset = allKinds();
    const manifest = await dataset.save(dir);
    expect(manifest.logs.map((log) => [log.type, log.rows, log.file])).toEqual([
      ['conn', 3, 'conn.arrow'],
      ['notice', 0, null],
      ['weird log/../x', 1, 'weird%20log%2F..%2Fx.arrow'],
    ]);
    expect((await readdir(dir)).sort()).toEqual(['conn.arrow', manifestFileName, 'weird%20log%2F..%2Fx.arrow']);

    const loaded = await ZeekDataset.load(dir);
    expect(loaded.types()).toEqual(dataset.types());
    expect(loaded.origin).toBe('logs');
    expect(loaded.problems).toEqual(problems);
    expect(loaded.sources.get('conn')).toEqual(dataset.sources.get('conn'));
    const conn = loaded.log('conn');
    expect(conn.columnNames()).toEqual(dataset.log('conn').columnNames());
    expect(conn.column('ts')).toBeInstanceOf(Float64Array);
    expect(Array.from(conn.column('ts') as Float64Array)).toEqual([1.5, NaN, 1e9 + 0.123456]);
    expect(conn.column('port')).toBeInstanceOf(Int32Array);
    expect(Array.from(conn.column('port') as Int32Array)).toEqual([80, 443, -1]);
    for (const name of [
      'uid',
      'local_orig',
      'tunnel_parents',
      'counts',
      'pair',
      'tags',
      'flags',
      'ratio',
      'small',
      'nothing',
    ]) {
      const column = conn.column(name);
      expect(Array.isArray(column), name).toBe(true);
      expect(column, name).toEqual(dataset.log('conn').column(name));
    }
    const notice = loaded.log('notice');
    expect(notice.numRows()).toBe(0);
    expect(notice.column('ts')).toBeInstanceOf(Float64Array);
    expect(notice.columnNames()).toEqual(['ts', 'uid', 'flags']);
    expect(values(loaded, 'weird log/../x', 'name')).toEqual(['bad_checksum']);
  });

  it('saves the rows a filtered or ordered table shows, and overwrites an earlier save', async () => {
    const dir = freshDir();
    await saveDataset(smallDataset(), dir);
    const table = aq
      .table({ ts: Float64Array.from([3, 1, 2]), uid: ['c', 'a', 'b'] })
      .orderby('ts')
      .filter((d) => d.ts > 1);
    await saveDataset(datasetOf({ conn: table }), dir);
    const loaded = await ZeekDataset.load(dir);
    expect(loaded.types()).toEqual(['conn']);
    expect(values(loaded, 'conn', 'uid')).toEqual(['b', 'c']);
    expect(loaded.log('conn').column('ts')).toBeInstanceOf(Float64Array);
  });

  it('refuses columns the saved form cannot hold', async () => {
    const mixed = datasetOf({ conn: aq.table({ uid: ['a', 1] }) }, 'mixed/dir');
    await expect(saveDataset(mixed, freshDir())).rejects.toThrow(
      /cannot save the conn log of mixed\/dir as Arrow: .*every column must hold one kind of value/,
    );
    const mixedList = datasetOf({ dns: aq.table({ answers: [['a', 1]] }) }, 'mixed/dir');
    await expect(saveDataset(mixedList, freshDir())).rejects.toThrow(/cannot save the dns log of mixed\/dir as Arrow/);
    const bigints = datasetOf({ conn: aq.table({ n: BigInt64Array.from([1n]) }) });
    await expect(saveDataset(bigints, freshDir())).rejects.toThrow(/column n of the conn log .* is a BigInt64Array/);
    const file = path.join(root, 'a-file');
    await writeFile(file, 'x');
    await expect(saveDataset(smallDataset(), file)).rejects.toThrow(
      /cannot save the dataset to .*a-file: .*writable directory/,
    );
  });

  describe('loading a damaged save fails naming what is wrong', () => {
    let dir: string;
    beforeAll(async () => {
      dir = freshDir();
      await saveDataset(smallDataset(), dir);
    });
    const manifestPath = () => path.join(dir, manifestFileName);
    // biome-ignore lint/suspicious/noExplicitAny: the edits reach into arbitrary manifest fields to corrupt them
    async function withManifest(edit: (manifest: Record<string, any>) => void, run: () => Promise<unknown>) {
      const original = await readFile(manifestPath(), 'utf8');
      const manifest = JSON.parse(original);
      edit(manifest);
      await writeFile(manifestPath(), JSON.stringify(manifest));
      try {
        await run();
      } finally {
        await writeFile(manifestPath(), original);
      }
    }

    it('a folder without manifest', async () => {
      await expect(ZeekDataset.load(path.join(root, 'nowhere'))).rejects.toThrow(ZeekseqError);
      await expect(ZeekDataset.load(path.join(root, 'nowhere'))).rejects.toThrow(
        /nowhere is not a saved zeekseq dataset: manifest\.json is missing/,
      );
    });

    it('a manifest that is not JSON, of another version, or missing fields', async () => {
      const original = await readFile(manifestPath(), 'utf8');
      await writeFile(manifestPath(), '{"format": ');
      await expect(readSavedManifest(dir)).rejects.toThrow(/manifest\.json is not valid JSON/);
      await writeFile(manifestPath(), original);
      await withManifest(
        (m) => (m.version = 2),
        () => expect(readSavedManifest(dir)).rejects.toThrow(/has format version 2, but this zeekseq reads version 1/),
      );
      await withManifest(
        (m) => (m.format = 'pickle'),
        () => expect(readSavedManifest(dir)).rejects.toThrow(/"format" is "pickle", not "zeekseq-dataset"/),
      );
      await withManifest(
        (m) => delete m.logs,
        () => expect(readSavedManifest(dir)).rejects.toThrow(/"logs" is missing or not a list/),
      );
      await withManifest(
        (m) => delete m.logs[1].rows,
        () => expect(readSavedManifest(dir)).rejects.toThrow(/logs\[1\]\.rows is missing or not a row count/),
      );
      await withManifest(
        (m) => (m.logs[0].columns[2].storage = 'Date'),
        () => expect(readSavedManifest(dir)).rejects.toThrow(/logs\[0\]\.columns\[2\]\.storage is "Date"/),
      );
      await withManifest(
        (m) => (m.logs[0].columns[0].storage = 'toString'),
        () => expect(readSavedManifest(dir)).rejects.toThrow(/storage is "toString"/),
      );
      expect((await readSavedManifest(dir)).logs.map((log) => log.type)).toEqual(['conn', 'dns', 'http', 'x509']);
    });

    it('a missing, foreign or mismatched Arrow file', async () => {
      await withManifest(
        (m) => (m.logs[1].file = 'gone.arrow'),
        () =>
          expect(ZeekDataset.load(dir)).rejects.toThrow(
            /gone\.arrow is missing: manifest\.json lists it for the dns log/,
          ),
      );
      await writeFile(path.join(dir, 'junk.arrow'), 'not arrow at all');
      await withManifest(
        (m) => (m.logs[1].file = 'junk.arrow'),
        () => expect(ZeekDataset.load(dir)).rejects.toThrow(/junk\.arrow is not a readable Arrow IPC file/),
      );
      await withManifest(
        (m) => (m.logs[0].rows = 5),
        () => expect(ZeekDataset.load(dir)).rejects.toThrow(/conn\.arrow does not match manifest\.json: it has 6 rows/),
      );
      await withManifest(
        (m) => (m.logs[2].file = 'dns.arrow'),
        () => expect(ZeekDataset.load(dir)).rejects.toThrow(/dns\.arrow does not match.*columns \[ts, uid/),
      );
      expect((await ZeekDataset.load(dir)).rowCounts()).toEqual({ conn: 6, dns: 4, http: 1, x509: 2 });
    });
  });
});

const trickbot = sharedDataset('trickbot-1week');

describe.skipIf(!trickbot)('save/load of trickbot-1week', () => {
  it('gives back every log, column and value with its array type', async () => {
    const dataset = await readZeekDir(path.join(trickbot!, 'zeek'), { progress: false });
    const dir = freshDir();
    await dataset.save(dir);
    const loaded = await ZeekDataset.load(dir);
    expect(loaded.rowCounts()).toEqual(dataset.rowCounts());
    expect([...loaded.sources]).toEqual([...dataset.sources]);
    expect(loaded.problems).toEqual(dataset.problems);
    expect(loaded.origin).toBe(dataset.origin);
    for (const [type, table] of dataset.logs) {
      const back = loaded.log(type);
      expect(back.columnNames()).toEqual(table.columnNames());
      for (const name of table.columnNames()) {
        const before = table.column(name) as unknown as ArrayLike<unknown>;
        const after = back.column(name) as unknown as ArrayLike<unknown>;
        expect(after.constructor, `${type}.${name}`).toBe(before.constructor);
        expect(Array.from(after), `${type}.${name}`).toEqual(Array.from(before));
      }
    }
    // the vector[interval] TTLs of dns come back as plain arrays of numbers
    const ttls = values(loaded, 'dns', 'TTLs').find((value) => Array.isArray(value) && value.length > 0) as unknown[];
    expect(Array.isArray(ttls) && typeof ttls[0]).toBe('number');
  });
});
