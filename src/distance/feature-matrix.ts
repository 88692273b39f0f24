/**
 * The feature matrix that clustering works on: numeric columns as one row-major Float64Array (NaN is
 * missing) and categorical and boolean columns as one row-major Int32Array of codes (-1 is missing),
 * so that distance loops touch typed arrays only. Categorical codes index the column's `categories`;
 * boolean codes are 0 (false) and 1 (true).
 */
import { ZeekseqError } from '../util/errors.js';
import { typedFrom } from '../util/typed-from.js';

export type ColumnKind = 'numeric' | 'categorical' | 'boolean';

/** One value of a row as plain data: numbers, category names, booleans, and null for missing. */
export type FeatureValue = number | string | boolean | null;

export interface FeatureColumn {
  readonly name: string;
  readonly kind: ColumnKind;
  /** Index of the column within a row of `numeric` (numeric columns) or of `codes` (the others). */
  readonly slot: number;
  /** Categorical columns: the value of each code. Empty for numeric and boolean columns. */
  readonly categories: readonly string[];
}

export interface FeatureMatrix {
  readonly rows: number;
  /** All columns in their original order. */
  readonly columns: readonly FeatureColumn[];
  /** Number of numeric columns: the row stride of `numeric`. */
  readonly numericWidth: number;
  /** rows x numericWidth, row-major; NaN is missing. */
  readonly numeric: Float64Array;
  /** Number of categorical and boolean columns: the row stride of `codes`. */
  readonly codeWidth: number;
  /** rows x codeWidth, row-major; -1 is missing. */
  readonly codes: Int32Array;
}

export interface FeatureMatrixOptions {
  /** Kind per column name; columns not named here are inferred from their values. */
  kinds?: Readonly<Record<string, ColumnKind>>;
  /**
   * Categories to start from per categorical column, so that new rows get the codes an earlier matrix
   * gave the same values; values not listed get the next codes.
   */
  categories?: Readonly<Record<string, readonly string[]>>;
}

const KINDS: readonly ColumnKind[] = ['numeric', 'categorical', 'boolean'];

function isMissing(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value));
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : `${String(value)} (${typeof value})`;
}

function inferKind(name: string, rows: number, get: (row: number) => unknown): ColumnKind {
  let kind: ColumnKind | null = null;
  let firstRow = -1;
  for (let r = 0; r < rows; r++) {
    const value = get(r);
    if (isMissing(value)) continue;
    const here: ColumnKind | null =
      typeof value === 'number'
        ? 'numeric'
        : typeof value === 'boolean'
          ? 'boolean'
          : typeof value === 'string'
            ? 'categorical'
            : null;
    if (here === null) {
      throw new ZeekseqError(
        `column '${name}' row ${r}: ${describe(value)} is not a number, string or boolean; convert it before building features`,
      );
    }
    if (kind === null) {
      kind = here;
      firstRow = r;
    } else if (here !== kind) {
      throw new ZeekseqError(
        `column '${name}' mixes kinds: row ${firstRow} is ${kind} but row ${r} is ${describe(value)}; ` +
          `clean the column or declare its kind (kinds: { ${JSON.stringify(name)}: 'categorical' })`,
      );
    }
  }
  return kind ?? 'numeric';
}

