/**
 * Reading log files on more than one thread, in one of two ways. Several files that are mostly gzip: the main
 * thread and `threads - 1` workers take pieces from one queue — whole files, and byte ranges of a large plain TSV
 * log cut at line breaks after its header. Pieces are joined in file order and problems get the line numbers of
 * the whole file, so the result is the single-threaded reader's, value for value. A gzip file is one piece (its
 * deflate stream cannot be entered in the middle), and a TSV file whose header changes part-way is re-read in one
 * piece. Otherwise (one file, or mostly plain text) the main thread reads every file as with one thread, and a
 * helper takes the page faults of its number columns and text references: JS strings cannot cross threads, so a worker's text values
 * would have to be built again on the main thread, which costs more than parsing them there.
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { open } from 'node:fs/promises';
import { startWorker } from '../util/start-worker.js';
import { Prefaulter } from '../util/prefault.js';
import type { Column, ParsedLog } from './read-columns.js';
import type { LogFileRef } from './read-logs.js';
import { isParquetFile, parseParquetFile } from './read-parquet.js';
import type { ParsedFile } from './read-parse.js';
import { parseLogFile } from './read-parse.js';
import type { ProblemRecorder } from './read-problems.js';
import {
  type PieceLog,
  type ReadUnit,
  type UnitResult,
  type WireResult,
  joinPieces,
  parseUnit,
  receiveResult,
} from './read-unit.js';

/** Below this many bytes in all, one thread: starting a worker (about 0.2 s under tsx) would not pay. */
export const PARALLEL_MIN_BYTES = 16 << 20;
/**
 * Threads to read with unless told: the main thread and one more where the machine has a second core (a third
 * has nothing to take while the main thread reads a file).
 */
export const DEFAULT_READ_THREADS = Math.min(2, availableParallelism());
/** A plain TSV file is cut into ranges from this size. */
export const RANGE_MIN_BYTES = 8 << 20;
/** Ranges per thread: more than one, so that the main thread is not idle while a worker starts. */
const RANGES_PER_THREAD = 4;
const HEAD_BYTES = 1 << 16;

export interface ParseFilesOptions {
  problems: ProblemRecorder;
  /** Per log type, the only columns to keep. */
  columns?: Record<string, string[]>;
  /**
   * Threads to read with (default DEFAULT_READ_THREADS). With more than one, from PARALLEL_MIN_BYTES in all:
   * several files mostly gzip are read whole on workers as well as on the main thread; otherwise the main thread
   * reads every file and a helper takes the page faults of its large columns (see prefault.ts).
   */
  threads?: number;
  /** Called as reading progresses with the bytes of the files read so far. */
  onBytes?: (bytes: number) => void;
}

export interface ParallelOptions extends ParseFilesOptions {
  /** Cut plain TSV files of at least this many bytes into ranges (default RANGE_MIN_BYTES). */
  rangeMinBytes?: number;
}

/** Reads the files in order, on several threads when there are enough bytes to pay for it. */
export async function parseLogFiles(
  files: readonly LogFileRef[],
  sizes: readonly number[],
  options: ParseFilesOptions,
): Promise<ParsedFile[]> {
  const threads = options.threads ?? DEFAULT_READ_THREADS;
  const total = sizes.reduce((a, b) => a + b, 0);
  const parallel = threads > 1 && total >= PARALLEL_MIN_BYTES;
  // Inflating gzip is work a worker can take whole, and it outweighs posting the columns back; for plain text the
  // second thread is better spent taking the page faults of the reader's number columns.
  const gzipBytes = files.reduce((sum, f, i) => sum + (f.path.endsWith('.gz') ? sizes[i] : 0), 0);
  if (parallel && files.length > 1 && gzipBytes * 2 >= total)
    return parseLogFilesParallel(files, sizes, { ...options, threads });
  const prefault = parallel ? new Prefaulter() : undefined;
  try {
    const parsed: ParsedFile[] = [];
    let done = 0;
    for (const [index, file] of files.entries()) {
      const keepList = options.columns?.[file.type];
      const keep = keepList ? new Set(keepList) : undefined;
      const { problems, onBytes } = options;
      parsed.push(
        isParquetFile(file.path)
          ? await parseParquetFile(file.path, { problems, keep })
          : await parseLogFile(file.path, {
              problems,
              keep,
              onBytes: onBytes && ((bytes) => onBytes(done + bytes)),
              prefault,
            }),
      );
      done += sizes[index];
      onBytes?.(done);
    }
    return parsed;
  } finally {
    await prefault?.close();
  }
}

