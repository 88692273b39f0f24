/**
 * One access-log line to a record, by a compiled format. Built for what real logs hold: lines wrapped in an
 * extra leading `"` and trailing `"` (as some exports write them), backslash-escaped quotes inside quoted
 * fields, `-` for missing values, IPv6 clients, request lines that are not HTTP at all (TLS handshakes sent
 * to port 80). A line that does not fit the format is a problem with file, line, kind and an excerpt.
 */
import type { FieldTarget, FormatField, LogFormat } from './format.js';
import { MAX_FIELD_BYTES } from '../zeek/limits.js';
import { parseLogTime } from './timestamp.js';

export interface AccessRecord {
  file: string;
  /** 1-based line number in the file. */
  line: number;
  /** Client address (or host name when the server resolved it). */
  client: string;
  ident: string | null;
  user: string | null;
  /** Epoch seconds, UTC. */
  time: number;
  /** The request line as logged (escapes undone); null when logged as `-`. */
  request: string | null;
  /** Null when the request line is missing or is not `METHOD target [protocol]`. */
  method: string | null;
  /** Path and query as requested; null as for method. */
  target: string | null;
  protocol: string | null;
  /** NaN when logged as `-`. */
  status: number;
  /** NaN when logged as `-`. */
  bytes: number;
  referer: string | null;
  userAgent: string | null;
  /** Fields without a place above (other headers, durations, virtual host), by name; null for `-`. */
  extra: Record<string, string | null>;
}

export type AccessProblemKind =
  | 'format-mismatch' // the line does not have the format's literal text where expected
  | 'bad-time' // the time field is not a time in the format's syntax
  | 'bad-number' // status or bytes is neither a whole number nor `-`
  | 'missing-field' // client or time logged as `-` (sessions need both)
  | 'trailing-text' // text after the format's last field: the file may use a longer format
  | 'unterminated-quote' // the line ends inside its last quoted field (a cut line): kept, value to the end
  | 'field-too-long' // a value over MAX_FIELD_BYTES (zeek/limits.ts): kept as missing, the rest of the line read
  | 'line-too-long' // a line over MAX_LINE_BYTES: skipped
  | 'truncated-gzip' // a .gz that ends early or is corrupt: the lines before the damage are kept
  | 'unreadable'; // a read error part-way through a file: the lines before it are kept

export interface AccessLogProblem {
  kind: AccessProblemKind;
  file: string;
  line: number;
  /** The start of the offending line, for the report. */
  excerpt: string;
  message: string;
}

/**
 * A record, or a problem, or both: a line whose last quoted field lacks its closing quote is kept (nothing
 * else is missing) and still reported.
 */
export type LineResult =
  | { ok: true; record: AccessRecord; wrapped: boolean; problem?: AccessLogProblem }
  | { ok: false; problem: AccessLogProblem };

const EXCERPT_LENGTH = 120;

/** The request line split as `METHOD target [HTTP/x.y]`, or null when it is not one. */
export function parseRequestLine(request: string): { method: string; target: string; protocol: string | null } | null {
  const space = request.indexOf(' ');
  if (space <= 0) return null;
  const method = request.slice(0, space);
  if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(method)) return null;
  let rest = request.slice(space + 1);
  const protocol = / (HTTP\/\d+(?:\.\d+)?)$/i.exec(rest);
  if (protocol) rest = rest.slice(0, protocol.index);
  if (rest === '') return null;
  return { method, target: rest, protocol: protocol ? protocol[1] : null };
}

/** Undoes the escaping Apache and nginx apply inside quoted fields for quotes and backslashes. */
function unescapeValue(value: string): string {
  return value.includes('\\') ? value.replace(/\\(["\\])/g, '$1') : value;
}

/**
 * End of a quoted field starting at `from`: the first quote, not escaped by a backslash, that the closing
 * literal follows (at the end of the line when it is the format's last literal). An unescaped quote inside
 * the value that is not followed by the closing literal is taken as part of the value.
 */
function quotedEnd(text: string, from: number, closing: string, atEnd: boolean): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 92 /* \ */) {
      i++;
      continue;
    }
    if (c === 34 /* " */ && text.startsWith(closing, i) && (!atEnd || i + closing.length === text.length)) return i;
  }
  return -1;
}

