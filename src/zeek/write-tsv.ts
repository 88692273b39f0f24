/**
 * A streaming writer of Zeek TSV logs, byte-compatible with Zeek's ASCII writer: the same header
 * lines, the same escaping (`\xNN` for non-printable bytes and the separator, `\\` for a
 * backslash, `\x2c` for a comma inside a set, `\x2d` for a string that is exactly `-`), `-` for
 * unset values, `(empty)` for empty strings and sets, T/F booleans and times with 6 decimals.
 *
 * Rows are formatted cell by cell into a reused array, joined into lines, and handed to the file
 * stream in chunks of thousands of lines, so a million rows cost a few hundred stream writes; `flush()` waits for the stream to drain, which
 * keeps memory bounded when a producer calls it between batches.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { createGzip, type Gzip } from 'node:zlib';
import { ZeekseqError } from '../util/errors.js';

/** One column of a Zeek log: its name and Zeek type (`time`, `count`, `addr`, `set[string]`, ...). */
export interface ZeekField {
  name: string;
  type: string;
}

/** What a log file declares in its header: `#path` and the columns of `#fields`/`#types`. */
export interface ZeekLogSchema {
  path: string;
  fields: readonly ZeekField[];
}

/**
 * A value for one column. `null`, `undefined` and `NaN` are written as unset (`-`); sets and
 * vectors are arrays; times and intervals are seconds (epoch seconds for `time`).
 */
export type ZeekValue = string | number | boolean | null | undefined | readonly (string | number)[];

export interface ZeekTsvWriterOptions {
  /** Compress the file with gzip (name it `.log.gz`). */
  gzip?: boolean;
  /** Epoch seconds written as `#open` (Zeek writes the time the file was opened, here in UTC). */
  openTime: number;
}

const SEPARATOR = '\t';
const SET_SEPARATOR = ',';
const EMPTY_FIELD = '(empty)';
const UNSET_FIELD = '-';
/** Hand the stream a chunk once this many lines are queued. */
const CHUNK_LINES = 4096;

/** Whether `value` is printable ASCII without a backslash (or a comma inside a set): no escaping. */
function plain(value: string, inSet: boolean): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 0x5c || (inSet && c === 0x2c)) return false;
  }
  return true;
}

const HEX = '0123456789abcdef';

function hexEscape(byte: number): string {
  return `\\x${HEX[byte >> 4]}${HEX[byte & 15]}`;
}

/**
 * A string as Zeek's ASCII writer prints it. `inSet` also escapes the set separator, as Zeek does
 * for elements of sets and vectors. Non-ASCII text is escaped byte by byte from its UTF-8 form,
 * which is Zeek's default (`LogAscii::enable_utf_8 = F`).
 */
export function escapeZeekString(value: string, inSet = false): string {
  if (value.length === 0) return EMPTY_FIELD;
  // A value equal to a reserved marker gets its first character escaped so it cannot be misread.
  if (value === UNSET_FIELD) return '\\x2d';
  if (value === EMPTY_FIELD) return '\\x28empty)';
  if (plain(value, inSet)) return value;
  const bytes = Buffer.from(value, 'utf8');
  let out = '';
  for (const byte of bytes) {
    if (byte === 0x5c) out += '\\\\';
    else if (byte < 0x20 || byte > 0x7e || (inSet && byte === 0x2c)) out += hexEscape(byte);
    else out += String.fromCharCode(byte);
  }
  return out;
}

/** Seconds with exactly 6 decimals, as Zeek writes `time` and `interval`. */
export function formatZeekTime(seconds: number): string {
  return seconds.toFixed(6);
}

/** Zeek's `double`: up to 6 decimals without trailing zeros, and `.0` on whole numbers. */
function formatZeekDouble(value: number): string {
  const text = value.toFixed(6).replace(/\.?0+$/, '');
  return text.includes('.') ? text : `${text === '-0' ? '0' : text}.0`;
}