/** The header lines of a plain Zeek TSV file that can be cut into ranges, with their length in bytes; else null. */
async function splittableHeader(file: string): Promise<{ lines: string[]; bytes: number; head: Buffer } | null> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(head, 0, HEAD_BYTES, 0);
    if (bytesRead < 2 || (head[0] === 0x1f && head[1] === 0x8b)) return null;
    const lines: string[] = [];
    let pos = 0;
    for (let nl = head.indexOf(10); nl >= 0 && nl < bytesRead && head[pos] === 0x23; nl = head.indexOf(10, pos)) {
      lines.push(head.toString('utf8', pos, nl > pos && head[nl - 1] === 0x0d ? nl - 1 : nl));
      pos = nl + 1;
    }
    // Typed by #types, tab-separated, and the header ends inside the head: a range then parses as the whole would.
    const fields = lines.find((l) => l.startsWith('#fields\t'))?.split('\t').length;
    const types = lines.find((l) => l.startsWith('#types\t'))?.split('\t').length;
    const tab = lines.some((l) => l === '#separator \\x09');
    if (!tab || fields === undefined || fields !== types || pos >= bytesRead) return null;
    return { lines, bytes: pos, head };
  } finally {
    await handle.close();
  }
}

/** The first byte after the line break at or after `target`, or -1 when none is found near it. */
async function lineStartAfter(file: string, target: number): Promise<number> {
  const handle = await open(file, 'r');
  try {
    const buf = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buf, 0, HEAD_BYTES, target - 1);
    const nl = buf.subarray(0, bytesRead).indexOf(10);
    return nl < 0 ? -1 : target + nl;
  } finally {
    await handle.close();
  }
}

/** The pieces of one file: itself, or ranges of a large plain TSV file. */
async function planFile(file: string, size: number, keep: string[] | undefined, pieces: number, rangeMin: number) {
  const whole: ReadUnit[] = [{ file, keep }];
  if (pieces < 2 || size < rangeMin || isParquetFile(file)) return whole;
  const header = await splittableHeader(file).catch(() => null);
  if (!header) return whole;
  const cuts = [0];
  for (let k = 1; k < pieces; k++) {
    const target = Math.floor((size * k) / pieces);
    if (target <= header.bytes) continue;
    const cut = await lineStartAfter(file, target);
    if (cut < 0) return whole;
    if (cut > cuts[cuts.length - 1] && cut < size) cuts.push(cut);
  }
  if (cuts.length < 2) return whole;
  cuts.push(size);
  return cuts
    .slice(0, -1)
    .map((start, i): ReadUnit => ({ file, keep, range: { start, end: cuts[i + 1], header: header.lines } }));
}

/** Runs units on a worker, one at a time. */
class ReadWorker {
  private readonly worker: Worker;
  readonly ready: Promise<void>;
  private pending: { resolve: (r: UnitResult) => void; reject: (e: Error) => void } | null = null;
  private failure: Error | null = null;
  private notStarted: ((error: Error) => void) | null = null;

  constructor() {
    const worker = startWorker(
      new URL(import.meta.url.endsWith('.ts') ? './read-worker.ts' : './read-worker.js', import.meta.url),
    );
    this.worker = worker;
    let started: () => void = () => {};
    this.ready = new Promise((resolve, reject) => {
      started = resolve;
      this.notStarted = reject;
    });
    worker.on('message', (message: { ready?: true; ok?: boolean; result?: WireResult; error?: string }) => {
      if (message.ready) {
        this.notStarted = null;
        return started();
      }
      const pending = this.pending;
      this.pending = null;
      if (message.ok) pending?.resolve(receiveResult(message.result!));
      else pending?.reject(new Error(`a read worker failed: ${message.error}`));
    });
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', (code) => this.fail(new Error(`a read worker exited early (code ${code})`)));
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.notStarted?.(error);
    this.notStarted = null;
    const pending = this.pending;
    this.pending = null;
    pending?.reject(error);
  }

