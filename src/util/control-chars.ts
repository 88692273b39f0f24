/**
 * Text from data or run files shown on a terminal or written to a CSV: control characters could move the cursor,
 * rewrite earlier lines or hide text (bidirectional overrides), so they are written as visible escapes.
 */

// C0 controls, DEL, C1 controls, and the bidirectional embeddings, overrides and isolates.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's purpose.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
// What JSON.stringify leaves as it is of the above.
const CONTROL_IN_JSON = /[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

const unicodeEscape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** `text` with each control character as `\n`, `\r`, `\t` or `\u00XX`, and backslashes left as they are. */
export function escapeControlChars(text: string): string {
  return text.replace(CONTROL, (c) => NAMED[c] ?? unicodeEscape(c));
}

/** `value` as JSON with no control character left raw; still valid JSON that parses back to `value`. */
export function terminalJson(value: unknown): string {
  return JSON.stringify(value).replace(CONTROL_IN_JSON, unicodeEscape);
}
