/**
 * Log strings (host names, URIs, user agents, tokens, labels) made safe to draw: C0 and C1 control characters
 * are invalid in XML, so one of them in an SVG <text> breaks the whole chart (and, in an HTML report, can hide
 * or reorder what the analyst reads); bidi overrides and marks make text display in another order than it is
 * stored (Trojan Source). Each such character is shown as a visible escape (`\x07`, `\u202e`) instead. Lone
 * surrogates and the non-characters U+FFFE/U+FFFF, also invalid in XML, are escaped the same way. Markup
 * characters (`<`, `&`, quotes) are left alone: vega escapes them in SVG, the report renderer in HTML.
 */

// C0, DEL, C1; ALM; LRM, RLM; LRE..RLO; LRI..PDI; U+FFFE/U+FFFF; a high surrogate not followed by a low one; a
// low surrogate not preceded by a high one.
const UNSAFE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's job
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function escapeOne(char: string): string {
  const code = char.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** `text` with every control, bidi-control, lone-surrogate and non-character code unit shown as an escape. */
export function safeText(text: string): string {
  return text.replace(UNSAFE, escapeOne);
}
