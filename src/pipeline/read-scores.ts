/**
 * infer's scores.csv (outputs.ts: uid, ts, orig_h, resp_h, score, anomalous) read back a bounded number of rows at
 * a time, so that evaluate and sweep can work from a run's scores when the data is too large to score again in
 * memory. Lines come from the log readers' line source (zeek/read-source.ts: gzip too, no line past
 * MAX_LINE_BYTES); columns are found by name; text cells lose the formula guard toCsv gave them (csvText). A
 * scores.parquet (infer --format parquet) is read a row group at a time. A row that is not a scored connection —
 * a wrong number of cells, a missing or non-numeric score, a ts or anomalous value that is not one — is an error
 * naming the file and line (row, in Parquet), as is damage to the file: metrics over a silently shortened file
 * would mislead.
 *
 * What is kept of the whole file (summarizeScores) is per connection a score (8 bytes), a label and a flag (a
 * byte each), per originating host its highest score, and the anomalies; uids and hosts of the other
 * connections are dropped chunk by chunk.
 */
import { stat } from 'node:fs/promises';
import { parquetRead, parquetSchema } from 'hyparquet';
import { DaySpan } from '../detect/sweep.js';
import { type AlignedLabels, LabelAligner, type Labels } from '../detect/labels.js';
import type { Anomaly } from '../detect/notables.js';
import { chooseThreshold } from '../detect/threshold.js';
import { pointInterval, type ThresholdInterval } from '../detect/threshold-bootstrap.js';
import { ZeekseqError } from '../util/errors.js';
import { csvLineCells, csvText } from '../util/escape.js';
import type { EventStream } from '../util/events.js';
import { isParquetFile, openParquet } from '../zeek/read-parquet.js';
import { readLines, type SourceProblemKind } from '../zeek/read-source.js';
import type { ProblemSink } from '../zeek/read-problems.js';
import { typedFrom } from '../util/typed-from.js';
import { formatCount } from '../util/format-count.js';

/** Rows per chunk unless told otherwise: a few MB of arrays, whatever the file's size. */
export const SCORES_CHUNK_ROWS = 65_536;

const COLUMNS = ['uid', 'ts', 'orig_h', 'resp_h', 'score'] as const;

/** A run of consecutive rows of a scores file. */
export interface ScoresChunk {
  /** Index of the chunk's first row among the file's rows (0 = the first row after the header). */
  start: number;
  uids: string[];
  /** NaN where the connection has no time. */
  ts: Float64Array;
  origHosts: string[];
  respHosts: string[];
  scores: Float64Array;
  /** 1 where infer put the connection above its threshold (read when asked for, else null). */
  anomalous: Uint8Array | null;
}

export interface ReadScoresOptions {
  /** Rows per chunk (default SCORES_CHUNK_ROWS): what the reader holds at once. */
  chunkRows?: number;
  /** Read the anomalous column too (then a file without one is an error). */
  anomalous?: boolean;
  /** Progress (KiB of the file) and a line with the rows read. */
  events?: EventStream;
}

const FORMAT_HINT =
  'give the scores.csv that zeekseq infer --all writes (columns uid, ts, orig_h, resp_h, score, anomalous)';

/** A cell shown in a message: quoted, and cut short. */
function shown(cell: string): string {
  return JSON.stringify(cell.length > 40 ? `${cell.slice(0, 40)}…` : cell);
}

/** Damage the line source reports is an error here: a scores file with rows left out gives wrong metrics. */
const failOnProblem: ProblemSink<SourceProblemKind> = {
  add(file, line, _kind, message) {
    throw new ZeekseqError(line > 0 ? `${file}:${line}: ${message}` : `scores: ${message}`);
  },
};

/**
 * Reads `file` (CSV, or Parquet by its `.parquet` name) in chunks of at most `chunkRows` rows, calling `onChunk`
 * with each in file order (the chunk's arrays are the caller's to keep); returns how many rows were read. An empty
 * file, a file without a needed column and a file without rows are errors, as is any bad row (see the module
 * comment).
 */