type Walk =
  | {
      ok: true;
      values: Map<FormatField, string | null>;
      unterminated: FormatField | null;
      /** Fields whose value was over MAX_FIELD_BYTES, kept as missing. */
      tooLong: FormatField[];
    }
  | { ok: false; kind: AccessProblemKind; message: string };

function walk(text: string, format: LogFormat): Walk {
  const { segments } = format;
  const values = new Map<FormatField, string | null>();
  const tooLong: FormatField[] = [];
  const keep = (field: FormatField, value: string | null): void => {
    if (value !== null && value.length > MAX_FIELD_BYTES) {
      tooLong.push(field);
      values.set(field, null);
    } else {
      values.set(field, value);
    }
  };
  let pos = 0;
  let unterminated: FormatField | null = null;
  for (let s = 0; s < segments.length; s++) {
    const segment = segments[s];
    if (segment.kind === 'literal') {
      if (!text.startsWith(segment.text, pos)) {
        return {
          ok: false,
          kind: 'format-mismatch',
          message: `expected ${JSON.stringify(segment.text)} at column ${pos + 1}, found ${JSON.stringify(text.slice(pos, pos + 20))}; check --format`,
        };
      }
      pos += segment.text.length;
      continue;
    }
    const before = segments[s - 1];
    const after = segments[s + 1];
    let end: number;
    let quoted = false;
    if (after === undefined) {
      // The last field runs to the next blank; what follows it is reported rather than silently ignored.
      const blank = text.slice(pos).search(/\s/);
      end = blank < 0 ? text.length : pos + blank;
    } else if (
      after.kind === 'literal' &&
      before?.kind === 'literal' &&
      before.text.endsWith('"') &&
      after.text.startsWith('"')
    ) {
      const closesLine = s + 1 === segments.length - 1;
      end = quotedEnd(text, pos, after.text, closesLine);
      quoted = true;
      if (end < 0 && closesLine && after.text === '"') {
        keep(segment, unescapeValue(text.slice(pos)));
        unterminated = segment;
        pos = text.length;
        break;
      }
    } else {
      end = after.kind === 'literal' ? text.indexOf(after.text, pos) : -1;
    }
    if (end < 0) {
      return {
        ok: false,
        kind: 'format-mismatch',
        message: `the line ends inside ${segment.directive} (column ${pos + 1}); check --format`,
      };
    }
    const raw = text.slice(pos, end);
    keep(segment, raw === '-' ? null : quoted ? unescapeValue(raw) : raw);
    pos = end;
  }
  if (pos < text.length) {
    return {
      ok: false,
      kind: 'trailing-text',
      message: `${text.length - pos} characters after the format's last field (${JSON.stringify(text.slice(pos, pos + 20))}); the file may use a longer format such as combined`,
    };
  }
  return { ok: true, values, unterminated, tooLong };
}

/** Whether a format's line starts with a quote of its own, so that a leading quote is not a wrapper. */
function startsQuoted(format: LogFormat): boolean {
  const first = format.segments[0];
  return first.kind === 'literal' && first.text.startsWith('"');
}

function wholeNumber(value: string | null): number | null {
  if (value === null) return NaN;
  return /^\d+$/.test(value) ? Number(value) : null;
}

/** Where the blanks (spaces, tabs, a CR) that end `text` begin: a loop, since /\s+$/ is quadratic on long runs. */
function trailingBlanks(text: string): number {
  let end = text.length;
  for (let c = text.charCodeAt(end - 1); c === 0x20 || c === 0x09 || c === 0x0d; c = text.charCodeAt(end - 1)) end--;
  return end;
}

/**
 * Parses one line; `file` and `line` say where it came from, for the record and any problem. Blanks after
 * the last field are not part of it: some servers end every line with a space after the user agent's quote.
 */
