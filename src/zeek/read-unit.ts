/**
 * One piece of a parallel read: a whole log file, or a byte range of a large plain TSV log cut at line breaks.
 * The same code runs on the main thread and in the read workers, so both parse exactly as the single-threaded
 * reader does; a range after the first is parsed under the file's header (fed first, its problems not recorded)
 * with line numbers counted from the range's start, which the caller shifts once the ranges before are counted.
 */
import { open } from 'node:fs/promises';
import type { DataProblem, LogFileInfo } from './problems.js';
import type { Column, ParseContext, ParsedLog } from './read-columns.js';
import { isParquetFile, parseParquetFile } from './read-parquet.js';
import { parseLogFile } from './read-parse.js';
import { ProblemRecorder, type ProblemTotal } from './read-problems.js';
import { TsvParser } from './read-tsv.js';
import { typedFrom } from '../util/typed-from.js';

/** A TSV header line that changes how the rows after it are read. */
export const HEADER_DIRECTIVE = /^#(?:separator|set_separator|empty_field|unset_field|fields|types)\b/;

export interface ReadUnit {
  file: string;
  keep?: string[];
  /** For a range of a plain TSV file: bytes [start, end) and the header lines to parse it under. */
  range?: { start: number; end: number; header: string[] };
}

/** A parsed log whose columns may still be in their wire form (see joinPieces). */
export interface PieceLog extends Omit<ParsedLog, 'columns'> {
  columns: Map<string, Piece>;
}

export interface UnitResult {
  info: LogFileInfo;
  log: PieceLog;
  /** The first problems of each kind (at most the recorder's cap), with range-relative lines for a range. */
  problems: DataProblem[];
  totals: ProblemTotal[];
  /** Lines in the range (for shifting the line numbers of the ranges after it). */
  lines: number;
  /** A range that holds a header directive: the file must be read in one piece instead. */
  headerInside: boolean;
}

const CHUNK = 1 << 20;

/** Calls `onLine` for each line of bytes [start, end) of `file` (line breaks and a trailing CR removed). */
async function readRangeLines(
  file: string,
  start: number,
  end: number,
  onLine: (buf: Buffer, from: number, to: number) => void,
): Promise<void> {
  const handle = await open(file, 'r');
  try {
    const chunk = Buffer.allocUnsafe(CHUNK);
    let carry: Buffer | null = null;
    const emit = (buf: Buffer, from: number, to: number): void =>
      onLine(buf, from, to > from && buf[to - 1] === 0x0d ? to - 1 : to);
    for (let position = start; position < end; ) {
      const { bytesRead } = await handle.read(chunk, 0, Math.min(CHUNK, end - position), position);
      if (bytesRead === 0) break;
      position += bytesRead;
      let pos = 0;
      let nl = chunk.indexOf(10, 0);
      if (carry && (nl < 0 || nl >= bytesRead)) {
        carry = Buffer.concat([carry, chunk.subarray(0, bytesRead)]);
        continue;
      }
      if (carry) {
        const joined: Buffer = Buffer.concat([carry, chunk.subarray(0, nl)]);
        carry = null;
        emit(joined, 0, joined.length);
        pos = nl + 1;
        nl = chunk.indexOf(10, pos);
      }
      for (; nl >= 0 && nl < bytesRead; nl = chunk.indexOf(10, pos)) {
        emit(chunk, pos, nl);
        pos = nl + 1;
      }
      if (pos < bytesRead) carry = Buffer.from(chunk.subarray(pos, bytesRead));
    }
    if (carry) emit(carry, 0, carry.length);
  } finally {
    await handle.close();
  }
}

async function parseRange(unit: ReadUnit & { range: NonNullable<ReadUnit['range']> }, problems: ProblemRecorder) {
  const { file, range } = unit;
  const ctx: ParseContext = {
    file,
    // The header's own problems are reported by the first range, which holds it.
    problems: range.start === 0 ? problems : new ProblemRecorder(),
    keep: unit.keep ? new Set(unit.keep) : undefined,
    expectedBytes: range.end - range.start,
  };
  const parser = new TsvParser(ctx);
  let line = 0;
  if (range.start > 0) {
    for (const text of range.header) {
      const bytes = Buffer.from(text);
      parser.line(bytes, 0, bytes.length, ++line);
    }
    ctx.problems = problems;
    line = 0;
  }
  let inData = range.start > 0;
  let headerInside = false;
  await readRangeLines(file, range.start, range.end, (buf, start, end) => {
    line++;
    if (line === 1 && range.start === 0 && end - start >= 3 && buf[start] === 0xef && buf[start + 1] === 0xbb) {
      if (buf[start + 2] === 0xbf) start += 3; // a UTF-8 byte order mark, as the single-threaded reader drops it
    }
    if (buf[start] === 0x23) {
      if (inData && HEADER_DIRECTIVE.test(buf.toString('latin1', start, Math.min(end, start + 16))))
        headerInside = true;
    } else if (end > start) {
      inData = true;
    }
    parser.line(buf, start, end, line);
  });
  return { log: parser.finish(), lines: line, headerInside };
}

