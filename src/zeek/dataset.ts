/**
 * A Zeek dataset: one arquero table per log type (conn, dns, http, ...), joined by `uid`.
 * Datasets are immutable; every operation returns a new dataset, so a notebook can keep
 * the raw read next to filtered or split versions of it.
 */
import type { ColumnTable } from 'arquero';
import { ZeekseqError } from '../util/errors.js';
import type { DataProblem, LogFileInfo } from './problems.js';

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
}
