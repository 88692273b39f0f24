import { describe, expect, it } from 'vitest';
import { compileLogFormat } from '../../src/weblog/format.js';
import { MAX_FIELD_BYTES } from '../../src/zeek/limits.js';
import { parseAccessLine, parseRequestLine, type AccessRecord, type LineResult } from '../../src/weblog/parse.js';

const combined = compileLogFormat('combined');

function record(line: string, format = combined): AccessRecord {
  const result = parseAccessLine(line, format, 'access.log', 7);
  if (!result.ok) throw new Error(`expected a record, got ${result.problem.message}`);
  expect(result.problem).toBeUndefined();
  return result.record;
}

function problem(line: string, format = combined): Extract<LineResult, { ok: false }>['problem'] {
  const result = parseAccessLine(line, format, 'access.log', 7);
  if (result.ok) throw new Error(`expected a problem, got a record for ${line}`);
  return result.problem;
}

describe('parseAccessLine', () => {
  it('parses a combined line into typed fields', () => {
    const r = record(
      '203.0.113.7 - - [17/May/2015:10:05:03 +0000] "GET /blog/post.html?x=1 HTTP/1.1" 200 5123 "http://example.org/" "Mozilla/5.0 (X11)"',
    );
    expect(r).toEqual({
      file: 'access.log',
      line: 7,
      client: '203.0.113.7',
      ident: null,
      user: null,
      time: 1431857103,
      request: 'GET /blog/post.html?x=1 HTTP/1.1',
      method: 'GET',
      target: '/blog/post.html?x=1',
      protocol: 'HTTP/1.1',
      status: 200,
      bytes: 5123,
      referer: 'http://example.org/',
      userAgent: 'Mozilla/5.0 (X11)',
      extra: {},
    });
  });

  it('unwraps lines in an extra pair of quotes and undoes escaped quotes inside fields', () => {
    const wrapped = parseAccessLine(
      '"198.51.100.4 - - [22/Dec/2016:16:30:52 +0300] "POST /login.php HTTP/1.1" 303 382 "http://lab/DVWA" "Mozilla/5.0 (Windows NT)""',
      combined,
      'scan.txt',
      1,
    );
    expect(wrapped.ok && wrapped.wrapped).toBe(true);
    expect(wrapped.ok && [wrapped.record.method, wrapped.record.target, wrapped.record.userAgent]).toEqual([
      'POST',
      '/login.php',
      'Mozilla/5.0 (Windows NT)',
    ]);

    const quotes = record(
      String.raw`"198.51.100.4 - - [22/Dec/2016:16:36:26 +0300] "GET /search/?q=%f0''\"\" HTTP/1.1" 200 3148 "-" "Mozilla/5.0""`,
    );
    expect(quotes.target).toBe(`/search/?q=%f0''""`);
    expect(quotes.status).toBe(200);

    const backslashes = record(
      String.raw`198.51.100.4 - - [22/Dec/2016:16:34:00 +0300] "GET /x?a=1'\"\\'\\\");| HTTP/1.1" 200 3104 "-" "ua"`,
    );
    expect(backslashes.target).toBe(String.raw`/x?a=1'"\'\");|`);
    expect(backslashes.protocol).toBe('HTTP/1.1');

    const referer = record(
      String.raw`198.51.100.5 - - [22/Dec/2016:15:19:14 +0300] "GET /DVWA/ HTTP/1.1" 200 1964 "() { :;}; echo \"NS:\" $(/bin/sh -c \"expr 1 - 2\")" "Mozilla/5.0"`,
    );
    expect(referer.referer).toBe('() { :;}; echo "NS:" $(/bin/sh -c "expr 1 - 2")');
    expect(referer.userAgent).toBe('Mozilla/5.0');
  });

  it('keeps an unescaped quote inside a value when the closing text does not follow it', () => {
    const r = record('192.0.2.9 - - [17/May/2015:10:05:03 +0000] "GET /a"b HTTP/1.1" 404 12 "-" "curl/7"');
    expect(r.target).toBe('/a"b');
    expect(r.status).toBe(404);
  });

  it('reads IPv6 clients and - as missing values', () => {
    const r = record('2001:db8::1 - alice [17/May/2015:10:05:03 +0000] "GET / HTTP/2.0" 304 - "-" "-"');
    expect([r.client, r.user, r.status, r.referer, r.userAgent]).toEqual(['2001:db8::1', 'alice', 304, null, null]);
    expect(r.bytes).toBeNaN();
  });

  it('keeps requests that are missing or not HTTP, without a method or target', () => {
    const none = record('192.0.2.1 - - [17/May/2015:10:05:03 +0000] "-" 408 - "-" "-"');
    expect([none.request, none.method, none.target]).toEqual([null, null, null]);
    const junk = record(String.raw`192.0.2.1 - - [17/May/2015:10:05:03 +0000] "\x16\x03\x01\x00" 400 226 "-" "-"`);
    expect([junk.request, junk.method, junk.target]).toEqual([String.raw`\x16\x03\x01\x00`, null, null]);
    const old = record('192.0.2.1 - - [17/May/2015:10:05:03 +0000] "GET /" 200 10 "-" "-"');
    expect([old.method, old.target, old.protocol]).toEqual(['GET', '/', null]);
  });

  it('keeps a line cut inside its last quoted field, and reports it', () => {
    for (const line of [
      '46.0.0.1 - - [20/May/2015:12:05:17 +0000] "GET /a.py HTTP/1.1" 200 235 "-" "Mozilla/5.0 (compatible; bot/2.1)',
      '"46.0.0.1 - - [20/May/2015:12:05:17 +0000] "GET /a.py HTTP/1.1" 200 235 "-" "Mozilla/5.0 (compatible; bot/2.1)',
    ]) {
      const result = parseAccessLine(line, combined, 'access.log', 8899);
      expect(result.ok).toBe(true);
      expect(result.ok && result.record.userAgent).toBe('Mozilla/5.0 (compatible; bot/2.1)');
      expect(result.problem).toMatchObject({ kind: 'unterminated-quote', file: 'access.log', line: 8899 });
      expect(result.problem?.message).toMatch(
        /^access\.log:8899: the line ends inside %\{User-agent\}i without its closing quote; kept/,
      );
    }
  });

  it('ignores blanks after the last field, wrapped or not, and keeps a cut line cut', () => {
    const line = '203.0.113.7 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 10 "-" "ua x"';
    const plain = parseAccessLine(line, combined, 'access.log', 1);
    for (const ending of [' ', '   ', '\t', ' \t ', '\r', ' \r']) {
      for (const text of [line + ending, `"${line}"${ending}`]) {
        const result = parseAccessLine(text, combined, 'access.log', 1);
        expect(result.problem).toBeUndefined();
        expect(result.ok && result.record).toEqual(plain.ok && plain.record);
      }
      expect(parseAccessLine(line.slice(0, -1) + ending, combined, 'access.log', 1).problem?.kind).toBe(
        'unterminated-quote',
      );
      expect(
        parseAccessLine(line.replace(' 10 "-" "ua x"', ' 10') + ending, compileLogFormat('common'), 'a', 1).ok,
      ).toBe(true);
    }
  });

  it('keeps a value over MAX_FIELD_BYTES as missing and reports it; a client or time that long loses the line', () => {
    const huge = 'a'.repeat(MAX_FIELD_BYTES + 1);
    const line = `203.0.113.7 - - [17/May/2015:10:05:03 +0000] "GET /${huge} HTTP/1.1" 200 10 "-" "ua"`;
    const result = parseAccessLine(line, combined, 'access.log', 3);
    expect(result.ok && [result.record.request, result.record.target, result.record.userAgent]).toEqual([
      null,
      null,
      'ua',
    ]);
    expect(result.problem).toMatchObject({ kind: 'field-too-long', line: 3 });
    expect(result.problem?.message).toMatch(/%r holds more than the 1048576 characters/);
    const client = parseAccessLine(
      line.replace(`/${huge}`, '/').replace('203.0.113.7', huge),
      combined,
      'access.log',
      4,
    );
    expect(client).toMatchObject({ ok: false, problem: { kind: 'field-too-long' } });
  });

  it('reports lines that do not fit, with file, line, kind and an excerpt', () => {
    const good = '203.0.113.7 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 10 "-" "ua"';
    expect(problem('this is not an access log line')).toMatchObject({
      kind: 'format-mismatch',
      file: 'access.log',
      line: 7,
      excerpt: 'this is not an access log line',
    });
    expect(problem('').kind).toBe('format-mismatch');
    expect(problem(good.replace('[17', '17')).message).toMatch(
      /^access\.log:7: the line ends inside %u \(column 15\); check --format/,
    );
    const bracketFirst = compileLogFormat('[$time_local] $remote_addr "$request"');
    expect(problem('17/May/2015:10:05:03 +0000] 192.0.2.1 "GET / HTTP/1.1"', bracketFirst).message).toMatch(
      /expected "\[" at column 1, found "17\/May/,
    );
    expect(problem(good.replace('17/May', '32/May'))).toMatchObject({ kind: 'bad-time' });
    expect(problem(good.replace('17/May/2015:10:05:03 +0000', '-'))).toMatchObject({ kind: 'missing-field' });
    expect(problem(good.replace('203.0.113.7', '-')).message).toMatch(/client is logged as '-'/);
    expect(problem(good.replace(' 200 ', ' OK ')).message).toMatch(/status "OK" is neither a whole number nor '-'/);
    expect(problem(good.replace(' 10 ', ' 1.5 ')).message).toMatch(/bytes "1.5"/);
    expect(problem(good, compileLogFormat('common'))).toMatchObject({ kind: 'trailing-text' });
    expect(problem(good, compileLogFormat('common')).message).toMatch(/may use a longer format such as combined/);
    const long = `${'x'.repeat(300)}`;
    expect(problem(long).excerpt).toHaveLength(120);
  });

  it('reads nginx formats and request parts logged apart', () => {
    const nginx = compileLogFormat(
      '$remote_addr [$time_iso8601] "$request" $status $body_bytes_sent "$http_user_agent" $request_time',
    );
    const n = record('198.51.100.8 [2015-05-17T12:05:03+02:00] "GET /feed HTTP/1.1" 200 99 "Feedly" 0.003', nginx);
    expect([n.client, n.time, n.target, n.userAgent, n.extra]).toEqual([
      '198.51.100.8',
      1431857103,
      '/feed',
      'Feedly',
      { request_time: '0.003' },
    ]);
    const parts = compileLogFormat('%h %t "%m %U%q %H" %>s');
    const p = record('192.0.2.3 [17/May/2015:10:05:03 +0000] "POST /join_form?x=1 HTTP/1.1" 302', parts);
    expect([p.request, p.method, p.target, p.protocol, p.status]).toEqual([
      null,
      'POST',
      '/join_form?x=1',
      'HTTP/1.1',
      302,
    ]);
    const apart = compileLogFormat('$remote_addr $msec $request_method $uri $args');
    const a = record('192.0.2.3 1431857103.5 GET /search q=1', apart);
    expect([a.time, a.method, a.target]).toEqual([1431857103.5, 'GET', '/search?q=1']);
  });
});

describe('parseRequestLine', () => {
  it('splits METHOD target [protocol], allowing blanks inside the target', () => {
    expect(parseRequestLine('GET /a b HTTP/1.1')).toEqual({ method: 'GET', target: '/a b', protocol: 'HTTP/1.1' });
    expect(parseRequestLine('OPTIONS * HTTP/1.0')).toEqual({ method: 'OPTIONS', target: '*', protocol: 'HTTP/1.0' });
    expect(parseRequestLine('GET  HTTP/1.1')).toBeNull();
    expect(parseRequestLine('GET')).toBeNull();
    expect(parseRequestLine('G@T / HTTP/1.1')).toBeNull();
  });
});
