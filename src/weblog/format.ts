/**
 * Access-log format strings, Apache LogFormat (`%h %l %u %t "%r" %>s %b`) or nginx log_format
 * (`$remote_addr - $remote_user [$time_local] "$request" ...`), compiled into a list of literal text and
 * fields that the line parser walks. A field ends where the next literal begins; a field between two
 * quote characters is read with the servers' backslash escaping (`\"`, `\\`).
 */
import { ZeekseqError } from '../util/errors.js';

/** How a time field is written. */
export type TimeSyntax = 'clf' | 'iso8601' | 'epoch';

/**
 * Where a field's value goes in an AccessRecord. `path` and `query` are the request target's parts when the
 * format logs them apart (%U%q, $uri?$args); other headers and variables go to `extra` under their own name.
 */
export type FieldTarget =
  | 'client'
  | 'ident'
  | 'user'
  | 'time'
  | 'request'
  | 'method'
  | 'target'
  | 'path'
  | 'query'
  | 'protocol'
  | 'status'
  | 'bytes'
  | 'referer'
  | 'userAgent'
  | 'extra';

export interface FormatField {
  kind: 'field';
  target: FieldTarget;
  /** The directive as written (`%>s`, `$status`), for messages. */
  directive: string;
  /** Key in AccessRecord.extra (only for target 'extra'). */
  name?: string;
  /** Only for target 'time'. */
  time?: TimeSyntax;
}

export interface FormatLiteral {
  kind: 'literal';
  text: string;
}

export type FormatSegment = FormatField | FormatLiteral;

export interface LogFormat {
  /** The format string as given (after preset lookup). */
  source: string;
  syntax: 'apache' | 'nginx';
  segments: FormatSegment[];
}

/** Named formats: Apache's common and combined, and nginx's built-in combined. */
export const LOG_FORMAT_PRESETS: Readonly<Record<string, string>> = {
  common: '%h %l %u %t "%r" %>s %b',
  combined: '%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-agent}i"',
  'nginx-combined':
    '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"',
};

const APACHE_DIRECTIVES: Record<string, Omit<FormatField, 'kind' | 'directive'>> = {
  h: { target: 'client' },
  a: { target: 'client' },
  l: { target: 'ident' },
  u: { target: 'user' },
  t: { target: 'time', time: 'clf' },
  r: { target: 'request' },
  m: { target: 'method' },
  U: { target: 'path' },
  q: { target: 'query' },
  H: { target: 'protocol' },
  s: { target: 'status' },
  b: { target: 'bytes' },
  B: { target: 'bytes' },
  v: { target: 'extra', name: 'server' },
  V: { target: 'extra', name: 'server' },
  D: { target: 'extra', name: 'duration_us' },
  T: { target: 'extra', name: 'duration_s' },
  I: { target: 'extra', name: 'bytes_in' },
  O: { target: 'extra', name: 'bytes_out' },
};

const NGINX_VARIABLES: Record<string, Omit<FormatField, 'kind' | 'directive'>> = {
  remote_addr: { target: 'client' },
  remote_user: { target: 'user' },
  time_local: { target: 'time', time: 'clf' },
  time_iso8601: { target: 'time', time: 'iso8601' },
  msec: { target: 'time', time: 'epoch' },
  request: { target: 'request' },
  request_method: { target: 'method' },
  request_uri: { target: 'target' },
  uri: { target: 'path' },
  document_uri: { target: 'path' },
  args: { target: 'query' },
  query_string: { target: 'query' },
  server_protocol: { target: 'protocol' },
  status: { target: 'status' },
  body_bytes_sent: { target: 'bytes' },
  http_referer: { target: 'referer' },
  http_user_agent: { target: 'userAgent' },
};

function headerField(header: string): Omit<FormatField, 'kind' | 'directive'> {
  const name = header.toLowerCase();
  if (name === 'referer' || name === 'referrer') return { target: 'referer' };
  if (name === 'user-agent') return { target: 'userAgent' };
  return { target: 'extra', name: `header:${name}` };
}

