import { describe, expect, it } from 'vitest';
import { escapeControlChars, terminalJson } from '../../src/util/control-chars.js';
import { csvCell, toCsvLine } from '../../src/util/csv.js';

describe('csvCell', () => {
  it('neutralises text that a spreadsheet would run as a formula (OWASP)', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(['+1', '-2+3', '@SUM(A1)'].map(csvCell)).toEqual(["'+1", "'-2+3", "'@SUM(A1)"]);
    expect(csvCell('\t=1')).toBe("'\\t=1");
    expect(csvCell('\r=1')).toBe("'\\r=1");
  });

  it('writes numbers, booleans and empties as data, negative numbers included', () => {
    expect([-1.5, 0, true, null, undefined].map(csvCell)).toEqual(['-1.5', '0', 'true', '', '']);
  });

  it('escapes control characters so a cell stays on its line, and quotes commas and quotes', () => {
    expect(csvCell('a\nb\u001b[31m')).toBe('a\\nb\\u001b[31m');
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(toCsvLine(['x', 1, null])).toBe('x,1,\n');
  });
});

describe('terminal escapes', () => {
  it('shows control and bidirectional characters as escapes', () => {
    expect(escapeControlChars('ok\u001b]0;title\u0007\u202e\u009b')).toBe('ok\\u001b]0;title\\u0007\\u202e\\u009b');
  });

  it('terminalJson leaves no raw control character and still parses back', () => {
    const value = { name: 'a\u009bb\u202ec\n' };
    const json = terminalJson(value);
    expect([...json].filter((c) => c.charCodeAt(0) < 0x20 || /[\u007f-\u009f\u202a-\u202e]/.test(c))).toEqual([]);
    expect(JSON.parse(json)).toEqual(value);
  });
});
