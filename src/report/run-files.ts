/**
 * A run's result files as a report reads them: found among the run's recorded outputs (a file, or inside a
 * recorded folder) or, for commands that record no outputs, in the folder given as its `output` parameter; CSVs
 * read by column name, never by position, since output formats gain and rename columns; links written relative
 * to the report folder, so that the report points at the files instead of copying them.
 */
import * as aq from 'arquero';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { runPath, type StoredRun } from '../track/read-runs.js';

/** A CSV as text cells: its header, and its rows as cell lists in header order. */
export interface CsvTable {
  columns: string[];
  rows: string[][];
}

/** The folder named by the run's `output` parameter, or null when it has none or it is gone. */
export function outputFolder(run: StoredRun): string | null {
  const output = run.record.params.output;
  if (typeof output !== 'string') return null;
  const folder = runPath(run, output);
  return existsSync(folder) && statSync(folder).isDirectory() ? folder : null;
}

/** The file `name` the run wrote (recorded itself, inside a recorded folder, or in its output folder), or null. */
export function runFile(run: StoredRun, name: string): string | null {
  const folders = run.record.outputs.map((output) => runPath(run, output.path));
  for (const output of folders) if (path.basename(output) === name && existsSync(output)) return output;
  const folder = outputFolder(run);
  if (folder) folders.push(folder);
  for (const output of folders) {
    const inside = path.join(output, name);
    if (existsSync(inside) && statSync(output).isDirectory()) return inside;
  }
  return null;
}

/** A file a run wrote, with the kind it was recorded as. */
export interface ResultFile {
  path: string;
  kind: string;
  /** null when it is gone since the run. */
  bytes: number | null;
}

function filesIn(folder: string, kind: string): ResultFile[] {
  return readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(folder, entry.name))
    .sort()
    .map((file) => ({ path: file, kind, bytes: statSync(file).size }));
}

/**
 * Every file the run wrote: its recorded output files, the files directly inside its recorded output folders,
 * and, when it recorded none, those of the folder of its `output` parameter.
 */
export function resultFiles(run: StoredRun): ResultFile[] {
  const files = run.record.outputs.flatMap((output): ResultFile[] => {
    const file = runPath(run, output.path);
    if (!existsSync(file)) return [{ path: file, kind: output.kind, bytes: null }];
    const stat = statSync(file);
    return stat.isDirectory() ? filesIn(file, output.kind) : [{ path: file, kind: output.kind, bytes: stat.size }];
  });
  if (run.record.outputs.length > 0) return files;
  const folder = outputFolder(run);
  return folder ? filesIn(folder, 'output') : [];
}

/** The cell values of column `name`, or null when the table has no such column. */
export function column(table: CsvTable, name: string): string[] | null {
  const i = table.columns.indexOf(name);
  return i < 0 ? null : table.rows.map((row) => row[i]);
}

function parse(text: string): CsvTable {
  if (text.trim() === '') return { columns: [], rows: [] };
  const table = aq.fromCSV(text, { autoType: false });
  const columns = table.columnNames();
  const values = columns.map((name) => table.array(name) as Array<string | null>);
  const rows = Array.from({ length: table.numRows() }, (_, r) => values.map((v) => v[r] ?? ''));
  return { columns, rows };
}

/** The whole CSV. */
export async function readCsv(file: string): Promise<CsvTable> {
  return parse(await readFile(file, 'utf8'));
}

/** Bytes read for a preview: enough for the top rows of any of zeekseq's CSVs, whatever the file's size. */
const HEAD_BYTES = 1 << 20;

/**
 * The first `maxRows` rows of a CSV and whether there are more, reading at most HEAD_BYTES: a scores.csv of
 * millions of rows is previewed without being read. The text is cut after the last line break outside quotes.
 */
export async function readCsvHead(file: string, maxRows: number): Promise<CsvTable & { more: boolean }> {
  const handle = await open(file, 'r');
  let text: string;
  let whole: boolean;
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    whole = bytesRead < HEAD_BYTES;
    text = buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
  if (!whole) {
    let quoted = false;
    let end = 0;
    for (let i = 0; i < text.length; i++) {
      if (text[i] === '"') quoted = !quoted;
      else if (text[i] === '\n' && !quoted) end = i + 1;
    }
    text = text.slice(0, end);
  }
  const table = parse(text);
  return { columns: table.columns, rows: table.rows.slice(0, maxRows), more: !whole || table.rows.length > maxRows };
}

/** `file` as a link from the report folder. */
export function linkFrom(reportDir: string, file: string): string {
  return path.relative(path.resolve(reportDir), path.resolve(file)).split(path.sep).join('/');
}