/** Builds a matrix from a value getter; every builder goes through here so that rules stay one. */
function buildMatrix(
  names: readonly string[],
  rows: number,
  get: (column: number, row: number) => unknown,
  options: FeatureMatrixOptions = {},
): FeatureMatrix {
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name))
      throw new ZeekseqError(`feature column '${name}' appears twice; give every column its own name`);
    seen.add(name);
  }
  for (const name of Object.keys(options.kinds ?? {})) {
    if (!seen.has(name))
      throw new ZeekseqError(`kinds names column '${name}', which is not among the columns (${names.join(', ')})`);
    const kind = options.kinds![name];
    if (!KINDS.includes(kind))
      throw new ZeekseqError(
        `column '${name}': unknown kind ${JSON.stringify(kind)}; use numeric, categorical or boolean`,
      );
  }
  const kinds = names.map((name, c) => options.kinds?.[name] ?? inferKind(name, rows, (r) => get(c, r)));
  const numericWidth = kinds.filter((k) => k === 'numeric').length;
  const codeWidth = kinds.length - numericWidth;
  const numeric = new Float64Array(rows * numericWidth);
  const codes = new Int32Array(rows * codeWidth);
  const columns: FeatureColumn[] = [];
  let numericSlot = 0;
  let codeSlot = 0;
  names.forEach((name, c) => {
    const kind = kinds[c];
    if (kind === 'numeric') {
      const slot = numericSlot++;
      for (let r = 0; r < rows; r++) {
        const value = get(c, r);
        if (isMissing(value)) numeric[r * numericWidth + slot] = NaN;
        else if (typeof value === 'number') numeric[r * numericWidth + slot] = value;
        else
          throw new ZeekseqError(
            `column '${name}' row ${r}: expected a number, got ${describe(value)}; clean the value or declare the column categorical`,
          );
      }
      columns.push({ name, kind, slot, categories: [] });
      return;
    }
    const slot = codeSlot++;
    if (kind === 'boolean') {
      for (let r = 0; r < rows; r++) {
        const value = get(c, r);
        let code: number;
        if (isMissing(value)) code = -1;
        else if (value === true || value === 1) code = 1;
        else if (value === false || value === 0) code = 0;
        else
          throw new ZeekseqError(
            `column '${name}' row ${r}: expected a boolean, got ${describe(value)}; use true/false (or 1/0) or declare the column categorical`,
          );
        codes[r * codeWidth + slot] = code;
      }
      columns.push({ name, kind, slot, categories: [] });
      return;
    }
    const categories = [...(options.categories?.[name] ?? [])];
    const codeOf = new Map<string, number>(categories.map((value, i) => [value, i]));
    for (let r = 0; r < rows; r++) {
      const value = get(c, r);
      if (isMissing(value)) {
        codes[r * codeWidth + slot] = -1;
        continue;
      }
      const text = String(value);
      let code = codeOf.get(text);
      if (code === undefined) {
        code = categories.length;
        categories.push(text);
        codeOf.set(text, code);
      }
      codes[r * codeWidth + slot] = code;
    }
    columns.push({ name, kind, slot, categories });
  });
  return { rows, columns, numericWidth, numeric, codeWidth, codes };
}

/**
 * A matrix from named columns (plain arrays or typed arrays, e.g. arquero's `table.array(name)`).
 * Kinds are inferred: all numbers is numeric, all booleans boolean, all strings categorical; null,
 * undefined and NaN are missing.
 */
export function featureMatrixFromColumns(
  columns: Readonly<Record<string, ArrayLike<unknown>>>,
  options: FeatureMatrixOptions = {},
): FeatureMatrix {
  const names = Object.keys(columns);
  const arrays = names.map((name) => columns[name]);
  const rows = arrays.length > 0 ? arrays[0].length : 0;
  arrays.forEach((array, c) => {
    if (array.length !== rows) {
      throw new ZeekseqError(
        `feature column '${names[c]}' has ${array.length} values but '${names[0]}' has ${rows}; all columns need one value per row`,
      );
    }
  });
  return buildMatrix(names, rows, (c, r) => arrays[c][r], options);
}

/**
 * A matrix from rows: arrays of values (named by `names`, default x0, x1, ...) or objects (named by
 * `names`, default the keys of the first row). Kinds are inferred as in featureMatrixFromColumns.
 */
export function featureMatrixFromRows(
  rows: readonly (readonly unknown[])[] | readonly Readonly<Record<string, unknown>>[],
  options: FeatureMatrixOptions & { names?: readonly string[] } = {},
): FeatureMatrix {
  if (rows.length === 0) return buildMatrix(options.names ?? [], 0, () => null, options);
  if (Array.isArray(rows[0])) {
    const arrays = rows as readonly (readonly unknown[])[];
    const width = arrays[0].length;
    const names = options.names ?? Array.from({ length: width }, (_, c) => `x${c}`);
    arrays.forEach((row, r) => {
      if (!Array.isArray(row) || row.length !== names.length) {
        throw new ZeekseqError(
          `feature row ${r} has ${Array.isArray(row) ? row.length : 'no'} values but there are ${names.length} columns (${names.join(', ')}); give every row one value per column`,
        );
      }
    });
    return buildMatrix(names, arrays.length, (c, r) => arrays[r][c], options);
  }
  const objects = rows as readonly Readonly<Record<string, unknown>>[];
  const names = options.names ?? Object.keys(objects[0]);
  return buildMatrix(names, objects.length, (c, r) => objects[r][names[c]], options);
}