export async function readScoresChunks(
  file: string,
  onChunk: (chunk: ScoresChunk) => void,
  options: ReadScoresOptions = {},
): Promise<number> {
  const chunkRows = options.chunkRows ?? SCORES_CHUNK_ROWS;
  if (!(Number.isInteger(chunkRows) && chunkRows >= 1))
    throw new ZeekseqError(`scores: the chunk size must be a whole number of rows >= 1, got ${chunkRows}.`);
  const wanted: readonly string[] = options.anomalous ? [...COLUMNS, 'anomalous'] : COLUMNS;
  const chunks = new ChunkBuilder(chunkRows, options.anomalous === true, onChunk);
  const size = await stat(file).then(
    (info) => info.size,
    () => 0,
  );
  const kib = (bytes: number) => Math.round(bytes / 1024);
  const progress = options.events?.progress(`reading ${file}`, kib(size), 'KiB');
  const onBytes = progress && ((bytes: number) => progress.update(kib(bytes)));
  try {
    if (isParquetFile(file)) await readParquetRows(file, wanted, chunks, onBytes);
    else await readCsvRows(file, wanted, chunks, onBytes);
    chunks.flush();
  } finally {
    progress?.stop();
  }
  if (chunks.rows === 0)
    throw new ZeekseqError(
      `scores: ${file} holds no connections, only their columns; score data with connections (zeekseq infer --all) first.`,
    );
  options.events?.info(
    `read ${formatCount(chunks.rows)} rows of ${file} in ${formatCount(chunks.count)} chunk(s) of at most ${formatCount(chunkRows)}`,
  );
  return chunks.rows;
}

/** Rows gathered into chunks of at most `size`, each passed on when full (and the last by `flush`). */
class ChunkBuilder {
  rows = 0;
  count = 0;
  private filled = 0;
  private chunk: ScoresChunk;

  constructor(
    private readonly size: number,
    private readonly anomalous: boolean,
    private readonly onChunk: (chunk: ScoresChunk) => void,
  ) {
    this.chunk = newChunk(0, size, anomalous);
  }

  add(uid: string, ts: number, origHost: string, respHost: string, score: number, flagged: boolean): void {
    const { chunk, filled } = this;
    chunk.uids.push(uid);
    chunk.ts[filled] = ts;
    chunk.origHosts.push(origHost);
    chunk.respHosts.push(respHost);
    chunk.scores[filled] = score;
    if (chunk.anomalous) chunk.anomalous[filled] = flagged ? 1 : 0;
    this.rows++;
    this.filled++;
    if (this.filled === this.size) this.flush();
  }

  flush(): void {
    if (this.filled === 0) return;
    this.onChunk(trimmed(this.chunk, this.filled));
    this.count++;
    this.chunk = newChunk(this.rows, this.size, this.anomalous);
    this.filled = 0;
  }
}

/** The columns of `wanted` missing from `names`, as an error's text, or null when none is. */
function missingColumns(names: readonly string[], wanted: readonly string[], what: string): string | null {
  const missing = wanted.filter((name) => !names.includes(name));
  if (missing.length === 0) return null;
  return `the ${what} has no ${missing.join(', ')} column (it names ${names.map(shown).join(', ')}); ${FORMAT_HINT}.`;
}

/** The CSV rows, a line at a time (zeek/read-source.ts), errors naming the line. */
async function readCsvRows(
  file: string,
  wanted: readonly string[],
  chunks: ChunkBuilder,
  onBytes: ((bytes: number) => void) | undefined,
): Promise<void> {
  let width = 0;
  let at: number[] = [];
  const fail = (line: number, what: string): never => {
    throw new ZeekseqError(`${file}:${line}: ${what}`);
  };
  const number = (cell: string, column: string, line: number, unset: boolean): number => {
    if (unset && (cell === '' || cell === 'NaN')) return NaN;
    const value = cell.trim() === '' ? NaN : Number(cell);
    if (Number.isNaN(value))
      fail(
        line,
        `${column} ${shown(cell)} is not a number; each row needs a numeric ${column} (${FORMAT_HINT}, or fix that line).`,
      );
    return value;
  };
  await readLines(
    file,
    (buf, start, end, line) => {
      const text = buf.toString('utf8', start, end);
      if (text.trim() === '') return;
      const cells = csvLineCells(text);
      if (width === 0) {
        const names = (cells ?? [text]).map((name) => csvText(name).trim());
        const missing = missingColumns(names, wanted, 'header');
        if (missing) fail(line, missing);
        width = names.length;
        at = wanted.map((name) => names.indexOf(name));
        return;
      }
      if (!cells || cells.length !== width)
        fail(
          line,
          `the row has ${cells ? `${cells.length} cells` : 'a quote that is not closed'}, the header ${width} columns; ${FORMAT_HINT}, or fix that line.`,
        );
      const row = cells!;
      const flag = at.length > 5 ? row[at[5]] : 'false';
      if (flag !== 'true' && flag !== 'false')
        fail(line, `anomalous ${shown(flag)} is neither true nor false; ${FORMAT_HINT}, or fix that line.`);
      chunks.add(
        csvText(row[at[0]]),
        number(row[at[1]], 'ts', line, true),
        csvText(row[at[2]]),
        csvText(row[at[3]]),
        number(row[at[4]], 'score', line, false),
        flag === 'true',
      );
    },
    { problems: failOnProblem, onBytes },
  );
  if (width === 0) throw new ZeekseqError(`scores: ${file} is empty; ${FORMAT_HINT}.`);
}

