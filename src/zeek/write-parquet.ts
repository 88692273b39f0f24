/**
 * Writes arquero tables, and a dataset's logs (one `<type>.parquet` per log type), as Parquet through
 * hyparquet-writer (a regular dependency, pure JS). Columns keep the reader's representation: numbers
 * (Float64Array, NaN = unset) are nullable DOUBLE, so a Zeek `time` stays exact epoch seconds; text is UTF8,
 * booleans BOOLEAN, sets and vectors a LIST of their elements (an unset list is null, an empty one []). The Zeek
 * type of each column goes into the file's key-value metadata, so reading the file back gives the dataset that
 * was written.
 */
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { ColumnTable } from 'arquero';
import { type ColumnSource, ParquetWriter, fileWriter } from 'hyparquet-writer';
import { ZeekseqError } from '../util/errors.js';
import type { ZeekDataset } from './dataset.js';
import { valueAsText } from './read-columns.js';

/** Key-value metadata key holding `{ column: zeekType }` as JSON. */
export const ZEEK_TYPES_KEY = 'zeekseq.zeek_types';

/** Rows per row group: bounds the memory of writing (each group is converted on its own) and of reading. */
export const PARQUET_ROW_GROUP = 100_000;

export interface WriteParquetOptions {
  /** Zeek type per column (`time`, `set[addr]`...): stored in the file, and decides the type of a column that holds no value. */
  fieldTypes?: Record<string, string>;
  /** Rows per row group (default PARQUET_ROW_GROUP). */
  rowGroupSize?: number;
}

/** A schema element as hyparquet-writer takes it (it bundles its own hyparquet, whose types differ slightly). */
type SchemaElement = ConstructorParameters<typeof ParquetWriter>[0]['schema'][number];

type Leaf = 'DOUBLE' | 'INT64' | 'BOOLEAN' | 'STRING' | 'TIMESTAMP';

/** How one column is written: a leaf type, or a list of a leaf type. */
interface ColumnPlan {
  name: string;
  leaf: Leaf;
  list: boolean;
  values: ArrayLike<unknown>;
  /** No value is unset: written REQUIRED, which hyparquet reads several times faster than OPTIONAL. */
  required?: boolean;
}

const NUMBER_TYPES = new Set(['time', 'interval', 'count', 'int', 'port', 'double', 'real']);

/** The leaf type of a Zeek type (`set[count]` → its element's). */
function leafOfZeekType(type: string): { leaf: Leaf; list: boolean } {
  const inner = /^(?:set|vector|table)\[(.*)\]$/.exec(type)?.[1];
  const base = inner ?? type;
  const leaf: Leaf = NUMBER_TYPES.has(base) ? 'DOUBLE' : base === 'bool' ? 'BOOLEAN' : 'STRING';
  return { leaf, list: inner !== undefined };
}

function leafOfValue(value: unknown): Leaf | null {
  switch (typeof value) {
    case 'number':
      return 'DOUBLE';
    case 'bigint':
      return 'INT64';
    case 'boolean':
      return 'BOOLEAN';
    case 'string':
      return 'STRING';
    default:
      return value instanceof Date ? 'TIMESTAMP' : null;
  }
}

/** One leaf type for all the values, or STRING when they disagree (as the readers widen to text). */
function commonLeaf(values: Iterable<unknown>): Leaf | undefined {
  let leaf: Leaf | undefined;
  for (const value of values) {
    if (value === null || value === undefined) continue;
    const kind = leafOfValue(value) ?? 'STRING';
    if (leaf === undefined) leaf = kind;
    else if (leaf !== kind) return 'STRING';
  }
  return leaf;
}

function* listElements(values: ArrayLike<unknown>): Generator<unknown> {
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (Array.isArray(value)) for (const element of value as unknown[]) yield element;
  }
}

function isUnset(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value));
}

function noneUnset(values: ArrayLike<unknown>): boolean {
  for (let i = 0; i < values.length; i++) if (isUnset(values[i])) return false;
  return values.length > 0;
}

function planColumn(name: string, values: ArrayLike<unknown>, zeekType: string | undefined): ColumnPlan {
  const plan = planType(name, values, zeekType);
  return plan.list ? plan : { ...plan, required: noneUnset(values) };
}

function planType(name: string, values: ArrayLike<unknown>, zeekType: string | undefined): ColumnPlan {
  if (ArrayBuffer.isView(values)) {
    return { name, leaf: values instanceof BigInt64Array ? 'INT64' : 'DOUBLE', list: false, values };
  }
  let hasList = false;
  let hasScalar = false;
  for (let i = 0; i < values.length && !(hasList && hasScalar); i++) {
    const value = values[i];
    if (Array.isArray(value)) hasList = true;
    else if (value !== null && value !== undefined) hasScalar = true;
  }
  const declared = zeekType === undefined ? undefined : leafOfZeekType(zeekType);
  if (hasList && !hasScalar) {
    return { name, leaf: commonLeaf(listElements(values)) ?? declared?.leaf ?? 'STRING', list: true, values };
  }
  if (!hasList && !hasScalar && declared) return { name, ...declared, values };
  const scalars = Array.from({ length: values.length }, (_, i) => values[i]);
  return { name, leaf: hasList ? 'STRING' : (commonLeaf(scalars) ?? 'STRING'), list: false, values };
}

