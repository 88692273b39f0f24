import { describe, expect, it } from 'vitest';
import { escapeControl, isControlCharacter } from '../../src/util/escape.js';

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

  it('keeps printable text as it is, including backslashes, quotes and non-Latin letters', () => {
    for (const text of ['', 'conn.log', 'C:\\logs\\x41', '"quoted" <b>', 'héllo wörld ☃ 日本 😀', '\u00a0\u00ff']) {
      expect(escapeControl(text)).toBe(text);
    }
    expect(isControlCharacter('a'.charCodeAt(0))).toBe(false);
    expect(isControlCharacter(0xa0)).toBe(false);
  });
});
