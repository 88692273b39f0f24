import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isControlCharacter } from '../../src/util/escape.js';
import { formatInspect, inspectDir, reportOrder, summarizeRead } from '../../src/zeek/inspect.js';
import { readZeekDirDetailed } from '../../src/zeek/read-dir.js';
import { sharedDataset } from '../support/shared.js';
import { tempFolder, writeLog, zeekTsv } from './support/logs.js';

const folder = tempFolder('inspect');
afterAll(folder.remove);

const dir = path.join(folder.dir, 'logs');
writeLog(
  dir,
  'dns.log',
  zeekTsv(['ts', 'uid', 'query'], ['time', 'string', 'string'], [['1713484800.5', 'C1', 'a.test']], 'dns'),
);
writeLog(
  dir,
  'day/conn.log',
  zeekTsv(
    ['ts', 'uid', 'orig_bytes'],
    ['time', 'string', 'count'],
    [
      ['1713484807.25', 'C1', '5'],
      ['1713488381', 'C2', 'x'],
      ['1713484700', 'C3'],
    ],
  ),
);
writeLog(dir, 'conn.csv', 'ts,uid\n5,C9\n');
writeLog(dir, 'alerts.log', '{"ts":"2024-04-19T00:00:00Z","msg":"hi"}\nnot json\n');

describe('inspectDir', () => {
  it('summarises each log type as read, conn first, with files, rows, columns and ts range', async () => {
    const report = await inspectDir(dir, { progress: false });
    expect(Object.keys(report.logs)).toEqual(['conn', 'alerts', 'dns']);
    expect(report.logs.conn).toEqual({
      rows: 3,
      files: 2,
      columns: ['ts', 'uid', 'orig_bytes'],
      first_ts: 5,
      last_ts: 1713488381,
      formats: ['csv', 'tsv'],
      file_rows: { [path.join(dir, 'conn.csv')]: 1, [path.join(dir, 'day/conn.log')]: 2 },
    });
    expect(report.logs.alerts).toMatchObject({ rows: 1, first_ts: 1713484800, last_ts: 1713484800, formats: ['json'] });
    expect(report.problem_counts).toEqual([
      { kind: 'bad-json', count: 1, files: 1 },
      { kind: 'bad-number', count: 1, files: 1 },
      { kind: 'field-count', count: 1, files: 1 },
    ]);
    expect(report.problems.map((p) => [path.relative(dir, p.file), p.line, p.kind])).toEqual([
      ['alerts.log', 2, 'bad-json'],
      ['day/conn.log', 10, 'bad-number'],
      ['day/conn.log', 11, 'field-count'],
    ]);
  });

  it('inspects a single file too', async () => {
    const report = await inspectDir(path.join(dir, 'dns.log'), { progress: false });
    expect(Object.keys(report.logs)).toEqual(['dns']);
    expect(report.logs.dns.rows).toBe(1);
  });

  it('formats an aligned table and the problems by kind with file:line examples', async () => {
    const text = formatInspect(await inspectDir(dir, { progress: false }));
    const lines = text.split('\n');
    expect(lines[0]).toBe(`${dir}: 3 log types, 4 files, 5 rows`);
    expect(lines[2]).toMatch(/^log\s+files\s+rows\s+columns\s+format\s+first ts\s+last ts$/);
    expect(lines[3]).toMatch(/^conn\s+2\s+3\s+3\s+csv\+tsv\s+5\.000 s\s+2024-04-19 00:59:41Z$/);
    expect(lines[4]).toMatch(/^alerts\s+1\s+1\s+2\s+json\s+2024-04-19 00:00:00Z/);
    // Columns line up: every row's "rows" cell ends where the header's does.
    const end = lines[2].indexOf('rows') + 'rows'.length;
    for (const row of lines.slice(3, 6)) expect(row[end - 1]).toMatch(/\d/);
    expect(text).toContain('problems: 3\n  bad-json: 1 in 1 file\n');
    expect(text).toContain(`    ${path.join(dir, 'day/conn.log')}:11  expected 3 tab-separated fields`);
  });

  it('says so when there are no problems', async () => {
    expect(formatInspect(await inspectDir(path.join(dir, 'dns.log'), { progress: false }))).toMatch(
      /\nproblems: none\n$/,
    );
  });

  it('shows control characters from file names, #fields and JSON errors escaped, never raw', async () => {
    const hostile = path.join(folder.dir, 'hostile\x1b[2J');
    writeLog(
      hostile,
      'conn.\x1b]0;pwned\x07\u202e.log',
      zeekTsv(['uid', 'bytes\x1b[31m'], ['string', 'count'], [['C1', 'many']]),
    );
    writeLog(hostile, 'dns.log', '{"uid":"C1"}\n{"uid":\x1b[5m}\n');
    const text = formatInspect(await inspectDir(hostile, { progress: false }));
    const raw = [...text].filter((c) => c !== '\n' && isControlCharacter(c.charCodeAt(0)));
    expect(raw).toEqual([]);
    expect(text).toContain('hostile\\x1b[2J: 2 log types');
    expect(text).toContain('conn.\\x1b]0;pwned\\x07\\u202e.log:9');
    expect(text).toContain('in column bytes\\x1b[31m');
    expect(text).toMatch(/dns\.log:2 {2}line is not valid JSON \(.*\\x1b/);
  });

  it('orders conn first, then by name', () => {
    expect(reportOrder(['x509', 'conn', 'dns', 'conn-summary'])).toEqual(['conn', 'conn-summary', 'dns', 'x509']);
  });
});

const trickbot = sharedDataset('trickbot-1week');
describe.skipIf(!trickbot)('inspectDir on trickbot-1week', () => {
  it('gives the time range of SOURCE.md', async () => {
    const report = await inspectDir(path.join(trickbot!, 'zeek'), { types: ['conn'], progress: false });
    expect(Object.keys(report.logs)).toEqual(['conn']);
    expect(new Date(report.logs.conn.first_ts! * 1000).toISOString()).toMatch(/^2018-11-02T00:05/);
    expect(new Date(report.logs.conn.last_ts! * 1000).toISOString()).toMatch(/^2018-11-09T03:5/);
  });

  it('summarises the columns as read the way summarizeRead summarises the dataset of the same read', async () => {
    const folderOfLogs = path.join(trickbot!, 'zeek');
    const fromColumns = await inspectDir(folderOfLogs, { progress: false });
    const fromDataset = summarizeRead(await readZeekDirDetailed(folderOfLogs, { progress: false }));
    expect(Object.keys(fromColumns.logs).length).toBeGreaterThan(5);
    expect(fromColumns).toEqual(fromDataset);
  });
});
