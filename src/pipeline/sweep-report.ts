/**
 * What `zeekseq sweep` writes: sweep.csv (one row per setting), summary.json (days, recommendation and why,
 * warnings, host notable counts at the recommended setting) and two charts (src/viz/), each as a Vega-Lite spec,
 * SVG and PNG: the sweep (anomalies and notables per day against the acceptance rate, the budget, precision and
 * recall with labels) and the notables per host at the recommended setting.
 */
import * as aq from 'arquero';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { windowText } from '../detect/notables.js';
import { safeJson, toCsv } from '../util/escape.js';
import type { SweepResult, SweepRow } from '../detect/sweep.js';
import type { EventStream } from '../util/events.js';
import { hostCountsChart } from '../viz/host-counts-chart.js';
import { saveChart } from '../viz/save-chart.js';
import { sweepChart } from '../viz/sweep-chart.js';

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

/** Says a sweep's warnings and records its recommended setting as metrics (with its host precision and recall when labelled). */
export function recordSweep(result: SweepResult, events: EventStream, labeled: boolean): void {
  for (const warning of result.warnings) events.warn(warning);
  const recommended = result.recommended;
  if (!recommended) return;
  events.metric('recommended.acceptance_rate', recommended.acceptanceRate);
  events.metric('recommended.window', recommended.window);
  events.metric('recommended.min_count', recommended.minCount);
  events.metric('recommended.notables', recommended.notables);
  if (labeled) {
    events.metric('recommended.host_precision', recommended.hostPrecision);
    events.metric('recommended.host_recall', recommended.hostRecall);
  }
}

export interface SweepFiles {
  files: string[];
}

/** Writes sweep.csv, summary.json and the charts into `output`. */
export async function writeSweepOutputs(
  result: SweepResult,
  output: string,
  extra: { budget?: number; summary?: Record<string, unknown> },
): Promise<SweepFiles> {
  await mkdir(output, { recursive: true });
  const files: string[] = [];
  const csv = path.join(output, 'sweep.csv');
  await writeFile(csv, toCsv(sweepTable(result.rows)));
  files.push(csv);
  const summary = path.join(output, 'summary.json');
  const recommended = result.recommended
    ? { ...result.recommended, window: windowText(result.recommended.window) }
    : null;
  await writeFile(
    summary,
    `${safeJson({ scorer: result.scorer, days: result.days, cleanDays: result.cleanDays, dayCount: result.dayCount, budget: extra.budget ?? null, recommended, reason: result.reason, warnings: result.warnings, hostNotables: result.hostNotables, ...extra.summary }, 2)}\n`,
  );
  files.push(summary);
  const charts: Array<[string, TopLevelSpec]> = [['sweep', sweepChart(result, { budget: extra.budget })]];
  if (result.hostNotables.length > 0) {
    const hosts = result.hostNotables.map((h) => ({
      host: h.host,
      notables: h.notables,
      kind: h.malicious ? ('malicious' as const) : h.watched ? ('watched' as const) : ('other' as const),
    }));
    charts.push([
      'host-notables',
      hostCountsChart(hosts, { top: 25, title: 'Notables per host at the recommended setting' }),
    ]);
  }
  for (const [name, spec] of charts) {
    const saved = await saveChart(spec, path.join(output, name));
    files.push(saved.spec, saved.svg, saved.png);
  }
  return { files };
}