/** The value of one cell as plain data (null for missing). */
export function featureValue(matrix: FeatureMatrix, row: number, column: FeatureColumn): FeatureValue {
  if (column.kind === 'numeric') {
    const value = matrix.numeric[row * matrix.numericWidth + column.slot];
    return Number.isNaN(value) ? null : value;
  }
  const code = matrix.codes[row * matrix.codeWidth + column.slot];
  if (code < 0) return null;
  return column.kind === 'boolean' ? code === 1 : column.categories[code];
}

/** The rows at `indices`, in that order. */
export function selectRows(matrix: FeatureMatrix, indices: ArrayLike<number>): FeatureMatrix {
  const { numericWidth: nw, codeWidth: cw } = matrix;
  const numeric = new Float64Array(indices.length * nw);
  const codes = new Int32Array(indices.length * cw);
  for (let i = 0; i < indices.length; i++) {
    const r = indices[i];
    if (!(r >= 0 && r < matrix.rows))
      throw new RangeError(`row index ${r} is outside the matrix of ${matrix.rows} rows`);
    for (let k = 0; k < nw; k++) numeric[i * nw + k] = matrix.numeric[r * nw + k];
    for (let k = 0; k < cw; k++) codes[i * cw + k] = matrix.codes[r * cw + k];
  }
  return { ...matrix, rows: indices.length, numeric, codes };
}

function sameLayout(a: FeatureMatrix, b: FeatureMatrix): boolean {
  return (
    a.columns.length === b.columns.length &&
    a.columns.every(
      (col, c) => col.name === b.columns[c].name && col.kind === b.columns[c].kind && col.slot === b.columns[c].slot,
    )
  );
}

function isPrefix(short: readonly string[], long: readonly string[]): boolean {
  return short === long || short.every((value, i) => long[i] === value);
}

/**
 * The rows of `a` followed by the rows of `b`. Both must have the same columns and categorical codes
 * that agree (one dictionary extends the other), as for two selections of one matrix.
 */
export function concatRows(a: FeatureMatrix, b: FeatureMatrix): FeatureMatrix {
  if (!sameLayout(a, b)) {
    throw new ZeekseqError(
      `cannot stack feature rows with different columns (${a.columns.map((c) => c.name).join(', ')} vs ${b.columns.map((c) => c.name).join(', ')}); align them first`,
    );
  }
  const columns = a.columns.map((col, c) => {
    const other = b.columns[c].categories;
    if (col.categories.length >= other.length ? isPrefix(other, col.categories) : isPrefix(col.categories, other)) {
      return col.categories.length >= other.length ? col : b.columns[c];
    }
    throw new ZeekseqError(
      `cannot stack feature rows: column '${col.name}' codes its categories differently in the two parts; align them first`,
    );
  });
  const numeric = new Float64Array(a.numeric.length + b.numeric.length);
  numeric.set(a.numeric);
  numeric.set(b.numeric, a.numeric.length);
  const codes = new Int32Array(a.codes.length + b.codes.length);
  codes.set(a.codes);
  codes.set(b.codes, a.codes.length);
  return { rows: a.rows + b.rows, columns, numericWidth: a.numericWidth, numeric, codeWidth: a.codeWidth, codes };
}

/**
 * `matrix` re-laid out like `like`: the same column order and kinds, categorical values coded with
 * `like`'s categories (values `like` never saw get new codes, so they match nothing learned there).
 * Used before predicting on new rows.
 */
