/**
 * Zeek logs exported as CSV with a header row (RFC 4180: fields may be quoted, quotes inside
 * are doubled, and a quoted field may span lines). Values are kept as text while reading and
 * each column is typed from all its values at the end, as for JSON.
 */
import {
  rowEstimateFor,
  type Column,
  type LogParser,
  type ParseContext,
  type ParsedLog,
  ValueBuilder,
  inferTextColumn,
  uniqueNames,
} from './read-columns.js';
import { type DecodeFlags, decodeUtf8, isBlank } from './read-decode.js';
import { StringInterner } from './read-intern.js';
import { MAX_COLUMNS, MAX_FIELD_BYTES } from './limits.js';
import type { ProblemKind } from './problems.js';

const COMMA = 0x2c;
const QUOTE = 0x22;

export class CsvParser implements LogParser {
  readonly format = 'csv';
  private names: string[] | null = null;
  private builders: (ValueBuilder<'string'> | null)[] = [];
  private interners: StringInterner[] = [];
  private readonly estimate = rowEstimateFor(() => this.ctx);
  private readonly flags: DecodeFlags = { badEscape: false, badUtf8: false };
  private rows = 0;

  // The record being read, which may continue over several lines inside quotes.
  private record: (string | null)[] = [];
  private field = '';
  private fieldTooLong = false;
  /** field-too-long messages of the record being read, reported if it becomes a row. */
  private recordProblems: string[] = [];
  private quoted = false;
  private inQuotes = false;
  private recordLine = 0;

  constructor(private readonly ctx: ParseContext) {}

  line(buf: Buffer, start: number, end: number, line: number): void {
    this.estimate.bytesSeen += end - start + 1;
    if (!this.inQuotes) {
      if (isBlank(buf, start, end)) return; // a blank line between records
      this.recordLine = line;
    }
    let runStart = start;
    let i = start;
    while (i < end) {
      const c = buf[i];
      if (this.inQuotes) {
        if (c !== QUOTE) {
          i++;
        } else if (i + 1 < end && buf[i + 1] === QUOTE) {
          this.append(this.decode(buf, runStart, i + 1)); // a doubled quote is one quote
          i += 2;
          runStart = i;
        } else {
          this.append(this.decode(buf, runStart, i));
          this.inQuotes = false;
          i++;
          runStart = i;
        }
      } else if (c === COMMA) {
        this.append(this.decode(buf, runStart, i));
        this.endField();
        i++;
        runStart = i;
      } else if (c === QUOTE && i === runStart && this.field === '' && !this.quoted) {
        this.inQuotes = true;
        this.quoted = true;
        i++;
        runStart = i;
      } else {
        i++;
      }
    }
    this.append(this.decode(buf, runStart, end));
    if (this.inQuotes) {
      this.append('\n');
      return;
    }
    this.endField();
    this.endRecord();
  }

  private decode(buf: Buffer, start: number, end: number): string {
    return start < end ? decodeUtf8(buf, start, end, this.flags) : '';
  }

  /** Adds text to the field being read; past MAX_FIELD_BYTES the field is only measured, not kept. */
  private append(text: string): void {
    if (this.fieldTooLong) return;
    this.field += text;
    if (this.field.length > MAX_FIELD_BYTES) {
      this.fieldTooLong = true;
      this.field = '';
    }
  }

  private endField(): void {
    if (this.fieldTooLong) {
      this.recordProblems.push(
        `a value in column ${this.names?.[this.record.length] ?? this.record.length + 1} is longer than the ${MAX_FIELD_BYTES} bytes zeekseq keeps (MAX_FIELD_BYTES): it was read as unset`,
      );
      this.record.push(null);
      this.fieldTooLong = false;
      this.field = '';
      this.quoted = false;
      return;
    }
    const text = this.field;
    // Unquoted empty and `-` are unset; a quoted "" is an empty string, and so is (empty).
    this.record.push(this.quoted ? text : text === '' || text === '-' ? null : text === '(empty)' ? '' : text);
    this.field = '';
    this.quoted = false;
  }

  private endRecord(): void {
    const record = this.record;
    const line = this.recordLine;
    const problems = this.recordProblems;
    this.record = [];
    this.recordProblems = [];
    if (this.flags.badUtf8) {
      this.problem(line, 'bad-utf8', 'bytes that are not UTF-8 were replaced by U+FFFD');
      this.flags.badUtf8 = false;
    }
    if (!this.names) {
      this.names = uniqueNames(record.map((name, i) => name || `column_${i + 1}`));
      this.builders = this.names.map((name, i) =>
        i >= MAX_COLUMNS || (this.ctx.keep && !this.ctx.keep.has(name))
          ? null
          : new ValueBuilder('string', this.estimate),
      );
      if (this.names.length > MAX_COLUMNS) {
        this.problem(
          line,
          'too-many-columns',
          `the header row names ${this.names.length} columns, more than the ${MAX_COLUMNS} zeekseq reads per file (MAX_COLUMNS): the last ${this.names.length - MAX_COLUMNS} were not read`,
        );
      }
      this.interners = this.names.map(() => new StringInterner());
      return;
    }
    if (record.length !== this.names.length) {
      this.problem(
        line,
        'field-count',
        `expected ${this.names.length} comma-separated fields (as the header row has), found ${record.length}: the row was not read`,
      );
      return;
    }
    for (const message of problems) this.problem(line, 'field-too-long', message);
    for (let i = 0; i < record.length; i++) {
      const value = record[i];
      this.builders[i]?.push(value === null ? null : this.interners[i].intern(value));
    }
    this.rows++;
    this.estimate.rowsSeen = this.rows;
  }

  private problem(line: number, kind: ProblemKind, message: string): void {
    this.ctx.problems.add(this.ctx.file, line, kind, message);
  }

  get pendingRows(): number {
    return this.rows;
  }

  flush(): ParsedLog | null {
    if (this.inQuotes) return null;
    const log = this.finish();
    this.rows = 0;
    this.estimate.rowsSeen = 0;
    this.estimate.bytesSeen = 0;
    return log;
  }

  finish(): ParsedLog {
    if (this.inQuotes) {
      this.problem(
        this.recordLine,
        'field-count',
        'a quoted field opened on this line is never closed: the record from here to the end of the file was not read',
      );
      this.inQuotes = false;
      this.record = [];
      this.field = '';
      this.fieldTooLong = false;
      this.recordProblems = [];
    }
    const columns = new Map<string, Column>();
    (this.names ?? []).forEach((name, i) => {
      const builder = this.builders[i];
      if (builder) columns.set(name, inferTextColumn(builder.take()));
    });
    return { format: 'csv', columns, rows: this.rows, fieldTypes: {} };
  }
}
