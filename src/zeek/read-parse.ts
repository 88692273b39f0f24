/**
 * Reads one log file into columns, choosing the format from its first line rather than its
 * name (a conn.log may hold JSON lines): `#` starts a Zeek TSV header, `{` a JSON object, a
 * tab means TSV without a header, and anything else is taken as a CSV header row.
 */
import type { LogFileInfo } from './problems.js';
import type { LogParser, ParseContext, ParsedLog } from './read-columns.js';
import { CsvParser } from './read-csv.js';
import { JsonParser } from './read-json.js';
import type { ProblemRecorder } from './read-problems.js';
import { isBlank } from './read-decode.js';
import { readLines } from './read-source.js';
import { TsvParser } from './read-tsv.js';

/**
 * The parser for a file whose first non-blank line is [start, end). A line that is none of
 * the formats goes to the TSV parser, which reports each line as data without a header.
 */
function chooseParser(buf: Buffer, start: number, end: number, ctx: ParseContext): LogParser {
  const line = buf.subarray(start, end);
  const first = line[0];
  if (first === 0x23) return new TsvParser(ctx);
  if (first === 0x7b) return new JsonParser(ctx);
  if (line.includes(0x09)) return new TsvParser(ctx);
  if (line.includes(0x2c) || first === 0x22) return new CsvParser(ctx);
  return new TsvParser(ctx);
}

export interface ParseFileOptions {
  problems: ProblemRecorder;
  /** Columns to keep (all when absent). */
  keep?: ReadonlySet<string>;
  onBytes?: (bytesRead: number) => void;
}

export interface ParsedFile {
  info: LogFileInfo;
  log: ParsedLog;
}

export async function parseLogFile(file: string, options: ParseFileOptions): Promise<ParsedFile> {
  const ctx: ParseContext = { file, problems: options.problems, keep: options.keep };
  let parser: LogParser | null = null;
  const source = await readLines(
    file,
    (buf, start, end, line) => {
      if (!parser) {
        if (isBlank(buf, start, end)) return;
        parser = chooseParser(buf, start, end, ctx);
      }
      parser.line(buf, start, end, line);
    },
    {
      problems: options.problems,
      onBytes: options.onBytes,
      onExpectedBytes: (expectedBytes) => {
        ctx.expectedBytes = expectedBytes;
      },
    },
  );
  const chosen = parser as LogParser | null;
  if (!chosen && source.complete && source.tooLong === 0) {
    options.problems.add(file, 0, 'missing-header', 'the file is empty: it has no header and no rows');
  }
  const log: ParsedLog = chosen ? chosen.finish() : { format: 'tsv', columns: new Map(), rows: 0, fieldTypes: {} };
  return { info: { path: file, format: log.format, gzip: source.gzip, rows: log.rows }, log };
}
