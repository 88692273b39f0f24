/**
 * Saving a dataset to disk and loading it back, fast and language-neutral: a directory with one
 * Arrow IPC file per log type (readable by pyarrow, polars, DuckDB) and a JSON manifest that lists
 * the logs, their row counts and column storage, the sources and problems of the original read.
 * Arrow alone does not say whether a column was a Float64Array or a plain array of numbers, so the
 * manifest records it and loading restores each column exactly as it was.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { bool, dictionary, float64, list, utf8, type DataType } from '@uwdata/flechette';
import { ZeekseqError } from '../util/errors.js';
import type { DatasetParts, LogSource, ZeekDataset } from './dataset.js';
import type { DataProblem } from './problems.js';

export const savedDatasetFormat = 'zeekseq-dataset';
export const savedDatasetVersion = 1;
export const manifestFileName = 'manifest.json';

const typedArrays = {
  Float64Array,
  Float32Array,
  Int32Array,
  Uint32Array,
  Int16Array,
  Uint16Array,
  Int8Array,
  Uint8Array,
} as const;
type TypedArrayName = keyof typeof typedArrays;

/** How a column is held in memory: a typed array, a plain array of scalars, or a plain array of arrays (set/vector). */
export type ColumnStorage = TypedArrayName | 'array' | 'list';

export interface SavedColumn {
  name: string;
  storage: ColumnStorage;
}

export interface SavedLog {
  type: string;
  /** The Arrow IPC file, relative to the directory; null for a log with no rows (Arrow cannot type empty columns). */
  file: string | null;
  rows: number;
  columns: SavedColumn[];
}

export interface SavedManifest {
  format: typeof savedDatasetFormat;
  version: number;
  origin: string;
  logs: SavedLog[];
  sources: Record<string, LogSource>;
  problems: DataProblem[];
}

/**
 * Write the dataset to `dir` (created if needed). The manifest is removed first and written last,
 * so an interrupted save leaves a directory that fails to load instead of a partial dataset.
 */
export async function saveDataset(dataset: ZeekDataset, dir: string): Promise<SavedManifest> {
  const logs: SavedLog[] = [];
  const files: Array<[string, Uint8Array]> = [];
  for (const type of dataset.types()) {
    const { table, columns, types } = storedColumns(dataset.log(type), type, dataset.origin);
    const rows = table.numRows();
    const file = rows > 0 ? `${encodeURIComponent(type)}.arrow` : null;
    if (file) files.push([file, encodeLog(table, types, type, dataset.origin)]);
    logs.push({ type, file, rows, columns });
  }
  const manifest: SavedManifest = {
    format: savedDatasetFormat,
    version: savedDatasetVersion,
    origin: dataset.origin,
    logs,
    sources: Object.fromEntries(dataset.sources),
    problems: [...dataset.problems],
  };
  try {
    await mkdir(dir, { recursive: true });
    await rm(path.join(dir, manifestFileName), { force: true });
    for (const [file, bytes] of files) await writeFile(path.join(dir, file), bytes);
    await writeFile(path.join(dir, manifestFileName), `${JSON.stringify(manifest, null, 1)}\n`);
  } catch (error) {
    throw new ZeekseqError(
      `cannot save the dataset to ${dir}: ${(error as Error).message}; choose a writable directory.`,
    );
  }
  return manifest;
}

/** The manifest of a saved dataset, checked; a clear error naming what is missing or wrong. */
export async function readSavedManifest(dir: string): Promise<SavedManifest> {
  const file = path.join(dir, manifestFileName);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new ZeekseqError(
      `${dir} is not a saved zeekseq dataset: ${manifestFileName} is missing; ` +
        'save one with dataset.save(dir) (an interrupted save also leaves no manifest: save again).',
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ZeekseqError(`${file} is not valid JSON (${(error as Error).message}); save the dataset again.`);
  }
  return checkManifest(json, file);
}

/** The parts of a saved dataset (ZeekDataset.load builds the dataset from them). */
export async function loadDatasetParts(dir: string): Promise<DatasetParts> {
  const manifest = await readSavedManifest(dir);
  const logs = new Map<string, ColumnTable>();
  for (const log of manifest.logs) logs.set(log.type, await loadLog(dir, log));
  return {
    logs,
    sources: new Map(Object.entries(manifest.sources)),
    problems: manifest.problems,
    origin: manifest.origin,
  };
}

