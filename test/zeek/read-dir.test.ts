import { chmodSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { ZeekseqError } from '../../src/util/errors.js';
import { listZeekFiles, readZeekDir, readZeekDirDetailed, zeekLogType } from '../../src/zeek/read-dir.js';
import { logTypeOfFile, readZeekFile } from '../../src/zeek/read-file.js';
import { tempFolder, writeLog, zeekTsv } from './support/logs.js';

const folder = tempFolder('dir');
afterAll(folder.remove);

describe('which files are Zeek logs, and of what type', () => {
  it.each([
    ['conn.log', 'conn'],
    ['conn.log.gz', 'conn'],
    ['conn.00:00:00-01:00:00.log.gz', 'conn'],
    ['conn-summary.10:00:00-11:00:00.log.gz', 'conn-summary'],
    ['conn.log.labeled', 'conn'],
    ['labeled-conn.log', 'conn'],
    ['dns.csv', 'dns'],
    ['dns.csv.gz', 'dns'],
    ['known_hosts.log.labeled', 'known_hosts'],
    ['labels.csv', null],
    ['labels.csv.gz', null],
    ['README', null],
    ['README.md', null],
    ['SOURCE.md', null],
    ['LICENSE', null],
    ['labels.config', null],
    ['CITATION.cff', null],
    ['.conn.log', null],
    ['conn.log.bak', null],
  ])('%s -> %s', (name, type) => {
    expect(zeekLogType(name)).toBe(type);
  });

  it('gives any file a type for readZeekFile, which the caller may override', async () => {
    expect(logTypeOfFile('/x/labeled-http.log')).toBe('http');
    expect(logTypeOfFile('/x/capture.tsv')).toBe('capture');
    const file = writeLog(folder.dir, 'named/capture.tsv', zeekTsv(['uid'], ['string'], [['C1']]));
    expect((await readZeekFile(file, { progress: false })).types()).toEqual(['capture']);
    const asConn = await readZeekFile(file, { type: 'conn', progress: false });
    expect(asConn.log('conn').array('uid')).toEqual(['C1']);
  });
});

const conn = (rows: string[][], extra: { fields: string[]; types: string[] } = { fields: [], types: [] }): string =>
  zeekTsv(['ts', 'uid', ...extra.fields], ['time', 'string', ...extra.types], rows);

describe('readZeekDir', () => {
  const dir = path.join(folder.dir, 'sensor');
  // Written out of order: the reader sorts paths, so day folders and hours come in time order.
  writeLog(
    dir,
    '2024-04-20/conn.00:00:00-01:00:00.log.gz',
    gzipSync(conn([['3', 'C3']], { fields: ['_node_name'], types: ['string'] }).replace('\tC3', '\tC3\tworker-1')),
  );
  writeLog(dir, '2024-04-19/conn.01:00:00-02:00:00.log.gz', gzipSync(conn([['2', 'C2']])));
  writeLog(
    dir,
    '2024-04-19/conn.00:00:00-01:00:00.log.gz',
    gzipSync(conn([['1', 'C1']], { fields: ['label'], types: ['string'] }).replace('\tC1', '\tC1\tMalicious')),
  );
  writeLog(
    dir,
    '2024-04-19/dns.00:00:00-01:00:00.log.gz',
    gzipSync(zeekTsv(['ts', 'uid', 'query'], ['time', 'string', 'string'], [['1.5', 'C1', 'a.test']], 'dns')),
  );
  writeLog(dir, 'extra/mystery.log', zeekTsv(['ts', 'x'], ['time', 'count'], [['9', '1']], 'mystery'));
  writeLog(dir, 'labels.csv', 'uid,label\nC1,Malicious\n');
  writeLog(dir, 'README', 'not a log\n');
  writeLog(dir, 'extra/notes.md', '# notes\n');

  it('walks day folders, reads files in sorted order and unions the columns of a type', async () => {
    const files = await listZeekFiles(dir);
    expect(files.map((f) => [path.relative(dir, f.path), f.type])).toEqual([
      ['2024-04-19/conn.00:00:00-01:00:00.log.gz', 'conn'],
      ['2024-04-19/conn.01:00:00-02:00:00.log.gz', 'conn'],
      ['2024-04-19/dns.00:00:00-01:00:00.log.gz', 'dns'],
      ['2024-04-20/conn.00:00:00-01:00:00.log.gz', 'conn'],
      ['extra/mystery.log', 'mystery'],
    ]);
    const { dataset, problemTotals } = await readZeekDirDetailed(dir, { progress: false });
    expect(problemTotals).toEqual([]);
    expect(dataset.types()).toEqual(['conn', 'dns', 'mystery']);
    const c = dataset.log('conn');
    expect(c.columnNames()).toEqual(['ts', 'uid', 'label', '_node_name']);
    expect(c.array('uid')).toEqual(['C1', 'C2', 'C3']);
    expect([...(c.column('ts') as unknown as Float64Array)]).toEqual([1, 2, 3]);
    expect(c.array('label')).toEqual(['Malicious', null, null]);
    expect(c.array('_node_name')).toEqual([null, null, 'worker-1']);
    expect(dataset.sources.get('conn')!.files.map((f) => [path.basename(f.path), f.rows, f.gzip])).toEqual([
      ['conn.00:00:00-01:00:00.log.gz', 1, true],
      ['conn.01:00:00-02:00:00.log.gz', 1, true],
      ['conn.00:00:00-01:00:00.log.gz', 1, true],
    ]);
    expect(dataset.log('mystery').get('x', 0)).toBe(1);
    expect(dataset.origin).toBe(dir);
  });

  it('reads several folders (e.g. chosen day folders) as one dataset', async () => {
    const days = [path.join(dir, '2024-04-20'), path.join(dir, '2024-04-19')];
    const dataset = await readZeekDir(days, { progress: false });
    expect(dataset.log('conn').array('uid')).toEqual(['C3', 'C1', 'C2']);
    expect(dataset.types()).toEqual(['conn', 'dns']);
    expect(dataset.origin).toBe(days.join(' + '));
    await expect(readZeekDir([], { progress: false })).rejects.toThrow(/no folder given/);
    await expect(readZeekDir([days[0], path.join(dir, 'nope')], { progress: false })).rejects.toThrow(
      /nope does not exist/,
    );
  });

  it('reads only the types asked for and only the columns asked for', async () => {
    const dataset = await readZeekDir(dir, {
      types: ['conn'],
      columns: { conn: ['uid', '_node_name', 'absent'] },
      progress: false,
    });
    expect(dataset.types()).toEqual(['conn']);
    expect(dataset.log('conn').columnNames()).toEqual(['uid', '_node_name']);
    expect(dataset.log('conn').array('uid')).toEqual(['C1', 'C2', 'C3']);
  });

  it('joins a column that files type differently as text', async () => {
    const mixed = path.join(folder.dir, 'mixed');
    writeLog(mixed, 'a/conn.log', zeekTsv(['uid', 'code'], ['string', 'count'], [['C1', '5']]));
    writeLog(mixed, 'b/conn.log', '{"uid":"C2","code":"x7"}\n{"uid":"C3"}\n');
    const dataset = await readZeekDir(mixed, { progress: false });
    expect(dataset.log('conn').array('code')).toEqual(['5', 'x7', null]);
    expect(dataset.sources.get('conn')!.files.map((f) => f.format)).toEqual(['tsv', 'json']);
  });
});

describe('symlinks', () => {
  const data = path.join(folder.dir, 'linked');
  const elsewhere = path.join(folder.dir, 'elsewhere');
  writeLog(data, 'day/conn.log', zeekTsv(['uid'], ['string'], [['C1']]));
  writeLog(elsewhere, 'conn.log', zeekTsv(['uid'], ['string'], [['C9']]));
  symlinkSync(elsewhere, path.join(data, 'other-day'));
  symlinkSync(path.join(elsewhere, 'conn.log'), path.join(data, 'dns.log'));
  // Inside the folder: a link to a day folder (followed once) and one back to the folder itself (a loop).
  symlinkSync(path.join(data, 'day'), path.join(data, 'today'));
  symlinkSync(data, path.join(data, 'day', 'up'));

  it('does not follow a symlink that leaves the data folder, and reports it', async () => {
    const { dataset, problemTotals } = await readZeekDirDetailed(data, { progress: false });
    // day/ is read once, though `today` links to it too.
    expect(dataset.log('conn').array('uid')).toEqual(['C1']);
    expect(dataset.logs.has('dns')).toBe(false);
    expect(problemTotals.map((t) => [path.basename(t.file), t.kind])).toEqual([
      ['dns.log', 'symlink-outside'],
      ['other-day', 'symlink-outside'],
    ]);
    const problem = dataset.problems.find((p) => p.file.endsWith('other-day'))!;
    expect(problem.line).toBe(0);
    expect(problem.message).toMatch(/is a symlink to .*elsewhere, outside .*linked: not followed/);
  });

  it('does not walk the machine through a symlink to /', async () => {
    const rooted = path.join(folder.dir, 'rooted');
    writeLog(rooted, 'conn.log', zeekTsv(['uid'], ['string'], [['C1']]));
    symlinkSync('/', path.join(rooted, 'root'));
    const { dataset, problemTotals } = await readZeekDirDetailed(rooted, { progress: false });
    expect(dataset.log('conn').numRows()).toBe(1);
    expect(problemTotals.map((t) => t.kind)).toEqual(['symlink-outside']);
  });

  // root lists any folder, so the denied folder can only be tested as another user.
  it.skipIf(process.getuid?.() === 0)('reports a subfolder it may not list and reads the rest', async () => {
    const guarded = path.join(folder.dir, 'guarded');
    writeLog(guarded, 'conn.log', zeekTsv(['uid'], ['string'], [['C1']]));
    writeLog(guarded, 'locked/conn.log', zeekTsv(['uid'], ['string'], [['C2']]));
    chmodSync(path.join(guarded, 'locked'), 0);
    try {
      const { dataset, problemTotals } = await readZeekDirDetailed(guarded, { progress: false });
      expect(dataset.log('conn').array('uid')).toEqual(['C1']);
      expect(problemTotals.map((t) => [path.basename(t.file), t.kind])).toEqual([['locked', 'unreadable']]);
    } finally {
      chmodSync(path.join(guarded, 'locked'), 0o755);
    }
  });

  it('says why a folder of links leading outside holds no logs', async () => {
    const links = path.join(folder.dir, 'only-links');
    writeLog(links, 'sub/.keep', '');
    symlinkSync(elsewhere, path.join(links, 'day'));
    await expect(readZeekDir(links, { progress: false })).rejects.toThrow(
      /holds no Zeek logs \(1 symlink leading outside it were not followed\)/,
    );
  });
});

describe('readZeekDir refuses what it cannot read with one clear sentence', () => {
  const expectError = async (promise: Promise<unknown>, pattern: RegExp): Promise<void> => {
    const error = await promise.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ZeekseqError);
    expect((error as Error).message).toMatch(pattern);
    expect((error as Error).message.split('. ').length).toBe(1);
  };

  it('an empty directory', async () => {
    const empty = path.join(folder.dir, 'empty');
    writeLog(empty, 'sub/.keep', '');
    await expectError(
      readZeekDir(empty, { progress: false }),
      /holds no Zeek logs: no file .* is named like conn\.log/,
    );
  });

  it('a directory with files but no logs', async () => {
    const docs = path.join(folder.dir, 'docs');
    writeLog(docs, 'README.md', '# hi\n');
    writeLog(docs, 'labels.csv', 'uid,label\n');
    await expectError(readZeekDir(docs, { progress: false }), /holds no Zeek logs/);
  });

  it('a directory without conn when conn is required', async () => {
    const dnsOnly = path.join(folder.dir, 'dns-only');
    writeLog(dnsOnly, 'dns.log', zeekTsv(['uid'], ['string'], [['C1']], 'dns'));
    await expectError(readZeekDir(dnsOnly, { require: ['conn'], progress: false }), /has no conn log \(it has: dns\)/);
  });

  it('a required log without rows', async () => {
    const hollow = path.join(folder.dir, 'hollow');
    writeLog(hollow, 'conn.log', zeekTsv(['uid'], ['string'], []));
    await expectError(
      readZeekDir(hollow, { require: ['conn'], progress: false }),
      /conn logs in .* hold no rows; run zeekseq inspect/,
    );
  });

  it('types that are not there', async () => {
    const dnsOnly = path.join(folder.dir, 'dns-only');
    await expectError(readZeekDir(dnsOnly, { types: ['http'], progress: false }), /has no http logs \(it has: dns\)/);
  });

  it('a missing path, or a file given as a directory and the reverse', async () => {
    await expectError(readZeekDir(path.join(folder.dir, 'nope'), { progress: false }), /does not exist/);
    const file = writeLog(folder.dir, 'single/conn.log', zeekTsv(['uid'], ['string'], [['C1']]));
    await expectError(readZeekDir(file, { progress: false }), /is a file, not a folder/);
    await expectError(readZeekFile(path.dirname(file), { progress: false }), /is a folder, not a file/);
    await expectError(readZeekFile(path.join(folder.dir, 'nope.log'), { progress: false }), /does not exist/);
  });
});
