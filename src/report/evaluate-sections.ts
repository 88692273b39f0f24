/**
 * An evaluate run's results: the Detector's scorer and its baselines side by side — from evaluation.csv when the
 * run wrote one (--output), else from the metrics it recorded — and the warnings that qualify them.
 */
import { readFile } from 'node:fs/promises';
import type { StoredRun } from '../track/read-runs.js';
import type { ReportBlock, ReportSection, ReportValue } from './document.js';
import { readCsv, runFile } from './run-files.js';

/** Metrics named `<scorer>.<measure>` (e.g. markov.host.recall) as one row per scorer. */
function metricsTable(metrics: Readonly<Record<string, number | null>>): ReportBlock | null {
  const scorers = new Map<string, Map<string, number | null>>();
  for (const [name, value] of Object.entries(metrics)) {
    const dot = name.indexOf('.');
    if (dot < 0) continue;
    const scorer = name.slice(0, dot);
    if (!scorers.has(scorer)) scorers.set(scorer, new Map());
    scorers.get(scorer)?.set(name.slice(dot + 1), value);
  }
  if (scorers.size === 0) return null;
  const measures = [...new Set([...scorers.values()].flatMap((m) => [...m.keys()]))];
  return {
    kind: 'table',
    title: 'Scorers side by side (recorded metrics)',
    columns: ['scorer', ...measures],
    rows: [...scorers].map(([scorer, m]): ReportValue[] => [scorer, ...measures.map((name) => m.get(name) ?? null)]),
  };
}

export async function evaluateSections(run: StoredRun): Promise<ReportSection[]> {
  const blocks: ReportBlock[] = [];
  const csv = runFile(run, 'evaluation.csv');
  if (csv) {
    const table = await readCsv(csv);
    blocks.push({
      kind: 'table',
      title: 'Scorers side by side (evaluation.csv)',
      columns: table.columns,
      rows: table.rows,
    });
  } else {
    const table = metricsTable(run.metrics);
    blocks.push(table ?? { kind: 'paragraph', text: 'The run recorded no evaluation metrics.' });
  }
  const json = runFile(run, 'evaluation.json');
  const warnings = json ? ((JSON.parse(await readFile(json, 'utf8')) as { warnings?: string[] }).warnings ?? []) : [];
  if (warnings.length > 0)
    blocks.push({ kind: 'table', title: 'Warnings', columns: ['warning'], rows: warnings.map((w) => [w]) });
  blocks.push({
    kind: 'paragraph',
    text: "Precision, recall and F1 are at the acceptance rate and notable settings of the run; average precision (ap) and ROC-AUC rank every connection or host by score, whatever the threshold. The priority measures judge the host order of hosts.csv built from each scorer's anomalies and notables (others above: unlabelled hosts ranked above the last malicious one); the beacon row ranks hosts by beacon score alone.",
  });
  return [{ title: 'Evaluation', blocks }];
}
