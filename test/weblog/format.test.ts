import { describe, expect, it } from 'vitest';
import { compileLogFormat, LOG_FORMAT_PRESETS, type FormatField } from '../../src/weblog/format.js';

const fields = (spec: string) =>
  compileLogFormat(spec)
    .segments.filter((s): s is FormatField => s.kind === 'field')
    .map((f) => (f.target === 'extra' ? `extra:${f.name}` : f.target));

describe('compileLogFormat', () => {
  it('compiles the presets into literals and fields, %t with its brackets as literals', () => {
    const combined = compileLogFormat('combined');
    expect(combined.syntax).toBe('apache');
    expect(combined.segments.slice(0, 8)).toEqual([
      { kind: 'field', target: 'client', directive: '%h' },
      { kind: 'literal', text: ' ' },
      { kind: 'field', target: 'ident', directive: '%l' },
      { kind: 'literal', text: ' ' },
      { kind: 'field', target: 'user', directive: '%u' },
      { kind: 'literal', text: ' [' },
      { kind: 'field', target: 'time', directive: '%t', time: 'clf' },
      { kind: 'literal', text: '] "' },
    ]);
    expect(fields('combined')).toEqual([
      'client',
      'ident',
      'user',
      'time',
      'request',
      'status',
      'bytes',
      'referer',
      'userAgent',
    ]);
    expect(fields('common')).toEqual(['client', 'ident', 'user', 'time', 'request', 'status', 'bytes']);
    expect(compileLogFormat('nginx-combined').syntax).toBe('nginx');
    expect(fields('nginx-combined')).toEqual([
      'client',
      'user',
      'time',
      'request',
      'status',
      'bytes',
      'referer',
      'userAgent',
    ]);
  });

  it('reads a LogFormat string as written in httpd.conf, with \\" quotes', () => {
    const fromConf = compileLogFormat('%h %l %u %t \\"%r\\" %>s %b \\"%{Referer}i\\" \\"%{User-Agent}i\\"');
    expect(fromConf.segments).toEqual(
      compileLogFormat(LOG_FORMAT_PRESETS.combined).segments.map((s) =>
        s.kind === 'field' && s.target === 'userAgent' ? { ...s, directive: '%{User-Agent}i' } : s,
      ),
    );
  });

  it('maps request parts, other headers, status conditions and nginx variables', () => {
    expect(fields('%a %t %m %U%q %H %400,501{X-Forwarded-For}i %!200s %D')).toEqual([
      'client',
      'time',
      'method',
      'target',
      'protocol',
      'extra:header:x-forwarded-for',
      'status',
      'extra:duration_us',
    ]);
    expect(
      fields('$remote_addr [$time_iso8601] "$request_method $request_uri" $status "$http_x_real_ip" $request_time'),
    ).toEqual(['client', 'time', 'method', 'target', 'status', 'extra:header:x-real-ip', 'extra:request_time']);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: nginx's ${var} syntax is the input under test
    expect(fields('${remote_addr} ${msec} "${request}"')).toEqual(['client', 'time', 'request']);
    expect(fields('$remote_addr $msec $uri?$args')).toEqual(['client', 'time', 'path', 'query']);
    expect(
      compileLogFormat('%h %t 100%% "%r"')
        .segments.filter((s) => s.kind === 'literal')
        .map((s) => (s as { text: string }).text),
    ).toContain('] 100% "');
  });

  it('rejects formats it cannot parse, saying what to do', () => {
    expect(() => compileLogFormat('%h %{%d/%m}t "%r"')).toThrow(
      /strftime time format\) is not supported; log the time with %t/,
    );
    expect(() => compileLogFormat('%h %t "%r" %Z')).toThrow(
      /directive %Z at column 12 is not supported; supported are/,
    );
    expect(() => compileLogFormat('just text')).toThrow(
      /has no fields; pass a preset \(common, combined, nginx-combined\)/,
    );
    expect(() => compileLogFormat('%h%l %t "%r"')).toThrow(/%h and %l have no text between them/);
    expect(() => compileLogFormat('%l %t "%r"')).toThrow(/lacks the client address/);
    expect(() => compileLogFormat('$remote_addr "$request"')).toThrow(/lacks the time/);
    expect(() => compileLogFormat('%h %t %>s')).toThrow(/lacks the request/);
  });
});