export function parseAccessLine(logged: string, format: LogFormat, file: string, line: number): LineResult {
  const end = trailingBlanks(logged);
  const text = end < logged.length ? logged.slice(0, end) : logged;
  const describe = (kind: AccessProblemKind, message: string): AccessLogProblem => ({
    kind,
    file,
    line,
    excerpt: logged.slice(0, EXCERPT_LENGTH),
    message: `${file}:${line}: ${message}`,
  });
  const problem = (kind: AccessProblemKind, message: string): LineResult => ({
    ok: false,
    problem: describe(kind, message),
  });
  // The wrapper is a leading quote and, unless the line was cut, one more trailing quote.
  const wrapped = !startsQuoted(format) && text.startsWith('"');
  const walked = walk(wrapped ? text.slice(1, text.length > 1 && text.endsWith('"') ? -1 : undefined) : text, format);
  if (!walked.ok) return problem(walked.kind, walked.message);

  const first = new Map<FieldTarget, { field: FormatField; value: string | null }>();
  const extra: Record<string, string | null> = {};
  for (const [field, value] of walked.values) {
    if (field.target === 'extra') extra[field.name as string] = value;
    else if (!first.has(field.target)) first.set(field.target, { field, value });
  }
  const get = (target: FieldTarget): string | null => first.get(target)?.value ?? null;

  const client = get('client');
  const timeEntry = first.get('time') as { field: FormatField; value: string | null };
  const needed = walked.tooLong.find((f) => f.target === 'client' || f.target === 'time');
  if (needed) {
    return problem(
      'field-too-long',
      `${needed.directive} holds more than the ${MAX_FIELD_BYTES} characters zeekseq keeps (MAX_FIELD_BYTES); sessions need a client and a time, so the line was not read`,
    );
  }
  if (client === null || timeEntry.value === null) {
    return problem(
      'missing-field',
      `the ${client === null ? 'client' : 'time'} is logged as '-'; sessions need a client and a time`,
    );
  }
  const time = parseLogTime(timeEntry.value, timeEntry.field.time ?? 'clf');
  if (time === null) {
    return problem(
      'bad-time',
      `time ${JSON.stringify(timeEntry.value)} is not a ${timeEntry.field.time} timestamp with a UTC offset`,
    );
  }
  const status = wholeNumber(get('status'));
  const bytes = wholeNumber(get('bytes'));
  if (status === null || bytes === null) {
    const [what, value] = status === null ? ['status', get('status')] : ['bytes', get('bytes')];
    return problem('bad-number', `${what} ${JSON.stringify(value)} is neither a whole number nor '-'`);
  }

  const request = get('request');
  let method = get('method');
  let target = get('target');
  let protocol = get('protocol');
  if (request !== null) {
    const split = parseRequestLine(request);
    method = split?.method ?? null;
    target = split?.target ?? null;
    protocol = split?.protocol ?? null;
  } else if (target === null && get('path') !== null) {
    const query = get('query') ?? '';
    target = (get('path') as string) + (query === '' || query.startsWith('?') ? query : `?${query}`);
  }
  const cut = walked.unterminated;
  const long = walked.tooLong;
  const lineProblem =
    long.length > 0
      ? describe(
          'field-too-long',
          `${long.map((f) => f.directive).join(', ')} holds more than the ${MAX_FIELD_BYTES} characters zeekseq keeps (MAX_FIELD_BYTES); kept as '-'`,
        )
      : cut
        ? describe(
            'unterminated-quote',
            `the line ends inside ${cut.directive} without its closing quote; kept with the value running to the end of the line`,
          )
        : null;
  return {
    ok: true,
    wrapped,
    ...(lineProblem ? { problem: lineProblem } : {}),
    record: {
      file,
      line,
      client,
      ident: get('ident'),
      user: get('user'),
      time,
      request,
      method,
      target,
      protocol,
      status,
      bytes,
      referer: get('referer'),
      userAgent: get('userAgent'),
      extra,
    },
  };
}
