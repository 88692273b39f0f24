/**
 * Typed column builders for the log readers, and the rules that join columns of several files
 * (or of several header blocks) into one. Numbers go straight into a Float64Array, so a reader
 * never holds an array of row objects or boxed numbers.
 */
import { MAX_GROWTH } from './limits.js';
import type { ProblemRecorder } from './read-problems.js';
import type { Prefaulter } from '../util/prefault.js';
import { typedFrom } from '../util/typed-from.js';

/** A finished column: Float64Array (NaN = unset) or a plain array (null = unset). */
export type Column =
  | { kind: 'number'; values: Float64Array }
  | { kind: 'bool'; values: (boolean | null)[] }
  | { kind: 'string'; values: (string | null)[] }
  | { kind: 'list'; values: (readonly unknown[] | null)[] };

export type ColumnKind = Column['kind'];

/** Columns of one file (or several files joined), all of length `rows`. */
export interface ColumnSet {
  columns: Map<string, Column>;
  rows: number;
}

/**
 * Guesses how many rows a file holds from the bytes of text it is expected to hold and the bytes
 * per row seen so far, so that columns are allocated about once: growing by half each time copies
 * every column many times and leaves up to a third unused. The expected bytes come only from what
 * is on disk and what was read (a plain file's size; for gzip, the compressed size times the
 * inflation ratio so far), never from a gzip trailer, and no guess reserves more than MAX_GROWTH
 * times the rows read so far, so a wrong one costs little. Without one, columns grow by half.
 */
export class RowEstimate {
  bytesSeen = 0;
  rowsSeen = 0;
  /**
   * `expectedBytes` gives the current expectation of the file's bytes of text (0 when unknown); no guess reserves
   * more than `maxRows()` rows (a batch's when a file is read in batches).
   */
  constructor(
    private readonly expectedBytes: () => number = () => 0,
    private readonly maxRows: () => number = () => Number.POSITIVE_INFINITY,
  ) {}

  /** Capacity for a column that is full at `length` values. */
  capacity(length: number): number {
    const grown = Math.ceil(length * 1.5) + 1024;
    let guess = grown;
    const expectedBytes = this.expectedBytes();
    if (expectedBytes > this.bytesSeen && this.bytesSeen > 0 && this.rowsSeen > 0) {
      const expected = Math.ceil((this.rowsSeen * expectedBytes * 1.02) / this.bytesSeen) + 1024;
      if (expected > length + 1024) guess = Math.min(expected, length * MAX_GROWTH + 1024);
    }
    // A batch's rows bound the guess; a batch past them (it ends with a chunk of text) still grows by half, since
    // growing row by row would copy the column once per row.
    const cap = this.maxRows() + 1024;
    return length < cap ? Math.min(guess, cap) : grown;
  }
}

const NO_ESTIMATE = new RowEstimate();
/** Rows a batch may hold past its budget: it ends with the chunk of text (up to 1 MiB) that reached the budget. */
const BATCH_SLACK = 8192;
const INITIAL_CAPACITY = 1024;

/** Memory for a number column of `length` values, the first `filled` of which are about to be copied in. */
export type NumberMemory = (length: number, filled: number) => Float64Array;

const plainMemory: NumberMemory = (length) => new Float64Array(length);

/** Numbers in one Float64Array, sized by the row estimate and trimmed by `finish`. */
export class NumberBuilder {
  readonly kind = 'number';
  /** The values in [0, length); public so that a parser's hot loop can append inline. */
  data = new Float64Array(INITIAL_CAPACITY);
  length = 0;

  constructor(
    private readonly estimate: RowEstimate = NO_ESTIMATE,
    private readonly memory: NumberMemory = plainMemory,
  ) {}

  push(value: number): void {
    if (this.length === this.data.length) this.grow();
    this.data[this.length++] = value;
  }

  grow(): void {
    const bigger = this.memory(this.estimate.capacity(this.length), this.length);
    bigger.set(this.data);
    this.data = bigger;
  }

  padTo(length: number): void {
    while (this.length < length) this.push(NaN);
  }

  /** Drops the last value (a row that turned out malformed). */
  pop(): void {
    this.length--;
  }

