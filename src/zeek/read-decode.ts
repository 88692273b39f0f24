/**
 * Turning field bytes into values without building intermediate strings: decimal numbers are
 * accumulated digit by digit, ASCII text is sliced straight out of the buffer, and only fields
 * with escapes or non-ASCII bytes take the slow path.
 */
import { isUtf8 } from 'node:buffer';

/** Largest integer a double holds exactly: above it the digit loop could round twice. */
export const EXACT = 2 ** 53;
export const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

/**
 * The decimal number in bytes [start, end), or NaN if they are not one. Integers and plain
 * decimals with up to 15-16 significant digits (every Zeek time, interval, count and port)
 * are exact here: an exact integer divided by an exact power of ten is one correctly
 * rounded operation. Anything else (exponents, long mantissas, inf) goes through Number().
 */
export function parseNumberBytes(buf: Buffer, start: number, end: number): number {
  let i = start;
  let negative = false;
  const first = buf[i];
  if (first === 0x2d || first === 0x2b) {
    negative = first === 0x2d;
    i++;
  }
  let mantissa = 0;
  let digits = 0;
  let fraction = -1;
  for (; i < end; i++) {
    const c = buf[i] - 0x30;
    if (c >= 0 && c <= 9) {
      mantissa = mantissa * 10 + c;
      digits++;
    } else if (c === -2 && fraction < 0) {
      fraction = i; // '.'
    } else {
      return parseNumberSlow(buf, start, end);
    }
  }
  if (digits === 0) return NaN;
  if (mantissa >= EXACT) return parseNumberSlow(buf, start, end);
  let value = mantissa;
  if (fraction >= 0) {
    const scale = end - fraction - 1;
    if (scale > 22) return parseNumberSlow(buf, start, end);
    value /= POW10[scale];
  }
  return negative ? -value : value;
}

const SPECIAL = new Map([
  ['inf', Infinity],
  ['+inf', Infinity],
  ['-inf', -Infinity],
]);

function parseNumberSlow(buf: Buffer, start: number, end: number): number {
  const text = buf.toString('latin1', start, end);
  const special = SPECIAL.get(text.toLowerCase());
  if (special !== undefined) return special;
  // Number('') is 0 and Number(' 1') is 1; a field must be a number and nothing else.
  if (!/^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(text)) return NaN;
  return Number(text);
}

/** What went wrong while decoding the last field (read after each call, then reset). */
export interface DecodeFlags {
  badEscape: boolean;
  badUtf8: boolean;
}

/** Bytes [start, end) as text, validating UTF-8 (invalid sequences become U+FFFD). */
export function decodeUtf8(buf: Buffer, start: number, end: number, flags: DecodeFlags): string {
  let ascii = true;
  for (let i = start; i < end; i++) {
    if (buf[i] >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) return buf.toString('latin1', start, end);
  if (!isUtf8(buf.subarray(start, end))) flags.badUtf8 = true;
  return buf.toString('utf8', start, end);
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

/**
 * A Zeek TSV text field: `\xHH` escapes become their bytes and `\\` a backslash, then the
 * bytes are read as UTF-8. Zeek escapes bytes that are not printable text, so escaped bytes
 * that do not form valid UTF-8 (binary in a URI, say) keep their `\xHH` spelling rather than
 * turning into U+FFFD: nothing is lost. A `\x` without two hex digits is kept as written and
 * flagged; raw invalid UTF-8 (not escaped) is flagged and replaced.
 */
export function decodeZeekText(buf: Buffer, start: number, end: number, flags: DecodeFlags): string {
  let plain = true;
  for (let i = start; i < end; i++) {
    const c = buf[i];
    if (c === 0x5c || c >= 0x80) {
      plain = false;
      break;
    }
  }
  if (plain) return buf.toString('latin1', start, end);
  if (!isUtf8(buf.subarray(start, end))) flags.badUtf8 = true;
  let out = '';
  let runStart = start;
  let i = start;
  while (i < end) {
    if (buf[i] !== 0x5c) {
      i++;
      continue;
    }
    out += buf.toString('utf8', runStart, i);
    if (buf[i + 1] === 0x5c && i + 1 < end) {
      out += '\\';
      i += 2;
    } else if (buf[i + 1] === 0x78 && i + 1 < end) {
      // A run of \xHH escapes is decoded together so multi-byte UTF-8 sequences survive.
      const bytes: number[] = [];
      let j = i;
      while (j + 1 < end && buf[j] === 0x5c && buf[j + 1] === 0x78) {
        const hi = j + 2 < end ? hexValue(buf[j + 2]) : -1;
        const lo = j + 3 < end ? hexValue(buf[j + 3]) : -1;
        if (hi < 0 || lo < 0) break;
        bytes.push(hi * 16 + lo);
        j += 4;
      }
      if (bytes.length === 0) {
        flags.badEscape = true;
        out += '\\x';
        i += 2;
      } else {
        const decoded = Buffer.from(bytes);
        out += isUtf8(decoded) ? decoded.toString('utf8') : buf.toString('latin1', i, j);
        i = j;
      }
    } else {
      out += '\\';
      i++;
    }
    runStart = i;
  }
  return out + buf.toString('utf8', runStart, end);
}

/** Whether bytes [start, end) are only spaces and tabs: a line with no data in any format. */
export function isBlank(buf: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (buf[i] !== 0x20 && buf[i] !== 0x09) return false;
  return true;
}
