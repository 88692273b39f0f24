/**
 * Zeek logs exported as Parquet (`conn.parquet`), read into the columns the text readers produce: numbers of any
 * width, decimals and timestamps as a Float64Array (NaN = null; timestamps and dates as epoch seconds, like a TSV
 * `time`), booleans and text as plain arrays (null = unset), lists as frozen arrays, struct columns flattened to
 * dotted names (`id` → `id.orig_h`) as the JSON reader does. Zeek types stored by writeTableParquet come back as
 * the log's field types.
 *
 * hyparquet (a regular dependency, pure JS) rather than DuckDB (a native dev dependency), by measurement: the
 * 1,007,053-row bench conn.parquet (22 columns, 58 MB) read into these columns in 5.2–12 s at a 535–624 MB peak
 * with hyparquet, and in 10–20 s at 0.8–1.6 GB with DuckDB (threads 2), whose values must each cross into JS
 * (2-core machine shared with other jobs, load 6–10: compare, do not quote). Columns without an unset value are
 * written REQUIRED because hyparquet's generic list assembly of OPTIONAL columns is most of its time.
 */
import type { AsyncBuffer, FileMetaData, SchemaTree } from 'hyparquet';
import type { LogFileInfo } from './problems.js';
import { type Column, type ParsedLog, valueAsText } from './read-columns.js';
import type { ProblemRecorder } from './read-problems.js';

/** Key-value metadata key holding `{ column: zeekType }` as JSON (written by writeTableParquet). */
export const ZEEK_TYPES_KEY = 'zeekseq.zeek_types';

/** hyparquet, loaded with the first Parquet file: reading text logs does not pay its 0.06 s of loading. */
const hyparquet = () => import('hyparquet');

/** Whether a file is Parquet by its name (the text readers sniff content; Parquet is chosen by suffix). */
export function isParquetFile(file: string): boolean {
  return file.endsWith('.parquet');
}

/** Timestamps as epoch seconds with microsecond precision (Zeek's), dates as seconds at midnight UTC. */
const PARSERS = {
  timestampFromMilliseconds: (millis: bigint) => Number(millis) / 1e3,
  timestampFromMicroseconds: (micros: bigint) => Number(micros) / 1e6,
  timestampFromNanoseconds: (nanos: bigint) => Number(nanos / 1000n) / 1e6,
  dateFromDays: (days: number) => days * 86400,
  jsonFromBytes: (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'),
};

const NUMERIC = new Set(['INT32', 'INT64', 'INT96', 'FLOAT', 'DOUBLE']);

/** One output column: where in the Parquet row its values come from, and how they are stored. */
interface Target {
  name: string;
  /** Path inside a struct value below the top-level column (empty for a plain column). */
  inner: string[];
  kind: Column['kind'];
  values: Float64Array | unknown[];
}

function isList(node: SchemaTree): boolean {
  const e = node.element;
  return e.converted_type === 'LIST' || e.logical_type?.type === 'LIST';
}

function isMap(node: SchemaTree): boolean {
  const e = node.element;
  return e.converted_type === 'MAP' || e.converted_type === 'MAP_KEY_VALUE' || e.logical_type?.type === 'MAP';
}

function leafKind(node: SchemaTree): Column['kind'] {
  const e = node.element;
  if (e.type === 'BOOLEAN') return 'bool';
  if (NUMERIC.has(e.type ?? '') || e.logical_type?.type === 'DECIMAL' || e.converted_type === 'DECIMAL')
    return 'number';
  return 'string';
}

/** The output columns of a top-level Parquet column (several for a struct). */
function targetsOf(node: SchemaTree, rows: number, prefix: string[], out: Target[], keep?: ReadonlySet<string>): void {
  const name = [...prefix, node.element.name].join('.');
  const isStruct = node.children.length > 0 && !isList(node) && !isMap(node);
  if (isStruct) {
    for (const child of node.children) targetsOf(child, rows, [...prefix, node.element.name], out, keep);
    return;
  }
  if (keep && !keep.has(name)) return;
  const kind: Column['kind'] = isList(node) ? 'list' : isMap(node) ? 'string' : leafKind(node);
  const values = kind === 'number' ? new Float64Array(rows).fill(Number.NaN) : [];
  out.push({ name, inner: prefix.length > 0 ? [...prefix.slice(1), node.element.name] : [], kind, values });
}

function asNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  return Number.NaN;
}

function listElement(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return valueAsText(value);
  return value;
}

function converted(kind: Column['kind'], value: unknown): unknown {
  if (value === null || value === undefined) return kind === 'number' ? Number.NaN : null;
  switch (kind) {
    case 'number':
      return asNumber(value);
    case 'list':
      return Array.isArray(value) ? Object.freeze(value.map(listElement)) : null;
    case 'string':
      return typeof value === 'string' ? value : valueAsText(value);
    default:
      return value;
  }
}

