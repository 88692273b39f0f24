/**
 * Zeek's TSV log format: `#separator`, `#set_separator`, `#empty_field`, `#unset_field`,
 * `#fields` and `#types` headers, then one row per line, typed by `#types`. Fields are cut
 * out of the line's bytes and parsed in place; repeated text is interned by its bytes.
 */
import {
  rowEstimateFor,
  numberMemoryFor,
  referenceMemoryFor,
  type Builder,
  type BoolBuilder,
  type LogParser,
  type ParseContext,
  type ParsedLog,
  type NumberBuilder,
  type ValueBuilder,
  inferTextColumn,
  newBuilder,
  uniqueNames,
  columnAsText,
  type Column,
} from './read-columns.js';
import { type DecodeFlags, EXACT, POW10, decodeZeekText, isBlank, parseNumberBytes } from './read-decode.js';
import { ByteInterner, FNV_OFFSET, FNV_PRIME, hashBytes } from './read-intern.js';
import { MAX_COLUMNS, MAX_FIELD_BYTES } from './limits.js';
import { TextBuilder } from './read-text.js';
import type { ProblemKind } from './problems.js';

// How a field is parsed. A column without a #types entry is read as STR and typed from its
// values at the end.
const SKIP = 0;
const NUM = 1;
const BOOL = 2;
const STR = 3;
const LIST = 4;

const NUMBER_TYPES = new Set(['time', 'interval', 'count', 'int', 'port', 'double', 'real']);
const EMPTY_LIST: readonly unknown[] = Object.freeze([]);

