/**
 * Reads a folder of Zeek logs (recursively: zeekctl keeps day folders like 2024-04-19/) into a
 * ZeekDataset. Files are picked by Zeek's naming — conn.log, conn.log.gz, rotated
 * conn.00:00:00-01:00:00.log.gz, conn.log.labeled, labeled-conn.log, conn.csv(.gz), conn.parquet — and read
 * in sorted path order, so a dataset is the same on every machine. Symlinks are followed only
 * while they stay inside the folder: one pointing elsewhere (to `/`, say) would walk the machine,
 * so it is reported and skipped.
 */
import type { Dirent } from 'node:fs';
import type { EventStream } from '../util/events.js';
import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { ZeekseqError } from '../util/errors.js';
import type { ZeekDataset } from './dataset.js';
import { type LogFileRef, type ZeekRead, readLogFiles } from './read-logs.js';
import { ProblemRecorder, type ProblemSink } from './read-problems.js';

export interface ReadDirOptions {
  /** Read only these log types (others are not opened). */
  types?: string[];
  /** Per log type, the only columns to keep, e.g. `{ conn: ['ts', 'uid', 'id.orig_h'] }`. */
  columns?: Record<string, string[]>;
  /** Log types that must be present with rows, e.g. `['conn']`; otherwise a ZeekseqError. */
  require?: string[];
  /** Report progress over the bytes read to `events` (default true). */
  progress?: boolean;
  /** Where progress goes (the CLI draws it as a bar). */
  events?: EventStream;
  /** Threads to read with (default 2 on a machine with two cores or more; more than one only from 16 MiB in all). */
  threads?: number;
}

const LOG_SUFFIX = /\.(?:log|log\.labeled|csv)(?:\.gz)?$|\.parquet$/;
/** Ground truth written beside synthetic logs; read by the label loader, not as a log. */
const NOT_LOGS = /^labels\.csv(?:\.gz)?$/;

/**
 * The log type of a file named as Zeek names logs (everything before the first `.`, without
 * a `labeled-` prefix), or null for a file that is not a log.
 */
export function zeekLogType(fileName: string): string | null {
  if (!LOG_SUFFIX.test(fileName) || NOT_LOGS.test(fileName)) return null;
  const type = fileName.slice(0, fileName.indexOf('.')).replace(/^labeled-/, '');
  return /^[\w-]+$/.test(type) ? type : null;
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? String(error);
}

