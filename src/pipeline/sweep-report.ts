/**
 * What `zeekseq sweep` writes: sweep.csv (one row per setting), summary.json (days, recommendation and why,
 * warnings, host notable counts at the recommended setting) and three charts, each as a Vega-Lite spec, SVG and
 * PNG: notables per day against the acceptance rate per window (one panel per min count), notables per host at
 * the recommended setting, and — with labels — precision and recall against the acceptance rate.
 */
import * as aq from 'arquero';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import type { SweepResult, SweepRow } from '../detect/sweep.js';
import { saveChart } from '../viz/save-chart.js';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** A window in seconds as the shortest of d/h/m/s that divides it (3600 -> 1h). */
export function windowText(seconds: number): string {
  for (const [unit, size] of [
    ['d', 86400],
    ['h', 3600],
    ['m', 60],
  ] as const)
    if (seconds % size === 0) return `${seconds / size}${unit}`;
  return `${seconds}s`;
}

/** Notables per day (mean over days) against the acceptance rate, a line per window, a panel per min count. */
export function notablesPerDayChart(result: SweepResult, budget?: number): TopLevelSpec {
  const panels = [...new Set(result.rows.map((r) => r.minCount))].sort((a, b) => a - b).map((n) => `min count ${n}`);
  const windows = [...new Set(result.rows.map((r) => r.window))].sort((a, b) => a - b).map(windowText);
  return {
    $schema: SCHEMA,
    title: `Notables per day (${result.scorer}, ${result.dayCount} day${result.dayCount === 1 ? '' : 's'}${budget === undefined ? '' : `, budget ${budget}/day`})`,
    data: {
      values: result.rows.map((r) => ({
        rate: r.acceptanceRate,
        perDay: r.notablesPerDay,
        window: windowText(r.window),
        minCount: `min count ${r.minCount}`,
      })),
    },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'rate', type: 'quantitative', title: 'acceptance rate', scale: { type: 'log' } },
      y: { field: 'perDay', type: 'quantitative', title: 'notables per day' },
      color: { field: 'window', type: 'nominal', title: 'window', sort: windows },
      column: { field: 'minCount', type: 'nominal', title: null, sort: panels },
    },
  } as TopLevelSpec;
}

/** Notables per host at the recommended setting (the top 25 hosts), coloured by what is known of the host. */
export function hostNotablesChart(result: SweepResult): TopLevelSpec {
  const r = result.recommended;
  const setting = r
    ? `rate ${r.acceptanceRate}, window ${windowText(r.window)}, min count ${r.minCount}`
    : 'no recommended setting';
  return {
    $schema: SCHEMA,
    title: `Notables per host (${result.scorer}, ${setting})`,
    data: {
      values: result.hostNotables.slice(0, 25).map((h) => ({
        host: h.host,
        notables: h.notables,
        kind: h.malicious ? 'malicious' : h.watched ? 'watched' : 'other',
      })),
    },
    mark: 'bar',
    encoding: {
      y: { field: 'host', type: 'nominal', sort: '-x', title: 'host' },
      x: { field: 'notables', type: 'quantitative', title: 'notables' },
      color: {
        field: 'kind',
        type: 'nominal',
        title: 'host',
        scale: { domain: ['malicious', 'watched', 'other'], range: ['#d62728', '#ff7f0e', '#7f7f7f'] },
      },
    },
  };
}

/** Precision and recall at connection and host level against the acceptance rate, at the recommended window and count. */
export function precisionRecallChart(result: SweepResult): TopLevelSpec {
  const r = result.recommended ?? result.rows[0];
  const rows = result.rows.filter((x) => x.window === r.window && x.minCount === r.minCount);
  const measures: Array<[string, (x: SweepRow) => number]> = [
    ['connection precision', (x) => x.connectionPrecision],
    ['connection recall', (x) => x.connectionRecall],
    ['host precision', (x) => x.hostPrecision],
    ['host recall', (x) => x.hostRecall],
  ];
  return {
    $schema: SCHEMA,
    title: `Precision and recall (${result.scorer}, window ${windowText(r.window)}, min count ${r.minCount})`,
    data: {
      values: rows.flatMap((x) =>
        measures.map(([measure, get]) => ({ rate: x.acceptanceRate, measure, value: get(x) })),
      ),
    },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'rate', type: 'quantitative', title: 'acceptance rate', scale: { type: 'log' } },
      y: { field: 'value', type: 'quantitative', title: 'share', scale: { domain: [0, 1] } },
      color: { field: 'measure', type: 'nominal', title: 'measure', sort: null, legend: { labelLimit: 0 } },
    },
  };
}

const rounded = (x: number) => (Number.isFinite(x) ? Math.round(x * 1e6) / 1e6 : x);

/** The sweep rows as a table (windows as text, numbers rounded). */
export function sweepTable(rows: readonly SweepRow[]): aq.ColumnTable {
  const columns: Record<string, unknown[]> = {};
  for (const row of rows) {
    for (const [key, value] of Object.entries(row)) {
      (columns[key] ??= []).push(
        key === 'window' ? windowText(value as number) : typeof value === 'number' ? rounded(value) : value,
      );
    }
  }
  return aq.table(columns);
}

export interface SweepFiles {
  files: string[];
}

/** Writes sweep.csv, summary.json and the charts into `output`. */
export async function writeSweepOutputs(
  result: SweepResult,
  output: string,
  extra: { budget?: number; labeled: boolean; summary?: Record<string, unknown> },
): Promise<SweepFiles> {
  await mkdir(output, { recursive: true });
  const files: string[] = [];
  const csv = path.join(output, 'sweep.csv');
  await writeFile(csv, aq.toCSV(sweepTable(result.rows)));
  files.push(csv);
  const summary = path.join(output, 'summary.json');
  const recommended = result.recommended
    ? { ...result.recommended, window: windowText(result.recommended.window) }
    : null;
  await writeFile(
    summary,
    `${JSON.stringify({ scorer: result.scorer, days: result.days, cleanDays: result.cleanDays, dayCount: result.dayCount, budget: extra.budget ?? null, recommended, reason: result.reason, warnings: result.warnings, hostNotables: result.hostNotables, ...extra.summary }, null, 2)}\n`,
  );
  files.push(summary);
  const charts: Array<[string, TopLevelSpec]> = [
    ['notables-per-day', notablesPerDayChart(result, extra.budget)],
    ['host-notables', hostNotablesChart(result)],
  ];
  if (extra.labeled) charts.push(['precision-recall', precisionRecallChart(result)]);
  for (const [name, spec] of charts) {
    const saved = await saveChart(spec, path.join(output, name));
    files.push(saved.spec, saved.svg, saved.png);
  }
  return { files };
}