  finish(): Column {
    const { data, length } = this;
    // Slack up to a quarter is kept rather than copied away: a copy of every column at the end of a read holds
    // old and new at once until a GC (a 1M-row conn.log estimated from its first rows had 13% slack, and
    // copying its 11 number columns raised the peak from 300 to 390 MB).
    const values = data.length - length <= length / 4 ? data.subarray(0, length) : data.slice(0, length);
    this.data = new Float64Array(0);
    this.length = 0;
    return { kind: 'number', values };
  }
}

/**
 * Booleans, strings or lists in a plain array (null = unset). The array is allocated at its
 * estimated size and filled by index: much faster and smaller than growing it by push.
 */
export class ValueBuilder<K extends Exclude<ColumnKind, 'number'>> {
  /** The values in [0, length); public so that a parser's hot loop can append inline. */
  data: Array<ValueOf<K> | null> = new Array(INITIAL_CAPACITY);
  length = 0;

  constructor(
    readonly kind: K,
    private readonly estimate: RowEstimate = NO_ESTIMATE,
  ) {}

  push(value: ValueOf<K> | null): void {
    if (this.length === this.data.length) this.grow();
    this.data[this.length++] = value;
  }

  grow(): void {
    const bigger: Array<ValueOf<K> | null> = new Array(this.estimate.capacity(this.length));
    const data = this.data;
    for (let i = 0; i < this.length; i++) bigger[i] = data[i];
    this.data = bigger;
  }

  padTo(length: number): void {
    while (this.length < length) this.push(null);
  }

  pop(): void {
    this.data[--this.length] = null;
  }

  /** The values so far (the builder is reset). */
  take(): Array<ValueOf<K> | null> {
    const values = this.data;
    values.length = this.length;
    this.data = new Array(INITIAL_CAPACITY);
    this.length = 0;
    return values;
  }

  /** Continues from `values` (a column being widened to text). */
  resume(values: Array<ValueOf<K> | null>): void {
    this.data = values;
    this.length = values.length;
  }

  finish(): Column {
    return { kind: this.kind, values: this.take() } as Column;
  }
}

/**
 * A column whose values are made by `make` when first read, then kept (see read-text.ts). `values` is an own
 * enumerable accessor, so spreading or cloning the column reads them like any other property; assigning replaces
 * them.
 */
export function lazyColumn(kind: 'bool', make: () => (boolean | null)[]): Column;
export function lazyColumn(kind: 'string', make: () => (string | null)[]): Column;
export function lazyColumn(kind: 'bool' | 'string', make: () => unknown[]): Column {
  let maker: (() => unknown[]) | null = make;
  let values: unknown[] | null = null;
  const column = { kind } as Column;
  Object.defineProperty(column, 'values', {
    enumerable: true,
    get: () => {
      if (values === null) {
        values = maker!();
        // The parts the values are made from are let go with the maker.
        maker = null;
      }
      return values;
    },
    set: (replaced: unknown[]) => {
      values = replaced;
      maker = null;
    },
  });
  return column;
}

/**
 * Booleans, one byte each (-1 unset), made into an array of booleans when the column's values are first read: an
 * array of a million pointers costs 2,000 page faults to fill and the garbage collector's time to scan.
 */
export class BoolBuilder {
  readonly kind = 'bool';
  private codes = new Int8Array(INITIAL_CAPACITY);
  length = 0;

  constructor(private readonly estimate: RowEstimate = NO_ESTIMATE) {}

  push(value: boolean | null): void {
    if (this.length === this.codes.length) {
      const bigger = new Int8Array(this.estimate.capacity(this.length));
      bigger.set(this.codes);
      this.codes = bigger;
    }
    this.codes[this.length++] = value === null ? -1 : value ? 1 : 0;
  }

  padTo(length: number): void {
    while (this.length < length) this.push(null);
  }

  pop(): void {
    this.length--;
  }

  finish(): Column {
    const codes = this.codes.subarray(0, this.length);
    this.codes = new Int8Array(INITIAL_CAPACITY);
    this.length = 0;
    return lazyColumn('bool', () => {
      const values = new Array<boolean | null>(codes.length);
      for (let i = 0; i < codes.length; i++) values[i] = codes[i] < 0 ? null : codes[i] === 1;
      return values;
    });
  }
}

type ValueOf<K extends ColumnKind> = K extends 'bool'
  ? boolean
  : K extends 'string'
    ? string
    : K extends 'list'
      ? readonly unknown[]
      : number;

export type Builder = NumberBuilder | BoolBuilder | ValueBuilder<'string'> | ValueBuilder<'list'>;

