/**
 * Converts a folder of Zeek logs (TSV, JSON lines, CSV, gzip or not, rotated or not) into one `<type>.parquet`
 * per log type. Log types are read and written one at a time, so memory holds one log type, not the dataset.
 */
import path from 'node:path';
import { ZeekseqError } from '../util/errors.js';
import type { DataProblem } from './problems.js';
import { listZeekFiles, readZeekDirDetailed } from './read-dir.js';
import type { ProblemTotal } from './read-problems.js';
import { writeTableParquet } from './write-parquet.js';

export interface ExportParquetOptions {
  /** Only these log types (default: every type found). */
  types?: string[];
  /** Show the reader's progress bar on an interactive stderr (default true). */
  progress?: boolean;
}

export interface ExportedLog {
  type: string;
  file: string;
  rows: number;
}

export interface ParquetExport {
  logs: ExportedLog[];
  /** Problems the reader found in the input (stored ones, and the totals per file and kind). */
  problems: DataProblem[];
  problemTotals: ProblemTotal[];
}

function isInside(child: string, parent: string): boolean {
  const relative = path.relative(path.resolve(parent), path.resolve(child));
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

export async function exportZeekParquet(
  target: string | readonly string[],
  outDir: string,
  options: ExportParquetOptions = {},
): Promise<ParquetExport> {
  const folders = typeof target === 'string' ? [target] : [...target];
  for (const folder of folders) {
    // The Parquet files would be read back as a second copy of each log the next time the folder is read.
    if (isInside(outDir, folder)) {
      throw new ZeekseqError(
        `the output folder ${outDir} is inside the input folder ${folder}; write the Parquet files to a folder outside it.`,
      );
    }
  }
  const found = new Set<string>();
  for (const folder of folders) for (const file of await listZeekFiles(folder).catch(() => [])) found.add(file.type);
  const types = options.types ?? [...found].sort();
  const result: ParquetExport = { logs: [], problems: [], problemTotals: [] };
  for (const type of types) {
    const read = await readZeekDirDetailed(folders, { types: [type], progress: options.progress });
    result.problems.push(...read.dataset.problems);
    result.problemTotals.push(...read.problemTotals);
    const table = read.dataset.logs.get(type);
    if (!table || table.numCols() === 0) continue;
    const file = path.join(outDir, `${type}.parquet`);
    await writeTableParquet(table, file, { fieldTypes: read.dataset.sources.get(type)?.fieldTypes });
    result.logs.push({ type, file, rows: table.numRows() });
  }
  return result;
}
