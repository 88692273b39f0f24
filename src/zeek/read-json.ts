/**
 * Zeek JSON lines (Corelight's default): one object per line with dotted keys such as
 * `id.orig_h` (nested objects are flattened to the same names). Column types come from the
 * values: numbers, booleans, strings, arrays; a text column of ISO-8601 times (Zeek's
 * `json_timestamps` option) becomes epoch seconds like a TSV `time`.
 */
import {
  type Builder,
  type Column,
  type LogParser,
  type ParseContext,
  type ParsedLog,
  RowEstimate,
  inferTimeColumn,
  newBuilder,
  valueAsText,
  widenToText,
  type ColumnKind,
} from './read-columns.js';
import { type DecodeFlags, decodeUtf8 } from './read-decode.js';
import { StringInterner } from './read-intern.js';

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
  private readonly estimate = new RowEstimate();
  private readonly flags: DecodeFlags = { badEscape: false, badUtf8: false };
  private rows = 0;

  constructor(private readonly ctx: ParseContext) {
    this.estimate.expectedBytes = ctx.expectedBytes ?? 0;
  }

  line(buf: Buffer, start: number, end: number, line: number): void {
    this.estimate.bytesSeen += end - start + 1;
    const text = decodeUtf8(buf, start, end, this.flags);
    if (text.trim() === '') return;
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
        column = new JsonColumn(this.estimate);
        this.columns.set(name, column);
      }
      column.set(this.rows, value);
    }
  }

  private problem(line: number, kind: 'bad-json' | 'bad-utf8', message: string): void {
    this.ctx.problems.add(this.ctx.file, line, kind, message);
  }

  finish(): ParsedLog {
    const columns = new Map<string, Column>();
    for (const [name, column] of this.columns) columns.set(name, column.finish(this.rows));
    return { format: 'json', columns, rows: this.rows, fieldTypes: {} };
  }
}
