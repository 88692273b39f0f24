/**
 * The payload corpus (test/fixtures/payloads.ts) planted in a tiny synthetic day's Zeek logs — DHCP host names,
 * DNS queries, HTTP URIs and user agents, file names, TLS server names and subjects — and in access logs, then
 * run through every writer as a user runs it: train (Markov), infer, sweep, evaluate, weblog and runs export.
 * Whatever the attacker wrote, no CSV cell starts a formula, no text output or terminal line holds a raw
 * control character, high-clients.txt holds addresses only, and no chart holds markup outside its text.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isIP } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { synthesize } from '../../src/synth/synthesize.js';
import { startRun } from '../../src/track/run.js';
import { isControlCharacter } from '../../src/util/escape.js';
import { escapeZeekString } from '../../src/zeek/write-tsv.js';
import { type CliResult, zeekseq } from '../cli/support/run-cli.js';
import { PAYLOADS } from '../fixtures/payloads.js';
import { accessLine as weblogLine } from '../weblog/fixtures.js';

/** Zeek log → the columns whose values are planted, and whether long payloads go there too. */
const PLANTED: Record<string, string[]> = {
  'dhcp.log': ['host_name'],
  'dns.log': ['query'],
  'http.log': ['uri', 'user_agent', 'host'],
  'files.log': ['filename', 'mime_type'],
  'ssl.log': ['server_name', 'subject'],
  'smb_files.log': ['name', 'path'],
};
// Host names label notables and chart axes (a host's first lease names it, so these four come first); a
// 100,000-character label says nothing more than a short one.
const FIRST_LEASES = ['ansi-window-title', 'xss-img-onerror', 'c0-controls', 'xss-script'];
const HOST_NAMES = [
  ...FIRST_LEASES.map((name) => PAYLOADS.find((p) => p.name === name)!),
  ...PAYLOADS.filter((p) => p.kind !== 'long' && !FIRST_LEASES.includes(p.name)),
];

let root: string;
const out = (name: string) => path.join(root, 'out', name);
const results: Record<string, CliResult> = {};

/** Replaces the planted columns of every row of the day's logs with payloads, each column from its own offset. */
function plant(day: string): number {
  let planted = 0;
  for (const [file, columns] of Object.entries(PLANTED)) {
    const full = path.join(day, file);
    let text: string;
    try {
      text = readFileSync(full, 'utf8');
    } catch {
      continue;
    }
    const lines = text.split('\n');
    const fields = lines
      .find((l) => l.startsWith('#fields\t'))!
      .split('\t')
      .slice(1);
    let row = 0;
    const rewritten = lines.map((line) => {
      if (line === '' || line.startsWith('#')) return line;
      const values = line.split('\t');
      columns.forEach((column, c) => {
        const at = fields.indexOf(column);
        const pool = file === 'dhcp.log' ? HOST_NAMES : PAYLOADS;
        if (at >= 0) values[at] = escapeZeekString(pool[(row + 7 * c) % pool.length].text);
      });
      row++;
      planted++;
      return values.join('\t');
    });
    writeFileSync(full, rewritten.join('\n'));
  }
  return planted;
}

