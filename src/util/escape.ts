/**
 * Text from logs shown on a terminal or in a report. A file name, a `#fields` column name or a
 * parse error quoting a line can hold bytes that a terminal obeys (ESC starts a sequence that
 * recolours, retitles or rewrites the screen) or that reorder what is read (bidi overrides), so
 * they are shown as escapes instead. Pure functions, no state.
 */

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

/** Whether a character is shown escaped by `escapeControl`. */
export function isControlCharacter(code: number): boolean {
  return code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029 || isBidiControl(code);
}

function hex(code: number, digits: number): string {
  return code.toString(16).padStart(digits, '0');
}

/**
 * `text` with C0 and C1 control characters and DEL shown as `\xNN` (ESC is `\x1b`), and bidi
 * formatting characters and the Unicode line and paragraph separators as `\uNNNN` (`\u202e`).
 * Everything else, backslashes included, is kept: this is for showing text, not for encoding it.
 */
export function escapeControl(text: string): string {
  let out = '';
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!isControlCharacter(code)) continue;
    out += text.slice(run, i) + (code <= 0xff ? `\\x${hex(code, 2)}` : `\\u${hex(code, 4)}`);
    run = i + 1;
  }
  return run === 0 ? text : out + text.slice(run);
}