function leafElement(name: string, leaf: Leaf, required = false): SchemaElement {
  const repetition_type = required ? 'REQUIRED' : 'OPTIONAL';
  switch (leaf) {
    case 'STRING':
      return { name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type };
    case 'TIMESTAMP':
      return { name, type: 'INT64', converted_type: 'TIMESTAMP_MILLIS', repetition_type };
    default:
      return { name, type: leaf, repetition_type };
  }
}

function schemaOf(plans: readonly ColumnPlan[]): SchemaElement[] {
  const schema: SchemaElement[] = [{ name: 'root', num_children: plans.length }];
  for (const plan of plans) {
    if (!plan.list) {
      schema.push(leafElement(plan.name, plan.leaf, plan.required));
      continue;
    }
    // The standard three-level LIST, which DuckDB, Arrow and Spark read as a list column.
    schema.push(
      { name: plan.name, repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
      { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
      leafElement('element', plan.leaf),
    );
  }
  return schema;
}

/** A value as the plan's leaf type writes it: unset (NaN, null) is null; a mismatched kind becomes text. */
function leafValue(value: unknown, leaf: Leaf): unknown {
  if (value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value))) return null;
  if (leaf === 'STRING' && typeof value !== 'string') return valueAsText(value);
  return value;
}

/** Rows [start, end) of a column as the writer takes them. */
function slice(plan: ColumnPlan, start: number, end: number): unknown[] {
  const out = new Array<unknown>(end - start);
  const { values, leaf } = plan;
  for (let i = start; i < end; i++) {
    const value = values[i];
    out[i - start] = plan.list
      ? Array.isArray(value)
        ? value.map((element) => leafValue(element, leaf))
        : null
      : leafValue(value, leaf);
  }
  return out;
}

/** Writes columns of equal length to `file` (through a temporary file, so a failed write leaves no partial file). */
function writeColumns(
  plans: readonly ColumnPlan[],
  rows: number,
  file: string,
  options: WriteParquetOptions,
  zeekTypes: Record<string, string>,
): void {
  const group = options.rowGroupSize ?? PARQUET_ROW_GROUP;
  const temporary = `${file}.partial`;
  const writer = new ParquetWriter({
    writer: fileWriter(temporary),
    schema: schemaOf(plans),
    kvMetadata: Object.keys(zeekTypes).length > 0 ? [{ key: ZEEK_TYPES_KEY, value: JSON.stringify(zeekTypes) }] : [],
    createdBy: 'zeekseq',
  });
  for (let start = 0; start < rows; start += group) {
    const end = Math.min(rows, start + group);
    const columnData: ColumnSource[] = plans.map((plan) => ({ name: plan.name, data: slice(plan, start, end) }));
    writer.write({ columnData, rowGroupSize: end - start });
  }
  writer.finish();
}

/** Writes any arquero table as one Parquet file (typed from its columns; see the file comment). */
export async function writeTableParquet(
  table: ColumnTable,
  file: string,
  options: WriteParquetOptions = {},
): Promise<void> {
  // column() is the stored array (a Float64Array stays one); a filtered or ordered table is materialized first.
  const data = table.isFiltered() || table.isOrdered() ? table.reify() : table;
  const names = data.columnNames();
  if (names.length === 0) {
    throw new ZeekseqError(`cannot write ${file}: the table has no columns, and a Parquet file needs at least one.`);
  }
  const fieldTypes = options.fieldTypes ?? {};
  const plans = names.map((name) =>
    planColumn(
      name,
      data.column(name) as unknown as ArrayLike<unknown>,
      Object.hasOwn(fieldTypes, name) ? fieldTypes[name] : undefined,
    ),
  );
  const zeekTypes = Object.fromEntries(
    names.filter((n) => Object.hasOwn(fieldTypes, n)).map((n) => [n, fieldTypes[n]]),
  );
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  try {
    writeColumns(plans, data.numRows(), file, options, zeekTypes);
    await rename(`${file}.partial`, file);
  } catch (error) {
    await rm(`${file}.partial`, { force: true });
    const reason = error instanceof Error ? error.message : String(error);
    throw new ZeekseqError(`writing ${file} failed (${reason}); check that the folder is writable and has space.`);
  }
}

/** Writes every log of a dataset as `<dir>/<type>.parquet`, returning the files written in type order. */
export async function writeDatasetParquet(dataset: ZeekDataset, dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const type of dataset.types()) {
    const table = dataset.log(type);
    if (table.numCols() === 0) continue;
    const file = path.join(dir, `${type}.parquet`);
    await writeTableParquet(table, file, { fieldTypes: dataset.sources.get(type)?.fieldTypes });
    written.push(file);
  }
  return written;
}
