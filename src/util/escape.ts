/**
 * Text from logs written to a terminal, a spreadsheet, a browser or a chart. Host names, URIs, user agents,
 * file names and DNS answers are chosen by whoever sends the traffic, so every writer passes them through here:
 *  - a terminal obeys ESC and C1 sequences (recolour, retitle, rewrite the screen) and bidi overrides reorder
 *    what is read, so these are shown as visible escapes (`escapeControl`, `escapeLines`, `safeJson`);
 *  - a spreadsheet runs a cell starting with = + - @ (or tab/CR before one) as a formula, so such text cells get
 *    a leading `'` (OWASP "CSV injection"), and a raw line break would end the row (`csvCell`, `csvLine`, `toCsv`);
 *  - a browser runs markup, so HTML gets entities on top of the control escapes (`escapeHtml`).
 * Charts (SVG) take `escapeControl`: the same characters are invalid in XML, and vega escapes the markup itself.
 * Pure functions, no state.
 */
import type { ColumnTable } from 'arquero';

/** Bidirectional formatting characters: marks, embeddings, overrides and isolates. */
function isBidiControl(code: number): boolean {
  return (
    code === 0x061c ||
    code === 0x200e ||
    code === 0x200f ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}

/** Whether a UTF-16 code unit is shown escaped by `escapeControl` (lone surrogates aside: they need context). */
export function isControlCharacter(code: number): boolean {
  return (
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0xfffe ||
    code === 0xffff ||
    isBidiControl(code)
  );
}

// What isControlCharacter accepts, plus a high surrogate not followed by a low one and a low surrogate not
// preceded by a high one (invalid in XML and in UTF-8 output).
const UNSAFE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's job
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function escapeOne(char: string): string {
  const code = char.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * `text` with C0 and C1 control characters and DEL shown as `\xNN` (ESC is `\x1b`, a line break `\x0a`), and
 * bidi formatting characters, the Unicode line and paragraph separators, non-characters and lone surrogates as
 * `\uNNNN` (`\u202e`). Everything else, backslashes included, is kept: this is for showing text, not encoding it.
 */
export function escapeControl(text: string): string {
  return text.replace(UNSAFE, escapeOne);
}

/** Like `escapeControl`, but the line breaks of a multi-line message of ours stay line breaks. */
export function escapeLines(text: string): string {
  return text.split('\n').map(escapeControl).join('\n');
}

// What JSON.stringify leaves raw of the above (it escapes C0 and lone surrogates itself).
const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069\ufffe\uffff]/g;

const unicodeEscape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** `value` as JSON (indented by `space`) with no control character left raw; it parses back to `value`. */
export function safeJson(value: unknown, space?: number): string {
  return JSON.stringify(value, null, space).replace(UNSAFE_IN_JSON, unicodeEscape);
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** `text` safe as HTML element content and as a double- or single-quoted attribute value, controls escaped. */
export function escapeHtml(text: string): string {
  return escapeControl(text).replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

export type CsvValue = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV cell: numbers and booleans as written (a negative number is data, not a formula), null and undefined
 * empty, text neutralised with a leading `'` when it starts like a formula, control characters escaped (so a
 * cell stays on its line), and quoted when it holds a comma or a quote.
 */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return String(value);
  const text = escapeControl(FORMULA_START.test(value) ? `'${value}` : value);
  return /[",]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One line of cells, ending in a newline. */
export function csvLine(values: readonly CsvValue[]): string {
  return `${values.map(csvCell).join(',')}\n`;
}

/**
 * The cells of one line that csvLine wrote (a quoted cell unquoted, its doubled quotes undone), or null when a
 * quote is left open or text follows a closing quote. csvCell escapes line breaks, so each of our rows is one line.
 */
export function csvLineCells(line: string): string[] | null {
  const cells: string[] = [];
  for (let i = 0; ; ) {
    if (line.charCodeAt(i) !== 0x22) {
      const comma = line.indexOf(',', i);
      if (comma < 0) {
        cells.push(line.slice(i));
        return cells;
      }
      cells.push(line.slice(i, comma));
      i = comma + 1;
      continue;
    }
    let cell = '';
    let j = i + 1;
    for (;;) {
      const quote = line.indexOf('"', j);
      if (quote < 0) return null;
      cell += line.slice(j, quote);
      j = quote + 1;
      if (line.charCodeAt(j) !== 0x22) break;
      cell += '"';
      j++;
    }
    cells.push(cell);
    if (j === line.length) return cells;
    if (line.charCodeAt(j) !== 0x2c) return null;
    i = j + 1;
  }
}

// A text cell csvCell guarded: `'` before = + - @, or before the escape of a tab or CR.
const GUARDED = /^'(?:[=+\-@]|\\x09|\\x0d)/;

/**
 * A text cell of csvCell's, read back: the `'` put before text that starts like a formula is taken off. Control
 * characters stay as their escapes (`\x1b`): csvCell leaves backslashes alone, so an escape cannot be told from
 * text that holds one. Text that itself began with `'` and a formula character loses its `'` too; no uid,
 * address or name that zeekseq writes starts so.
 */
export function csvText(cell: string): string {
  return GUARDED.test(cell) ? cell.slice(1) : cell;
}

/** A table cell as a CSV value: dates as ISO text, lists and objects as their text (arquero's toCSV did the same). */
function cellValue(value: unknown): CsvValue {
  if (value === null || value === undefined || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

/** An arquero table as CSV text, a header line first, every cell through `csvCell`. */
export function toCsv(table: ColumnTable, options: { header?: boolean } = {}): string {
  const names = table.columnNames();
  const columns = names.map((name) => table.array(name) as ArrayLike<unknown>);
  const lines = options.header === false ? [] : [csvLine(names)];
  const rows = table.numRows();
  for (let r = 0; r < rows; r++) lines.push(csvLine(columns.map((column) => cellValue(column[r]))));
  return lines.join('');
}
