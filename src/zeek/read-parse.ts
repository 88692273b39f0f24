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
import type { Prefaulter } from '../util/prefault.js';
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
  /** Read in batches: bytes of a file read whole handed to the parser at a time (see SourceOptions). */
  pieceBytes?: number;
  /** Read in batches: rows per batch. */
  batchRows?: number;
  /** A helper thread that takes the page faults of large number columns and text references (see prefault.ts). */
  prefault?: Prefaulter;
}

export interface ParsedFile {
  info: LogFileInfo;
  log: ParsedLog;
}

export async function parseLogFile(file: string, options: ParseFileOptions): Promise<ParsedFile> {
  return parseWith(file, options);
}

/** Reads a file through the parser its first line chooses; `afterChunk` sees the parser after each streamed chunk. */
async function parseWith(
  file: string,
  options: ParseFileOptions,
  afterChunk?: (parser: LogParser | null) => Promise<void>,
): Promise<ParsedFile> {
  const ctx: ParseContext = {
    file,
    problems: options.problems,
    keep: options.keep,
    batchRows: options.batchRows,
    prefault: options.prefault,
  };
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
      afterChunk: afterChunk && (() => afterChunk(parser)),
      pieceBytes: options.pieceBytes,
    },
  );
  const chosen = parser as LogParser | null;
  if (!chosen && source.complete && source.tooLong === 0) {
    options.problems.add(file, 0, 'missing-header', 'the file is empty: it has no header and no rows');
  }
  const log: ParsedLog = chosen ? chosen.finish() : { format: 'tsv', columns: new Map(), rows: 0, fieldTypes: {} };
  return { info: { path: file, format: log.format, gzip: source.gzip, rows: log.rows }, log };
}

/** Thrown into a batch reader whose consumer stopped early, to close the file. */
class BatchesAbandoned extends Error {}

/**
 * A file's rows in batches of at least `batchRows` (a batch ends with the chunk of text that reached it, about
 * 1 MiB) and the rest as the last batch; the file is read only as far as the batches taken, so memory follows the
 * batch and not the file. A file read whole (up to 1 MiB on disk) is one batch. Returns the file's info, its rows
 * counted over all batches.
 */
export async function* parseLogBatches(
  file: string,
  options: ParseFileOptions & { batchRows: number },
): AsyncGenerator<ParsedLog, LogFileInfo> {
  // The reader pushes lines from its own loop; this turns that into batches pulled one at a time. The reader
  // waits after handing a batch over until the next one is asked for.
  type Step = { batch: ParsedLog } | { done: ParsedFile } | { error: unknown };
  const steps: Step[] = [];
  let wakeConsumer: (() => void) | null = null;
  let wakeReader: (() => void) | null = null;
  let abandoned = false;
  const put = (step: Step): void => {
    steps.push(step);
    wakeConsumer?.();
    wakeConsumer = null;
  };
  const reading = parseWith(file, options, async (parser) => {
    if (abandoned) throw new BatchesAbandoned();
    if (!parser || parser.pendingRows < options.batchRows) return;
    const batch = parser.flush();
    if (!batch) return;
    put({ batch });
    await new Promise<void>((resolve) => {
      wakeReader = resolve;
    });
    if (abandoned) throw new BatchesAbandoned();
  }).then(
    (done) => put({ done }),
    (error: unknown) => put({ error }),
  );
  let rows = 0;
  let batches = 0;
  try {
    for (;;) {
      while (steps.length === 0) {
        await new Promise<void>((resolve) => {
          wakeConsumer = resolve;
        });
      }
      const step = steps.shift()!;
      if ('error' in step) throw step.error;
      if ('batch' in step) {
        rows += step.batch.rows;
        batches++;
        yield step.batch;
        const wake = wakeReader as (() => void) | null;
        wakeReader = null;
        wake?.();
        continue;
      }
      const { info, log } = step.done;
      rows += log.rows;
      if (log.rows > 0 || batches === 0) yield log;
      return { ...info, rows };
    }
  } finally {
    abandoned = true;
    const wake = wakeReader as (() => void) | null;
    wake?.();
    await reading;
  }
}