/** Whether `target` is `root` or inside it (both real paths). */
function isInside(root: string, target: string): boolean {
  const relative = path.relative(root, target);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/**
 * The Zeek log files under `dir` with their types, in sorted path order. Symlinks that leave `dir`
 * and folders that cannot be listed are skipped and reported to `problems` (a `symlink-outside` or
 * `unreadable` DataProblem on line 0); a symlink that stays inside is followed, each folder once.
 */
export async function listZeekFiles(dir: string, problems?: ProblemSink): Promise<LogFileRef[]> {
  const found: LogFileRef[] = [];
  const visited = new Set<string>();
  const root = await realpath(dir);
  const walk = async (folder: string): Promise<void> => {
    const real = await realpath(folder);
    if (visited.has(real)) return; // a symlink loop, or a folder linked twice
    visited.add(real);
    let entries: Dirent[];
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch (error) {
      problems?.add(
        folder,
        0,
        'unreadable',
        `cannot list the folder ${folder} (${errorCode(error)}): its logs were not read; check its permissions`,
      );
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(folder, entry.name);
      let isDir = entry.isDirectory();
      if (entry.isSymbolicLink()) {
        const target = await realpath(full).catch(() => null);
        // A dangling link named like a log is kept, so that reading it reports it as unreadable.
        if (target !== null) {
          if (!isInside(root, target)) {
            problems?.add(
              full,
              0,
              'symlink-outside',
              `${full} is a symlink to ${target}, outside ${dir}: not followed, since a link may lead anywhere on the machine; pass ${target} as a folder (or file) of its own to read it`,
            );
            continue;
          }
          isDir = await stat(target).then(
            (s) => s.isDirectory(),
            () => false,
          );
        }
      }
      if (isDir) {
        await walk(full);
      } else {
        const type = zeekLogType(entry.name);
        if (type) found.push({ path: full, type });
      }
    }
  };
  await walk(dir);
  return found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

const NAMING =
  'conn.log, conn.log.gz, conn.00:00:00-01:00:00.log.gz, conn.log.labeled, labeled-conn.log, conn.csv or conn.parquet';

async function checkFolder(dir: string): Promise<void> {
  const info = await stat(dir).catch(() => null);
  if (!info) throw new ZeekseqError(`${dir} does not exist; pass the folder that holds the Zeek logs.`);
  if (!info.isDirectory()) {
    throw new ZeekseqError(
      `${dir} is a file, not a folder; pass the folder that holds the Zeek logs (or read one file with readZeekFile).`,
    );
  }
}

function typeList(files: readonly LogFileRef[]): string {
  return [...new Set(files.map((f) => f.type))].sort().join(', ');
}

/** The log files of one or more folders, checked: what reading them would read, and the listing's problems. */
export interface ListedLogs {
  /** The folders, joined with ` + `, for messages and the dataset's origin. */
  dir: string;
  /** Files to read: each folder's in sorted path order, folders in the order given. */
  files: LogFileRef[];
  /** Every log file found, wanted or not (for messages). */
  all: LogFileRef[];
  problems: ProblemRecorder;
}

/**
 * Lists the log files of the folders and checks them as reading does: folders exist, logs are there, required
 * types are present, `types` leaves some.
 */
export async function listLogFolders(
  target: string | readonly string[],
  options: Pick<ReadDirOptions, 'types' | 'require'> = {},
): Promise<ListedLogs> {
  const folders = typeof target === 'string' ? [target] : [...target];
  if (folders.length === 0)
    throw new ZeekseqError('no folder given to read; pass the folder that holds the Zeek logs.');
  const dir = folders.join(' + ');
  const all: LogFileRef[] = [];
  const problems = new ProblemRecorder();
  for (const folder of folders) {
    await checkFolder(folder);
    all.push(...(await listZeekFiles(folder, problems)));
  }
  if (all.length === 0) {
    const skipped = problems.totals().filter((t) => t.kind === 'symlink-outside').length;
    const links =
      skipped > 0 ? ` (${skipped} symlink${skipped === 1 ? '' : 's'} leading outside it were not followed)` : '';
    throw new ZeekseqError(
      `${dir} holds no Zeek logs${links}: no file in it or its subfolders is named like ${NAMING}; point at the folder that holds them.`,
    );
  }
  for (const type of options.require ?? []) {
    if (!all.some((f) => f.type === type)) {
      throw new ZeekseqError(
        `${dir} has no ${type} log (it has: ${typeList(all)}); this needs ${type} logs, named like ${NAMING.replaceAll('conn', type)}.`,
      );
    }
  }
  const wanted = options.types ? new Set([...options.types, ...(options.require ?? [])]) : null;
  const files = wanted ? all.filter((f) => wanted.has(f.type)) : all;
  if (files.length === 0) {
    throw new ZeekseqError(
      `${dir} has no ${[...wanted!].join(' or ')} logs (it has: ${typeList(all)}); choose among those types.`,
    );
  }
  return { dir, files, all, problems };
}

/** A ZeekseqError when a required log type was read without rows. */
export function checkRequiredRows(
  dir: string,
  files: readonly LogFileRef[],
  required: readonly string[],
  rowsOf: (type: string) => number,
): void {
  for (const type of required) {
    if (rowsOf(type) === 0) {
      const count = files.filter((f) => f.type === type).length;
      throw new ZeekseqError(
        `the ${type} logs in ${dir} (${count} file${count === 1 ? '' : 's'}) hold no rows; run zeekseq inspect ${dir} to see the problems found.`,
      );
    }
  }
}

/**
 * Reads a folder of logs (or several, e.g. the day folders of the days to train on, read as one dataset) and
 * returns the dataset with the full problem counts.
 */
export async function readZeekDirDetailed(
  target: string | readonly string[],
  options: ReadDirOptions = {},
): Promise<ZeekRead> {
  const { dir, files, problems } = await listLogFolders(target, options);
  const read = await readLogFiles(files, {
    columns: options.columns,
    progress: options.progress,
    events: options.events,
    threads: options.threads,
    origin: dir,
    problems,
  });
  checkRequiredRows(dir, files, options.require ?? [], (type) => read.dataset.logs.get(type)?.numRows() ?? 0);
  return read;
}

/** Reads a folder of Zeek logs (TSV, JSON lines or CSV, gzip or not) into a dataset. */
export async function readZeekDir(
  target: string | readonly string[],
  options: ReadDirOptions = {},
): Promise<ZeekDataset> {
  return (await readZeekDirDetailed(target, options)).dataset;
}
