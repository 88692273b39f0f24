/**
 * Reads access-log files line by line (plain or gzip, told by content), so a large log never sits in memory
 * as text. Every line becomes a record or a problem; problems are counted per file and kind, and the first
 * of each kind are kept with file, line and excerpt so a damaged file is reported, not silently shortened.
 * Lines come from the Zeek reader's line source, with its limits: a line over MAX_LINE_BYTES and damage to
 * a .gz (the lines before it kept) are problems too.
 */
import { stat } from 'node:fs/promises';
import { ZeekseqError } from '../util/errors.js';
import { startProgress } from '../util/progress.js';
import { readLines, type SourceProblemKind } from '../zeek/read-source.js';
import { compileLogFormat, type LogFormat } from './format.js';
import { parseAccessLine, type AccessLogProblem, type AccessProblemKind, type AccessRecord } from './parse.js';

/** Problems kept per file and kind; later ones are only counted. */
export const PROBLEMS_KEPT_PER_KIND = 100;

export interface AccessLogFileSummary {
  file: string;
  /** Lines read, blank ones included. */
  lines: number;
  /** Lines that became records (a line kept despite a problem counts here and in `problems`). */
  records: number;
  /** Records whose line was wrapped in an extra pair of quotes. */
  wrapped: number;
  /** Problems per kind (all of them, kept or only counted). */
  problems: Partial<Record<AccessProblemKind, number>>;
}

export interface AccessLog {
  records: AccessRecord[];
  /** The kept problems, in file and line order. */
  problems: AccessLogProblem[];
  files: AccessLogFileSummary[];
}

export interface ReadAccessLogOptions {
  /** A preset name, a format string or a compiled format (default 'combined'). */
  format?: string | LogFormat;
  problemsKeptPerKind?: number;
}

async function fileSize(file: string): Promise<number> {
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new ZeekseqError(`access log ${file} is not a file; pass log files, not folders.`);
    return info.size;
  } catch (error) {
    if (error instanceof ZeekseqError) throw error;
    throw new ZeekseqError(
      `cannot read access log ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}; check the path.`,
    );
  }
}

/** Total problems of all kinds in a summary. */
export function problemTotal(summary: AccessLogFileSummary): number {
  return Object.values(summary.problems).reduce((sum, n) => sum + (n ?? 0), 0);
}

/** Reads the files in order into one list of records. */
export async function readAccessLogs(files: readonly string[], options: ReadAccessLogOptions = {}): Promise<AccessLog> {
  const format = typeof options.format === 'object' ? options.format : compileLogFormat(options.format ?? 'combined');
  const kept = options.problemsKeptPerKind ?? PROBLEMS_KEPT_PER_KIND;
  const sizes = await Promise.all(files.map(fileSize));
  const progress = startProgress(
    'reading access logs',
    sizes.reduce((a, b) => a + b, 0),
    'bytes',
  );
  const out: AccessLog = { records: [], problems: [], files: [] };
  try {
    let done = 0;
    for (const [index, file] of files.entries()) {
      const summary: AccessLogFileSummary = { file, lines: 0, records: 0, wrapped: 0, problems: {} };
      const count = (problem: AccessLogProblem): void => {
        const n = (summary.problems[problem.kind] ?? 0) + 1;
        summary.problems[problem.kind] = n;
        if (n <= kept) out.problems.push(problem);
      };
      const fromSource = (at: string, line: number, kind: SourceProblemKind, message: string): void => {
        // A skipped line is still a line of the file; damage is reported at the line after the last one read.
        if (kind === 'line-too-long') summary.lines = Math.max(summary.lines, line);
        count({ kind, file: at, line, excerpt: '', message: `${at}:${line}: ${message}` });
      };
      await readLines(
        file,
        (buf, start, end, line) => {
          summary.lines = line;
          const result = parseAccessLine(buf.toString('utf8', start, end), format, file, line);
          if (result.ok) {
            out.records.push(result.record);
            summary.records++;
            if (result.wrapped) summary.wrapped++;
          }
          if (result.problem) count(result.problem);
        },
        {
          problems: { add: fromSource },
          onBytes: (bytes) => progress.update(done + Math.min(bytes, sizes[index])),
        },
      );
      done += sizes[index];
      progress.update(done);
      out.files.push(summary);
    }
  } finally {
    progress.stop();
  }
  return out;
}