/** The table with every column as an array, how each is stored, and the Arrow types chosen for plain arrays. */
function storedColumns(
  table: ColumnTable,
  type: string,
  origin: string,
): { table: ColumnTable; columns: SavedColumn[]; types: Record<string, DataType> } {
  const plain = table.isFiltered() || table.isOrdered() ? table.reify() : table;
  const names = plain.columnNames();
  const data: Record<string, unknown[] | ArrayBufferView> = {};
  const types: Record<string, DataType> = {};
  const columns: SavedColumn[] = names.map((name) => {
    const column = plain.column(name) as unknown;
    const values = Array.isArray(column) || ArrayBuffer.isView(column) ? column : plain.array(name);
    data[name] = values;
    const storage = storageOf(values, name, type, origin);
    const arrow = Array.isArray(values) ? arrowType(values, storage === 'list') : undefined;
    if (arrow) types[name] = arrow;
    return { name, storage };
  });
  return { table: aq.table(data, names), columns, types };
}

/**
 * Arrow types for columns of strings and of lists, where inference is slow or lossy: it
 * dictionary-encodes every string column (a slow Map of a million uids) and types number lists
 * by their narrowest integer or as fixed-size lists. Undefined leaves the column to inference.
 */
function arrowType(values: unknown[], isList: boolean): DataType | undefined {
  const items = isList ? values.filter(Array.isArray).flat() : values;
  const kind = commonKind(items);
  if (isList) {
    // Lists that are all empty (http tags, say) still need an item type; Arrow has no list of Null.
    if (kind === 'string' || kind === 'none') return list(utf8());
    if (kind === 'number') return list(float64());
    if (kind === 'boolean') return list(bool());
    return undefined;
  }
  if (kind === 'string') return mostlyRepeated(items as Array<string | null>) ? dictionary(utf8()) : utf8();
  return undefined;
}

/** The typeof shared by every non-null value, 'none' when there is none, null when they differ. */
function commonKind(values: readonly unknown[]): string | null {
  let kind = 'none';
  for (const value of values) {
    if (value === null || value === undefined) continue;
    const type = typeof value;
    if (kind === 'none') kind = type;
    else if (kind !== type) return null;
  }
  return kind;
}

/** Whether the first values repeat enough for a dictionary (conn_state, service) to beat plain strings (uid). */
function mostlyRepeated(values: ReadonlyArray<string | null>): boolean {
  const sample = values.slice(0, 10_000);
  return new Set(sample).size <= sample.length / 2;
}

function storageOf(values: unknown[] | ArrayBufferView, name: string, type: string, origin: string): ColumnStorage {
  if (Array.isArray(values)) {
    const first = values.find((value) => value !== null && value !== undefined);
    return Array.isArray(first) ? 'list' : 'array';
  }
  const kind = values.constructor.name;
  if (Object.hasOwn(typedArrays, kind)) return kind as TypedArrayName;
  throw new ZeekseqError(
    `cannot save column ${name} of the ${type} log of ${origin}: it is a ${kind}, which the saved form does not hold; ` +
      'convert it to a Float64Array or a plain array first.',
  );
}

function encodeLog(table: ColumnTable, types: Record<string, DataType>, type: string, origin: string): Uint8Array {
  try {
    return aq.toArrowIPC(table, { format: 'file', types });
  } catch (error) {
    throw new ZeekseqError(
      `cannot save the ${type} log of ${origin} as Arrow: ${(error as Error).message}; every column must hold ` +
        'one kind of value (numbers, strings, booleans, or arrays of one of them) besides null.',
    );
  }
}

