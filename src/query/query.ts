/**
 * SQL over a run's output files (scores.csv, notables.parquet, ...) with DuckDB, returning an arquero table. Each
 * file becomes a view named by its key (or its file name without extensions), so `SELECT * FROM scores` works.
 * DuckDB is a native package that most of the library never needs, so it is loaded only when a query runs.
 * Columns come back as the readers give them: numbers as Float64Array (NaN = null; timestamps and dates as epoch
 * seconds), booleans and text as plain arrays with null, lists as arrays.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ColumnTable } from 'arquero';
import { table } from 'arquero';
import { ZeekseqError } from '../util/errors.js';

type DuckDB = typeof import('@duckdb/node-api');
type Chunk = import('@duckdb/node-api').DuckDBDataChunk;

export interface QueryOptions {
  /** The files to query: `{ scores: 'run/scores.csv' }`, or paths (each named by its file name without extensions). */
  files: Readonly<Record<string, string>> | readonly string[];
  /** DuckDB threads (default: DuckDB's own choice, every core). */
  threads?: number;
}

const READERS: [RegExp, string][] = [
  [/\.parquet$/i, 'read_parquet'],
  [/\.(?:csv|tsv)(?:\.gz)?$/i, 'read_csv'],
  [/\.(?:json|jsonl|ndjson)(?:\.gz)?$/i, 'read_json_auto'],
];

function viewName(file: string): string {
  return path.basename(file).replace(/\..*$/, '');
}

function quoteName(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function quoteText(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** The views to create: name and DuckDB reader call, checked before DuckDB is loaded. */
function viewsOf(files: QueryOptions['files']): [string, string][] {
  const entries = Array.isArray(files)
    ? (files as readonly string[]).map((file) => [viewName(file), file] as const)
    : Object.entries(files as Record<string, string>);
  if (entries.length === 0) {
    throw new ZeekseqError('query: no files given; pass { files: { scores: "run/scores.csv" } } or a list of paths.');
  }
  const seen = new Set<string>();
  return entries.map(([name, file]) => {
    if (seen.has(name)) {
      throw new ZeekseqError(
        `query: two files are named ${name}; give them distinct names with { files: { name: path } }.`,
      );
    }
    seen.add(name);
    if (!existsSync(file)) throw new ZeekseqError(`query: ${file} (table ${name}) does not exist; check the path.`);
    const reader = READERS.find(([suffix]) => suffix.test(file))?.[1];
    if (!reader) {
      throw new ZeekseqError(
        `query: ${file} (table ${name}) is not .csv, .tsv, .parquet or .json(l); DuckDB reads only those here.`,
      );
    }
    return [name, `${reader}(${quoteText(file)})`];
  });
}

async function loadDuckDB(): Promise<DuckDB> {
  try {
    return await import('@duckdb/node-api');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ZeekseqError(
      `query needs DuckDB, which could not be loaded (${reason}); install it with npm install @duckdb/node-api.`,
    );
  }
}

/** Where one result column's values go while chunks arrive. */
interface Sink {
  kind: 'number' | 'other';
  numbers: number[];
  values: unknown[];
}

function asNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.getTime() / 1000;
  return Number.NaN;
}

/** JS values (from DuckDB's JS converter) as the readers represent them. */
function plainValue(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(plainValue);
  return value;
}

function appendChunk(duck: DuckDB, chunk: Chunk, sinks: Sink[]): void {
  for (let c = 0; c < sinks.length; c++) {
    const sink = sinks[c];
    for (const value of chunk.convertColumnValues(c, duck.JSDuckDBValueConverter)) {
      if (sink.kind === 'number') sink.numbers.push(value === null ? Number.NaN : asNumber(value));
      else sink.values.push(plainValue(value));
    }
  }
}

const NUMERIC_TYPES = new Set([
  'TINYINT',
  'SMALLINT',
  'INTEGER',
  'BIGINT',
  'HUGEINT',
  'UTINYINT',
  'USMALLINT',
  'UINTEGER',
  'UBIGINT',
  'UHUGEINT',
  'FLOAT',
  'DOUBLE',
  'DECIMAL',
  'DATE',
  'TIMESTAMP',
  'TIMESTAMP_S',
  'TIMESTAMP_MS',
  'TIMESTAMP_NS',
  'TIMESTAMP_TZ',
]);

/**
 * Runs `sql` over the given files and returns its result as an arquero table; a ZeekseqError when DuckDB is not
 * installed, a file is missing, or the SQL fails (with DuckDB's message).
 */
export async function query(sql: string, options: QueryOptions): Promise<ColumnTable> {
  const views = viewsOf(options.files);
  const duck = await loadDuckDB();
  const instance = await duck.DuckDBInstance.create(
    ':memory:',
    options.threads ? { threads: String(options.threads) } : {},
  );
  const connection = await instance.connect();
  try {
    for (const [name, reader] of views) {
      try {
        await connection.run(`CREATE VIEW ${quoteName(name)} AS SELECT * FROM ${reader}`);
      } catch (error) {
        throw new ZeekseqError(
          `query: DuckDB cannot read table ${name} (${(error as Error).message}); check the file.`,
        );
      }
    }
    let result: Awaited<ReturnType<typeof connection.stream>>;
    try {
      result = await connection.stream(sql);
    } catch (error) {
      const tables = views.map(([name]) => name).join(', ');
      throw new ZeekseqError(
        `query failed: ${(error as Error).message}\n  in: ${sql}\n  tables: ${tables}; fix the SQL.`,
      );
    }
    const names = result.columnNames();
    const sinks: Sink[] = names.map((_, c) => ({
      kind: NUMERIC_TYPES.has(duck.DuckDBTypeId[result.columnTypeId(c)]) ? 'number' : 'other',
      numbers: [],
      values: [],
    }));
    for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
      appendChunk(duck, chunk, sinks);
    }
    return table(
      new Map(
        names.map((name, c) => [
          name,
          sinks[c].kind === 'number' ? Float64Array.from(sinks[c].numbers) : sinks[c].values,
        ]),
      ),
    );
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
