/**
 * Reads a list of log files, each tagged with its log type, into columns per log type and from them one
 * ZeekDataset: files of a type are joined end to end in the order given (columns unioned), with a progress bar
 * over the bytes read and every problem collected.
 */
import { stat } from 'node:fs/promises';
import type { EventStream } from '../util/events.js';
import type { LogSource, ZeekDataset } from './dataset.js';
import type { DataProblem, LogFileInfo } from './problems.js';
import { type ColumnSet, type ParsedLog, concatColumnSets } from './read-columns.js';
import { parseLogFiles } from './read-parallel.js';
import { ProblemRecorder, type ProblemTotal } from './read-problems.js';

/** A file to read and the log type it belongs to. */
export interface LogFileRef {
  path: string;
  type: string;
}

export interface ReadLogsOptions {
  /** Per log type, the only columns to keep (memory then scales with them). */
  columns?: Record<string, string[]>;
  /** Report progress over the bytes read (default true) to `events`. */
  progress?: boolean;
  /** Where progress goes (the CLI draws it as a bar); none when absent. */
  events?: EventStream;
  /** Threads to read with (default 2 on a machine with two cores or more; more than one only from 16 MiB in all). */
  threads?: number;
  /** Where the files came from, for the dataset and its messages. */
  origin: string;
  /** Problems found before reading (listing the folder), to report with the rest. */
  problems?: ProblemRecorder;
}

/** A dataset with the full problem counts (the dataset stores at most 100 per file and kind). */
export interface ZeekRead {
  dataset: ZeekDataset;
  problemTotals: ProblemTotal[];
}

/** A read's columns per log type, before any table is built from them. */
export interface LogColumns {
  origin: string;
  /** Per log type in the order first read: its files' columns joined end to end, their declared types, the files. */
  logs: Map<string, { columns: ColumnSet; fieldTypes: Record<string, string>; files: LogFileInfo[] }>;
  /** The problems stored (at most 100 per file and kind, plus a line-0 note per capped file and kind). */
  problems: DataProblem[];
  problemTotals: ProblemTotal[];
}

interface TypeParts {
  logs: ParsedLog[];
  files: LogFileInfo[];
}

/** Declared Zeek types of a log's files; a column declared differently by two files is `string`. */
export function mergeFieldTypes(logs: readonly Pick<ParsedLog, 'fieldTypes'>[]): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const log of logs) {
    for (const [name, type] of Object.entries(log.fieldTypes)) {
      merged[name] = merged[name] === undefined || merged[name] === type ? type : 'string';
    }
  }
  return merged;
}

/** Reads the files into columns per log type; `readLogFiles` makes tables of them. */
export async function readLogColumns(files: readonly LogFileRef[], options: ReadLogsOptions): Promise<LogColumns> {
  const problems = options.problems ?? new ProblemRecorder();
  const sizes = await Promise.all(
    files.map((f) =>
      stat(f.path).then(
        (s) => s.size,
        () => 0,
      ),
    ),
  );
  const kib = (bytes: number): number => Math.round(bytes / 1024);
  const progress =
    options.progress === false || !options.events
      ? null
      : options.events.progress(`reading ${options.origin}`, kib(sizes.reduce((a, b) => a + b, 0)), 'KiB');
  const byType = new Map<string, TypeParts>();
  try {
    const parsed = await parseLogFiles(files, sizes, {
      problems,
      columns: options.columns,
      threads: options.threads,
      onBytes: progress ? (bytes) => progress.update(kib(bytes)) : undefined,
    });
    for (const [index, file] of files.entries()) {
      const { info, log } = parsed[index];
      let parts = byType.get(file.type);
      if (!parts) {
        parts = { logs: [], files: [] };
        byType.set(file.type, parts);
      }
      parts.logs.push(log);
      parts.files.push(info);
    }
  } finally {
    progress?.stop();
  }

  const logs: LogColumns['logs'] = new Map();
  for (const [type, parts] of byType) {
    const fieldTypes = mergeFieldTypes(parts.logs);
    const columns = concatColumnSets(parts.logs);
    parts.logs = [];
    logs.set(type, { columns, fieldTypes, files: parts.files });
  }
  return { origin: options.origin, logs, problems: problems.list(), problemTotals: problems.totals() };
}

/** Reads the files into a dataset, one table per log type. */
export async function readLogFiles(files: readonly LogFileRef[], options: ReadLogsOptions): Promise<ZeekRead> {
  const read = await readLogColumns(files, options);
  // The tables library loads here rather than with the reader: inspect needs only the columns (0.14 s of start-up).
  const [{ table }, { ZeekDataset }] = await Promise.all([import('arquero'), import('./dataset.js')]);
  const logs = new Map<string, ReturnType<typeof table>>();
  const sources = new Map<string, LogSource>();
  for (const [type, { columns, fieldTypes, files: logFiles }] of read.logs) {
    logs.set(type, table(new Map([...columns.columns].map(([name, column]) => [name, column.values]))));
    sources.set(type, { files: logFiles, fieldTypes });
  }
  const dataset = new ZeekDataset({ logs, sources, problems: read.problems, origin: read.origin });
  return { dataset, problemTotals: read.problemTotals };
}
