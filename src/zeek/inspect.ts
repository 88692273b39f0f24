/**
 * What a folder of logs holds, as read and before any dataset operation: per log type the
 * files, rows, columns and time range, and every problem found. `zeekseq inspect` prints it.
 */
import { stat } from 'node:fs/promises';
import { escapeControl } from '../util/escape.js';
import type { DataProblem, LogFileInfo, ProblemKind } from './problems.js';
import { type ReadDirOptions, listLogFolders } from './read-dir.js';
import { logTypeOfFile } from './read-file.js';
import { type LogColumns, type ZeekRead, readLogColumns } from './read-logs.js';
import type { ProblemTotal } from './read-problems.js';
import { formatCount } from '../util/format-count.js';

export interface LogSummary {
  rows: number;
  files: number;
  columns: string[];
  /** Earliest and latest `ts` (epoch seconds), null without a numeric `ts`. */
  first_ts: number | null;
  last_ts: number | null;
  /** Formats the files were in (tsv, json, csv). */
  formats: string[];
  /** Rows read per file, by path. */
  file_rows: Record<string, number>;
}

export interface ProblemCount {
  kind: ProblemKind;
  /** All problems of this kind, including those counted but not stored. */
  count: number;
  files: number;
}

export interface InspectReport {
  origin: string;
  /** Per log type, conn first and the rest by name. */
  logs: Record<string, LogSummary>;
  /** The problems stored (at most 100 per file and kind, plus a line-0 note per capped file and kind). */
  problems: DataProblem[];
  problem_counts: ProblemCount[];
}

/** Log types in report order: conn first, then by name. */
export function reportOrder(types: Iterable<string>): string[] {
  return [...types].sort((a, b) => (a === 'conn' ? -1 : b === 'conn' ? 1 : a < b ? -1 : a > b ? 1 : 0));
}

function timeRange(values: unknown): [number | null, number | null] {
  if (!(values instanceof Float64Array)) return [null, null];
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : [null, null];
}

/** What a summary needs of one log type, from a dataset's table or from columns not yet made a table. */
interface LogView {
  rows: number;
  columns: string[];
  ts: unknown;
  files: readonly LogFileInfo[];
}

function summarize(
  origin: string,
  views: Map<string, LogView>,
  problems: readonly DataProblem[],
  problemTotals: readonly ProblemTotal[],
): InspectReport {
  const logs: Record<string, LogSummary> = {};
  for (const type of reportOrder(views.keys())) {
    const { rows, columns, ts, files } = views.get(type)!;
    const [first, last] = timeRange(ts);
    logs[type] = {
      rows,
      files: files.length,
      columns,
      first_ts: first,
      last_ts: last,
      formats: [...new Set(files.map((f) => f.format))].sort(),
      file_rows: Object.fromEntries(files.map((f) => [f.path, f.rows])),
    };
  }
  const byKind = new Map<ProblemKind, ProblemCount>();
  for (const total of problemTotals) {
    const entry = byKind.get(total.kind) ?? { kind: total.kind, count: 0, files: 0 };
    entry.count += total.count;
    entry.files++;
    byKind.set(total.kind, entry);
  }
  return { origin, logs, problems: [...problems], problem_counts: [...byKind.values()] };
}

/** The summary of a dataset as read. */
export function summarizeRead(read: ZeekRead): InspectReport {
  const { dataset } = read;
  const views = new Map<string, LogView>();
  for (const type of dataset.logs.keys()) {
    const table = dataset.log(type);
    const files = dataset.sources.get(type)?.files ?? [];
    views.set(type, { rows: table.numRows(), columns: table.columnNames(), ts: table.column('ts'), files });
  }
  return summarize(dataset.origin, views, dataset.problems, read.problemTotals);
}

/** The summary of logs read into columns (as inspectDir reads them, without building tables). */
export function summarizeColumns(read: LogColumns): InspectReport {
  const views = new Map<string, LogView>();
  for (const [type, { columns, files }] of read.logs) {
    const ts = columns.columns.get('ts')?.values;
    views.set(type, { rows: columns.rows, columns: [...columns.columns.keys()], ts, files });
  }
  return summarize(read.origin, views, read.problems, read.problemTotals);
}

/** Reads a folder of logs (or one log file) and summarises it. */
export async function inspectDir(
  target: string,
  options: Pick<ReadDirOptions, 'types' | 'progress' | 'threads'> = {},
): Promise<InspectReport> {
  const info = await stat(target).catch(() => null);
  const { progress, threads } = options;
  if (info && !info.isDirectory()) {
    const file = { path: target, type: logTypeOfFile(target) };
    return summarizeColumns(await readLogColumns([file], { progress, threads, origin: target }));
  }
  const { dir, files, problems } = await listLogFolders(target, options);
  return summarizeColumns(await readLogColumns(files, { progress, threads, origin: dir, problems }));
}

function formatTime(ts: number | null): string {
  if (ts === null) return '-';
  // Relative timestamps (some captures start at 0) are shown as seconds, not as 1970.
  if (ts < 1e8) return `${ts.toFixed(3)} s`;
  return new Date(ts * 1000)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
}

function alignedTable(header: string[], rows: string[][], rightAligned: ReadonlySet<number>): string[] {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]): string =>
    cells
      .map((cell, c) => (rightAligned.has(c) ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

/**
 * The report as text: an aligned table of logs, then the problems by kind with examples. Names and
 * messages come from the files (their names, `#fields`, quoted lines), so control characters in them
 * are shown escaped rather than sent to the terminal.
 */
export function formatInspect(report: InspectReport, examplesPerKind = 3): string {
  const types = Object.keys(report.logs);
  const summaries = Object.values(report.logs);
  const files = summaries.reduce((n, s) => n + s.files, 0);
  const rows = summaries.reduce((n, s) => n + s.rows, 0);
  const out = [
    `${escapeControl(report.origin)}: ${types.length} log types, ${formatCount(files)} files, ${formatCount(rows)} rows`,
    '',
  ];
  out.push(
    ...alignedTable(
      ['log', 'files', 'rows', 'columns', 'format', 'first ts', 'last ts'],
      types.map((type) => {
        const s = report.logs[type];
        return [
          escapeControl(type),
          formatCount(s.files),
          formatCount(s.rows),
          String(s.columns.length),
          s.formats.join('+'),
          formatTime(s.first_ts),
          formatTime(s.last_ts),
        ];
      }),
      new Set([1, 2, 3]),
    ),
  );
  out.push('');
  if (report.problem_counts.length === 0) {
    out.push('problems: none');
  } else {
    const total = report.problem_counts.reduce((n, p) => n + p.count, 0);
    out.push(`problems: ${formatCount(total)}`);
    for (const { kind, count: n, files: f } of report.problem_counts) {
      out.push(`  ${kind}: ${formatCount(n)} in ${formatCount(f)} file${f === 1 ? '' : 's'}`);
      const examples = report.problems.filter((p) => p.kind === kind).slice(0, examplesPerKind);
      for (const p of examples) {
        const where = p.line > 0 ? `${p.file}:${p.line}` : p.file;
        out.push(`    ${escapeControl(where)}  ${escapeControl(p.message)}`);
      }
    }
  }
  return `${out.join('\n')}\n`;
}
