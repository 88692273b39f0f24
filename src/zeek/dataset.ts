/**
 * A Zeek dataset: one arquero table per log type (conn, dns, http, ...), joined by `uid`.
 * Datasets are immutable; every operation returns a new dataset, so a notebook can keep
 * the raw read next to filtered or split versions of it.
 */
import type { ColumnTable } from 'arquero';
import { ZeekseqError } from '../util/errors.js';
import type { DataProblem, LogFileInfo } from './problems.js';
import { keepConnections, type KeepConnectionsOptions } from './keep-connections.js';
import { prepareDataset, type PrepareOptions } from './prepare-dataset.js';
import { removeConnOnly } from './remove-conn-only.js';
import { removeConnections, type ConnectionMatch } from './remove-connections.js';
import { removeDuplicateUids } from './remove-duplicate-uids.js';
import { loadDatasetParts, saveDataset, type SavedManifest } from './saved-dataset.js';
import { sortByTs } from './sort-by-ts.js';
import { splitDataset, type DatasetSplit, type SplitOptions } from './split-dataset.js';

/** What was read for one log type: its files and the Zeek types of its columns. */
export interface LogSource {
  /** Files of this log type, in read order. */
  files: LogFileInfo[];
  /** Zeek type per column (`time`, `count`, `addr`, `set[string]`, ...), where the format declares it. */
  fieldTypes: Record<string, string>;
}

export interface DatasetParts {
  logs: ReadonlyMap<string, ColumnTable>;
  sources?: ReadonlyMap<string, LogSource>;
  problems?: readonly DataProblem[];
  /** Where the dataset was read from (a directory or file), for messages. */
  origin?: string;
}

export class ZeekDataset {
  readonly logs: ReadonlyMap<string, ColumnTable>;
  readonly sources: ReadonlyMap<string, LogSource>;
  readonly problems: readonly DataProblem[];
  readonly origin: string;

  constructor(parts: DatasetParts) {
    this.logs = parts.logs;
    this.sources = parts.sources ?? new Map();
    this.problems = parts.problems ?? [];
    this.origin = parts.origin ?? '(in memory)';
  }

  /** Log types present, sorted by name. */
  types(): string[] {
    return [...this.logs.keys()].sort();
  }

  has(type: string): boolean {
    return this.logs.has(type);
  }

  /** The table of one log type; a clear error if the dataset has none. */
  log(type: string): ColumnTable {
    const table = this.logs.get(type);
    if (!table) {
      const have = this.types().join(', ') || 'no logs at all';
      throw new ZeekseqError(
        `${this.origin} has no ${type} log (it has: ${have}); point --data at a folder with ${type}.log files.`,
      );
    }
    return table;
  }

  /** A copy with some log tables replaced (sources and problems are kept). */
  withLogs(logs: ReadonlyMap<string, ColumnTable>): ZeekDataset {
    return new ZeekDataset({ logs, sources: this.sources, problems: this.problems, origin: this.origin });
  }

  /** A copy with every table passed through `fn` (for operations applied across all logs). */
  mapLogs(fn: (table: ColumnTable, type: string) => ColumnTable): ZeekDataset {
    const next = new Map<string, ColumnTable>();
    for (const [type, table] of this.logs) next.set(type, fn(table, type));
    return this.withLogs(next);
  }

  /** Rows per log type. */
  rowCounts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const type of this.types()) counts[type] = this.logs.get(type)!.numRows();
    return counts;
  }

  /** Without the connections that appear only in conn (see removeConnOnly). */
  removeConnOnly(): ZeekDataset {
    return removeConnOnly(this);
  }

  /** Each conn uid once, its first row in file order (see removeDuplicateUids). */
  removeDuplicateUids(): ZeekDataset {
    return removeDuplicateUids(this);
  }

  /** Cut to n connections, first in time or drawn with a seed (see keepConnections). */
  keepConnections(options: KeepConnectionsOptions): ZeekDataset {
    return keepConnections(this, options);
  }

  /** Without the connections that match column values or a predicate in any log (see removeConnections). */
  removeConnections(match: ConnectionMatch): ZeekDataset {
    return removeConnections(this, match);
  }

  /** A seeded train/test split at the connection level (see splitDataset). */
  split(options: SplitOptions): DatasetSplit {
    return splitDataset(this, options);
  }

  /** Every log sorted by ts, stable, rows without ts last (see sortByTs). */
  sortByTs(): ZeekDataset {
    return sortByTs(this);
  }

  /** Deduplicated, conn-only connections removed unless keepConnOnly, sorted (see prepareDataset). */
  prepare(options: PrepareOptions = {}): ZeekDataset {
    return prepareDataset(this, options);
  }

  /** Save as Arrow IPC files plus a manifest in `dir` (see saveDataset). */
  save(dir: string): Promise<SavedManifest> {
    return saveDataset(this, dir);
  }

  /** A dataset saved with `save`, with its column types, sources, problems and origin. */
  static async load(dir: string): Promise<ZeekDataset> {
    return new ZeekDataset(await loadDatasetParts(dir));
  }
}
