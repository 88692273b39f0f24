/**
 * CSV cells that are safe to open in a spreadsheet: a text cell that starts like a formula (= + - @, tab or CR)
 * gets a leading `'` so Excel and LibreOffice show it as text instead of running it (OWASP "CSV injection"), and
 * control characters are escaped so a cell stays on its line.
 */
import { escapeControlChars } from './control-chars.js';

export type CsvValue = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: numbers and booleans as written, null/undefined empty, text neutralised, escaped and quoted if needed. */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  // A number is data, not a formula, even when negative.
  if (typeof value !== 'string') return String(value);
  const text = escapeControlChars(FORMULA_START.test(value) ? `'${value}` : value);
  return /[",]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One line of cells, ending in a newline. */
export function toCsvLine(values: readonly CsvValue[]): string {
  return `${values.map(csvCell).join(',')}\n`;
}
