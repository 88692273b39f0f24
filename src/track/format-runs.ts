/**
 * Runs as text for the terminal: the list, one run, and a comparison as a table. Every value that came from a
 * run folder (names, parameters, paths, error messages) has its control characters escaped.
 */
import { escapeControl } from '../util/escape.js';
import type { RunComparison } from './compare-runs.js';
import { runDuration, type StoredRun } from './read-runs.js';

/** Metrics shown per run in the list, in the order the run first logged them. */
const LIST_METRICS = 4;

function text(value: unknown): string {
  if (value === null || value === undefined) return '-';
  // Numbers in full: a comparison must not round two different values into the same text.
  if (typeof value === 'number') return String(value);
  return escapeControl(typeof value === 'string' ? value : JSON.stringify(value));
}

export function durationText(seconds: number | null): string {
  if (seconds === null) return '-';
  if (seconds < 60) return `${seconds.toFixed(1)}s`;
  const s = Math.round(seconds);
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** `2026-12-05 03:15:00` (UTC, as the ids). */
function timeText(iso: string | null): string {
  return iso === null ? '-' : escapeControl(iso.slice(0, 19).replace('T', ' '));
}

/** Rows as aligned columns, two spaces apart. */
function table(rows: readonly string[][]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => `${row.map((cell, i) => cell.padEnd(widths[i])).join('  ')}`.trimEnd()).join('\n');
}

function keyMetrics(run: StoredRun): string {
  const shown = Object.entries(run.metrics).filter(
    ([name, value]) => !((name === 'warnings' || name === 'problems') && value === 0),
  );
  const more = shown.length > LIST_METRICS ? ` +${shown.length - LIST_METRICS} more` : '';
  return (
    shown
      .slice(0, LIST_METRICS)
      .map(([name, value]) => `${text(name)}=${text(value)}`)
      .join(' ') + more
  );
}

export function formatRunList(runs: readonly StoredRun[], runsDir: string): string {
  if (runs.length === 0) return `no runs in ${escapeControl(runsDir)}\n`;
  const rows = runs.map((run) => [
    text(run.record.id),
    text(run.record.kind),
    text(run.record.status),
    timeText(run.record.startedAt),
    durationText(runDuration(run.record)),
    keyMetrics(run),
  ]);
  return `${table([['id', 'kind', 'status', 'start (UTC)', 'duration', 'metrics'], ...rows])}\n`;
}

export function formatRun(run: StoredRun): string {
  const { record } = run;
  const lines: string[][] = [
    ['id', text(record.id)],
    ['name', text(record.name)],
    ['kind', text(record.kind)],
    ['status', text(record.status) + (record.error === null ? '' : ` (${text(record.error)})`)],
    ['command', `zeekseq ${record.command.argv.map(text).join(' ')}`],
    ['in', text(record.command.cwd)],
    ['started', timeText(record.startedAt)],
    ['ended', timeText(record.endedAt)],
    ['duration', durationText(runDuration(record))],
    ['process', `${record.process.pid} on ${text(record.process.hostname)}`],
    ['seed', text(record.seed)],
    ['git', record.git ? `${text(record.git.commit)}${record.git.dirty ? ' (dirty)' : ''}` : '-'],
    ['zeekseq', text(record.environment.zeekseq)],
    [
      'environment',
      `node ${text(record.environment.node)}, tfjs ${text(record.environment.tfjs)}, backend ${text(record.environment.backend)}, ` +
        `${text(record.environment.os.platform)} ${text(record.environment.os.release)} ${text(record.environment.os.arch)}, ${record.environment.cpus} CPUs`,
    ],
  ];
  if (record.reproduces !== null) lines.push(['reproduces', text(record.reproduces)]);
  for (const [name, value] of Object.entries(record.params)) lines.push([`param ${text(name)}`, text(value)]);
  for (const file of record.fingerprints)
    lines.push(['input', `${text(file.path)} (${file.size} bytes, sha256 ${file.sha256.slice(0, 12)})`]);
  for (const [name, value] of Object.entries(run.metrics)) lines.push([`metric ${text(name)}`, text(value)]);
  for (const output of record.outputs) lines.push(['output', `${text(output.path)} (${text(output.kind)})`]);
  return `${table(lines)}\n`;
}

export function formatComparison(comparison: RunComparison): string {
  const header = ['', ...comparison.runs.map(text)];
  const sections: [string, Record<string, unknown[]>, (value: unknown) => string][] = [
    ['params', comparison.params, text],
    ['code', comparison.code, text],
    ['environment', comparison.environment, text],
    // A sha256 prefix is enough to see which files differ.
    ['data (sha256)', comparison.data, (value) => (typeof value === 'string' ? value.slice(0, 12) : text(value))],
    ['metrics', comparison.metrics.values, text],
  ];
  const rows: string[][] = [header];
  for (const [title, values, show] of sections) {
    const keys = Object.keys(values);
    if (keys.length === 0) continue;
    rows.push([`${title}:`]);
    for (const key of keys) rows.push([`  ${text(key)}`, ...values[key].map(show)]);
  }
  let out = rows.length === 1 ? 'the runs do not differ\n' : `${table(rows)}\n`;
  const outputs = comparison.outputs;
  if (outputs?.notables) {
    const n = outputs.notables;
    out += `notables: hosts gained ${n.gained.map(text).join(', ') || 'none'}; lost ${n.lost.map(text).join(', ') || 'none'}\n`;
    for (const [host, [before, after]] of Object.entries(n.counts)) out += `  ${text(host)}: ${before} -> ${after}\n`;
  }
  if (outputs?.connections) {
    const c = outputs.connections;
    const among = c.scoredInBoth === null ? '' : ` (of ${c.scoredInBoth} scored in both)`;
    out += `connections: ${c.nowAnomalous} now above the threshold, ${c.noLongerAnomalous} no longer${among}\n`;
  }
  return out;
}
