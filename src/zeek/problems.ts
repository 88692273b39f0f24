/**
 * Problems found while reading logs. A malformed line is never fatal and never dropped
 * silently: it is recorded here with its file and line, and `zeekseq inspect` lists it.
 */

export type ProblemKind =
  | 'field-count' // a TSV/CSV line with more or fewer fields than #fields declares
  | 'bad-number' // a count/int/port/double/time/interval field that does not parse
  | 'bad-bool' // a bool field other than T, F or unset
  | 'bad-escape' // a \x escape without two hex digits
  | 'bad-json' // a JSON line that does not parse as an object
  | 'bad-utf8' // bytes that are not valid UTF-8 (replaced by U+FFFD)
  | 'truncated-gzip' // a .gz that ends early or is corrupt: rows before the damage are kept
  | 'header-change' // #fields changes part-way through a file: later rows use the new header
  | 'missing-header' // TSV data before any #fields line
  | 'unreadable' // a file that cannot be opened
  | 'line-too-long' // a line over MAX_LINE_BYTES (limits.ts): skipped whole
  | 'field-too-long' // a value over MAX_FIELD_BYTES: read as unset, the rest of the row kept
  | 'too-deep' // a JSON line nested deeper than MAX_JSON_DEPTH: the row was not read
  | 'too-many-columns' // columns beyond MAX_COLUMNS in one file: not read
  | 'symlink-outside'; // a symlink in a log folder pointing outside it: not followed

export interface DataProblem {
  file: string;
  /** 1-based line number in the (decompressed) file; 0 when the problem concerns the whole file. */
  line: number;
  kind: ProblemKind;
  message: string;
}

/** One file read into a log, as `inspect` reports it. */
export interface LogFileInfo {
  path: string;
  format: 'tsv' | 'json' | 'csv' | 'parquet';
  gzip: boolean;
  /** Data rows read from this file (rows with problems that could still be kept count too). */
  rows: number;
}
