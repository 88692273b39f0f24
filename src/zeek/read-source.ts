/**
 * Streams a log file as lines of bytes: gzip is recognised by its magic bytes (not the name),
 * chunks are split on 0x0a in place, and only a line that straddles two chunks is copied.
 * Small files (zeekctl's hourly logs) are read in one go, which is several times faster than
 * a stream per file. Damage (a truncated or corrupt gzip, a read error) keeps every line read
 * before it and is recorded as a problem instead of failing the whole read. Nothing a file
 * claims about itself (gzip's ISIZE trailer) sizes memory: a line over MAX_LINE_BYTES is
 * skipped with a problem, and inflating is bounded the same way.
 */
import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { type Gunzip, constants, createGunzip, gunzipSync } from 'node:zlib';
import { MAX_LINE_BYTES } from './limits.js';
import type { ProblemKind } from './problems.js';
import type { ProblemSink } from './read-problems.js';

/** Receives one line: bytes [start, end) of `buf` without the line break; `line` is 1-based. */
export type LineHandler = (buf: Buffer, start: number, end: number, line: number) => void;

/** The problems a line source reports: damage to the file, and lines past the limit. */
export type SourceProblemKind = Extract<ProblemKind, 'truncated-gzip' | 'line-too-long' | 'unreadable'>;

export interface SourceOptions {
  problems: ProblemSink<SourceProblemKind>;
  /**
   * Called with the bytes of text the file is expected to hold, from what is on disk and what was read: a
   * plain file's size or a small gzip's inflated length before the first line; for a gzip inflated as a
   * stream, its compressed size times the inflation ratio so far, after each chunk.
   */
  onExpectedBytes?: (expectedBytes: number) => void;
  /** Called as the file is read with the bytes read from disk so far (compressed bytes for gzip). */
  onBytes?: (bytesRead: number) => void;
  /** Longest line passed on (default MAX_LINE_BYTES); longer ones are reported and skipped. */
  maxLineBytes?: number;
  /**
   * Awaited after the lines of each chunk of a file read as a stream (not one read whole), so that a reader in
   * batches can hand its rows on and wait before reading more.
   */
  afterChunk?: () => Promise<void>;
  /** With afterChunk: a file read whole is handed to the lines in pieces of this many bytes (default 64 KiB). */
  pieceBytes?: number;
}

export interface SourceInfo {
  gzip: boolean;
  /** False when reading stopped early at damage, or the file could not be opened. */
  complete: boolean;
  /** Lines skipped as longer than the limit (each reported). */
  tooLong: number;
}

const CHUNK = 1 << 20;
/** Pieces a file read whole is handed on in when read in batches (about 450 conn rows). */
const PIECE = 1 << 16;
/** Files up to this size on disk are read whole (and gunzipped in one call)... */
const SMALL_FILE = 1 << 20;
/** ...unless they inflate to more than this, which then streams. */
const SMALL_TEXT = 1 << 24;

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isGzip(head: Buffer): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

