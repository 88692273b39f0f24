import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { zeekseq } from './support/run-cli.js';
import { tempFolder, writeLog, zeekTsv } from '../zeek/support/logs.js';

const folder = tempFolder('cli-inspect');
afterAll(folder.remove);
const dir = path.join(folder.dir, 'logs');
writeLog(
  dir,
  'conn.log',
  zeekTsv(
    ['ts', 'uid'],
    ['time', 'string'],
    [
      ['1.5', 'C1'],
      ['2.5', 'C2', 'extra'],
    ],
  ),
);
writeLog(dir, 'dns.log.gz', '{"ts":3,"uid":"C1"}\n');

afterEach(() => {
  vi.restoreAllMocks();
});

describe('zeekseq inspect', () => {
  it('--json prints exactly one JSON object with logs and problems', async () => {
    const { stdout, code } = await zeekseq('inspect', dir, '--json');
    expect(code).toBe(0);
    expect(stdout.trimEnd().split('\n')).toHaveLength(1);
    const report = JSON.parse(stdout);
    expect(report.logs.conn).toMatchObject({ rows: 1, files: 1, columns: ['ts', 'uid'], first_ts: 1.5, last_ts: 1.5 });
    expect(report.logs.dns).toMatchObject({ rows: 1, first_ts: 3, formats: ['json'] });
    expect(report.problems).toEqual([
      { file: path.join(dir, 'conn.log'), line: 10, kind: 'field-count', message: expect.any(String) },
    ]);
  });

  it('prints the table by default, and --types narrows it', async () => {
    const { stdout, code } = await zeekseq('inspect', dir, '--types', 'dns');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^.*: 1 log types, 1 files, 1 rows\n/);
    expect(stdout).toMatch(/\ndns +1 +1 +2 +json/);
    expect(stdout).toContain('problems: none');
  });

  it('fails with one line and exit code 2 on a folder without logs', async () => {
    const empty = path.join(folder.dir, 'empty');
    writeLog(empty, 'README', 'nothing here\n');
    const { stdout, stderr, code } = await zeekseq('inspect', empty, '--json');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^zeekseq: .*empty holds no Zeek logs: .*\n$/);
  });
});