export function newBuilder(kind: ColumnKind, estimate?: RowEstimate, memory?: NumberMemory): Builder {
  switch (kind) {
    case 'number':
      return new NumberBuilder(estimate, memory);
    case 'bool':
      return new BoolBuilder(estimate);
    case 'string':
      return new ValueBuilder('string', estimate);
    case 'list':
      return new ValueBuilder('list', estimate);
  }
}

/** A value as text, for a column whose files or header blocks disagree on its type. */
export function valueAsText(value: unknown): string | null {
  if (value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value))) return null;
  if (typeof value === 'boolean') return value ? 'T' : 'F';
  if (Array.isArray(value)) return value.map((v) => valueAsText(v) ?? '-').join(',');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** The column's values as text (unset stays null). */
export function columnAsText(column: Column): (string | null)[] {
  if (column.kind === 'string') return column.values;
  return Array.from(column.values as ArrayLike<unknown>, valueAsText);
}

/** A builder of text holding what `builder` held: the fallback when types disagree. */
export function widenToText(builder: Builder, estimate?: RowEstimate): ValueBuilder<'string'> {
  if (builder.kind === 'string') return builder;
  const text = new ValueBuilder('string', estimate);
  text.resume(columnAsText(builder.finish()));
  return text;
}

/** Whether a column holds any set value. */
export function hasValues(column: Column): boolean {
  if (column.kind === 'number') {
    for (let i = 0; i < column.values.length; i++) if (!Number.isNaN(column.values[i])) return true;
    return false;
  }
  return column.values.some((v) => v !== null);
}

/**
 * Joins column sets end to end. Columns are the union in order of first appearance; a file
 * without a column gets NaN/null there. A column whose parts disagree on its kind becomes
 * text (parts that are entirely unset take any kind).
 */
export function concatColumnSets(parts: readonly ColumnSet[]): ColumnSet {
  if (parts.length === 1) return parts[0];
  const rows = parts.reduce((n, p) => n + p.rows, 0);
  const names: string[] = [];
  const seen = new Set<string>();
  for (const part of parts) {
    for (const name of part.columns.keys()) {
      if (!seen.has(name)) {
        seen.add(name);
        names.push(name);
      }
    }
  }
  const columns = new Map<string, Column>();
  for (const name of names) {
    const pieces = parts.map((p) => p.columns.get(name));
    columns.set(name, concatColumn(pieces, parts, rows));
  }
  return { columns, rows };
}

function concatColumn(pieces: (Column | undefined)[], parts: readonly ColumnSet[], rows: number): Column {
  const present = pieces.filter((c): c is Column => c !== undefined);
  const kinds = new Set(present.filter(hasValues).map((c) => c.kind));
  const kind: ColumnKind = kinds.size === 0 ? present[0].kind : kinds.size === 1 ? [...kinds][0] : 'string';
  if (kind === 'number') {
    const values = new Float64Array(rows).fill(NaN);
    let offset = 0;
    pieces.forEach((piece, i) => {
      if (piece?.kind === 'number') values.set(piece.values, offset);
      offset += parts[i].rows;
    });
    return { kind, values };
  }
  const values: unknown[] = new Array(rows);
  let offset = 0;
  pieces.forEach((piece, i) => {
    const n = parts[i].rows;
    if (!piece || (piece.kind !== kind && !hasValues(piece))) {
      for (let r = 0; r < n; r++) values[offset + r] = null;
    } else {
      const source: ArrayLike<unknown> = piece.kind === kind ? piece.values : columnAsText(piece);
      for (let r = 0; r < n; r++) values[offset + r] = source[r];
    }
    offset += n;
  });
  return { kind, values } as Column;
}

const NUMBER_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Epoch seconds of an ISO-8601 date-time (Zeek's JSON `ts` option), keeping microseconds
 * that Date.parse would round away; NaN when `text` is not one. No zone means UTC.
 */
export function parseIsoTime(text: string): number {
  const m = ISO_TIME.exec(text);
  if (!m) return NaN;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 60) return NaN;
  let seconds = Date.UTC(Number(y), month - 1, day, Number(h), Number(mi), Number(s)) / 1000;
  if (frac) seconds += Number(frac);
  if (zone && zone !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    seconds -= sign * (Number(digits.slice(0, 2)) * 3600 + Number(digits.slice(2)) * 60);
  }
  return seconds;
}

