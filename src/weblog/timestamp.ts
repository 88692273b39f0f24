/**
 * Access-log timestamps to epoch seconds (UTC). The Common Log Format writes local time with its UTC offset
 * (`17/May/2015:10:05:03 +0000`); nginx can also write ISO 8601 or seconds since the epoch. A time without
 * an offset is refused rather than guessed, because sessions of clients in different files would then be
 * shifted by hours.
 */
import type { TimeSyntax } from './format.js';

const MONTHS: Record<string, number> = {
  jan: 0,
  feb: 1,
  mar: 2,
  apr: 3,
  may: 4,
  jun: 5,
  jul: 6,
  aug: 7,
  sep: 8,
  oct: 9,
  nov: 10,
  dec: 11,
};

const CLF = /^(\d{1,2})\/([A-Za-z]{3})\/(\d{4}):(\d{2}):(\d{2}):(\d{2})(\.\d+)? ?([+-])(\d{2}):?(\d{2})$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:(Z)|([+-])(\d{2}):?(\d{2}))$/;
const EPOCH = /^\d+(\.\d+)?$/;

/** Epoch seconds of a calendar time with a UTC offset, or null when a part is out of range (31 Feb, 25:00). */
function epochSeconds(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  fraction: string | undefined,
  offsetMinutes: number,
): number | null {
  if (month < 0 || month > 11 || hour > 23 || minute > 59 || second > 60 || Math.abs(offsetMinutes) > 18 * 60)
    return null;
  const ms = Date.UTC(year, month, day, hour, minute, second);
  // Date.UTC rolls 31 Feb over into March; a changed day means the date does not exist.
  if (new Date(ms).getUTCDate() !== day || day < 1) return null;
  return ms / 1000 + (fraction ? Number(fraction) : 0) - offsetMinutes * 60;
}

function offset(sign: string, hours: string, minutes: string): number {
  return (sign === '-' ? -1 : 1) * (Number(hours) * 60 + Number(minutes));
}

/** `17/May/2015:10:05:03 +0000` (optionally with fractional seconds) to epoch seconds, or null. */
export function parseClfTime(text: string): number | null {
  const m = CLF.exec(text);
  if (!m) return null;
  const month = MONTHS[m[2].toLowerCase()];
  if (month === undefined) return null;
  return epochSeconds(
    Number(m[3]),
    month,
    Number(m[1]),
    Number(m[4]),
    Number(m[5]),
    Number(m[6]),
    m[7],
    offset(m[8], m[9], m[10]),
  );
}

/** `2015-05-17T10:05:03+00:00` or `...Z` to epoch seconds, or null. */
export function parseIsoTime(text: string): number | null {
  const m = ISO.exec(text);
  if (!m) return null;
  const minutes = m[8] ? 0 : offset(m[9], m[10], m[11]);
  return epochSeconds(
    Number(m[1]),
    Number(m[2]) - 1,
    Number(m[3]),
    Number(m[4]),
    Number(m[5]),
    Number(m[6]),
    m[7],
    minutes,
  );
}

/** A time field in the given syntax to epoch seconds, or null when it does not parse. */
export function parseLogTime(text: string, syntax: TimeSyntax): number | null {
  if (syntax === 'clf') return parseClfTime(text);
  if (syntax === 'iso8601') return parseIsoTime(text);
  return EPOCH.test(text) ? Number(text) : null;
}
