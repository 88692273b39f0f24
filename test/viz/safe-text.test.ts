import { describe, expect, it } from 'vitest';
import { safeText } from '../../src/viz/safe-text.js';

describe('safeText', () => {
  it('shows C0, DEL and C1 control characters as escapes', () => {
    expect(safeText('a\u0000b\u0007c\td\ne\u007ff\u0085g\u009f')).toBe('a\\x00b\\x07c\\x09d\\x0ae\\x7ff\\x85g\\x9f');
  });

  it('shows bidi overrides, isolates and marks as escapes', () => {
    expect(safeText('evil\u202egpj.exe')).toBe('evil\\u202egpj.exe');
    expect(safeText('\u2066x\u2069 \u200e\u200f\u061c')).toBe('\\u2066x\\u2069 \\u200e\\u200f\\u061c');
  });

  it('escapes lone surrogates and non-characters but keeps pairs, markup and other text', () => {
    expect(safeText('\ud83d\ude00 ok')).toBe('\ud83d\ude00 ok');
    expect(safeText('x\ud83dy\ude00z\uffff')).toBe('x\\ud83dy\\ude00z\\uffff');
    expect(safeText('<img src=x> & "q" é 日本')).toBe('<img src=x> & "q" é 日本');
  });
});
