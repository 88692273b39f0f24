/**
 * Zeek JSON lines (Corelight's default): one object per line with dotted keys such as
 * `id.orig_h` (nested objects are flattened to the same names). Column types come from the
 * values: numbers, booleans, strings, arrays; a text column of ISO-8601 times (Zeek's
 * `json_timestamps` option) becomes epoch seconds like a TSV `time`. Lines nested deeper than
 * MAX_JSON_DEPTH are found by a scan before JSON.parse (whose recursion they would overflow),
 * values over MAX_FIELD_BYTES are read as unset, and keys past MAX_COLUMNS are not read; each
 * is a problem on its line.
 */
import {
  rowEstimateFor,
  type Builder,
  type Column,
  type LogParser,
  type ParseContext,
  type ParsedLog,
  type RowEstimate,
  inferTimeColumn,
  newBuilder,
  valueAsText,
  widenToText,
  type ColumnKind,
} from './read-columns.js';
import { type DecodeFlags, decodeUtf8 } from './read-decode.js';
import { StringInterner } from './read-intern.js';
import { MAX_COLUMNS, MAX_FIELD_BYTES, MAX_JSON_DEPTH } from './limits.js';
import type { ProblemKind } from './problems.js';

/**
 * The deepest nesting of objects and arrays in bytes [start, end) of a JSON text, counted without
 * recursion (brackets inside strings do not count); stops early once past `limit`.
 */
export function jsonDepth(buf: Buffer, start: number, end: number, limit: number): number {
  let depth = 0;
  let deepest = 0;
  for (let i = start; i < end; i++) {
    const c = buf[i];
    if (c === 0x22) {
      // Skip the string: a backslash escapes the next byte.
      for (i++; i < end && buf[i] !== 0x22; i++) if (buf[i] === 0x5c) i++;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > deepest) {
        deepest = depth;
        if (deepest > limit) return deepest;
      }
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return deepest;
}

/** Bytes of a value as JSON text would hold it, roughly: enough to tell an over-long one. */
function valueBytes(value: unknown): number {
  if (typeof value === 'string') return Buffer.byteLength(value, 'utf8');
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + valueBytes(v) + 1, 0);
  return 8;
}

function kindOf(value: unknown): ColumnKind {
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'bool';
  if (Array.isArray(value)) return 'list';
  return 'string';
}

/** One column whose kind is set by its first value and widened to text on disagreement. */
class JsonColumn {
  private builder: Builder | null = null;
  private readonly interner = new StringInterner();

  constructor(private readonly estimate: RowEstimate) {}

  /** Sets the value of row `row` (rows this column skipped stay unset). */
  set(row: number, value: unknown): void {
    if (value === null || value === undefined) return;
    const kind = kindOf(value);
    let builder = this.builder;
    if (!builder) {
      builder = this.builder = newBuilder(kind, this.estimate);
    } else if (builder.kind !== kind && builder.kind !== 'string') {
      builder = this.builder = widenToText(builder, this.estimate);
    }
    builder.padTo(row);
    if (builder.length > row) return; // the same name twice in one object: the first wins
    switch (builder.kind) {
      case 'number':
        builder.push(value as number);
        break;
      case 'bool':
        builder.push(value as boolean);
        break;
      case 'list':
        builder.push(Object.freeze(value as unknown[]));
        break;
      case 'string':
        builder.push(this.interner.intern(typeof value === 'string' ? value : valueAsText(value)!));
        break;
    }
  }

  finish(rows: number): Column {
    const builder = this.builder ?? newBuilder('string');
    builder.padTo(rows);
    const column = builder.finish();
    return column.kind === 'string' ? inferTimeColumn(column.values) : column;
  }
}

export class JsonParser implements LogParser {
  readonly format = 'json';
  private readonly columns = new Map<string, JsonColumn>();
  private readonly estimate = rowEstimateFor(() => this.ctx);
  private readonly flags: DecodeFlags = { badEscape: false, badUtf8: false };
  private rows = 0;

  constructor(private readonly ctx: ParseContext) {}

