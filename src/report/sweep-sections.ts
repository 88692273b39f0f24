/**
 * A sweep run's results: the recommendation and why, the sweep chart (notables per day against the acceptance
 * rate, precision and recall with labels) and the notables per host at the recommended setting, rebuilt from
 * sweep.csv and summary.json through the chart builders (so every string drawn is escaped as theirs are).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseWindow, windowText } from '../detect/notables.js';
import type { HostNotables, SweepResult, SweepRow } from '../detect/sweep.js';
import type { StoredRun } from '../track/read-runs.js';
import { hostCountsChart } from '../viz/host-counts-chart.js';
import { sweepChart } from '../viz/sweep-chart.js';
import type { ReportBlock, ReportSection } from './document.js';
import { type CsvTable, column, readCsv, runFile } from './run-files.js';

/** summary.json as sweep writes it (src/pipeline/sweep-report.ts): windows as text, NaN as null. */
interface SweepSummary {
  scorer: string;
  days: string[];
  cleanDays: string[];
  dayCount: number;
  budget: number | null;
  recommended: (Omit<SweepRow, 'window'> & { window: string }) | null;
  reason: string;
  warnings: string[];
  hostNotables: HostNotables[];
}

const NUMBER_FIELDS = [
  'acceptanceRate',
  'minCount',
  'threshold',
  'thresholdLower',
  'thresholdUpper',
  'splitAbove',
  'anomalies',
  'notables',
  'notablesPerDay',
  'maxNotablesPerDay',
  'maxNotablesPerCleanDay',
  'hostsFlagged',
  'watchedFlagged',
  'connectionPrecision',
  'connectionRecall',
  'connectionF1',
  'hostPrecision',
  'hostRecall',
  'hostF1',
  'precisionAtBudget',
] as const;

const toNumber = (value: unknown) => (typeof value === 'number' ? value : value == null ? Number.NaN : Number(value));

/** A row from named cells (CSV text or JSON values). */
function sweepRow(get: (name: string) => unknown): SweepRow {
  const row: Record<string, unknown> = {
    scorer: String(get('scorer') ?? ''),
    window: parseWindow(String(get('window'))),
    withinBudget: String(get('withinBudget')) === 'true',
  };
  for (const name of NUMBER_FIELDS) row[name] = toNumber(get(name));
  return row as unknown as SweepRow;
}

function rowsOf(table: CsvTable): SweepRow[] | null {
  const needed = ['scorer', 'acceptanceRate', 'window', 'minCount', 'anomalies', 'notablesPerDay'];
  if (needed.some((name) => column(table, name) === null)) return null;
  return table.rows.map((cells) =>
    sweepRow((name) => {
      const i = table.columns.indexOf(name);
      return i < 0 ? undefined : cells[i];
    }),
  );
}

function recommendation(summary: SweepSummary, recommended: SweepRow | null): ReportBlock[] {
  if (!recommended) return [{ kind: 'paragraph', text: `No setting recommended: ${summary.reason}.` }];
  const r = recommended;
  const labelled = !Number.isNaN(r.hostRecall);
  const blocks: ReportBlock[] = [
    {
      kind: 'paragraph',
      text: `Recommended: acceptance rate ${r.acceptanceRate}, window ${windowText(r.window)}, min count ${r.minCount}. Why: ${summary.reason}.`,
    },
    {
      kind: 'key-values',
      title: 'At the recommended setting',
      entries: [
        ['threshold', r.threshold],
        ['bootstrap interval', `${r.thresholdLower.toPrecision(6)} – ${r.thresholdUpper.toPrecision(6)}`],
        ['anomalies', r.anomalies],
        ['notables', r.notables],
        ['notables per day', r.notablesPerDay],
        ['most notables in a day', r.maxNotablesPerDay],
        ['hosts flagged', r.hostsFlagged],
        ...(labelled
          ? ([
              ['host precision', r.hostPrecision],
              ['host recall', r.hostRecall],
              ['connection precision', r.connectionPrecision],
              ['connection recall', r.connectionRecall],
            ] as Array<[string, number]>)
          : []),
        ['alert budget', summary.budget === null ? 'none given' : `${summary.budget}/day`],
        ['days', summary.days.join(', ')],
      ],
    },
  ];
  if (!labelled)
    blocks.push({ kind: 'paragraph', text: 'Precision and recall need labels: sweep with --labels FILE to see them.' });
  return blocks;
}

export async function sweepSections(run: StoredRun): Promise<ReportSection[]> {
  const summaryFile = runFile(run, 'summary.json');
  const csv = runFile(run, 'sweep.csv');
  if (!summaryFile || !csv)
    return [
      {
        title: 'Sweep',
        blocks: [{ kind: 'paragraph', text: 'This run left no summary.json and sweep.csv to report.' }],
      },
    ];
  const summary = JSON.parse(await readFile(summaryFile, 'utf8')) as SweepSummary;
  const rows = rowsOf(await readCsv(csv));
  if (!rows)
    return [
      {
        title: 'Sweep',
        blocks: [
          {
            kind: 'paragraph',
            text: `${path.basename(csv)} lacks the columns of this version's sweep; it is listed below but not drawn.`,
          },
        ],
      },
    ];
  const chosen = summary.recommended as Record<string, unknown> | null;
  const recommended = chosen ? sweepRow((name) => chosen[name]) : null;
  const result: SweepResult = {
    scorer: summary.scorer,
    days: summary.days,
    cleanDays: summary.cleanDays,
    dayCount: summary.dayCount,
    rows,
    recommended,
    reason: summary.reason,
    hostNotables: summary.hostNotables,
    warnings: summary.warnings,
  };
  const blocks: ReportBlock[] = [
    ...recommendation(summary, recommended),
    ...(rows.length > 0
      ? [{ kind: 'chart' as const, spec: sweepChart(result, { budget: summary.budget ?? undefined }) }]
      : []),
  ];
  if (summary.hostNotables.length > 0)
    blocks.push({
      kind: 'chart',
      spec: hostCountsChart(
        summary.hostNotables.map((h) => ({
          host: h.host,
          notables: h.notables,
          kind: h.malicious ? 'malicious' : h.watched ? 'watched' : 'other',
        })),
        { top: 25, title: 'Notables per host at the recommended setting' },
      ),
    });
  if (summary.warnings.length > 0)
    blocks.push({
      kind: 'table',
      title: 'Warnings',
      columns: ['warning'],
      rows: summary.warnings.map((w) => [w]),
      maxRows: 20,
    });
  return [{ title: 'Sweep', blocks }];
}
