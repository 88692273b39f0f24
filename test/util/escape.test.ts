import * as aq from 'arquero';
import { describe, expect, it } from 'vitest';
import {
  csvCell,
  csvLine,
  csvLineCells,
  csvText,
  escapeControl,
  escapeHtml,
  escapeLines,
  isControlCharacter,
  safeJson,
  toCsv,
} from '../../src/util/escape.js';

describe('escapeControl', () => {
  it('shows every C0 control, DEL and every C1 control as \\xNN', () => {
    for (let code = 0; code < 0x20; code++) {
      expect(escapeControl(`a${String.fromCharCode(code)}b`)).toBe(`a\\x${code.toString(16).padStart(2, '0')}b`);
    }
    expect(escapeControl('\x7f')).toBe('\\x7f');
    for (let code = 0x80; code <= 0x9f; code++)
      expect(escapeControl(String.fromCharCode(code))).toBe(`\\x${code.toString(16)}`);
  });

  it('defuses terminal escape sequences and bidi overrides', () => {
    expect(escapeControl('\x1b[31mred\x1b[0m')).toBe('\\x1b[31mred\\x1b[0m');
    expect(escapeControl('\x1b]0;title\x07')).toBe('\\x1b]0;title\\x07');
    expect(escapeControl('conn\u202egol.exe')).toBe('conn\\u202egol.exe');
    expect(escapeControl('\u2066x\u2069\u200e\u200f\u061c')).toBe('\\u2066x\\u2069\\u200e\\u200f\\u061c');
    expect(escapeControl('a\u2028b\u2029')).toBe('a\\u2028b\\u2029');
  });

  it('escapes lone surrogates and non-characters, invalid in XML, but keeps surrogate pairs', () => {
    expect(escapeControl('\ud83d\ude00 ok')).toBe('\ud83d\ude00 ok');
    expect(escapeControl('x\ud83dy\ude00z\uffff\ufffe')).toBe('x\\ud83dy\\ude00z\\uffff\\ufffe');
  });

  it('keeps printable text as it is, including backslashes, quotes and non-Latin letters', () => {
    for (const text of ['', 'conn.log', 'C:\\logs\\x41', '"quoted" <b>', 'héllo wörld ☃ 日本 😀', '\u00a0\u00ff']) {
      expect(escapeControl(text)).toBe(text);
    }
    expect(isControlCharacter('a'.charCodeAt(0))).toBe(false);
    expect(isControlCharacter(0xa0)).toBe(false);
  });

  it('escapeLines keeps the line breaks of a message and escapes the rest', () => {
    expect(escapeLines('host \x1b[2J\nnext\r line')).toBe('host \\x1b[2J\nnext\\x0d line');
  });
});

describe('safeJson', () => {
  it('leaves no raw control or bidi character and still parses back', () => {
    const value = { name: 'a\u009bb\u202ec\n\x1b\u2028' };
    const json = safeJson(value, 2);
    expect([...json].filter((c) => c !== '\n' && isControlCharacter(c.charCodeAt(0)))).toEqual([]);
    expect(JSON.parse(json)).toEqual(value);
  });
});

describe('escapeHtml', () => {
  it('makes markup inert in content and in quoted attributes, controls shown escaped', () => {
    expect(escapeHtml(`"><svg onload=alert(1)>'`)).toBe('&quot;&gt;&lt;svg onload=alert(1)&gt;&#39;');
    expect(escapeHtml('a\u0000b\u202ec&')).toBe('a\\x00b\\u202ec&amp;');
  });
});

describe('csvCell', () => {
  it('neutralises text that a spreadsheet would run as a formula (OWASP)', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(['+1', '-2+3', '@SUM(A1)'].map(csvCell)).toEqual(["'+1", "'-2+3", "'@SUM(A1)"]);
    expect(csvCell('\t=1')).toBe("'\\x09=1");
    expect(csvCell('\r=1')).toBe("'\\x0d=1");
    expect(csvCell('a=1')).toBe('a=1');
  });

  it('writes numbers, booleans and empties as data, negative numbers included', () => {
    expect([-1.5, 0, Number.NaN, true, null, undefined].map(csvCell)).toEqual(['-1.5', '0', 'NaN', 'true', '', '']);
  });

  it('escapes control characters so a cell stays on its line, and quotes commas and quotes', () => {
    expect(csvCell('a\nb\u001b[31m\u202e')).toBe('a\\x0ab\\x1b[31m\\u202e');
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(csvLine(['x', 1, null])).toBe('x,1,\n');
  });
});

describe('csvLineCells and csvText', () => {
  it('read back the cells csvLine wrote: quotes, commas, formula guards and negative numbers', () => {
    const values = ['=HYPERLINK("http://x")', '+1', '-2', '@x', 'a,"b"', '', "it's", '\t=1', 'fe80::1', 'C1x'];
    const line = csvLine([...values, -1.5, true, null]).slice(0, -1);
    const cells = csvLineCells(line)!;
    expect(cells.slice(values.length)).toEqual(['-1.5', 'true', '']);
    // a tab is read back as its escape: csvCell's escapes of controls are for showing, not reversible
    expect(cells.slice(0, values.length).map(csvText)).toEqual([...values.slice(0, 7), '\\x09=1', 'fe80::1', 'C1x']);
  });

  it('finds no cells in a line with an open quote or text after a closing quote', () => {
    expect(csvLineCells('a,"b')).toBeNull();
    expect(csvLineCells('a,"b"c')).toBeNull();
    expect(csvLineCells('"a""",b,')).toEqual(['a"', 'b', '']);
  });
});

describe('toCsv', () => {
  it('writes an arquero table in its row order, text neutralised and numbers kept, negative ones included', () => {
    const table = aq
      .table({
        host: ['ok', '+1 dns', '@x'],
        score: Float64Array.from([2, -1.5, Number.NaN]),
        flag: [null, true, false],
      })
      .orderby('host');
    expect(toCsv(table)).toBe("host,score,flag\n'+1 dns,-1.5,true\n'@x,NaN,false\nok,2,\n");
  });

  it('writes dates as ISO text and an empty table as its header', () => {
    expect(toCsv(aq.table({ at: [new Date(0)] }))).toBe('at\n1970-01-01T00:00:00.000Z\n');
    expect(toCsv(aq.table({ a: [], b: [] }))).toBe('a,b\n');
  });
});
