/**
 * Streams a log file as lines of bytes: gzip is recognised by its magic bytes (not the name),
 * chunks are split on 0x0a in place, and only a line that straddles two chunks is copied.
 * Small files (zeekctl's hourly logs) are read in one go, which is several times faster than
 * a stream per file. Damage (a truncated or corrupt gzip, a read error) keeps every line read
 * before it and is recorded as a problem instead of failing the whole read.
 */
import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createGunzip, gunzipSync } from 'node:zlib';
import type { ProblemRecorder } from './read-problems.js';

/** Receives one line: bytes [start, end) of `buf` without the line break; `line` is 1-based. */
export type LineHandler = (buf: Buffer, start: number, end: number, line: number) => void;

export interface SourceOptions {
  problems: ProblemRecorder;
  /** Called once before the first line with the expected bytes of text (0 when unknown). */
  onStart?: (expectedBytes: number) => void;
  /** Called as the file is read with the bytes read from disk so far (compressed bytes for gzip). */
  onBytes?: (bytesRead: number) => void;
}

export interface SourceInfo {
  gzip: boolean;
  /** False when reading stopped early at damage, or the file could not be opened. */
  complete: boolean;
}

const CHUNK = 1 << 20;
/** Files up to this size on disk are read whole (and gunzipped in one call). */
const SMALL_FILE = 1 << 20;
/** ...unless they inflate to more than this. */
const SMALL_TEXT = 1 << 24;

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isGzip(head: Buffer): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/** Splits chunks into lines, carrying a line that straddles chunks to the next one. */
class LineSplitter {
  line = 0;
  /** An error thrown by the line handler: a bug to report, not damage in the file. */
  failure: unknown = undefined;
  private first = true;
  private carry: Buffer[] = [];

  constructor(private readonly onLine: LineHandler) {}

  get hasPartialLine(): boolean {
    return this.carry.length > 0;
  }

  push(chunk: Buffer): void {
    let pos = 0;
    if (this.carry.length > 0) {
      const nl = chunk.indexOf(10);
      if (nl < 0) {
        // Copied: the caller may reuse the chunk's memory for the next read.
        this.carry.push(Buffer.from(chunk));
        return;
      }
      this.carry.push(chunk.subarray(0, nl));
      const joined = Buffer.concat(this.carry);
      this.carry = [];
      this.emit(joined, 0, joined.length);
      pos = nl + 1;
    }
    for (let nl = chunk.indexOf(10, pos); nl >= 0; nl = chunk.indexOf(10, pos)) {
      this.emit(chunk, pos, nl);
      pos = nl + 1;
    }
    // Copied, so that the whole chunk is not kept alive for a few bytes.
    if (pos < chunk.length) this.carry.push(Buffer.from(chunk.subarray(pos)));
  }

  /** The last line, if the file does not end with a line break. */
  end(): void {
    if (this.carry.length === 0) return;
    const last = Buffer.concat(this.carry);
    this.carry = [];
    this.emit(last, 0, last.length);
  }

  /** Forgets an incomplete last line (the data after it is damaged). */
  dropPartialLine(): void {
    this.carry = [];
  }

  private emit(buf: Buffer, start: number, end: number): void {
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

/** Feeds an inflating stream's chunks to the splitter; on damage records it and returns false. */
async function pumpGunzip(
  stream: Readable,
  splitter: LineSplitter,
  file: string,
  options: SourceOptions,
  bytesRead: () => number,
): Promise<boolean> {
  const chunks = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  try {
    for (;;) {
      let next: IteratorResult<Buffer>;
      try {
        next = await chunks.next();
      } catch (error) {
        const line = splitter.line + 1;
        const partial = splitter.hasPartialLine ? `; the incomplete line ${line} was not read` : '';
        splitter.dropPartialLine();
        options.problems.add(
          file,
          line,
          'truncated-gzip',
          `gzip data is truncated or corrupt (${errorText(error)}) after line ${line - 1}: the rows before it were kept${partial} (corrupt data can garble the rows just before this point; they are reported as other problems); re-copy the file to read the rest`,
        );
        return false;
      }
      if (next.done) return true;
      splitter.push(next.value);
      options.onBytes?.(bytesRead());
    }
  } finally {
    stream.destroy();
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
    options.onStart?.(bytesRead);
    splitter.push(bytes);
  } else {
    const isize = bytesRead >= 18 ? bytes.readUInt32LE(bytesRead - 4) : 0;
    options.onStart?.(isize);
    let text: Buffer;
    try {
      text = gunzipSync(bytes);
    } catch {
      // Damaged: inflate as a stream instead, which yields the rows before the damage.
      const complete = await pumpGunzip(
        Readable.from([bytes]).pipe(createGunzip()),
        splitter,
        file,
        options,
        () => bytesRead,
      );
      if (complete) splitter.end();
      return { gzip, complete };
    }
    splitter.push(text);
  }
  options.onBytes?.(bytesRead);
  splitter.end();
  return { gzip, complete: true };
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
    return { gzip: false, complete: false };
  }
  const splitter = new LineSplitter(onLine);
  try {
    if (size <= SMALL_FILE) {
      const head = Buffer.alloc(4);
      const { bytesRead } = await handle.read(head, 0, 2, 0);
      let isize = 0;
      if (bytesRead === 2 && isGzip(head) && size >= 18) {
        await handle.read(head, 0, 4, size - 4);
        isize = head.readUInt32LE(0);
      }
      if (isize <= SMALL_TEXT) return await readSmall(handle, size, file, splitter, options);
    }
    const head = Buffer.alloc(4);
    await handle.read(head, 0, 2, 0);
    const gzip = isGzip(head);
    let expectedBytes = size;
    if (gzip) {
      await handle.read(head, 0, 4, size - 4);
      const isize = head.readUInt32LE(0);
      // ISIZE is the inflated size modulo 2^32: below the compressed size it has wrapped.
      expectedBytes = isize >= size ? isize : 0;
    }
    options.onStart?.(expectedBytes);
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
      }
      splitter.end();
      return { gzip, complete: true };
    }
    const raw = handle.createReadStream({ start: 0, highWaterMark: CHUNK });
    const gunzip = createGunzip({ chunkSize: CHUNK });
    raw.on('error', (error) => gunzip.destroy(error));
    const complete = await pumpGunzip(raw.pipe(gunzip), splitter, file, options, () => raw.bytesRead);
    raw.destroy();
    if (complete) splitter.end();
    return { gzip, complete };
  } catch (error) {
    if (splitter.failure !== undefined) throw error;
    options.problems.add(
      file,
      splitter.line + 1,
      'unreadable',
      `reading ${file} failed (${errorText(error)}): the rows before line ${splitter.line + 1} were kept`,
    );
    return { gzip: false, complete: false };
  } finally {
    await handle.close().catch(() => undefined);
  }
}
