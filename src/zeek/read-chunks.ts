/**
 * Reading folders of Zeek logs a time slice at a time, so that memory follows the slice and not the data. Files
 * are grouped into chunks by folder and rotation interval — Zeek's log archive names an hour's file
 * `conn.00:00:00-01:00:00.log.gz` and zeekctl keeps a folder per day —, chunks in time order, each read as a
 * dataset of its own. A folder's files without an interval (conn.log, dns.log) are one chunk, after the folder's
 * rotated ones (Zeek's live logs are the newest). Files are read in the order readZeekDir reads them, so the chunks
 * joined end to end are the dataset it returns.
 */
import path from 'node:path';
import type { ZeekDataset } from './dataset.js';
import { checkRequiredRows, listLogFolders, type ReadDirOptions } from './read-dir.js';
import { type LogFileRef, readLogFiles } from './read-logs.js';
import { ProblemRecorder } from './read-problems.js';
import { readSlices } from './read-slices.js';

export interface LogChunk {
  /** The folder and interval, e.g. `2024-03-04 00:00:00-01:00:00`, for messages. */
  label: string;
  files: LogFileRef[];
}

export interface ZeekChunks {
  /** The folders, joined with ` + `. */
  dir: string;
  chunks: LogChunk[];
  /**
   * Reads the chunks one after the other, each a dataset with the problems found in its files (the folder
   * listing's problems come with the first), or with a row budget each chunk as several slices (read-slices.ts),
   * its problems with the last; a required log type without rows in any chunk is a ZeekseqError at the end.
   */
  read(): AsyncGenerator<ChunkPart>;
}

/** A dataset read, and the index of the chunk it is (part of). */
export interface ChunkPart {
  dataset: ZeekDataset;
  chunk: number;
}

export interface ChunkReadOptions extends Omit<ReadDirOptions, 'progress' | 'events'> {
  /** Read a chunk in slices of about this many conn rows (see read-slices.ts); whole when absent. */
  rowBudget?: number;
  /** With a row budget: bytes of text parsed between checks of it in a file read whole (see SourceOptions). */
  pieceBytes?: number;
}

/** The rotation interval in a log file's name (between the log type and the log suffix), '' when it has none. */
export function rotationInterval(fileName: string): string {
  const first = fileName.indexOf('.');
  const suffix = fileName.search(/\.(?:log|csv|parquet)(?:\.|$)/);
  return suffix > first ? fileName.slice(first + 1, suffix) : '';
}

/** The files grouped into chunks: by folder in the order given, then by rotation interval, unrotated last. */
export function logChunks(files: readonly LogFileRef[], root = ''): LogChunk[] {
  const groups = new Map<string, { folder: number; dir: string; interval: string; files: LogFileRef[] }>();
  const folders = new Map<string, number>();
  for (const file of files) {
    const dir = path.dirname(file.path);
    if (!folders.has(dir)) folders.set(dir, folders.size);
    const interval = rotationInterval(path.basename(file.path));
    const key = `${dir}\u0000${interval}`;
    let group = groups.get(key);
    if (!group) {
      group = { folder: folders.get(dir)!, dir, interval, files: [] };
      groups.set(key, group);
    }
    group.files.push(file);
  }
  const ordered = [...groups.values()].sort(
    (a, b) =>
      a.folder - b.folder ||
      Number(a.interval === '') - Number(b.interval === '') ||
      (a.interval < b.interval ? -1 : a.interval > b.interval ? 1 : 0),
  );
  return ordered.map((group) => {
    const where = path.relative(root, group.dir) || path.basename(group.dir);
    return { label: group.interval ? `${where} ${group.interval}` : where, files: group.files };
  });
}

async function* readWhole(
  files: readonly LogFileRef[],
  options: { columns?: Record<string, string[]>; threads?: number; origin: string; problems: ProblemRecorder },
): AsyncGenerator<ZeekDataset> {
  yield (await readLogFiles(files, { ...options, progress: false })).dataset;
}

/** The log folders as chunks to read one at a time (see the module comment); options as readZeekDir's. */
export async function readZeekChunks(
  target: string | readonly string[],
  options: ChunkReadOptions = {},
): Promise<ZeekChunks> {
  const listed = await listLogFolders(target, options);
  const root = typeof target === 'string' ? target : target.length === 1 ? target[0] : '';
  const chunks = logChunks(listed.files, root);
  async function* read(): AsyncGenerator<ChunkPart> {
    const required = options.require ?? [];
    const rows = new Map<string, number>(required.map((type) => [type, 0]));
    for (const [index, chunk] of chunks.entries()) {
      const origin = `${listed.dir} (${chunk.label})`;
      const problems = index === 0 ? listed.problems : new ProblemRecorder();
      const datasets = options.rowBudget
        ? readSlices(chunk.files, { ...options, rowBudget: options.rowBudget, origin, problems })
        : readWhole(chunk.files, { columns: options.columns, threads: options.threads, origin, problems });
      for await (const dataset of datasets) {
        for (const type of required) rows.set(type, rows.get(type)! + (dataset.logs.get(type)?.numRows() ?? 0));
        yield { dataset, chunk: index };
      }
    }
    checkRequiredRows(listed.dir, listed.files, required, (type) => rows.get(type) ?? 0);
  }
  return { dir: listed.dir, chunks, read };
}