/** The parse code of a Zeek type (`set[addr]` is a LIST of STR elements). */
function codeOf(type: string | undefined): number {
  if (type === undefined) return STR;
  if (NUMBER_TYPES.has(type)) return NUM;
  if (type === 'bool') return BOOL;
  if (/^(set|vector|table)\[/.test(type)) return LIST;
  return STR;
}

function elementCodeOf(type: string): number {
  const inner = /^\w+\[(.*)\]$/.exec(type)?.[1];
  const code = codeOf(inner);
  return code === LIST ? STR : code;
}

const KIND_OF_CODE = ['string', 'number', 'bool', 'string', 'list'] as const;

/** `\x09` and friends in header values. */
function unescapeHeader(text: string): string {
  return text.replace(/\\x([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

export class TsvParser implements LogParser {
  readonly format = 'tsv';
  private sep = 0x09;
  private setSep = 0x2c;
  private unset = Buffer.from('-');
  private empty = Buffer.from('(empty)');

  private pendingFields: string[] | null = null;
  private pendingTypes: string[] | null = null;
  private pendingLine = 0;
  /** Unusable header (a multi-byte separator): every data line is a problem. */
  private unusable: string | null = null;

  private names: string[] | null = null;
  private types: (string | undefined)[] = [];
  private codes = new Uint8Array(0);
  private elementCodes = new Uint8Array(0);
  private nums: (NumberBuilder | null)[] = [];
  private bools: (BoolBuilder | null)[] = [];
  private texts: (TextBuilder | null)[] = [];
  private lists: (ValueBuilder<'list'> | null)[] = [];
  private strInterners: (ByteInterner<string> | null)[] = [];
  private listInterners: (ByteInterner<readonly unknown[]> | null)[] = [];

  /** Every column seen in any header block, in order of first appearance. */
  private readonly builders = new Map<string, Builder | TextBuilder>();
  private readonly interners = new Map<string, ByteInterner<never>>();
  private readonly inferred = new Set<string>();
  private readonly fieldTypes: Record<string, string> = {};
  private rows = 0;
  private readonly estimate = rowEstimateFor(() => this.ctx);
  private readonly numberMemory = numberMemoryFor(() => this.ctx);
  private readonly referenceMemory = referenceMemoryFor(() => this.ctx);

  private readonly flags: DecodeFlags = { badEscape: false, badUtf8: false };
  /** Problems of the row being parsed: stored only if the row is kept. */
  private rowProblems: [ProblemKind, string][] = [];

  constructor(private readonly ctx: ParseContext) {}

  line(buf: Buffer, start: number, end: number, line: number): void {
    this.estimate.bytesSeen += end - start + 1;
    if (start === end) return;
    if (buf[start] === 0x23) {
      this.header(buf.toString('utf8', start, end), line);
      return;
    }
    if (this.pendingFields) this.activate();
    if (this.unusable !== null) {
      this.problem(line, 'missing-header', this.unusable);
      return;
    }
    if (!this.names) {
      if (isBlank(buf, start, end)) return;
      const shown = JSON.stringify(buf.toString('utf8', start, Math.min(end, start + 40)));
      this.problem(
        line,
        'missing-header',
        `line ${shown} comes before any #fields header and was not read: a Zeek TSV log starts with #separator, #fields and #types lines, so this file may not be a Zeek log`,
      );
      return;
    }
    this.row(buf, start, end, line);
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
    if (this.pendingFields) this.activate();
    const columns = new Map<string, Column>();
    for (const [name, builder] of this.builders) {
      builder.padTo(this.rows);
      const column = builder.finish();
      columns.set(name, this.inferred.has(name) && column.kind === 'string' ? inferTextColumn(column.values) : column);
    }
    return { format: 'tsv', columns, rows: this.rows, fieldTypes: this.fieldTypes };
  }

  private problem(line: number, kind: ProblemKind, message: string): void {
    this.ctx.problems.add(this.ctx.file, line, kind, message);
  }

  private header(text: string, line: number): void {
    if (text.startsWith('#separator')) {
      const value = unescapeHeader(text.slice('#separator'.length).trim());
      const bytes = Buffer.from(value);
      if (bytes.length !== 1) {
        this.unusable = `the file's #separator ${JSON.stringify(value)} is not a single byte, which zeekseq cannot read: re-export the log with Zeek's default tab separator`;
        this.problem(line, 'missing-header', this.unusable);
      } else {
        this.sep = bytes[0];
        this.unusable = null;
      }
      return;
    }
    const parts = text.split(String.fromCharCode(this.sep));
    const value = unescapeHeader(parts[1] ?? '');
    switch (parts[0]) {
      case '#set_separator':
        this.setSep = Buffer.from(value)[0] ?? 0x2c;
        break;
      case '#empty_field':
        this.empty = Buffer.from(value);
        break;
      case '#unset_field':
        this.unset = Buffer.from(value);
        break;
      case '#fields':
        this.pendingFields = parts.slice(1);
        this.pendingTypes = null;
        this.pendingLine = line;
        break;
      case '#types':
        this.pendingTypes = parts.slice(1);
        break;
      default:
        break; // #path, #open, #close and comments carry nothing the rows need
    }
  }

  /** Makes the pending #fields/#types the header that later rows are read under. */
  private activate(): void {
    const fields = uniqueNames(this.pendingFields!);
    const types: (string | undefined)[] = this.pendingTypes ?? [];
    const line = this.pendingLine;
    this.pendingFields = null;
    this.pendingTypes = null;
    if (types.length > 0 && types.length !== fields.length) {
      this.problem(
        line,
        'missing-header',
        `#types lists ${types.length} types for ${fields.length} #fields: columns without a type are typed from their values`,
      );
    }
    if (this.names) {
      const same =
        this.names.length === fields.length &&
        fields.every((f, i) => f === this.names![i] && types[i] === this.types[i]);
      if (same) return;
      this.problem(line, 'header-change', this.describeChange(fields, types, line));
      for (const builder of this.builders.values()) builder.padTo(this.rows);
    }
    this.names = fields;
    this.types = fields.map((_, i) => types[i]);
    const n = fields.length;
    this.codes = new Uint8Array(n);
    this.elementCodes = new Uint8Array(n);
    this.nums = new Array(n).fill(null);
    this.bools = new Array(n).fill(null);
    this.texts = new Array(n).fill(null);
    this.lists = new Array(n).fill(null);
    this.strInterners = new Array(n).fill(null);
    this.listInterners = new Array(n).fill(null);
    const unread = fields.filter((name, i) => !this.bindField(name, this.types[i], i));
    if (unread.length > 0) {
      const shown = unread.slice(0, 3).join(', ') + (unread.length > 3 ? ', ...' : '');
      this.problem(
        line,
        'too-many-columns',
        `the header names more than the ${MAX_COLUMNS} columns zeekseq reads per file (MAX_COLUMNS): ${unread.length} columns (${shown}) were not read`,
      );
    }
  }

  private bindField(name: string, type: string | undefined, i: number): boolean {
    if (this.ctx.keep && !this.ctx.keep.has(name)) return true; // SKIP
    let code = codeOf(type);
    let builder = this.builders.get(name);
    if (!builder && this.builders.size >= MAX_COLUMNS) return false; // SKIP, reported by the caller
    if (!builder) {
      builder =
        code === STR ? this.textBuilder(name) : newBuilder(KIND_OF_CODE[code], this.estimate, this.numberMemory);
      builder.padTo(this.rows);
      this.builders.set(name, builder);
      if (type === undefined) this.inferred.add(name);
      else this.fieldTypes[name] = type;
    } else if (builder.kind !== KIND_OF_CODE[code]) {
      // Header blocks disagree on the column's type: keep it as text from here on.
      if (!(builder instanceof TextBuilder)) {
        const text = this.textBuilder(name);
        for (const value of columnAsText(builder.finish())) text.pushString(value);
        builder = text;
      }
      this.builders.set(name, builder);
      this.fieldTypes[name] = 'string';
      code = STR;
    } else if (type !== undefined && this.fieldTypes[name] !== undefined && this.fieldTypes[name] !== type) {
      this.fieldTypes[name] = type;
    }
    this.codes[i] = code;
    if (code === LIST) this.elementCodes[i] = elementCodeOf(type!);
    // One interner per column and parse code: a retyped column must not see old values.
    const key = `${code}:${name}`;
    let interner = this.interners.get(key);
    if (!interner) {
      interner = new ByteInterner<never>();
      this.interners.set(key, interner);
    }
    switch (code) {
      case NUM:
        this.nums[i] = builder as NumberBuilder;
        break;
      case BOOL:
        this.bools[i] = builder as BoolBuilder;
        break;
      case STR:
        this.texts[i] = builder as TextBuilder;
        this.strInterners[i] = interner as ByteInterner<string>;
        break;
      case LIST:
        this.lists[i] = builder as ValueBuilder<'list'>;
        this.listInterners[i] = interner as ByteInterner<readonly unknown[]>;
        break;
    }
    return true;
  }

  /** A text column whose entries are those of the column's text interner. */
  private textBuilder(name: string): TextBuilder {
    return new TextBuilder(
      () => this.interners.get(`${STR}:${name}`)?.entries() ?? [],
      this.estimate,
      this.referenceMemory,
    );
  }

  private describeChange(fields: string[], types: (string | undefined)[], line: number): string {
    const old = new Map(this.names!.map((f, i) => [f, this.types[i]]));
    const added = fields.filter((f) => !old.has(f));
    const removed = this.names!.filter((f) => !fields.includes(f));
    const retyped = fields.filter((f, i) => old.has(f) && old.get(f) !== types[i]);
    const parts = [
      added.length ? `added ${added.join(', ')}` : '',
      removed.length ? `removed ${removed.join(', ')}` : '',
      retyped.length ? `retyped ${retyped.join(', ')}` : '',
      !added.length && !removed.length && !retyped.length ? 'reordered the columns' : '',
    ].filter(Boolean);
    return `a new #fields header at line ${line} ${parts.join('; ')}: rows after it are read under the new header (columns missing from either part are unset there)`;
  }

  private row(buf: Buffer, start: number, end: number, line: number): void {
    if (end - start > MAX_FIELD_BYTES) {
      // Only a line this long can hold an over-long value: the row loop below stays as fast as before.
      const shortened = this.withoutLongFields(buf, start, end);
      if (shortened) {
        buf = shortened;
        start = 0;
        end = shortened.length;
      }
    }
    const sep = this.sep;
    const codes = this.codes;
    const n = codes.length;
    let pos = start;
    let i = 0;
    for (;;) {
      // Each case scans its field up to the separator and parses it in the same pass.
      let stop: number;
      switch (i < n ? codes[i] : SKIP) {
        case NUM: {
          // parseNumberBytes's fast path, inlined with the push: a call per field costs as
          // much as parsing it.
          let p = pos;
          let negative = false;
          if (p < end && buf[p] === 0x2d) {
            negative = true;
            p++;
          }
          let mantissa = 0;
          let digits = 0;
          let dot = -1;
          let plain = true;
          for (; p < end; p++) {
            const c = buf[p];
            if (c === sep) break;
            const d = c - 0x30;
            if (d >= 0 && d <= 9) {
              mantissa = mantissa * 10 + d;
              digits++;
            } else if (c === 0x2e && dot < 0) {
              dot = p;
            } else {
              plain = false;
            }
          }
          let value: number;
          if (plain && digits > 0 && mantissa < EXACT && (dot < 0 || p - dot <= 23)) {
            value = dot < 0 ? mantissa : mantissa / POW10[p - dot - 1];
            if (negative) value = -value;
          } else {
            value = this.number(buf, pos, p, i);
          }
          const b = this.nums[i]!;
          if (b.length === b.data.length) b.grow();
          b.data[b.length++] = value;
          stop = p;
          break;
        }
        case STR: {
          // Hashes the bytes for the interner while looking for the end, and notes whether the
          // text is plain ASCII without escapes (then it is sliced out as is).
          const interner = this.strInterners[i]!;
          const b = this.texts[i]!;
          let p = pos;
          let special = 0;
          if (interner.enabled) {
            let h = FNV_OFFSET;
            for (; p < end; p++) {
              const c = buf[p];
              if (c === sep) break;
              h = Math.imul(h ^ c, FNV_PRIME);
              special |= c & 0x80;
              if (c === 0x5c) special = 1;
            }
            // The unset and empty markers are never interned: a later header block may redefine them.
            const marker = this.marker(buf, pos, p);
            const entry = marker !== undefined ? 0 : interner.find(buf, pos, p, h >>> 0);
            if (entry > 0) {
              if (b.length === b.refs.length) b.grow();
              b.refs[b.length++] = entry - 1;
            } else if (marker !== undefined) b.pushString(marker);
            else this.internedText(buf, pos, p, h >>> 0, special === 0, interner, i, b);
          } else {
            // A mostly distinct column (uid): hashing would not pay.
            for (; p < end; p++) {
              const c = buf[p];
              if (c === sep) break;
              special |= c & 0x80;
              if (c === 0x5c) special = 1;
            }
            const marker = this.marker(buf, pos, p);
            const value = marker !== undefined ? marker : this.text(buf, pos, p, special === 0, i);
            if (b.values === null) b.toStrings();
            if (b.length === b.values!.length) b.grow();
            b.values![b.length++] = value;
          }
          stop = p;
          break;
        }
        case BOOL:
          stop = this.boolField(buf, pos, end, i);
          break;
        case LIST:
          stop = pos;
          while (stop < end && buf[stop] !== sep) stop++;
          this.lists[i]!.push(this.list(buf, pos, stop, i));
          break;
        default:
          stop = pos;
          while (stop < end && buf[stop] !== sep) stop++;
      }
      i++;
      if (stop >= end) break;
      pos = stop + 1;
    }
    if (i !== n) {
      // The row cannot be aligned with the header: take back the values it added.
      for (let k = Math.min(i, n) - 1; k >= 0; k--) {
        const code = codes[k];
        if (code === NUM) this.nums[k]!.pop();
        else if (code === STR) this.texts[k]!.pop();
        else if (code === BOOL) this.bools[k]!.pop();
        else if (code === LIST) this.lists[k]!.pop();
      }
      this.rowProblems = [];
      this.problem(
        line,
        'field-count',
        `expected ${n} tab-separated fields (as #fields declares), found ${i}: the row was not read`,
      );
      return;
    }
    if (this.rowProblems.length > 0) {
      for (const [kind, message] of this.rowProblems) this.problem(line, kind, message);
      this.rowProblems = [];
    }
    this.rows++;
    this.estimate.rowsSeen = this.rows;
  }

  /** The line with each value over MAX_FIELD_BYTES replaced by the unset marker (and reported), or null if none is. */
  private withoutLongFields(buf: Buffer, start: number, end: number): Buffer | null {
    const parts: Buffer[] = [];
    let runStart = start;
    let i = 0;
    for (let pos = start; pos <= end; i++) {
      let stop = buf.indexOf(this.sep, pos);
      if (stop < 0 || stop > end) stop = end;
      if (stop - pos > MAX_FIELD_BYTES) {
        parts.push(buf.subarray(runStart, pos), this.unset);
        runStart = stop;
        const column = i < this.names!.length ? `column ${this.names![i]}` : `field ${i + 1}`;
        this.rowProblems.push([
          'field-too-long',
          `a value of ${stop - pos} bytes in ${column} is longer than the ${MAX_FIELD_BYTES} bytes zeekseq keeps (MAX_FIELD_BYTES): it was read as unset`,
        ]);
      }
      pos = stop + 1;
    }
    if (parts.length === 0) return null;
    parts.push(buf.subarray(runStart, end));
    return Buffer.concat(parts);
  }

  private boolField(buf: Buffer, start: number, end: number, i: number): number {
    let p = start;
    while (p < end && buf[p] !== this.sep) p++;
    this.bools[i]!.push(this.bool(buf, start, p, i));
    return p;
  }

  private isMarker(marker: Buffer, buf: Buffer, start: number, end: number): boolean {
    const length = marker.length;
    if (end - start !== length) return false;
    for (let k = 0; k < length; k++) if (buf[start + k] !== marker[k]) return false;
    return true;
  }

  private badValue(kind: ProblemKind, i: number, buf: Buffer, start: number, end: number, what: string): void {
    const shown = buf.toString('utf8', start, Math.min(end, start + 60));
    this.rowProblems.push([
      kind,
      `${what} ${JSON.stringify(shown)} in column ${this.names![i]}: the value was read as unset`,
    ]);
  }

  /** A number field the row loop's fast path did not take: unset, `nan`, exponents, or bad. */
  private number(buf: Buffer, start: number, end: number, i: number): number {
    if (this.isMarker(this.unset, buf, start, end)) return NaN;
    const value = parseNumberBytes(buf, start, end);
    if (Number.isNaN(value) && buf.toString('latin1', start, end) !== 'nan') {
      this.badValue('bad-number', i, buf, start, end, `${this.types[i]} field holds`);
    }
    return value;
  }

  private bool(buf: Buffer, start: number, end: number, i: number): boolean | null {
    if (end - start === 1) {
      const c = buf[start];
      if (c === 0x54) return true;
      if (c === 0x46) return false;
    }
    if (!this.isMarker(this.unset, buf, start, end)) this.badValue('bad-bool', i, buf, start, end, 'bool field holds');
    return null;
  }

  /** null for the unset marker, '' for the empty one, undefined for any other text. */
  private marker(buf: Buffer, start: number, end: number): string | null | undefined {
    if (this.isMarker(this.unset, buf, start, end)) return null;
    if (this.isMarker(this.empty, buf, start, end)) return '';
    return undefined;
  }

  private text(buf: Buffer, start: number, end: number, plain: boolean, i: number): string {
    return plain ? buf.toString('latin1', start, end) : this.decode(buf, start, end, i);
  }

  /** A text value the interner does not know yet: decoded, remembered, and appended to the column. */
  private internedText(
    buf: Buffer,
    start: number,
    end: number,
    hash: number,
    plain: boolean,
    interner: ByteInterner<string>,
    i: number,
    builder: TextBuilder,
  ): void {
    const before = this.rowProblems.length;
    const value = this.text(buf, start, end, plain, i);
    // A value with a problem is not remembered, so that every row holding it is reported.
    const entry = this.rowProblems.length === before ? interner.set(buf, start, end, hash, value) : 0;
    if (entry > 0) builder.pushEntry(entry - 1);
    else builder.pushString(value);
  }

  /** A text element of a set or vector (the whole list is interned, not its elements). */
  private elementText(buf: Buffer, start: number, end: number, i: number): string | null {
    const marker = this.marker(buf, start, end);
    return marker !== undefined ? marker : this.decode(buf, start, end, i);
  }

  private decode(buf: Buffer, start: number, end: number, i: number): string {
    const flags = this.flags;
    const value = decodeZeekText(buf, start, end, flags);
    if (flags.badEscape || flags.badUtf8) this.flagProblems(i, value);
    return value;
  }

  private flagProblems(i: number, value: string): void {
    const flags = this.flags;
    const column = this.names![i];
    if (flags.badEscape)
      this.rowProblems.push([
        'bad-escape',
        `a \\x escape without two hex digits in column ${column} was kept as written: ${JSON.stringify(value.slice(0, 60))}`,
      ]);
    if (flags.badUtf8)
      this.rowProblems.push([
        'bad-utf8',
        `bytes that are not UTF-8 in column ${column} were replaced by U+FFFD: ${JSON.stringify(value.slice(0, 60))}`,
      ]);
    flags.badEscape = false;
    flags.badUtf8 = false;
  }

  private list(buf: Buffer, start: number, end: number, i: number): readonly unknown[] | null {
    if (this.isMarker(this.unset, buf, start, end)) return null;
    if (this.isMarker(this.empty, buf, start, end)) return EMPTY_LIST;
    const interner = this.listInterners[i]!;
    const hash = interner.enabled ? hashBytes(buf, start, end) : 0;
    if (interner.enabled) {
      const known = interner.get(buf, start, end, hash);
      if (known !== undefined) return known;
    }
    const before = this.rowProblems.length;
    const elements: unknown[] = [];
    const code = this.elementCodes[i];
    let pos = start;
    for (;;) {
      let stop = pos;
      while (stop < end && buf[stop] !== this.setSep) stop++;
      elements.push(
        code === NUM
          ? this.element(this.number(buf, pos, stop, i))
          : code === BOOL
            ? this.bool(buf, pos, stop, i)
            : this.elementText(buf, pos, stop, i),
      );
      if (stop >= end) break;
      pos = stop + 1;
    }
    const value = Object.freeze(elements);
    if (interner.enabled && this.rowProblems.length === before) interner.set(buf, start, end, hash, value);
    return value;
  }

  /** Unset numbers inside a vector are null, as in JSON. */
  private element(value: number): number | null {
    return Number.isNaN(value) ? null : value;
  }
}