const mebibytes = (bytes: number): string => `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;

/**
 * Splits chunks into lines, carrying a line that straddles chunks to the next one. A line longer
 * than the limit is not carried: its bytes are dropped up to the next line break and it is
 * reported, so memory stays within the limit whatever the file holds.
 */
class LineSplitter {
  line = 0;
  tooLong = 0;
  /** An error thrown by the line handler: a bug to report, not damage in the file. */
  failure: unknown = undefined;
  private first = true;
  private carry: Buffer[] = [];
  private carried = 0;
  /** Bytes of an over-long line dropped so far; -1 when not inside one. */
  private skipped = -1;

  constructor(
    private readonly onLine: LineHandler,
    private readonly file: string,
    private readonly problems: ProblemSink<SourceProblemKind>,
    private readonly maxLine: number,
  ) {}

  get hasPartialLine(): boolean {
    return this.carry.length > 0 || this.skipped >= 0;
  }

  push(chunk: Buffer): void {
    let pos = 0;
    if (this.carry.length > 0 || this.skipped >= 0) {
      const nl = chunk.indexOf(10);
      if (nl < 0) {
        this.carryPart(chunk, 0);
        return;
      }
      if (this.skipped >= 0) {
        this.skipLine(this.skipped + nl);
      } else {
        this.carry.push(chunk.subarray(0, nl));
        const joined = Buffer.concat(this.carry);
        this.carry = [];
        this.carried = 0;
        this.emit(joined, 0, joined.length);
      }
      pos = nl + 1;
    }
    for (let nl = chunk.indexOf(10, pos); nl >= 0; nl = chunk.indexOf(10, pos)) {
      this.emit(chunk, pos, nl);
      pos = nl + 1;
    }
    if (pos < chunk.length) this.carryPart(chunk, pos);
  }

  /** The last line, if the file does not end with a line break. */
  end(): void {
    if (this.skipped >= 0) {
      this.skipLine(this.skipped);
      return;
    }
    if (this.carry.length === 0) return;
    const last = Buffer.concat(this.carry);
    this.carry = [];
    this.carried = 0;
    this.emit(last, 0, last.length);
  }

  /** Forgets an incomplete last line (the data after it is damaged). */
  dropPartialLine(): void {
    this.carry = [];
    this.carried = 0;
    this.skipped = -1;
  }

  /** Keeps bytes [pos, end) of a chunk for a line that continues in the next one, or drops them past the limit. */
  private carryPart(chunk: Buffer, pos: number): void {
    const length = chunk.length - pos;
    if (this.skipped >= 0) {
      this.skipped += length;
      return;
    }
    if (this.carried + length > this.maxLine) {
      this.skipped = this.carried + length;
      this.carry = [];
      this.carried = 0;
      return;
    }
    // Copied: the caller may reuse the chunk's memory, and a whole chunk must not stay alive for a few bytes.
    this.carry.push(Buffer.from(chunk.subarray(pos)));
    this.carried += length;
  }

  private skipLine(bytes: number): void {
    this.skipped = -1;
    this.tooLong++;
    this.line++;
    this.first = false;
    this.problems.add(
      this.file,
      this.line,
      'line-too-long',
      `line of ${mebibytes(bytes)} is longer than the ${mebibytes(this.maxLine)} zeekseq reads (MAX_LINE_BYTES): it was skipped; a real log line is far shorter, so the file may be damaged or not a log`,
    );
  }

  private emit(buf: Buffer, start: number, end: number): void {
    if (end - start > this.maxLine) {
      this.skipLine(end - start);
      return;
    }
    this.line++;
    if (end > start && buf[end - 1] === 0x0d) end--;
    if (this.first) {
      this.first = false;
      // A UTF-8 byte order mark (some CSV exports) is not part of the first field.
      if (end - start >= 3 && buf[start] === 0xef && buf[start + 1] === 0xbb && buf[start + 2] === 0xbf) start += 3;
    }
    try {
      this.onLine(buf, start, end, this.line);
    } catch (error) {
      this.failure = error;
      throw error;
    }
  }
}

/** Awaits the caller's afterChunk; what it throws ends the read as the caller's failure, not damage in the file. */
async function handOn(splitter: LineSplitter, options: SourceOptions): Promise<void> {
  try {
    await options.afterChunk?.();
  } catch (error) {
    splitter.failure = error;
    throw error;
  }
}

/** Text read whole, to the lines at once, or in pieces with afterChunk after each when the caller reads in batches. */
async function pushInPieces(text: Buffer, splitter: LineSplitter, options: SourceOptions): Promise<void> {
  if (!options.afterChunk) {
    splitter.push(text);
    return;
  }
  const piece = Math.max(1, options.pieceBytes ?? PIECE);
  for (let start = 0; start < text.length; start += piece) {
    splitter.push(text.subarray(start, start + piece));
    await handOn(splitter, options);
  }
}

/** Records damage to a gzip after the lines already passed on, forgetting a line it cut. */
function reportDamage(splitter: LineSplitter, file: string, options: SourceOptions, error: unknown): void {
  const line = splitter.line + 1;
  const partial = splitter.hasPartialLine ? `; the incomplete line ${line} was not read` : '';
  splitter.dropPartialLine();
  options.problems.add(
    file,
    line,
    'truncated-gzip',
    `gzip data is truncated or corrupt (${errorText(error)}) after line ${line - 1}: the rows before it were kept${partial} (corrupt data can garble the rows just before this point; they are reported as other problems); re-copy the file to read the rest`,
  );
}

/** Feeds an inflating stream's chunks to the splitter; on damage records it and returns false. */
async function pumpGunzip(
  gunzip: Gunzip,
  splitter: LineSplitter,
  file: string,
  options: SourceOptions,
  bytesRead: () => number,
  compressedSize: number,
): Promise<boolean> {
  const chunks = gunzip[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let inflated = 0;
  try {
    for (;;) {
      let next: IteratorResult<Buffer>;
      try {
        next = await chunks.next();
      } catch (error) {
        reportDamage(splitter, file, options, error);
        return false;
      }
      if (next.done) return true;
      inflated += next.value.length;
      // The ratio of what was inflated to the compressed bytes zlib consumed for it (not those read ahead).
      const consumed = gunzip.bytesWritten;
      if (consumed > 0) options.onExpectedBytes?.(Math.round((inflated * compressedSize) / consumed));
      splitter.push(next.value);
      options.onBytes?.(bytesRead());
      await handOn(splitter, options);
    }
  } finally {
    gunzip.destroy();
  }
}

/**
 * What inflates of a damaged small gzip, up to where its data ends: without its 8-byte trailer (which a
 * cut file lacks and a corrupt one fails) and flushing at the end, so nothing inflated is held back.
 * Null when the data itself is corrupt.
 */
function inflateDamaged(bytes: Buffer): Buffer | null {
  try {
    return gunzipSync(bytes.subarray(0, Math.max(10, bytes.length - 8)), {
      finishFlush: constants.Z_SYNC_FLUSH,
      maxOutputLength: SMALL_TEXT,
    });
  } catch {
    return null;
  }
}

async function readSmall(
  handle: FileHandle,
  size: number,
  file: string,
  splitter: LineSplitter,
  options: SourceOptions,
): Promise<SourceInfo> {
  const data = Buffer.allocUnsafe(size);
  const { bytesRead } = await handle.read(data, 0, size, 0);
  const bytes = data.subarray(0, bytesRead);
  const gzip = isGzip(bytes);
  if (!gzip) {
    options.onExpectedBytes?.(bytesRead);
    await pushInPieces(bytes, splitter, options);
  } else {
    let text: Buffer;
    try {
      // Bounded: a few hundred KB of gzip can inflate to gigabytes.
      text = gunzipSync(bytes, { maxOutputLength: SMALL_TEXT });
    } catch (error) {
      const tooLarge = error instanceof RangeError;
      const partial = tooLarge ? null : inflateDamaged(bytes);
      if (partial) {
        options.onExpectedBytes?.(partial.length);
        splitter.push(partial);
        options.onBytes?.(bytesRead);
        reportDamage(splitter, file, options, error);
        return { gzip, complete: false, tooLong: splitter.tooLong };
      }
      // Larger than a small file should be, or corrupt before its end: inflate as a stream, which holds a
      // chunk at a time and yields the rows before any damage.
      options.onExpectedBytes?.(0);
      const complete = await pumpGunzip(
        Readable.from([bytes]).pipe(createGunzip()),
        splitter,
        file,
        options,
        () => bytesRead,
        bytesRead,
      );
      if (complete) splitter.end();
      return { gzip, complete, tooLong: splitter.tooLong };
    }
    options.onExpectedBytes?.(text.length);
    await pushInPieces(text, splitter, options);
  }
  options.onBytes?.(bytesRead);
  splitter.end();
  return { gzip, complete: true, tooLong: splitter.tooLong };
}

export async function readLines(file: string, onLine: LineHandler, options: SourceOptions): Promise<SourceInfo> {
  let handle: FileHandle;
  let size: number;
  try {
    handle = await open(file, 'r');
    size = (await handle.stat()).size;
  } catch (error) {
    options.problems.add(
      file,
      0,
      'unreadable',
      `cannot open ${file}: ${errorText(error)}; check that it exists and is readable`,
    );
    return { gzip: false, complete: false, tooLong: 0 };
  }
  const splitter = new LineSplitter(onLine, file, options.problems, options.maxLineBytes ?? MAX_LINE_BYTES);
  try {
    if (size <= SMALL_FILE) return await readSmall(handle, size, file, splitter, options);
    const head = Buffer.alloc(2);
    await handle.read(head, 0, 2, 0);
    const gzip = isGzip(head);
    // A plain file holds its size in text; a gzip's inflated size is unknown until read (its ISIZE
    // trailer is a claim that damage or a crafted file can set to anything).
    options.onExpectedBytes?.(gzip ? 0 : size);
    if (!gzip) {
      // One buffer, refilled: a stream allocates a fresh chunk per read, and the dead chunks of a large file
      // pile up outside the JS heap until a GC notices them (about 10 MB of the peak for a 138 MB conn.log).
      const chunk = Buffer.allocUnsafe(CHUNK);
      for (let position = 0; ; ) {
        const { bytesRead } = await handle.read(chunk, 0, CHUNK, position);
        if (bytesRead === 0) break;
        position += bytesRead;
        splitter.push(chunk.subarray(0, bytesRead));
        options.onBytes?.(position);
        await handOn(splitter, options);
      }
      splitter.end();
      return { gzip, complete: true, tooLong: splitter.tooLong };
    }
    const raw = handle.createReadStream({ start: 0, highWaterMark: CHUNK });
    const gunzip = createGunzip({ chunkSize: CHUNK });
    raw.on('error', (error) => gunzip.destroy(error));
    raw.pipe(gunzip);
    const complete = await pumpGunzip(gunzip, splitter, file, options, () => raw.bytesRead, size);
    raw.destroy();
    if (complete) splitter.end();
    return { gzip, complete, tooLong: splitter.tooLong };
  } catch (error) {
    if (splitter.failure !== undefined) throw error;
    options.problems.add(
      file,
      splitter.line + 1,
      'unreadable',
      `reading ${file} failed (${errorText(error)}): the rows before line ${splitter.line + 1} were kept`,
    );
    return { gzip: false, complete: false, tooLong: splitter.tooLong };
  } finally {
    await handle.close().catch(() => undefined);
  }
}