/** `YYYY-MM-DD-HH-MM-SS` in UTC, the stamp of `#open` and `#close`. */
export function formatZeekStamp(epochSeconds: number): string {
  const iso = new Date(Math.floor(epochSeconds) * 1000).toISOString(); // 2024-03-04T08:15:02.000Z
  return `${iso.slice(0, 10)}-${iso.slice(11, 13)}-${iso.slice(14, 16)}-${iso.slice(17, 19)}`;
}

/** How a column's values are printed (the element type, for sets and vectors). */
const TIME = 0;
const UNSIGNED = 1;
const INT = 2;
const DOUBLE = 3;
const BOOL = 4;
const TEXT = 5;

const EXPECTED = [
  'a number of seconds',
  'a non-negative integer',
  'an integer',
  'a number',
  'true or false',
  'a string',
];

function kindOf(type: string): number {
  switch (type) {
    case 'time':
    case 'interval':
      return TIME;
    case 'count':
    case 'port':
      return UNSIGNED;
    case 'int':
      return INT;
    case 'double':
      return DOUBLE;
    case 'bool':
      return BOOL;
    default:
      return TEXT; // string, enum, addr, subnet, pattern
  }
}

/** A set value printed as `kind`, or null if it is not of that kind. */
function formatScalar(kind: number, v: string | number | boolean, inSet: boolean): string | null {
  switch (kind) {
    case TIME:
      return typeof v === 'number' ? formatZeekTime(v) : null;
    case UNSIGNED:
      return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? String(v) : null;
    case INT:
      return typeof v === 'number' && Number.isInteger(v) ? String(v) : null;
    case DOUBLE:
      return typeof v === 'number' ? formatZeekDouble(v) : null;
    case BOOL:
      return typeof v === 'boolean' ? (v ? 'T' : 'F') : null;
    default:
      return typeof v === 'boolean' ? null : escapeZeekString(typeof v === 'string' ? v : String(v), inSet);
  }
}

/** The header Zeek writes before the first row. */
export function zeekHeader(schema: ZeekLogSchema, openTime: number): string {
  const names = schema.fields.map((f) => f.name).join(SEPARATOR);
  const types = schema.fields.map((f) => f.type).join(SEPARATOR);
  return (
    `#separator \\x09\n#set_separator${SEPARATOR}${SET_SEPARATOR}\n#empty_field${SEPARATOR}${EMPTY_FIELD}\n` +
    `#unset_field${SEPARATOR}${UNSET_FIELD}\n#path${SEPARATOR}${schema.path}\n` +
    `#open${SEPARATOR}${formatZeekStamp(openTime)}\n#fields${SEPARATOR}${names}\n#types${SEPARATOR}${types}`
  );
}

/** Writes one Zeek TSV log file, row by row. */
export class ZeekTsvWriter {
  readonly file: string;
  readonly schema: ZeekLogSchema;
  /** Per column: how values print, and whether the column is a set or vector. */
  private readonly kinds: Uint8Array;
  private readonly containers: Uint8Array;
  private readonly file$: WriteStream;
  private readonly gzip: Gzip | null;
  private readonly cells: string[];
  /** Lines queued for the stream (the header first, then rows, then `#close`). */
  private lines: string[];
  private rowCount = 0;
  private failure: Error | null = null;
  /** Settles when either stream fails, so a wait for 'drain' cannot hang on a dead file. */
  private readonly errored: Promise<void>;
  private closed = false;