/**
 * Copies one chunk of a column's values into its target from row `offset`. Chunks arrive in row order, so plain
 * arrays grow by push: a preallocated `new Array(rows)` of a million is a slow dictionary-mode array in V8.
 */
function place(target: Target, data: ArrayLike<unknown>, offset: number): void {
  const { values, kind, inner } = target;
  if (!Array.isArray(values)) {
    for (let i = 0; i < data.length; i++) values[offset + i] = converted(kind, dig(data[i], inner)) as number;
    return;
  }
  while (values.length < offset) values.push(null);
  for (let i = 0; i < data.length; i++) {
    const value = converted(kind, dig(data[i], inner));
    if (offset + i < values.length) values[offset + i] = value;
    else values.push(value);
  }
}

/** The value at `inner` inside a struct value (the value itself for a plain column). */
function dig(value: unknown, inner: readonly string[]): unknown {
  for (let k = 0; k < inner.length && value !== null && value !== undefined; k++) {
    value = (value as Record<string, unknown>)[inner[k]];
  }
  return value;
}

function storedZeekTypes(metadata: FileMetaData): Record<string, string> {
  const entry = metadata.key_value_metadata?.find((kv) => kv.key === ZEEK_TYPES_KEY);
  if (!entry?.value) return {};
  try {
    const parsed: unknown = JSON.parse(entry.value);
    return parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, string>) : {};
  } catch {
    return {};
  }
}

export interface ParquetParseOptions {
  problems: ProblemRecorder;
  /** Columns to keep (all when absent). */
  keep?: ReadonlySet<string>;
}

/** An opened Parquet file: its bytes (read as needed) and its metadata, or why it could not be opened. */
export type OpenedParquet = { buffer: AsyncBuffer; metadata: FileMetaData } | { reason: string };

/** Opens a Parquet file and reads its metadata; a missing, unreadable or non-Parquet file gives the reason. */
export async function openParquet(file: string): Promise<OpenedParquet> {
  // Outside the try: a library that fails to load is not a problem of the file.
  const { asyncBufferFromFile, parquetMetadataAsync } = await hyparquet();
  try {
    const buffer = await asyncBufferFromFile(file);
    return { buffer, metadata: await parquetMetadataAsync(buffer) };
  } catch (error) {
    return { reason: error instanceof Error ? error.message : String(error) };
  }
}

/** Reads one Parquet file; a file that is not Parquet or is damaged is an `unreadable` problem, not a failure. */
export async function parseParquetFile(
  file: string,
  options: ParquetParseOptions,
): Promise<{ info: LogFileInfo; log: ParsedLog }> {
  const empty: ParsedLog = { format: 'parquet', columns: new Map(), rows: 0, fieldTypes: {} };
  const opened = await openParquet(file);
  if ('reason' in opened) {
    options.problems.add(
      file,
      0,
      'unreadable',
      `${file} is not a readable Parquet file (${opened.reason}); re-export it, or rename it if it is not Parquet`,
    );
    return { info: { path: file, format: 'parquet', gzip: false, rows: 0 }, log: empty };
  }
  const { buffer, metadata } = opened;
  const { parquetRead, parquetSchema } = await hyparquet();
  const rows = Number(metadata.num_rows);
  const targets: Target[] = [];
  const byTop = new Map<string, Target[]>();
  for (const node of parquetSchema(metadata).children) {
    const before = targets.length;
    targetsOf(node, rows, [], targets, options.keep);
    if (targets.length > before) byTop.set(node.element.name, targets.slice(before));
  }
  let rowStart = 0;
  try {
    // Row group by row group: hyparquet holds only one group's decoded chunks besides the columns being filled.
    for (const group of metadata.row_groups) {
      const rowEnd = rowStart + Number(group.num_rows);
      if (byTop.size > 0) {
        await parquetRead({
          file: buffer,
          metadata,
          columns: [...byTop.keys()],
          rowStart,
          rowEnd,
          parsers: PARSERS,
          onChunk: (chunk) => {
            for (const target of byTop.get(chunk.columnName) ?? []) place(target, chunk.columnData, chunk.rowStart);
          },
        });
      }
      rowStart = rowEnd;
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    options.problems.add(
      file,
      0,
      'unreadable',
      `reading ${file} failed at row ${rowStart} (${reason}): no rows were read from it; re-export the file`,
    );
    return { info: { path: file, format: 'parquet', gzip: false, rows: 0 }, log: empty };
  }
  const stored = storedZeekTypes(metadata);
  const fieldTypes: Record<string, string> = {};
  const columns = new Map<string, Column>();
  for (const target of targets) {
    if (Array.isArray(target.values)) while (target.values.length < rows) target.values.push(null);
    columns.set(target.name, { kind: target.kind, values: target.values } as Column);
    if (Object.hasOwn(stored, target.name)) fieldTypes[target.name] = stored[target.name];
  }
  return {
    info: { path: file, format: 'parquet', gzip: false, rows },
    log: { format: 'parquet', columns, rows, fieldTypes },
  };
}