  run(unit: ReadUnit): Promise<UnitResult> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.worker.postMessage(unit);
    });
  }

  async stop(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }
}

/** A file's log from its pieces; each column's pieces are let go as soon as it is built, to bound the peak. */
function joinLogs(logs: PieceLog[]): ParsedLog {
  const first = logs[0];
  const rows = logs.reduce((n, log) => n + log.rows, 0);
  const columns = new Map<string, Column>();
  for (const name of [...first.columns.keys()]) {
    const pieces = logs.map((log) => log.columns.get(name)!);
    for (const log of logs) log.columns.delete(name);
    columns.set(name, joinPieces(pieces, rows));
  }
  return { format: first.format, columns, rows, fieldTypes: first.fieldTypes };
}

/** Adds a piece's problems to the read's, with line numbers shifted by the lines of the ranges before it. */
function addProblems(problems: ProblemRecorder, result: UnitResult, lineOffset: number): void {
  const stored = new Map<string, number>();
  for (const p of result.problems) {
    problems.add(p.file, p.line > 0 ? p.line + lineOffset : 0, p.kind, p.message);
    stored.set(p.kind, (stored.get(p.kind) ?? 0) + 1);
  }
  for (const t of result.totals) problems.addUnstored(t.file, t.kind, t.count - (stored.get(t.kind) ?? 0));
}

/** Reads the files on `threads` threads (at least two), whatever their size; see the file comment. */
export async function parseLogFilesParallel(
  files: readonly LogFileRef[],
  sizes: readonly number[],
  options: ParallelOptions,
): Promise<ParsedFile[]> {
  const threads = Math.max(2, options.threads ?? availableParallelism());
  const rangeMin = options.rangeMinBytes ?? RANGE_MIN_BYTES;
  const plans = await Promise.all(
    files.map((f, i) => planFile(f.path, sizes[i], options.columns?.[f.type], threads * RANGES_PER_THREAD, rangeMin)),
  );
  const units = plans.flat();
  const unitBytes = plans.flatMap((plan, i) => plan.map((u) => (u.range ? u.range.end - u.range.start : sizes[i])));
  const results: UnitResult[] = new Array(units.length);
  let next = 0;
  let done = 0;
  const take = (): number => (next < units.length ? next++ : -1);
  const finished = (i: number, result: UnitResult): void => {
    results[i] = result;
    done += unitBytes[i];
    options.onBytes?.(done);
  };
  const workers = Array.from({ length: Math.min(threads - 1, units.length - 1) }, () => new ReadWorker());
  try {
    const onWorker = async (worker: ReadWorker): Promise<void> => {
      // A worker that cannot start leaves its share to the main thread.
      if (
        !(await worker.ready.then(
          () => true,
          () => false,
        ))
      )
        return;
      for (let i = take(); i >= 0; i = take()) finished(i, await worker.run(units[i]));
    };
    const onMain = async (): Promise<void> => {
      for (let i = take(); i >= 0; i = take()) finished(i, await parseUnit(units[i]));
    };
    await Promise.all([onMain(), ...workers.map(onWorker)]);
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
  }

  const parsed: ParsedFile[] = [];
  let u = 0;
  for (const plan of plans) {
    const pieces = results.slice(u, u + plan.length);
    u += plan.length;
    if (pieces.length === 1) {
      addProblems(options.problems, pieces[0], 0);
      parsed.push({ info: pieces[0].info, log: joinLogs([pieces[0].log]) });
      continue;
    }
    if (pieces.some((p) => p.headerInside)) {
      const whole = await parseUnit({ file: plan[0].file, keep: plan[0].keep });
      addProblems(options.problems, whole, 0);
      parsed.push({ info: whole.info, log: joinLogs([whole.log]) });
      continue;
    }
    let lineOffset = 0;
    for (const piece of pieces) {
      addProblems(options.problems, piece, lineOffset);
      lineOffset += piece.lines;
    }
    const log = joinLogs(pieces.map((p) => p.log));
    parsed.push({ info: { ...pieces[0].info, rows: log.rows }, log });
  }
  return parsed;
}
