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
import { ZEEK_TYPES_KEY } from './read-parquet.js';

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

/** A writer of `file`'s temporary (`.partial`) with the plans' schema, renamed into place when finished. */
function openWriter(plans: readonly ColumnPlan[], file: string, zeekTypes: Record<string, string>): ParquetWriter {
  return new ParquetWriter({
    writer: fileWriter(`${file}.partial`),
    schema: schemaOf(plans),
    kvMetadata: Object.keys(zeekTypes).length > 0 ? [{ key: ZEEK_TYPES_KEY, value: JSON.stringify(zeekTypes) }] : [],
    createdBy: 'zeekseq',
  });
}

/** Appends columns of equal length as row groups of at most `group` rows. */
function writeGroups(writer: ParquetWriter, plans: readonly ColumnPlan[], rows: number, group: number): void {
  for (let start = 0; start < rows; start += group) {
    const end = Math.min(rows, start + group);
    const columnData: ColumnSource[] = plans.map((plan) => ({ name: plan.name, data: slice(plan, start, end) }));
    writer.write({ columnData, rowGroupSize: end - start });
  }
}

/** A table's columns as stored (a Float64Array stays one), and how each is written; an error without columns. */
function planTable(
  table: ColumnTable,
  file: string,
  options: WriteParquetOptions,
): { data: ColumnTable; plans: ColumnPlan[]; zeekTypes: Record<string, string> } {
  // column() is the stored array; a filtered or ordered table is materialized first.
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
  return { data, plans, zeekTypes };
}

/** A failed write as an error that says what to check, its temporary file removed. */
async function writeFailed(file: string, error: unknown): Promise<never> {
  await rm(`${file}.partial`, { force: true });
  if (error instanceof ZeekseqError) throw error;
  const reason = error instanceof Error ? error.message : String(error);
  throw new ZeekseqError(`writing ${file} failed (${reason}); check that the folder is writable and has space.`);
}

/**
 * Writes any arquero table as one Parquet file (typed from its columns; see the file comment), through a
 * temporary file, so a failed write leaves no partial file.
 */
export async function writeTableParquet(
  table: ColumnTable,
  file: string,
  options: WriteParquetOptions = {},
): Promise<void> {
  const { data, plans, zeekTypes } = planTable(table, file, options);
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  try {
    const writer = openWriter(plans, file, zeekTypes);
    writeGroups(writer, plans, data.numRows(), options.rowGroupSize ?? PARQUET_ROW_GROUP);
    writer.finish();
    await rename(`${file}.partial`, file);
  } catch (error) {
    await writeFailed(file, error);
  }
}

/**
 * One Parquet file written a table at a time (streaming infer's scores, chunk by chunk), each table's rows
 * appended as row groups and the footer written by `finish`, so memory holds one table's conversion (and the
 * writer's small index of the groups written), not the file. The first table with rows sets the schema, with
 * every column OPTIONAL since a later table may have unset values the first had not; a column a later table
 * lacks is unset there, one it adds is left out (as streamed CSV files do). Until `finish` the rows are in
 * `<file>.partial`, so a run cut short leaves no file that looks whole.
 */
export class ParquetTableWriter {
  private writer: ParquetWriter | null = null;
  private plans: ColumnPlan[] = [];
  /** A table without rows, whose columns make the schema if no table with rows comes. */
  private empty: ColumnTable | null = null;
  rows = 0;

  constructor(
    readonly file: string,
    private readonly options: WriteParquetOptions = {},
  ) {}

  async append(table: ColumnTable): Promise<void> {
    if (this.writer === null && table.numRows() === 0) {
      this.empty ??= table;
      return;
    }
    try {
      if (this.writer === null) await this.open(table);
      const rows = table.numRows();
      const data = table.isFiltered() || table.isOrdered() ? table.reify() : table;
      const plans = this.plans.map((plan) => ({
        ...plan,
        values:
          data.columnIndex(plan.name) < 0
            ? new Array(rows).fill(null)
            : (data.column(plan.name) as unknown as ArrayLike<unknown>),
      }));
      writeGroups(this.writer!, plans, rows, this.options.rowGroupSize ?? PARQUET_ROW_GROUP);
      this.rows += rows;
    } catch (error) {
      this.writer = null;
      await writeFailed(this.file, error);
    }
  }

  /** Writes the footer and puts the file in place; a file of no rows has the columns of the tables given. */
  async finish(): Promise<void> {
    try {
      if (this.writer === null) {
        if (!this.empty) throw new ZeekseqError(`cannot write ${this.file}: no table was given to write.`);
        await this.open(this.empty);
      }
      this.writer!.finish();
      this.writer = null;
      await rename(`${this.file}.partial`, this.file);
    } catch (error) {
      await writeFailed(this.file, error);
    }
  }

  private async open(table: ColumnTable): Promise<void> {
    const { plans, zeekTypes } = planTable(table, this.file, this.options);
    this.plans = plans.map(({ values: _values, required: _required, ...plan }) => ({ ...plan, values: [] }));
    await mkdir(path.dirname(path.resolve(this.file)), { recursive: true });
    this.writer = openWriter(this.plans, this.file, zeekTypes);
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