  constructor(file: string, schema: ZeekLogSchema, options: ZeekTsvWriterOptions) {
    if (schema.fields.length === 0) {
      throw new ZeekseqError(`cannot write ${file}: the ${schema.path} schema has no fields; give at least one field.`);
    }
    this.file = file;
    this.schema = schema;
    this.kinds = new Uint8Array(schema.fields.length);
    this.containers = new Uint8Array(schema.fields.length);
    schema.fields.forEach((field, i) => {
      const container = /^(?:set|vector)\[(.+)\]$/.exec(field.type);
      this.containers[i] = container ? 1 : 0;
      this.kinds[i] = kindOf(container ? container[1] : field.type);
    });
    let signal = (): void => {};
    this.errored = new Promise((resolve) => (signal = resolve));
    const fail = (error: Error) => {
      this.failure ??= error;
      signal();
    };
    this.file$ = createWriteStream(file);
    this.file$.on('error', fail);
    this.gzip = options.gzip ? createGzip() : null;
    if (this.gzip) {
      this.gzip.on('error', fail);
      this.gzip.pipe(this.file$);
    }
    this.cells = new Array<string>(schema.fields.length).fill('');
    this.lines = [zeekHeader(schema, options.openTime)];
  }

  /** Data rows written so far. */
  get rows(): number {
    return this.rowCount;
  }

  /** Format one row (values in schema order) and queue it. */
  write(values: readonly ZeekValue[]): void {
    if (this.closed) throw new Error(`${this.file} is closed; open a new writer to write more rows`);
    const { kinds, containers, cells } = this;
    if (values.length !== kinds.length) {
      throw new ZeekseqError(
        `row ${this.rowCount + 1} of ${this.file} has ${values.length} values but ${this.schema.path}.log has ` +
          `${kinds.length} fields; pass one value per field, in schema order.`,
      );
    }
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      let cell: string | null;
      if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) cell = UNSET_FIELD;
      else if (containers[i] === 1) cell = Array.isArray(v) ? this.container(kinds[i], v) : null;
      else cell = formatScalar(kinds[i], v as string | number | boolean, false);
      if (cell === null) throw this.badValue(i, v);
      cells[i] = cell;
    }
    this.lines.push(cells.join(SEPARATOR));
    this.rowCount++;
    if (this.lines.length >= CHUNK_LINES) this.push();
  }

  /** A set or vector: elements joined by the set separator, `(empty)` when there are none. */
  private container(kind: number, items: readonly (string | number)[]): string | null {
    if (items.length === 0) return EMPTY_FIELD;
    let out = '';
    for (let j = 0; j < items.length; j++) {
      const item = items[j];
      const text =
        item === null || item === undefined || Number.isNaN(item) ? UNSET_FIELD : formatScalar(kind, item, true);
      if (text === null) return null;
      out += j === 0 ? text : SET_SEPARATOR + text;
    }
    return out;
  }

  private badValue(column: number, value: ZeekValue): ZeekseqError {
    const field = this.schema.fields[column];
    const expected = (this.containers[column] ? 'an array of ' : '') + EXPECTED[this.kinds[column]];
    return new ZeekseqError(
      `row ${this.rowCount + 1} of ${this.file}, field ${field.name} (${field.type}), needs ${expected}, got ${JSON.stringify(value)}; ` +
        'pass values of the types the schema declares.',
    );
  }

  /** Hand queued rows to the stream and wait until it can take more. */
  async flush(): Promise<void> {
    this.push();
    const sink = this.gzip ?? this.file$;
    if (sink.writableNeedDrain) await Promise.race([once(sink, 'drain').catch(() => undefined), this.errored]);
    this.check();
  }

  /** Write `#close` with `closeTime` (epoch seconds) and finish the file. */
  async close(closeTime: number): Promise<void> {
    if (this.closed) return;
    this.lines.push(`#close${SEPARATOR}${formatZeekStamp(closeTime)}`);
    this.push();
    this.closed = true;
    (this.gzip ?? this.file$).end();
    await Promise.race([finished(this.file$).catch(() => undefined), this.errored]);
    this.check();
  }

  private push(): void {
    this.check();
    if (this.lines.length === 0) return;
    (this.gzip ?? this.file$).write(`${this.lines.join('\n')}\n`);
    this.lines = [];
  }

  private check(): void {
    if (this.failure) {
      throw new ZeekseqError(
        `cannot write ${this.file}: ${this.failure.message}; check that the folder exists and is writable.`,
      );
    }
  }
}
