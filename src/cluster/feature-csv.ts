/**
 * Feature rows from a CSV file (header row, comma-separated, double quotes as in RFC 4180), for
 * `zeekseq cluster`. A column whose every non-empty value is a number is numeric; any other is
 * categorical. Empty fields and "-" (Zeek's unset) are missing. Errors name the file and line.
 */
import { readFileSync } from 'node:fs';
import { ZeekseqError } from '../util/errors.js';
import { featureMatrixFromColumns, type ColumnKind, type FeatureMatrix } from '../distance/feature-matrix.js';

export interface FeatureCsv {
  matrix: FeatureMatrix;
  /** The weights column, if one was named (it is not a feature). */
  weights: Float64Array | null;
}

export interface FeatureCsvOptions {
  /** Name of a numeric column of row weights. */
  weights?: string;
  /** A metric that takes numbers only: then categorical columns and missing values are errors. */
  numericOnly?: string;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const NON_FINITE = /^[+-]?(inf|infinity|nan)$/i;

const isMissing = (field: string) => field === '' || field === '-';

/** Calls `visit(fields, line)` for each record; `line` is the 1-based line where the record starts. */
function forEachRecord(text: string, file: string, visit: (fields: string[], line: number) => void): void {
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  let i = 0;
  const end = () => {
    fields.push(field);
    field = '';
    // A blank line (one empty field) is no record.
    if (!(fields.length === 1 && fields[0] === '')) visit(fields, start);
    fields = [];
  };
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
      i++;
      continue;
    }
    if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\n') {
      end();
      line++;
      start = line;
    } else if (c !== '\r') field += c;
    i++;
  }
  if (quoted)
    throw new ZeekseqError(
      `${file}:${start}: a quoted field is never closed; close the quote (a quote inside a field is written "")`,
    );
  if (field !== '' || fields.length > 0) end();
}

export function parseFeatureCsv(text: string, file: string, options: FeatureCsvOptions = {}): FeatureCsv {
  let names: string[] | null = null;
  const lines: number[] = [];
  // Pass 1: the header, field counts, and which columns are numbers throughout.
  let numeric: boolean[] = [];
  let firstText: { line: number; value: string }[] = [];
  forEachRecord(text, file, (fields, line) => {
    if (!names) {
      names = fields.map((f) => f.trim());
      const seen = new Set<string>();
      names.forEach((name, c) => {
        if (name === '')
          throw new ZeekseqError(`${file}:${line}: column ${c + 1} of the header has no name; name every column`);
        if (seen.has(name))
          throw new ZeekseqError(
            `${file}:${line}: the header names column '${name}' twice; give every column its own name`,
          );
        seen.add(name);
      });
      numeric = names.map(() => true);
      firstText = names.map(() => ({ line: 0, value: '' }));
      return;
    }
    if (fields.length !== names.length) {
      throw new ZeekseqError(
        `${file}:${line}: ${fields.length} fields but the header has ${names.length}; every row needs one value per column`,
      );
    }
    lines.push(line);
    fields.forEach((value, c) => {
      if (!numeric[c] || isMissing(value)) return;
      if (NON_FINITE.test(value.trim())) {
        throw new ZeekseqError(
          `${file}:${line}: column '${names![c]}' is ${value}; clustering needs finite numbers: clip the value, leave it empty, or drop the row`,
        );
      }
      if (!NUMBER.test(value.trim())) {
        numeric[c] = false;
        firstText[c] = { line, value };
      }
    });
  });
  if (!names)
    throw new ZeekseqError(`${file} is empty; it needs a header row naming the feature columns, then one row per item`);
  const header: string[] = names;
  if (lines.length === 0)
    throw new ZeekseqError(`${file} has a header but no rows; give it at least one row to cluster`);

  const weightColumn = options.weights === undefined ? -1 : header.indexOf(options.weights);
  if (options.weights !== undefined) {
    if (weightColumn < 0)
      throw new ZeekseqError(
        `${file} has no column '${options.weights}' for --weights (columns: ${header.join(', ')})`,
      );
    if (!numeric[weightColumn]) {
      const { line, value } = firstText[weightColumn];
      throw new ZeekseqError(
        `${file}:${line}: weight column '${options.weights}' holds ${JSON.stringify(value)}; weights must be numbers >= 0`,
      );
    }
  }
  if (options.numericOnly) {
    header.forEach((name, c) => {
      if (numeric[c]) return;
      const { line, value } = firstText[c];
      throw new ZeekseqError(
        `${file}:${line}: column '${name}' holds ${JSON.stringify(value)}, not a number; the ${options.numericOnly} metric takes numbers only: ` +
          `use --metric gower, or one-hot encode or drop the column`,
      );
    });
  }

  // Pass 2: the values.
  const rows = lines.length;
  const values = header.map((_, c) => (numeric[c] ? new Float64Array(rows) : new Array<string | null>(rows)));
  let r = 0;
  let headerSeen = false;
  forEachRecord(text, file, (fields, line) => {
    if (!headerSeen) {
      headerSeen = true;
      return;
    }
    fields.forEach((value, c) => {
      const missing = isMissing(value);
      if (c === weightColumn) {
        const w = missing ? NaN : Number(value);
        if (!(w >= 0))
          throw new ZeekseqError(
            `${file}:${line}: weight '${header[c]}' is ${missing ? 'empty' : value}; weights must be numbers >= 0`,
          );
        (values[c] as Float64Array)[r] = w;
      } else if (numeric[c]) {
        if (missing && options.numericOnly) {
          throw new ZeekseqError(
            `${file}:${line}: column '${header[c]}' is empty; the ${options.numericOnly} metric needs every value: fill it, drop the row, or use --metric gower`,
          );
        }
        (values[c] as Float64Array)[r] = missing ? NaN : Number(value);
      } else {
        (values[c] as (string | null)[])[r] = missing ? null : value;
      }
    });
    r++;
  });

  const columns: Record<string, Float64Array | (string | null)[]> = {};
  const kinds: Record<string, ColumnKind> = {};
  header.forEach((name, c) => {
    if (c === weightColumn) return;
    columns[name] = values[c];
    kinds[name] = numeric[c] ? 'numeric' : 'categorical';
  });
  return {
    matrix: featureMatrixFromColumns(columns, { kinds }),
    weights: weightColumn >= 0 ? (values[weightColumn] as Float64Array) : null,
  };
}

export function readFeatureCsv(file: string, options: FeatureCsvOptions = {}): FeatureCsv {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ZeekseqError(`cannot read ${file}: ${(error as Error).message}; check the --input path`);
  }
  return parseFeatureCsv(text, file, options);
}