  /** Problems of the line being read, reported once it is known to be a row. */
  private lineProblems: [ProblemKind, string][] = [];
  /** Whether the line is long enough to hold a value over MAX_FIELD_BYTES (only then are values measured). */
  private longLine = false;
  /** Keys of the line that would have been columns past MAX_COLUMNS. */
  private unreadKeys: string[] = [];

  line(buf: Buffer, start: number, end: number, line: number): void {
    this.estimate.bytesSeen += end - start + 1;
    const depth = jsonDepth(buf, start, end, MAX_JSON_DEPTH);
    if (depth > MAX_JSON_DEPTH) {
      this.problem(
        line,
        'too-deep',
        `JSON nested deeper than ${MAX_JSON_DEPTH} levels (MAX_JSON_DEPTH): the row was not read; Zeek nests records two or three levels deep, so the line is damaged or not from Zeek`,
      );
      return;
    }
    const text = decodeUtf8(buf, start, end, this.flags);
    if (text.trim() === '') return;
    this.longLine = end - start > MAX_FIELD_BYTES;
    let record: unknown;
    try {
      record = JSON.parse(text);
    } catch (error) {
      this.problem(line, 'bad-json', `line is not valid JSON (${(error as Error).message}): the row was not read`);
      this.flags.badUtf8 = false;
      return;
    }
    if (record === null || typeof record !== 'object' || Array.isArray(record)) {
      this.problem(line, 'bad-json', `line is JSON but not an object (${text.slice(0, 40)}): the row was not read`);
      this.flags.badUtf8 = false;
      return;
    }
    if (this.flags.badUtf8) {
      this.problem(line, 'bad-utf8', 'bytes that are not UTF-8 were replaced by U+FFFD');
      this.flags.badUtf8 = false;
    }
    this.add(record as Record<string, unknown>, '');
    if (this.unreadKeys.length > 0) {
      const keys = this.unreadKeys;
      const shown = keys
        .slice(0, 3)
        .map((k) => JSON.stringify(k.slice(0, 60)))
        .join(', ');
      this.lineProblems.push([
        'too-many-columns',
        `the file has more keys than the ${MAX_COLUMNS} columns zeekseq reads per file (MAX_COLUMNS): ${keys.length} values (${shown}${keys.length > 3 ? ', ...' : ''}) were not read`,
      ]);
      this.unreadKeys = [];
    }
    for (const [kind, message] of this.lineProblems) this.problem(line, kind, message);
    this.lineProblems = [];
    this.rows++;
    this.estimate.rowsSeen = this.rows;
  }

  /** Sets the row's values, flattening nested objects into dotted names. */
  private add(record: Record<string, unknown>, prefix: string): void {
    for (const key of Object.keys(record)) {
      const value = record[key];
      const name = prefix + key;
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        this.add(value as Record<string, unknown>, `${name}.`);
        continue;
      }
      if (this.ctx.keep && !this.ctx.keep.has(name)) continue;
      let column = this.columns.get(name);
      if (!column) {
        if (this.columns.size >= MAX_COLUMNS) {
          this.unreadKeys.push(name);
          continue;
        }
        column = new JsonColumn(this.estimate);
        this.columns.set(name, column);
      }
      if (this.longLine && (typeof value === 'string' || Array.isArray(value))) {
        const bytes = valueBytes(value);
        if (bytes > MAX_FIELD_BYTES) {
          this.lineProblems.push([
            'field-too-long',
            `a value of ${bytes} bytes in column ${name} is longer than the ${MAX_FIELD_BYTES} bytes zeekseq keeps (MAX_FIELD_BYTES): it was read as unset`,
          ]);
          continue;
        }
      }
      column.set(this.rows, value);
    }
  }

  private problem(line: number, kind: ProblemKind, message: string): void {
    this.ctx.problems.add(this.ctx.file, line, kind, message);
  }

  get pendingRows(): number {
    return this.rows;
  }

  flush(): ParsedLog {
    const log = this.finish();
    this.rows = 0;
    this.estimate.rowsSeen = 0;
    this.estimate.bytesSeen = 0;
    return log;
  }

  finish(): ParsedLog {
    const columns = new Map<string, Column>();
    for (const [name, column] of this.columns) columns.set(name, column.finish(this.rows));
    return { format: 'json', columns, rows: this.rows, fieldTypes: {} };
  }
}
