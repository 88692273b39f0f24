/**
 * Runs as one table for a spreadsheet or pandas: a row per run with its id, kind, status, start and duration,
 * each parameter as `param.<name>` and each final metric as `metric.<name>`. Written as CSV, text cells that
 * look like formulas are neutralised (util/escape.ts): parameter values come from command lines and config files.
 */
import { type CsvValue, csvLine } from '../util/escape.js';
import { runDuration, type StoredRun } from './read-runs.js';

export interface RunsTable {
  columns: string[];
  rows: Record<string, CsvValue>[];
}

const FIXED = ['id', 'name', 'kind', 'status', 'start', 'duration_s'];

export function exportRuns(runs: readonly StoredRun[]): RunsTable {
  const params = new Set<string>();
  const metrics = new Set<string>();
  const rows = runs.map(({ record, metrics: final }) => {
    const row: Record<string, CsvValue> = {
      id: record.id,
      name: record.name,
      kind: record.kind,
      status: record.status,
      start: record.startedAt,
      duration_s: runDuration(record),
    };
    for (const [name, value] of Object.entries(record.params)) {
      params.add(name);
      // Lists and objects as their JSON text, in one cell.
      row[`param.${name}`] = value !== null && typeof value === 'object' ? JSON.stringify(value) : value;
    }
    for (const [name, value] of Object.entries(final)) {
      metrics.add(name);
      row[`metric.${name}`] = value;
    }
    return row;
  });
  const columns = [
    ...FIXED,
    ...[...params].sort().map((name) => `param.${name}`),
    ...[...metrics].sort().map((name) => `metric.${name}`),
  ];
  return { columns, rows };
}

/** The table as CSV text, a header line first. */
export function runsCsv(table: RunsTable): string {
  return csvLine(table.columns) + table.rows.map((row) => csvLine(table.columns.map((c) => row[c]))).join('');
}
