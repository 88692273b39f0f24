/**
 * The files `zeekseq infer` writes, as the original's inference did and beyond:
 *  - summarized_output.csv: one row per anomalous connection (score above the threshold), with its sequence as
 *    token names, each token's anomaly (1 - p) and the model's top expected tokens at each position;
 *  - log-<log>.csv per log type: the original rows of those connections, with the connection's and each event's
 *    score (the prefix keeps a data log named scores.log or notables.log from overwriting the fixed files);
 *  - scores.csv (with --all): uid, hosts, ts and score of every connection scored, for evaluation;
 *  - notables.csv: hosts with enough anomalies within a window (raised by detect/notables.ts, only written here);
 *  - problems.csv: every problem the reader recorded (file, line, kind, message).
 * Every cell goes through util/escape.ts: log rows are written by whoever sent the traffic. Streaming infer
 * (stream-outputs.ts) writes the same tables chunk by chunk.
 *
 * With the Parquet format, summarized_output, scores and notables are `.parquet` files of the same columns and
 * rows (zeek/write-parquet.ts: typed, values as they are, since escaping is for the program that shows them),
 * for DuckDB (zs.query) and data frames; the per-log files and problems.csv stay CSV.
 */
import * as aq from 'arquero';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Notable } from '../detect/notables.js';
import { escapeControl, toCsv } from '../util/escape.js';
import type { EventStream } from '../util/events.js';
import type { DataProblem } from '../zeek/problems.js';
import { columnValues, takeRows } from '../zeek/log-rows.js';
import { writeTableParquet } from '../zeek/write-parquet.js';
import type { OutputFormat } from './output-format.js';
import { type Detection, eventRows, sequenceText, tokenDetail } from './detection.js';

export interface WriteOptions {
  output: string;
  /** summarized_output, scores and notables as CSV (default) or Parquet. */
  format?: OutputFormat;
  /** Also write scores.csv with every connection. */
  all?: boolean;
  /** The reader's problems, written to problems.csv. */
  problems?: readonly DataProblem[];
  /** Where a log type whose name cannot be a file name is reported. */
  events?: EventStream;
}

export interface WrittenOutputs {
  files: string[];
  anomalies: number;
  notables: Notable[];
}

/** A table as escaped CSV text; without the header line for rows appended to a file that has one (streaming). */
export function tableCsv(table: aq.ColumnTable, header = true): string {
  return toCsv(table, { header });
}

/** Log type names come from data file names; only these may become part of an output file name. */
const LOG_TYPE_NAME = /^[A-Za-z0-9_.-]+$/;

async function writeCsv(file: string, table: aq.ColumnTable): Promise<void> {
  await writeFile(file, tableCsv(table));
}

/** `<output>/<name>.<format>`: a table infer writes in either format. */
export function tableFile(output: string, name: string, format: OutputFormat = 'csv'): string {
  return path.join(output, `${name}.${format}`);
}

/** What an output file is, for the run record: its format (`csv`, `parquet`). */
export function fileKind(file: string): string {
  return path.extname(file).slice(1);
}

/** Writes a table infer writes in either format to `tableFile(output, name, format)`; returns the file. */
export async function writeTable(
  table: aq.ColumnTable,
  output: string,
  name: string,
  format: OutputFormat = 'csv',
): Promise<string> {
  const file = tableFile(output, name, format);
  if (format === 'parquet') await writeTableParquet(table, file);
  else await writeCsv(file, table);
  return file;
}

const round = (x: number) => (Number.isNaN(x) ? NaN : Math.round(x * 1e6) / 1e6);

/** The connections scoring above the threshold, most anomalous first (ties in connection order). */
export function anomalousConnections(result: Detection): number[] {
  const threshold = result.threshold.point.threshold;
  const anomalous: number[] = [];
  result.connectionScores.forEach((score, c) => {
    if (score > threshold) anomalous.push(c);
  });
  return anomalous.sort((a, b) => result.connectionScores[b] - result.connectionScores[a]);
}

/** summarized_output.csv's rows: the given connections with their sequence, token anomalies and expected tokens. */
export function summaryTable(result: Detection, anomalous: readonly number[]): aq.ColumnTable {
  const conn = result.dataset.log('conn');
  const column = (name: string) => columnValues(conn, name);
  const pick = (name: string) => anomalous.map((c) => column(name)[c]);
  const details = anomalous.map((c) => tokenDetail(result, c));
  return aq.table({
    ts: pick('ts'),
    uid: pick('uid'),
    'id.orig_h': pick('id.orig_h'),
    'id.orig_p': pick('id.orig_p'),
    'id.resp_h': pick('id.resp_h'),
    'id.resp_p': pick('id.resp_p'),
    sequence: anomalous.map((c) => sequenceText(result, c)),
    score: anomalous.map((c) => round(result.connectionScores[c])),
    token_scores: details.map((d) => d?.tokenScores.map((s) => round(s)).join(' ') ?? ''),
    expected_tokens: details.map((d) => d?.expected.map((names) => names.join('|')).join(' ') ?? ''),
  });
}