/** An access-log line with the payload in the request target and the user agent, its quotes made harmless. */
function accessLine(client: string, seconds: number, target: string, agent: string): string {
  const inQuotes = (text: string) => text.replace(/["\n]/g, "'");
  return weblogLine(client, seconds, inQuotes(target), inQuotes(agent));
}

function accessLogs(dir: string): { train: string; score: string } {
  const pages = ['/', '/blog/1', '/blog/2', '/about'];
  const train: string[] = [];
  for (let c = 1; c <= 20; c++)
    for (let i = 0; i < 6; i++)
      train.push(accessLine(`192.0.2.${c}`, c * 5 + i * 30, pages[(c + i) % 4], 'Mozilla/5.0'));
  const score = PAYLOADS.map((p, i) => accessLine(`198.51.100.${i % 3}`, i * 20, p.text, p.text));
  // Clients that are no address at all, hitting the canary page: HIGH, so candidates for high-clients.txt.
  for (const client of ['-2+3', '=HYPERLINK(1)', '\x1b[2J', '203.0.113.5'])
    score.push(accessLine(client, 0, '/', 'x'), accessLine(client, 20, '/join_form', 'x'));
  const files = { train: path.join(dir, 'train.log'), score: path.join(dir, 'score.log') };
  writeFileSync(files.train, `${train.join('\n')}\n`);
  writeFileSync(files.score, `${score.join('\n')}\n`);
  return files;
}

/** RFC 4180 CSV into rows of cells (quoted cells may hold commas and doubled quotes). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n') {
      rows.push([...row, cell]);
      row = [];
      cell = '';
    } else cell += c;
  }
  return rows;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

const NUMBER = /^-?(\d+(\.\d+)?(e[+-]?\d+)?|Infinity)$/i;
const rawControls = (text: string) =>
  [...text].filter((c) => c !== '\n' && isControlCharacter(c.charCodeAt(0))).map((c) => c.charCodeAt(0).toString(16));

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'zeekseq-payloads-'));
  const syn = path.join(root, 'syn');
  await synthesize({
    out: syn,
    hosts: 4,
    days: 2,
    seed: 3,
    attacks: ['port-scan', 'lateral-movement'],
    attackDays: [2],
  });
  const [clean, attacked] = ['2024-03-04', '2024-03-05'].map((d) => path.join(syn, d));
  expect(plant(attacked)).toBeGreaterThan(PAYLOADS.length);
  const model = path.join(root, 'model');
  const runsDir = path.join(root, 'runs');
  const common = ['--keep-conn-only', '--runs-dir', runsDir];
  results.train = await zeekseq(
    ...['train', '--data', clean, '--model', model, '--scorer', 'markov', '--acceptance-rate', '0.05', ...common],
  );
  results.infer = await zeekseq(
    ...[
      'infer',
      '--data',
      attacked,
      '--model',
      model,
      '--output',
      out('infer'),
      '--all',
      '--min-count',
      '1',
      ...common,
    ],
  );
  results.sweep = await zeekseq(
    ...['sweep', '--data', attacked, '--model', model, '--output', out('sweep'), ...common],
    ...['--acceptance-rates', '0.05,0.2', '--windows', '1h', '--min-counts', '1'],
  );
  results.evaluate = await zeekseq(
    ...['evaluate', '--data', attacked, '--model', model, '--output', out('evaluate'), ...common],
    ...['--labels', path.join(syn, 'labels.csv')],
  );
  const access = accessLogs(root);
  results.weblog = await zeekseq(
    ...['weblog', '--train', access.train, '--score', access.score, '--output', out('weblog')],
    ...['--canary', '/join_form', '--runs-dir', runsDir],
  );
  // A notebook's run, named and parameterised by whatever its author pasted.
  (await startRun({ kind: 'notebook', name: '=HYPERLINK("x")\x1b[2J', params: { note: '+1+1' }, runsDir })).end();
  mkdirSync(out('runs'));
  results.export = await zeekseq('runs', 'export', '--runs-dir', runsDir, '--output', out('runs/runs.csv'));
  vi.restoreAllMocks();
}, 600_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('hostile log data through every writer', () => {
  it('every command succeeds', () => {
    for (const [command, result] of Object.entries(results)) expect({ command, ...result }).toMatchObject({ code: 0 });
  });

  it('writes the planted payloads, as inert cells, into the CSVs of infer', () => {
    const files = readdirSync(out('infer'));
    expect(files).toEqual(expect.arrayContaining(['log-conn.csv', 'notables.csv', 'scores.csv', 'problems.csv']));
    const planted = ['log-dhcp.csv', 'log-dns.csv', 'log-http.csv'].filter((f) => files.includes(f));
    expect(planted.length).toBeGreaterThan(0);
    const text = planted.map((f) => readFileSync(out(`infer/${f}`), 'utf8')).join('\n');
    expect(text).toMatch(/'=cmd\|' \/C calc'!A0|'\+1\+1|'@SUM\(1\)|'-2\+3/);
  });

  it('no CSV cell of any output starts a formula, unless it is a number', () => {
    const csvs = filesUnder(path.join(root, 'out')).filter((f) => f.endsWith('.csv'));
    expect(csvs.length).toBeGreaterThanOrEqual(10);
    const formulas = csvs.flatMap((file) =>
      parseCsv(readFileSync(file, 'utf8'))
        .flat()
        .filter((cell) => /^[=+\-@\t\r]/.test(cell) && !NUMBER.test(cell))
        .map((cell) => `${path.basename(file)}: ${cell.slice(0, 40)}`),
    );
    expect(formulas).toEqual([]);
  });

  it('no raw control character in any text output or on the terminal', () => {
    const texts = filesUnder(path.join(root, 'out')).filter((f) => /\.(csv|txt|json|svg)$/.test(f));
    for (const file of texts) expect({ file, raw: rawControls(readFileSync(file, 'utf8')) }).toEqual({ file, raw: [] });
    for (const [command, result] of Object.entries(results)) {
      expect({ command, raw: rawControls(result.stdout + result.stderr) }).toEqual({ command, raw: [] });
    }
  });

  it('high-clients.txt holds only IP addresses, and the others are reported', () => {
    const listed = readFileSync(out('weblog/high-clients.txt'), 'utf8').split('\n').filter(Boolean);
    expect(listed).toContain('203.0.113.5');
    expect(listed.filter((c) => isIP(c) === 0)).toEqual([]);
    expect(results.weblog.stderr).toMatch(
      /warning: 3 HIGH client\(s\) left out of high-clients\.txt, not IP addresses/,
    );
  });

  it('sweep draws its charts though DHCP host names hold control bytes and markup, and no chart holds markup', () => {
    const svgs = filesUnder(path.join(root, 'out')).filter((f) => f.endsWith('.svg'));
    expect(svgs.map((f) => path.basename(f))).toEqual(expect.arrayContaining(['sweep.svg', 'host-notables.svg']));
    const hosts = readFileSync(out('sweep/host-notables.svg'), 'utf8');
    // a host name with a control byte, drawn as its escape
    expect(hosts).toMatch(/\\x[01][0-9a-f]/);
    for (const file of svgs) {
      // The markup alone: text nodes and quoted attribute values out.
      const markup = readFileSync(file, 'utf8')
        .replace(/>[^<]*</g, '><')
        .replace(/"[^"]*"/g, '""');
      expect({ file, found: markup.match(/<(script|img|iframe|foreignObject|a)\b|\son\w+\s*=/gi) }).toEqual({
        file,
        found: null,
      });
    }
  });

  it('runs export neutralises what a run was named and given', () => {
    const rows = parseCsv(readFileSync(out('runs/runs.csv'), 'utf8'));
    const notebook = rows.find((r) => r.includes('notebook'))!;
    expect(notebook).toEqual(expect.arrayContaining([`'=HYPERLINK("x")\\x1b[2J`, "'+1+1"]));
  });
});