/** Parses one unit (see the file comment). */
export async function parseUnit(unit: ReadUnit): Promise<UnitResult> {
  const problems = new ProblemRecorder();
  const keep = unit.keep ? new Set(unit.keep) : undefined;
  if (unit.range) {
    const { log, lines, headerInside } = await parseRange({ ...unit, range: unit.range }, problems);
    const info: LogFileInfo = { path: unit.file, format: 'tsv', gzip: false, rows: log.rows };
    return { info, log, problems: problems.storedProblems(), totals: problems.totals(), lines, headerInside };
  }
  const { info, log } = isParquetFile(unit.file)
    ? await parseParquetFile(unit.file, { problems, keep })
    : await parseLogFile(unit.file, { problems, keep });
  return { info, log, problems: problems.storedProblems(), totals: problems.totals(), lines: 0, headerInside: false };
}

/** A column as it crosses to the main thread: text and lists as a dictionary and codes (one copy per value). */
export type WireColumn =
  | { kind: 'number'; values: Float64Array }
  | { kind: 'bool'; codes: Int8Array }
  | { kind: 'string' | 'list'; dictionary: unknown[]; codes: Int32Array };

/** A column, or a column as a worker posted it. */
export type Piece = Column | WireColumn;

export interface WireResult extends Omit<UnitResult, 'log'> {
  log: Omit<ParsedLog, 'columns'> & { columns: [string, WireColumn][] };
}

function toWire(piece: Piece): WireColumn {
  if (piece.kind === 'number' || !('values' in piece)) return piece;
  const column = piece;
  if (column.kind === 'bool') {
    return { kind: 'bool', codes: typedFrom(Int8Array, column.values, (v) => (v === null ? -1 : v ? 1 : 0)) };
  }
  const index = new Map<unknown, number>();
  const dictionary: unknown[] = [];
  const codes = new Int32Array(column.values.length);
  const values = column.values as unknown[];
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    let code = index.get(value);
    if (code === undefined) {
      code = dictionary.length;
      dictionary.push(value);
      index.set(value, code);
    }
    codes[i] = code;
  }
  return { kind: column.kind, dictionary, codes };
}

/** Copies a piece's values into `values` from `offset` (filled by index: far faster than push for large arrays). */
function copyPiece(piece: Exclude<Piece, { kind: 'number' }>, values: unknown[], offset: number): number {
  if ('values' in piece) {
    const source = piece.values as unknown[];
    for (let i = 0; i < source.length; i++) values[offset + i] = source[i];
    return source.length;
  }
  const { codes } = piece;
  if (piece.kind === 'bool') {
    for (let i = 0; i < codes.length; i++) values[offset + i] = codes[i] < 0 ? null : codes[i] === 1;
    return codes.length;
  }
  // Structured cloning does not keep arrays frozen.
  const dictionary =
    piece.kind === 'list' ? piece.dictionary.map((v) => (v === null ? null : Object.freeze(v))) : piece.dictionary;
  for (let i = 0; i < codes.length; i++) values[offset + i] = dictionary[codes[i]];
  return codes.length;
}

/** One column from its pieces (of the same kind), in order. */
export function joinPieces(pieces: readonly Piece[], rows: number): Column {
  const first = pieces[0];
  if (pieces.length === 1 && 'values' in first) return first;
  if (first.kind === 'number') {
    const values = new Float64Array(rows);
    let offset = 0;
    for (const piece of pieces) {
      const part = (piece as { values: Float64Array }).values;
      values.set(part, offset);
      offset += part.length;
    }
    return { kind: 'number', values };
  }
  const values = new Array<unknown>(rows);
  let offset = 0;
  for (const piece of pieces) offset += copyPiece(piece as Exclude<Piece, { kind: 'number' }>, values, offset);
  return { kind: first.kind, values } as Column;
}

/** The result ready to post, with the buffers to transfer rather than copy. */
export function encodeResult(result: UnitResult): { message: WireResult; transfer: ArrayBuffer[] } {
  const columns: [string, WireColumn][] = [...result.log.columns].map(([name, column]) => [name, toWire(column)]);
  const transfer = new Set<ArrayBuffer>();
  for (const [, wire] of columns) {
    const buffer = wire.kind === 'number' ? wire.values.buffer : wire.codes.buffer;
    transfer.add(buffer as ArrayBuffer);
  }
  return { message: { ...result, log: { ...result.log, columns } }, transfer: [...transfer] };
}

/** A posted result, its columns left in wire form until they are joined. */
export function receiveResult(message: WireResult): UnitResult {
  return { ...message, log: { ...message.log, columns: new Map<string, Piece>(message.log.columns) } };
}