/**
 * log-<log>.csv's rows per log type: the log rows of the given connections with their scores (log types without
 * rows left out, and those whose name cannot name a file reported to `events` and left out).
 */
export function flaggedEventTables(
  result: Detection,
  anomalous: readonly number[],
  reported?: EventStream,
): Array<{ logType: string; table: aq.ColumnTable }> {
  const flagged = new Map(anomalous.map((c) => [result.tokenized.sequences.uids[c], c]));
  const tables: Array<{ logType: string; table: aq.ColumnTable }> = [];
  for (const events of result.tokenized.events) {
    const rows = eventRows(result, events.logType, flagged);
    if (!rows || rows.rows.length === 0) continue;
    if (!LOG_TYPE_NAME.test(events.logType)) {
      reported?.warn(
        `the rows of log type "${escapeControl(events.logType)}" are not written: a log type must be letters, digits, _ . or - to name a file; rename its log files.`,
      );
      continue;
    }
    const table = takeRows(rows.table, rows.rows).assign({
      zeekseq_uid: rows.uids,
      zeekseq_score: Array.from(rows.connectionScore, round),
      zeekseq_event_score: Array.from(rows.eventScore, round),
    });
    tables.push({ logType: events.logType, table });
  }
  return tables;
}

/** The file of a log type's flagged rows (`log-conn.csv`). */
export function eventFileName(logType: string): string {
  return `log-${logType}.csv`;
}

/** scores.csv's rows: every connection's uid, hosts, time and score (6 digits; `anomalous` on the exact score). */
export function scoresTable(result: Detection): aq.ColumnTable {
  const conn = result.dataset.log('conn');
  const threshold = result.threshold.point.threshold;
  const score = (x: number) => (Number.isFinite(x) ? Math.round(x * 1e6) / 1e6 : x);
  return aq.table({
    uid: result.tokenized.sequences.uids,
    ts: columnValues(conn, 'ts'),
    orig_h: columnValues(conn, 'id.orig_h'),
    resp_h: columnValues(conn, 'id.resp_h'),
    score: Array.from(result.connectionScores, score),
    anomalous: Array.from(result.connectionScores, (s) => s > threshold),
  });
}

/** problems.csv's rows. */
export function problemsTable(problems: readonly DataProblem[]): aq.ColumnTable {
  return aq.table({
    file: problems.map((p) => p.file),
    line: problems.map((p) => p.line),
    kind: problems.map((p) => p.kind),
    message: problems.map((p) => p.message),
  });
}

export async function writeInferOutputs(
  result: Detection,
  notables: Notable[],
  options: WriteOptions,
): Promise<WrittenOutputs> {
  await mkdir(options.output, { recursive: true });
  const files: string[] = [];
  const anomalous = anomalousConnections(result);
  files.push(await writeTable(summaryTable(result, anomalous), options.output, 'summarized_output', options.format));

  for (const { logType, table } of flaggedEventTables(result, anomalous, options.events)) {
    const file = path.join(options.output, eventFileName(logType));
    await writeCsv(file, table);
    files.push(file);
  }

  if (options.all) files.push(await writeTable(scoresTable(result), options.output, 'scores', options.format));
  files.push(await writeTable(notablesTable(notables), options.output, 'notables', options.format));

  const problemFile = path.join(options.output, 'problems.csv');
  await writeCsv(problemFile, problemsTable(options.problems ?? []));
  files.push(problemFile);
  return { files, anomalies: anomalous.length, notables };
}

/** Notables as a flat table (lists joined with spaces). */
export function notablesTable(notables: readonly Notable[]): aq.ColumnTable {
  return aq.table({
    host: notables.map((n) => n.host),
    host_label: notables.map((n) => n.hostLabel),
    identity: notables.map((n) => n.identity),
    addresses: notables.map((n) => n.addresses.join(' ')),
    start: notables.map((n) => n.start),
    end: notables.map((n) => n.end),
    anomalies: notables.map((n) => n.count),
    distinct_peers: notables.map((n) => n.distinctPeers),
    max_score: notables.map((n) => round(n.maxScore)),
    mean_score: notables.map((n) => round(n.meanScore)),
    top_uids: notables.map((n) => n.top.map((t) => t.uid).join(' ')),
    top_sequence: notables.map((n) => n.top[0]?.sequence ?? ''),
  });
}

/** A short text summary of notables: count, hosts, and notables per day (UTC). */
export function notableSummary(notables: readonly Notable[]): string {
  const hosts = new Set(notables.map((n) => n.hostLabel));
  const perDay = new Map<string, number>();
  for (const n of notables) {
    const day = new Date(n.start * 1000).toISOString().slice(0, 10);
    perDay.set(day, (perDay.get(day) ?? 0) + 1);
  }
  const days = [...perDay]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([day, n]) => `${day}: ${n}`)
    .join(', ');
  return `${notables.length} notables on ${hosts.size} hosts${days ? ` (${days})` : ''}`;
}
