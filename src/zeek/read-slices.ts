/**
 * Reading one chunk of log files (an hour's rotation) in time slices of a row budget, for hours too busy to hold
 * whole. The conn log leads: each slice takes its next `rowBudget` conn rows as the file is read and, of every
 * other log, the rows up to the latest conn time (ts) of the slice; later rows wait for the next slice. Zeek
 * writes each log about in time order (conn when a connection ends, dns when it is answered), so a connection's
 * rows land in its slice or one beside it, which ChunkJoiner joins. A chunk's files of one type are read one after
 * the other as one stream.
 */
import { table } from 'arquero';
import type { ColumnTable } from 'arquero';
import { concatTables } from './concat-tables.js';
import { type LogSource, ZeekDataset } from './dataset.js';
import { columnValues, latestTs, rowsWhere, takeRows } from './log-rows.js';
import type { LogFileInfo } from './problems.js';
import type { ParsedLog } from './read-columns.js';
import { mergeFieldTypes, type LogFileRef } from './read-logs.js';
import { isParquetFile, parseParquetFile } from './read-parquet.js';
import { parseLogBatches } from './read-parse.js';
import type { ProblemRecorder } from './read-problems.js';

export interface SliceOptions {
  /** Conn rows per slice (a slice holds at least this many, up to a chunk of text more, but for the last). */
  rowBudget: number;
  /** Per log type, the only columns to keep. */
  columns?: Record<string, string[]>;
  /** Bytes of text parsed between checks of the budget in a file read whole (default 64 KiB; see SourceOptions). */
  pieceBytes?: number;
  /** Where the files came from, for the datasets' messages. */
  origin: string;
  /** Where the files' problems go; they are listed with the chunk's last slice. */
  problems: ProblemRecorder;
}

/** The rows of one log type's files, read batch by batch and handed out up to a time. */
class LogStream {
  readonly files: LogFileInfo[] = [];
  fieldTypes: Record<string, string> = {};
  /** Rows read and not yet handed out. */
  private held: ColumnTable[] = [];
  private readonly batches: AsyncGenerator<ParsedLog>;
  private exhausted = false;

  constructor(paths: readonly string[], options: SliceOptions & { keep?: ReadonlySet<string> }) {
    this.batches = this.read(paths, options);
  }

  /** The next batch read (and anything held), or null once the files are read. */
  async next(): Promise<ColumnTable | null> {
    while (this.held.length === 0) if (!(await this.pull())) return null;
    return this.takeHeld();
  }

  /** The held and further rows with ts up to `cutoff` (all rows without a ts); later rows stay held. */
  async upTo(cutoff: number): Promise<ColumnTable | null> {
    while (!this.exhausted && this.latestHeld() <= cutoff) await this.pull();
    if (this.held.length === 0) return null;
    const rows = this.takeHeld();
    if (rows.columnIndex('ts') < 0) return rows;
    const ts = columnValues(rows, 'ts');
    const early = rowsWhere(rows.numRows(), (row) => !((ts[row] as number) > cutoff));
    if (early.length === rows.numRows()) return rows;
    const late = rowsWhere(rows.numRows(), (row) => (ts[row] as number) > cutoff);
    this.held = [takeRows(rows, late)];
    return early.length > 0 ? takeRows(rows, early) : null;
  }

  /** Whether rows are left, reading the next batch to know (it is then held). */
  async hasMore(): Promise<boolean> {
    while (this.held.length === 0) if (!(await this.pull())) return false;
    return true;
  }

  /** Whether at most `limit` rows are left, reading until more are held or the files end. */
  async restAtMost(limit: number): Promise<boolean> {
    while (this.heldRows() <= limit) if (!(await this.pull())) return true;
    return false;
  }

  private heldRows(): number {
    return this.held.reduce((sum, rows) => sum + rows.numRows(), 0);
  }

  /** Every row left. */
  async rest(): Promise<ColumnTable | null> {
    while (await this.pull());
    return this.held.length > 0 ? this.takeHeld() : null;
  }