/** All non-null values pass `test` (and there is at least one). */
function allValues(values: readonly (string | null)[], test: (v: string) => boolean): boolean {
  let any = false;
  for (const v of values) {
    if (v === null) continue;
    if (!test(v)) return false;
    any = true;
  }
  return any;
}

const BOOL_TEXT = new Map([
  ['T', true],
  ['F', false],
  ['true', true],
  ['false', false],
  ['True', true],
  ['False', false],
  ['TRUE', true],
  ['FALSE', false],
]);

/**
 * The type of a text column from its values (CSV, and TSV without #types): numbers, then
 * booleans (T/F, true/false), then ISO-8601 times (as epoch seconds), else text.
 */
export function inferTextColumn(values: (string | null)[]): Column {
  if (allValues(values, (v) => NUMBER_TEXT.test(v))) {
    return { kind: 'number', values: typedFrom(Float64Array, values, (v) => (v === null ? NaN : Number(v))) };
  }
  if (allValues(values, (v) => BOOL_TEXT.has(v))) {
    return { kind: 'bool', values: values.map((v) => (v === null ? null : BOOL_TEXT.get(v)!)) };
  }
  return inferTimeColumn(values);
}

/** A text column of ISO-8601 times becomes epoch seconds; any other stays text. */
export function inferTimeColumn(values: (string | null)[]): Column {
  if (allValues(values, (v) => ISO_TIME.test(v) && !Number.isNaN(parseIsoTime(v)))) {
    return { kind: 'number', values: typedFrom(Float64Array, values, (v) => (v === null ? NaN : parseIsoTime(v))) };
  }
  return { kind: 'string', values };
}

/** What a format parser produces for one file. */
export interface ParsedLog extends ColumnSet {
  format: 'tsv' | 'json' | 'csv' | 'parquet';
  /** Zeek types declared by TSV `#types` (JSON and CSV declare none). */
  fieldTypes: Record<string, string>;
}

/** Where a parser reports problems, and which columns it keeps (all when `keep` is absent). */
export interface ParseContext {
  file: string;
  problems: ProblemRecorder;
  keep?: ReadonlySet<string>;
  /** Expected bytes of text in the file, to size the columns (0 or absent when unknown); updated as it is read. */
  expectedBytes?: number;
  /** Read in batches: the rows a batch holds at most, give or take a chunk of text (columns are sized by it). */
  batchRows?: number;
  /** A helper that takes the page faults of large number columns and text references (see prefault.ts). */
  prefault?: Prefaulter;
}

/** A format parser: fed the file's lines in order, then asked for its columns. */
export interface LogParser {
  readonly format: ParsedLog['format'];
  line(buf: Buffer, start: number, end: number, line: number): void;
  /** Rows read since the last flush. */
  readonly pendingRows: number;
  /** The rows so far, the parser then continuing with none under the same header; null inside a CSV record. */
  flush(): ParsedLog | null;
  finish(): ParsedLog;
}

/** Header names made unique (a repeated name gets `_2`, `_3`...), so no column hides another. */
export function uniqueNames(names: readonly string[]): string[] {
  const seen = new Set<string>();
  return names.map((name) => {
    let unique = name;
    for (let k = 2; seen.has(unique); k++) unique = `${name}_${k}`;
    seen.add(unique);
    return unique;
  });
}

/** Memory for the number columns of a parser reading the context's file: prefaulted when the context says so. */
export function numberMemoryFor(context: () => ParseContext): NumberMemory {
  return (length, filled) => context().prefault?.float64(length, filled) ?? new Float64Array(length);
}

/** Memory for the references of a text column (see read-text.ts), `length` values, the first `filled` copied in. */
export type ReferenceMemory = (length: number, filled: number) => Int32Array;

/** Memory for the text references of a parser reading the context's file: prefaulted as number columns are. */
export function referenceMemoryFor(context: () => ParseContext): ReferenceMemory {
  return (length, filled) => context().prefault?.int32(length, filled) ?? new Int32Array(length);
}

/**
 * The row estimate of a parser reading the context's file: by its expected bytes, within a batch when read in
 * batches. The context is asked for when needed (a parser's fields are set before its constructor's parameters).
 */
export function rowEstimateFor(context: () => ParseContext): RowEstimate {
  return new RowEstimate(
    () => context().expectedBytes ?? 0,
    () => (context().batchRows ?? Number.POSITIVE_INFINITY) + BATCH_SLACK,
  );
}