async function loadLog(dir: string, log: SavedLog): Promise<ColumnTable> {
  if (log.file === null) return emptyLog(log);
  const file = path.join(dir, log.file);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch {
    throw new ZeekseqError(
      `${file} is missing: ${manifestFileName} lists it for the ${log.type} log; the saved dataset is incomplete, save it again.`,
    );
  }
  let arrow: ColumnTable;
  try {
    arrow = aq.fromArrow(bytes);
  } catch (error) {
    throw new ZeekseqError(
      `${file} is not a readable Arrow IPC file (${(error as Error).message}); save the dataset again.`,
    );
  }
  const expected = log.columns.map((column) => column.name);
  const found = arrow.columnNames();
  if (arrow.numRows() !== log.rows || found.join('\u0000') !== expected.join('\u0000')) {
    throw new ZeekseqError(
      `${file} does not match ${manifestFileName}: it has ${arrow.numRows()} rows and columns [${found.join(', ')}], ` +
        `the manifest says ${log.rows} rows and [${expected.join(', ')}]; the files come from different saves, save again.`,
    );
  }
  const data: Record<string, unknown> = {};
  for (const { name, storage } of log.columns) {
    data[name] = restore(
      (arrow.column(name) as unknown as { toArray(): unknown[] | ArrayBufferView }).toArray(),
      storage,
    );
  }
  return aq.table(data, expected);
}

function emptyLog(log: SavedLog): ColumnTable {
  const data: Record<string, unknown> = {};
  for (const { name, storage } of log.columns) data[name] = restore([], storage);
  return aq.table(
    data,
    log.columns.map((column) => column.name),
  );
}

/** Arrow decodes to the narrowest array it can (Int8Array for small whole numbers, typed list items): undo that. */
function restore(values: unknown[] | ArrayBufferView, storage: ColumnStorage): unknown[] | ArrayBufferView {
  if (storage === 'array' || storage === 'list') {
    const array = Array.isArray(values) ? values : Array.from(values as unknown as ArrayLike<unknown>);
    return storage === 'list'
      ? array.map((item) => (ArrayBuffer.isView(item) ? Array.from(item as unknown as ArrayLike<unknown>) : item))
      : array;
  }
  const Typed = typedArrays[storage];
  return values instanceof Typed ? values : Typed.from(values as ArrayLike<number>);
}

/** The manifest JSON checked field by field, so a hand-edited or foreign file fails with its first fault. */
function checkManifest(json: unknown, file: string): SavedManifest {
  const fail = (what: string): never => {
    throw new ZeekseqError(`${file} is not a valid zeekseq dataset manifest: ${what}; save the dataset again.`);
  };
  if (!isObject(json)) return fail('it is not a JSON object');
  if (json.format !== savedDatasetFormat)
    return fail(`"format" is ${JSON.stringify(json.format)}, not "${savedDatasetFormat}"`);
  if (json.version !== savedDatasetVersion) {
    throw new ZeekseqError(
      `${file} has format version ${JSON.stringify(json.version)}, but this zeekseq reads version ${savedDatasetVersion}; ` +
        'load it with the zeekseq version that saved it, or save the dataset again.',
    );
  }
  if (typeof json.origin !== 'string') fail('"origin" is missing or not a string');
  if (!Array.isArray(json.logs)) fail('"logs" is missing or not a list');
  if (!isObject(json.sources)) fail('"sources" is missing or not an object');
  if (!Array.isArray(json.problems)) fail('"problems" is missing or not a list');
  (json.logs as unknown[]).forEach((log, i) => {
    const at = `logs[${i}]`;
    if (!isObject(log)) return fail(`${at} is not an object`);
    if (typeof log.type !== 'string') fail(`${at}.type is missing or not a string`);
    if (log.file !== null && typeof log.file !== 'string') fail(`${at}.file is missing or not a string`);
    if (!Number.isInteger(log.rows) || (log.rows as number) < 0) fail(`${at}.rows is missing or not a row count`);
    if (log.file === null && log.rows !== 0) fail(`${at} has ${log.rows} rows but no file`);
    if (!Array.isArray(log.columns)) return fail(`${at}.columns is missing or not a list`);
    (log.columns as unknown[]).forEach((column, c) => {
      if (!isObject(column) || typeof column.name !== 'string') fail(`${at}.columns[${c}].name is missing`);
      const storage = (column as Record<string, unknown>).storage;
      if (
        storage !== 'array' &&
        storage !== 'list' &&
        !(typeof storage === 'string' && Object.hasOwn(typedArrays, storage))
      ) {
        fail(`${at}.columns[${c}].storage is ${JSON.stringify(storage)}, not array, list or a typed array name`);
      }
    });
  });
  return json as unknown as SavedManifest;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