export function alignFeatureMatrix(matrix: FeatureMatrix, like: readonly FeatureColumn[]): FeatureMatrix {
  const byName = new Map(matrix.columns.map((col) => [col.name, col]));
  const sources = like.map((want) => {
    const have = byName.get(want.name);
    if (!have) {
      throw new ZeekseqError(
        `the rows have no column '${want.name}', which the model was fitted with (columns: ${like.map((c) => c.name).join(', ')}); give the same feature columns`,
      );
    }
    // Any value can name a category (the number 80 and the string "80" are the same port).
    if (have.kind !== want.kind && want.kind !== 'categorical') {
      throw new ZeekseqError(
        `column '${want.name}' is ${have.kind} here but was ${want.kind} when the model was fitted; give it the same kind`,
      );
    }
    return have;
  });
  return buildMatrix(
    like.map((c) => c.name),
    matrix.rows,
    (c, r) => featureValue(matrix, r, sources[c]),
    {
      kinds: Object.fromEntries(like.map((c) => [c.name, c.kind])),
      categories: Object.fromEntries(like.filter((c) => c.kind === 'categorical').map((c) => [c.name, c.categories])),
    },
  );
}

/** A matrix as JSON-ready data (NaN as null). */
export interface FeatureMatrixJSON {
  columns: { name: string; kind: ColumnKind; categories: string[] }[];
  rows: number;
  numeric: (number | null)[];
  codes: number[];
}

export function featureMatrixToJSON(matrix: FeatureMatrix): FeatureMatrixJSON {
  return {
    columns: matrix.columns.map((c) => ({ name: c.name, kind: c.kind, categories: [...c.categories] })),
    rows: matrix.rows,
    numeric: Array.from(matrix.numeric, (v) => (Number.isNaN(v) ? null : v)),
    codes: Array.from(matrix.codes),
  };
}

export function featureMatrixFromJSON(json: FeatureMatrixJSON, what = 'feature matrix'): FeatureMatrix {
  const bad = (detail: string) =>
    new ZeekseqError(`saved ${what} is malformed: ${detail}; save it again with toJSON()`);
  if (
    !json ||
    !Array.isArray(json.columns) ||
    !Array.isArray(json.numeric) ||
    !Array.isArray(json.codes) ||
    !Number.isInteger(json.rows) ||
    json.rows < 0
  ) {
    throw bad('it needs columns, rows, numeric and codes');
  }
  let numericSlot = 0;
  let codeSlot = 0;
  const columns: FeatureColumn[] = json.columns.map((c) => {
    if (typeof c?.name !== 'string' || !KINDS.includes(c.kind) || !Array.isArray(c.categories))
      throw bad(`column ${JSON.stringify(c)}`);
    const slot = c.kind === 'numeric' ? numericSlot++ : codeSlot++;
    return { name: c.name, kind: c.kind, slot, categories: c.categories.map(String) };
  });
  if (json.numeric.length !== json.rows * numericSlot || json.codes.length !== json.rows * codeSlot) {
    throw bad(`${json.rows} rows need ${json.rows * numericSlot} numeric values and ${json.rows * codeSlot} codes`);
  }
  const numeric = typedFrom(Float64Array, json.numeric, (v) => (v === null ? NaN : v));
  const codes = Int32Array.from(json.codes);
  return { rows: json.rows, columns, numericWidth: numericSlot, numeric, codeWidth: codeSlot, codes };
}

/** What estimators accept as rows: a feature matrix, or plain rows of values (columns x0, x1, ...). */
export type FeatureInput = FeatureMatrix | readonly (readonly FeatureValue[])[];

function isFeatureMatrix(input: FeatureInput): input is FeatureMatrix {
  return (
    !Array.isArray(input) &&
    typeof (input as FeatureMatrix).rows === 'number' &&
    (input as FeatureMatrix).numeric instanceof Float64Array
  );
}

export function asFeatureMatrix(input: FeatureInput): FeatureMatrix {
  if (isFeatureMatrix(input)) return input;
  if (Array.isArray(input)) return featureMatrixFromRows(input);
  throw new ZeekseqError(
    'expected a FeatureMatrix or an array of rows; build one with featureMatrixFromRows or featureMatrixFromColumns',
  );
}
