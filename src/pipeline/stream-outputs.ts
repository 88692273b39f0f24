/**
 * The files of `zeekseq infer` (outputs.ts, same names and columns) written as detections arrive chunk by chunk:
 * scores.csv and the <log>.csv files get each chunk's rows appended under one header; summarized_output.csv,
 * sorted by score over all chunks, notables.csv and problems.csv are written at the end. Anomalies are few (the
 * acceptance rate), so their summary rows are kept until then.
 *
 * With the Parquet format, scores.parquet is one file whose row groups are the chunks' rows (ParquetTableWriter:
 * memory holds one chunk's conversion, and the footer is written at the end), rather than a part file per chunk,
 * so that readers and DuckDB see one table as with in-memory infer; summarized_output.parquet and
 * notables.parquet are written at the end.
 */
import type * as aq from 'arquero';
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Notable } from '../detect/notables.js';
import type { EventStream } from '../util/events.js';
import { concatTables } from '../zeek/concat-tables.js';
import { takeRows } from '../zeek/log-rows.js';
import { ParquetTableWriter } from '../zeek/write-parquet.js';
import type { DataProblem } from '../zeek/problems.js';
import type { Detection } from './detection.js';
import {
  anomalousConnections,
  eventFileName,
  flaggedEventTables,
  notablesTable,
  problemsTable,
  scoresTable,
  summaryTable,
  tableCsv,
  tableFile,
  writeTable,
  type WrittenOutputs,
} from './outputs.js';
import type { OutputFormat } from './output-format.js';

/** A table file written in parts, in order. */
interface AppendedTable {
  readonly file: string;
  append(table: aq.ColumnTable): Promise<void>;
  /** Called once after the last part. */
  finish(): Promise<void>;
}

/** A CSV file written in parts: the first part's columns are the header, later parts are written in them. */
class AppendedCsv implements AppendedTable {
  private columns: string[] | null = null;

  constructor(readonly file: string) {}

  async append(table: aq.ColumnTable): Promise<void> {
    if (this.columns === null) {
      this.columns = table.columnNames();
      await writeFile(this.file, tableCsv(table));
      return;
    }
    // A column a later chunk lacks is unset there; one it adds is left out, as the header is already written.
    const missing = this.columns.filter((name) => table.columnIndex(name) < 0);
    const filled =
      missing.length === 0
        ? table
        : table.assign(Object.fromEntries(missing.map((name) => [name, new Array(table.numRows()).fill(null)])));
    await appendFile(this.file, tableCsv(filled.select(this.columns), false));
  }

  async finish(): Promise<void> {}
}

export class StreamedInferOutputs {
  private readonly output: string;
  private readonly format: OutputFormat;
  private readonly scores: AppendedTable | null;
  private readonly eventFiles = new Map<string, AppendedCsv>();
  /** Each chunk's anomalous connections as summary rows, with their exact scores for the final sort. */
  private readonly summaries: Array<{ table: aq.ColumnTable; scores: number[] }> = [];
  private anomalies = 0;
  private readonly events?: EventStream;

  constructor(options: { output: string; all?: boolean; format?: OutputFormat; events?: EventStream }) {
    this.output = options.output;
    this.events = options.events;
    this.format = options.format ?? 'csv';
    const scores = tableFile(options.output, 'scores', this.format);
    this.scores = !options.all
      ? null
      : this.format === 'parquet'
        ? new ParquetTableWriter(scores)
        : new AppendedCsv(scores);
  }

  /** Appends a chunk's rows (call in chunk order). */
  async add(detection: Detection): Promise<void> {
    if (this.summaries.length === 0) await mkdir(this.output, { recursive: true });
    const anomalous = anomalousConnections(detection);
    this.anomalies += anomalous.length;
    this.summaries.push({
      table: summaryTable(detection, anomalous),
      scores: anomalous.map((c) => detection.connectionScores[c]),
    });
    for (const { logType, table } of flaggedEventTables(detection, anomalous, this.events)) {
      let file = this.eventFiles.get(logType);
      if (!file) {
        file = new AppendedCsv(path.join(this.output, eventFileName(logType)));
        this.eventFiles.set(logType, file);
      }
      await file.append(table);
    }
    await this.scores?.append(scoresTable(detection));
  }

  /** Writes summarized_output.csv, notables.csv and problems.csv; the files in the order writeInferOutputs lists them. */
  async finish(notables: Notable[], problems: readonly DataProblem[]): Promise<WrittenOutputs> {
    await mkdir(this.output, { recursive: true });
    const files: string[] = [];
    if (this.summaries.length > 0) {
      const scores = this.summaries.flatMap((part) => part.scores);
      // Stable: equal scores stay in chunk order, then connection order, as in one detection.
      const order = Uint32Array.from(scores.keys()).sort((a, b) => scores[b] - scores[a] || a - b);
      const summary = takeRows(concatTables(this.summaries.map((part) => part.table)), order);
      files.push(await writeTable(summary, this.output, 'summarized_output', this.format));
    }
    const logTypes = [...this.eventFiles.keys()].sort();
    files.push(...logTypes.map((type) => this.eventFiles.get(type)!.file));
    if (this.scores && this.summaries.length > 0) {
      await this.scores.finish();
      files.push(this.scores.file);
    }
    files.push(await writeTable(notablesTable(notables), this.output, 'notables', this.format));
    const problemFile = path.join(this.output, 'problems.csv');
    await writeFile(problemFile, tableCsv(problemsTable(problems)));
    files.push(problemFile);
    return { files, anomalies: this.anomalies, notables };
  }
}
