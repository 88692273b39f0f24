/**
 * Reads a single log file of any name into a one-log dataset. The log type comes from the
 * name as Zeek names it (conn.00:00:00-01:00:00.log.gz is conn) unless given.
 */
import type { EventStream } from '../util/events.js';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { ZeekseqError } from '../util/errors.js';
import type { ZeekDataset } from './dataset.js';
import { zeekLogType } from './read-dir.js';
import { type ZeekRead, readLogFiles } from './read-logs.js';

export interface ReadFileOptions {
  /** The log type to file the rows under (default: from the file name). */
  type?: string;
  /** The only columns to keep. */
  columns?: string[];
  /** Report progress to `events` (default true). */
  progress?: boolean;
  events?: EventStream;
  /** Threads to read with (default 2 on a machine with two cores or more; more than one only from 16 MiB in all). */
  threads?: number;
}

/** The log type a file name implies: Zeek's naming, else the name up to its first dot. */
export function logTypeOfFile(file: string): string {
  const name = path.basename(file);
  return zeekLogType(name) ?? (name.split('.')[0].replace(/^labeled-/, '') || name);
}

export async function readZeekFileDetailed(file: string, options: ReadFileOptions = {}): Promise<ZeekRead> {
  const info = await stat(file).catch(() => null);
  if (!info) throw new ZeekseqError(`${file} does not exist; pass the path of a Zeek log file.`);
  if (info.isDirectory())
    throw new ZeekseqError(`${file} is a folder, not a file; read a folder of logs with readZeekDir.`);
  const type = options.type ?? logTypeOfFile(file);
  return readLogFiles([{ path: file, type }], {
    columns: options.columns ? { [type]: options.columns } : undefined,
    progress: options.progress,
    events: options.events,
    threads: options.threads,
    origin: file,
  });
}

/** Reads one Zeek log (TSV, JSON lines or CSV, gzip or not) into a dataset with one log. */
export async function readZeekFile(file: string, options: ReadFileOptions = {}): Promise<ZeekDataset> {
  return (await readZeekFileDetailed(file, options)).dataset;
}