/** Undoes the C-style escapes Apache allows in LogFormat strings (`\"`, `\\`, `\t`, `\n`). */
function unescapeFormat(source: string): string {
  return source.replace(/\\(["\\tn])/g, (_, c: string) => (c === 't' ? '\t' : c === 'n' ? '\n' : c));
}

function apacheSegments(source: string): FormatSegment[] {
  const segments: FormatSegment[] = [];
  // %, optional status condition (!200,304), optional < or >, optional {argument}, the directive letter.
  const directive = /%(!?[0-9,]*)([<>]?)(?:\{([^}]*)\})?([a-zA-Z%])/g;
  let last = 0;
  for (let match = directive.exec(source); match; match = directive.exec(source)) {
    if (match.index > last) segments.push({ kind: 'literal', text: source.slice(last, match.index) });
    last = directive.lastIndex;
    const [written, , , argument, letter] = match;
    if (letter === '%') {
      segments.push({ kind: 'literal', text: '%' });
      continue;
    }
    let spec: Omit<FormatField, 'kind' | 'directive'> | undefined;
    if (letter === 'i' && argument !== undefined) spec = headerField(argument);
    else if (letter === 't' && argument !== undefined) {
      throw new ZeekseqError(
        `log format: ${written} (a strftime time format) is not supported; log the time with %t (or parse an nginx $time_iso8601 / $msec log).`,
      );
    } else spec = APACHE_DIRECTIVES[letter];
    if (!spec) {
      throw new ZeekseqError(
        `log format: directive ${written} at column ${match.index + 1} is not supported; supported are %h %a %l %u %t %r %m %U %q %H %s %>s %b %B %v %V %D %T %I %O %{Header}i and %%.`,
      );
    }
    // Apache writes %t with its brackets; as separate literals the time field reads like nginx's [$time_local].
    if (letter === 't')
      segments.push(
        { kind: 'literal', text: '[' },
        { kind: 'field', directive: written, ...spec },
        { kind: 'literal', text: ']' },
      );
    else segments.push({ kind: 'field', directive: written, ...spec });
  }
  if (last < source.length) segments.push({ kind: 'literal', text: source.slice(last) });
  return segments;
}

function nginxSegments(source: string): FormatSegment[] {
  const segments: FormatSegment[] = [];
  const variable = /\$(?:\{([a-z0-9_]+)\}|([a-z0-9_]+))/gi;
  let last = 0;
  for (let match = variable.exec(source); match; match = variable.exec(source)) {
    if (match.index > last) segments.push({ kind: 'literal', text: source.slice(last, match.index) });
    last = variable.lastIndex;
    const name = (match[1] ?? match[2]).toLowerCase();
    const spec =
      NGINX_VARIABLES[name] ??
      (name.startsWith('http_') ? headerField(name.slice(5).replace(/_/g, '-')) : { target: 'extra' as const, name });
    segments.push({ kind: 'field', directive: match[0], ...spec });
  }
  if (last < source.length) segments.push({ kind: 'literal', text: source.slice(last) });
  return segments;
}

/** Joins adjacent literals, and the path-and-query idiom %U%q into one request-target field. */
function mergeSegments(segments: FormatSegment[]): FormatSegment[] {
  const out: FormatSegment[] = [];
  for (const segment of segments) {
    const previous = out[out.length - 1];
    if (
      segment.kind === 'field' &&
      segment.target === 'query' &&
      previous?.kind === 'field' &&
      previous.target === 'path'
    ) {
      out[out.length - 1] = { kind: 'field', target: 'target', directive: previous.directive + segment.directive };
    } else if (segment.kind === 'literal' && previous?.kind === 'literal') previous.text += segment.text;
    else if (segment.kind === 'literal' && segment.text === '') continue;
    else out.push(segment.kind === 'literal' ? { ...segment } : segment);
  }
  return out;
}

/**
 * Compiles a format: a preset name (common, combined, nginx-combined) or a format string. A string with `%`
 * directives is Apache LogFormat (quotes may be written `\"` as in httpd.conf); otherwise `$variables` make
 * it nginx log_format.
 */
export function compileLogFormat(spec: string): LogFormat {
  const source = LOG_FORMAT_PRESETS[spec] ?? spec;
  const unescaped = unescapeFormat(source);
  const syntax = /%[!0-9,<>{a-zA-Z]/.test(unescaped) ? 'apache' : 'nginx';
  const segments = mergeSegments(syntax === 'apache' ? apacheSegments(unescaped) : nginxSegments(unescaped));
  const fields = segments.filter((s): s is FormatField => s.kind === 'field');
  if (fields.length === 0) {
    throw new ZeekseqError(
      `log format '${spec}' has no fields; pass a preset (${Object.keys(LOG_FORMAT_PRESETS).join(', ')}), an Apache LogFormat string or an nginx log_format string.`,
    );
  }
  segments.forEach((segment, i) => {
    if (segment.kind === 'field' && segments[i + 1]?.kind === 'field') {
      throw new ZeekseqError(
        `log format '${spec}': ${segment.directive} and ${(segments[i + 1] as FormatField).directive} have no text between them, so their values cannot be told apart; put a separator between them.`,
      );
    }
  });
  const has = (...targets: FieldTarget[]) => fields.some((f) => targets.includes(f.target));
  const missing = [
    has('client') ? null : 'the client address (%h, %a or $remote_addr)',
    has('time') ? null : 'the time (%t, $time_local, $time_iso8601 or $msec)',
    has('request', 'target', 'path') ? null : 'the request (%r, %U, $request, $request_uri or $uri)',
  ].filter((m): m is string => m !== null);
  if (missing.length > 0) {
    throw new ZeekseqError(
      `log format '${spec}' lacks ${missing.join(' and ')}; sessions and request tokens need them. Add them to the format string.`,
    );
  }
  return { source, syntax, segments };
}
