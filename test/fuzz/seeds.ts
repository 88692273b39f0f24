/**
 * Real log lines to mutate: a header and the first data lines of logs from every shared dataset (Zeek
 * TSV, Zeek JSON, access logs), or, where ../shared is absent, lines of the synthetic generator's logs
 * and generated access-log lines.
 */
import { existsSync, openSync, readFileSync, readSync, closeSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { synthesize } from '../../src/synth/synthesize.js';
import { sharedDataset } from '../support/shared.js';
import { zeekTsvToJson } from '../support/zeek-json.js';
import { accessLine } from '../weblog/fixtures.js';
import { bytesOf } from './mutations.js';

/** A file's header lines and data lines, as latin1 strings (one character per byte). */
export interface SeedLog {
  source: string;
  header: string[];
  lines: string[];
}

export interface Seeds {
  tsv: SeedLog[];
  json: SeedLog[];
  access: SeedLog[];
  /** Whether the lines came from ../shared (else from generated logs). */
  shared: boolean;
}

const HEAD_BYTES = 48 * 1024;
const LINES_PER_LOG = 60;

/** The first bytes of a file's text (inflated when gzip), cut at the last whole line. */
function head(file: string): string {
  let bytes: Buffer;
  if (file.endsWith('.gz')) {
    bytes = gunzipSync(readFileSync(file)).subarray(0, HEAD_BYTES);
  } else {
    const fd = openSync(file, 'r');
    bytes = Buffer.alloc(HEAD_BYTES);
    bytes = bytes.subarray(0, readSync(fd, bytes, 0, HEAD_BYTES, 0));
    closeSync(fd);
  }
  const text = bytes.toString('latin1');
  const end = text.lastIndexOf('\n');
  return end < 0 ? text : text.slice(0, end);
}

function seedLog(file: string, headerLines: boolean): SeedLog {
  const all = head(file).split('\n');
  const header = headerLines ? all.filter((l) => l.startsWith('#') && !l.startsWith('#close')) : [];
  const lines = all.filter((l) => l !== '' && !l.startsWith('#')).slice(0, LINES_PER_LOG);
  return { source: file, header, lines };
}

/** Files under `dir` (recursively) whose names match, sorted, at most `n`. */
function filesUnder(dir: string, pattern: RegExp, n: number): string[] {
  const found: string[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (pattern.test(entry.name)) found.push(full);
    }
  };
  walk(dir);
  return found.slice(0, n);
}

function sharedSeeds(): Seeds | null {
  const names = [
    'trickbot-1week',
    'mta-littletigers-small',
    'rita-missing-host',
    'stratosphere-labeled',
    'zat-json-small',
    'web-elastic-apache',
    'web-hackers-access',
    'web-scanners-ocatak',
  ];
  const dirs = Object.fromEntries(names.map((name) => [name, sharedDataset(name)]));
  if (Object.values(dirs).some((dir) => dir === null)) return null;
  const tsvFiles = [
    ...filesUnder(dirs['trickbot-1week']!, /^(conn|dns|http|ssl|files|kerberos|weird|x509)\.log$/, 8),
    ...filesUnder(dirs['mta-littletigers-small']!, /^(conn|dce_rpc|smb_mapping|smb_files|dns)\.log$/, 5),
    ...filesUnder(dirs['rita-missing-host']!, /^conn\./, 1),
    ...filesUnder(dirs['rita-missing-host']!, /^http\./, 1),
    ...filesUnder(dirs['rita-missing-host']!, /^ssh\./, 1),
    ...filesUnder(dirs['stratosphere-labeled']!, /^(conn\.log\.labeled|labeled-conn\.log|http\.log)$/, 4),
  ];
  const jsonFiles = filesUnder(dirs['zat-json-small']!, /\.log$/, 100);
  const accessFiles = [
    path.join(dirs['web-elastic-apache']!, 'apache_logs'),
    path.join(dirs['web-hackers-access']!, 'hackers-access.log'),
    ...['acunetix.txt', 'netsparker.txt', 'w3af.txt'].map((f) => path.join(dirs['web-scanners-ocatak']!, f)),
  ];
  if (![...tsvFiles, ...jsonFiles, ...accessFiles].every(existsSync)) return null;
  return {
    tsv: tsvFiles.map((f) => seedLog(f, true)),
    json: jsonFiles.map((f) => seedLog(f, false)).filter((s) => s.lines.length > 0),
    access: accessFiles.map((f) => seedLog(f, false)),
    shared: true,
  };
}

/** Seeds from a small synthetic network written to `dir`, for machines without ../shared. */
async function generatedSeeds(dir: string): Promise<Seeds> {
  await synthesize({ out: dir, hosts: 3, days: 1, seed: 7, connections: 1_500 });
  const logs = filesUnder(dir, /\.log$/, 100);
  const tsv = logs.map((f) => seedLog(f, true)).filter((s) => s.lines.length > 0);
  const json = logs
    .map((f) => ({ source: f, header: [], lines: zeekTsvToJson(readFileSync(f, 'utf8')).split('\n').filter(Boolean) }))
    .map((s) => ({ ...s, lines: s.lines.slice(0, LINES_PER_LOG).map(bytesOf) }))
    .filter((s) => s.lines.length > 0);
  const targets = ['/', '/index.html', '/a/b?c=1', '/wp-login.php', '/img/1.png'];
  const access = [0, 1].map((k) => ({
    source: `generated-${k}`,
    header: [],
    lines: Array.from({ length: LINES_PER_LOG }, (_, i) =>
      bytesOf(accessLine(`192.0.2.${(i * 7 + k) % 250}`, i * 13, targets[i % targets.length], `agent ${k}`)),
    ),
  }));
  return { tsv, json, access, shared: false };
}

/** Lines from ../shared when it is there, else generated under `scratch`. */
export async function loadSeeds(scratch: string): Promise<Seeds> {
  return sharedSeeds() ?? (await generatedSeeds(scratch));
}
