/**
 * Small generated log files for the reader tests, written to a temporary folder per test file.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readZeekFileDetailed } from '../../../src/zeek/read-file.js';
import type { ZeekRead } from '../../../src/zeek/read-logs.js';

/** A fresh temporary folder and a function that removes it. */
export function tempFolder(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), `zeekseq-${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Writes `content` to dir/relative (creating folders) and returns the full path. */
export function writeLog(dir: string, relative: string, content: string | Buffer): string {
  const file = path.join(dir, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
  return file;
}

/** A Zeek TSV log as Zeek writes it: the header block, the rows, and #close. */
export function zeekTsv(fields: string[], types: string[], rows: string[][], logPath = 'conn'): string {
  const header = [
    '#separator \\x09',
    '#set_separator\t,',
    '#empty_field\t(empty)',
    '#unset_field\t-',
    `#path\t${logPath}`,
    '#open\t2024-01-01-00-00-00',
    `#fields\t${fields.join('\t')}`,
    `#types\t${types.join('\t')}`,
  ];
  return `${[...header, ...rows.map((r) => r.join('\t')), '#close\t2024-01-01-01-00-00'].join('\n')}\n`;
}

/** Writes a file and reads it with readZeekFile (no progress bar). */
export async function readContent(
  dir: string,
  name: string,
  content: string | Buffer,
): Promise<ZeekRead & { file: string }> {
  const file = writeLog(dir, name, content);
  return { ...(await readZeekFileDetailed(file, { progress: false })), file };
}