/**
 * The Parquet rows (infer --format parquet), a row group at a time: memory holds one group (at most
 * PARQUET_ROW_GROUP rows as infer writes them) besides the chunk being filled. Errors name the row.
 */
async function readParquetRows(
  file: string,
  wanted: readonly string[],
  chunks: ChunkBuilder,
  onBytes: ((bytes: number) => void) | undefined,
): Promise<void> {
  const opened = await openParquet(file);
  if ('reason' in opened)
    throw new ZeekseqError(
      `scores: cannot read ${file} as Parquet (${opened.reason}); ${FORMAT_HINT}, with --format parquet.`,
    );
  const { buffer, metadata } = opened;
  const missing = missingColumns(
    parquetSchema(metadata).children.map((child) => child.element.name),
    wanted,
    'file',
  );
  if (missing) throw new ZeekseqError(`${file}: ${missing}`);
  const fail = (row: number, what: string): never => {
    throw new ZeekseqError(`${file}, row ${row}: ${what}`);
  };
  const number = (value: unknown, column: string, row: number, unset: boolean): number => {
    if (unset && (value === null || value === undefined)) return NaN;
    const x = typeof value === 'bigint' ? Number(value) : value;
    if (typeof x !== 'number' || Number.isNaN(x))
      fail(row, `${column} ${String(value)} is not a number; each row needs a numeric ${column} (${FORMAT_HINT}).`);
    return x as number;
  };
  const text = (value: unknown) => (value === null || value === undefined ? '' : String(value));
  let rowStart = 0;
  for (const group of metadata.row_groups) {
    const rowEnd = rowStart + Number(group.num_rows);
    let rows: unknown[][] = [];
    try {
      await parquetRead({
        file: buffer,
        metadata,
        columns: [...wanted],
        rowStart,
        rowEnd,
        onComplete: (read) => {
          rows = read;
        },
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new ZeekseqError(`scores: reading ${file} failed at row ${rowStart + 1} (${reason}); write it again.`);
    }
    rows.forEach((row, r) => {
      const at = rowStart + r + 1;
      const flag = wanted.length > 5 ? row[5] : false;
      if (typeof flag !== 'boolean') fail(at, `anomalous ${String(flag)} is neither true nor false; ${FORMAT_HINT}.`);
      chunks.add(
        text(row[0]),
        number(row[1], 'ts', at, true),
        text(row[2]),
        text(row[3]),
        number(row[4], 'score', at, false),
        flag as boolean,
      );
    });
    rowStart = rowEnd;
    onBytes?.(Math.round((buffer.byteLength * rowEnd) / Number(metadata.num_rows)));
  }
}

function newChunk(start: number, rows: number, anomalous: boolean): ScoresChunk {
  return {
    start,
    uids: [],
    ts: new Float64Array(rows),
    origHosts: [],
    respHosts: [],
    scores: new Float64Array(rows),
    anomalous: anomalous ? new Uint8Array(rows) : null,
  };
}

function trimmed(chunk: ScoresChunk, rows: number): ScoresChunk {
  return {
    ...chunk,
    ts: chunk.ts.subarray(0, rows),
    scores: chunk.scores.subarray(0, rows),
    anomalous: chunk.anomalous?.subarray(0, rows) ?? null,
  };
}

/** A typed array that grows by doubling as values are appended. */
class Growing<T extends Float64Array | Uint8Array> {
  length = 0;

  constructor(
    private array: T,
    private readonly make: (size: number) => T,
  ) {}

  append(values: ArrayLike<number>): void {
    if (this.length + values.length > this.array.length) {
      const larger = this.make(Math.max(2 * this.array.length, this.length + values.length));
      larger.set(this.array.subarray(0, this.length));
      this.array = larger;
    }
    this.array.set(values, this.length);
    this.length += values.length;
  }

  /** The values appended, in an array of their size. */
  take(): T {
    return this.array.slice(0, this.length) as T;
  }
}

/** What evaluate and sweep keep of a whole scores file (see the module comment). */
export interface ScoresSummary {
  file: string;
  scores: Float64Array;
  /** 1 where infer flagged the connection; null unless asked for. */
  anomalous: Uint8Array | null;
  /** The labels aligned with the rows; undefined without labels. */
  labels: AlignedLabels | undefined;
  /** Each originating host's highest score, hosts in first-seen order. */
  byHost: Map<string, number>;
  span: DaySpan;
  /** With `anomalous`: the connections infer flagged, as anomalies; else empty. */
  anomalies: Anomaly[];
}

/**
 * Reads a scores file once, keeping what evaluations and sweeps measure: per connection its score (and, with
 * `anomalous`, infer's flag, and with labels its label), per originator its highest score, the days covered.
 */
export async function summarizeScores(
  file: string,
  options: ReadScoresOptions & { labels?: Labels } = {},
): Promise<ScoresSummary> {
  const scores = new Growing(new Float64Array(1024), (n) => new Float64Array(n));
  const flags = options.anomalous ? new Growing(new Uint8Array(1024), (n) => new Uint8Array(n)) : null;
  const malicious = options.labels ? new Growing(new Uint8Array(1024), (n) => new Uint8Array(n)) : null;
  const aligner = options.labels ? new LabelAligner(options.labels) : null;
  const byHost = new Map<string, number>();
  const span = new DaySpan();
  const anomalies: Anomaly[] = [];
  await readScoresChunks(
    file,
    (chunk) => {
      const labels = aligner
        ? typedFrom(Uint8Array, chunk.uids, (uid, r) => aligner.label(uid, chunk.origHosts[r]))
        : null;
      for (let r = 0; r < chunk.uids.length; r++) {
        const score = chunk.scores[r];
        const host = chunk.origHosts[r];
        const best = byHost.get(host);
        if (best === undefined || score > best) byHost.set(host, score);
        span.add(chunk.ts[r], labels?.[r] === 1);
        if (chunk.anomalous?.[r]) anomalies.push(anomalyOf(chunk, r));
      }
      scores.append(chunk.scores);
      if (flags && chunk.anomalous) flags.append(chunk.anomalous);
      if (malicious && labels) malicious.append(labels);
    },
    options,
  );
  return {
    file,
    scores: scores.take(),
    anomalous: flags?.take() ?? null,
    labels: aligner && malicious ? aligner.finish(malicious.take()) : undefined,
    byHost,
    span,
    anomalies,
  };
}

function anomalyOf(chunk: ScoresChunk, r: number): Anomaly {
  return {
    uid: chunk.uids[r],
    ts: chunk.ts[r],
    origHost: chunk.origHosts[r],
    respHost: chunk.respHosts[r],
    score: chunk.scores[r],
  };
}

/** The rows of a scores file scoring strictly above `threshold`, as anomalies, reading the file again in chunks. */
export async function scoresAbove(
  file: string,
  threshold: number,
  options: Omit<ReadScoresOptions, 'anomalous'> = {},
): Promise<Anomaly[]> {
  const anomalies: Anomaly[] = [];
  await readScoresChunks(
    file,
    (chunk) => {
      for (let r = 0; r < chunk.scores.length; r++)
        if (chunk.scores[r] > threshold) anomalies.push(anomalyOf(chunk, r));
    },
    options,
  );
  return anomalies;
}

/**
 * Thresholds on the scores themselves: at acceptance rate R, the exact threshold chooseThreshold takes with these
 * scores as the threshold split (a scores file does not carry its model's split). It is no sample, so there is
 * no bootstrap interval (pointInterval). The distinct scores are counted once, for any number of rates.
 */
export function scoreQuantiles(scores: Float64Array): (acceptanceRate: number) => ThresholdInterval {
  const sorted = Float64Array.from(scores).sort();
  const values: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i + 1;
    while (j < sorted.length && sorted[j] === sorted[i]) j++;
    values.push(sorted[i]);
    counts.push(j - i);
    i = j;
  }
  return (rate) => pointInterval(chooseThreshold(values, rate, counts));
}