  private takeHeld(): ColumnTable {
    const rows = concatTables(this.held);
    this.held = [];
    return rows;
  }

  /** The latest ts of the last batch held: how far the held rows reach (−∞ when none are held). */
  private latestHeld(): number {
    const last = this.held.at(-1);
    return last ? latestTs(last) : Number.NEGATIVE_INFINITY;
  }

  /** Reads one more batch into `held`; false once the files are read. */
  private async pull(): Promise<boolean> {
    if (this.exhausted) return false;
    const step = await this.batches.next();
    if (step.done) {
      this.exhausted = true;
      return false;
    }
    const log = step.value;
    this.fieldTypes = mergeFieldTypes([{ fieldTypes: this.fieldTypes }, log]);
    if (log.rows > 0) this.held.push(table(new Map([...log.columns].map(([name, column]) => [name, column.values]))));
    return true;
  }

  private async *read(
    paths: readonly string[],
    options: SliceOptions & { keep?: ReadonlySet<string> },
  ): AsyncGenerator<ParsedLog> {
    const { problems, keep } = options;
    for (const file of paths) {
      if (isParquetFile(file)) {
        const { info, log } = await parseParquetFile(file, { problems, keep });
        this.files.push(info);
        yield log;
        continue;
      }
      const batches = parseLogBatches(file, {
        problems,
        keep,
        batchRows: options.rowBudget,
        pieceBytes: options.pieceBytes,
      });
      try {
        for (;;) {
          const step = await batches.next();
          if (step.done) {
            this.files.push(step.value);
            break;
          }
          yield step.value;
        }
      } finally {
        // Left early (the consumer stopped): the batch reader closes its file.
        await batches.return(undefined as never);
      }
    }
  }

  /** Stops reading, closing the file being read. */
  async close(): Promise<void> {
    await this.batches.return(undefined as never);
  }
}

/** The chunk's files as datasets of about `rowBudget` connections each, in time order (see the module comment). */
export async function* readSlices(files: readonly LogFileRef[], options: SliceOptions): AsyncGenerator<ZeekDataset> {
  const paths = new Map<string, string[]>();
  for (const file of files) paths.set(file.type, [...(paths.get(file.type) ?? []), file.path]);
  const streams = new Map<string, LogStream>();
  for (const [type, typePaths] of paths) {
    const keepList = options.columns?.[type];
    streams.set(type, new LogStream(typePaths, { ...options, keep: keepList ? new Set(keepList) : undefined }));
  }
  const conn = streams.get('conn');
  const dataset = (logs: Map<string, ColumnTable>, last: boolean): ZeekDataset => {
    const sources = new Map<string, LogSource>();
    for (const [type, stream] of streams)
      sources.set(type, { files: [...stream.files], fieldTypes: stream.fieldTypes });
    return new ZeekDataset({
      logs,
      sources,
      problems: last ? options.problems.list() : [],
      origin: options.origin,
    });
  };
  try {
    for (;;) {
      let connRows = conn ? await conn.next() : null;
      // The chunk's last slice takes every row left, so that a chunk ends with conn rows as a whole read does; the
      // file's last rows join it when they are under half a budget, so that no slice is much shorter than the
      // budget (a connection's rows are joined only within the slices beside its own).
      let last = !connRows || !(await conn!.hasMore());
      if (!last && (await conn!.restAtMost(options.rowBudget / 2))) {
        connRows = concatTables([connRows!, (await conn!.rest())!]);
        last = true;
      }
      const logs = new Map<string, ColumnTable>();
      if (connRows) logs.set('conn', connRows);
      const cutoff = last ? Number.POSITIVE_INFINITY : latestTs(connRows!);
      for (const [type, stream] of streams) {
        if (stream === conn) continue;
        const rows = last ? await stream.rest() : await stream.upTo(cutoff);
        if (rows) logs.set(type, rows);
      }
      yield dataset(logs, last);
      if (last) return;
    }
  } finally {
    for (const stream of streams.values()) await stream.close();
  }
}
