/**
 * The report of two runs side by side (`zeekseq report A B`): only what differs — parameters, code, environment,
 * input data, final metrics with the difference — and, for two scoring runs, what changed in their results:
 * hosts that gained or lost notables and connections that crossed the threshold (src/track/compare-runs.ts).
 */
import path from 'node:path';
import { compareRuns } from '../track/compare-runs.js';
import { loadRun, runDuration } from '../track/read-runs.js';
import type { JsonValue } from '../track/run-record.js';
import type { ReportBlock, ReportDocument, ReportSection, ReportValue } from './document.js';
import { cellValue, shellWord } from './run-report.js';

type Values = Record<string, ReadonlyArray<JsonValue>>;

/** A side-by-side table of `values` (one column per run), or a sentence saying nothing differs. */
function sideBySide(title: string, what: string, ids: readonly string[], values: Values): ReportBlock {
  const names = Object.keys(values);
  if (names.length === 0) return { kind: 'paragraph', text: `${title}: the same in both runs.` };
  return {
    kind: 'table',
    title,
    columns: [what, ...ids],
    rows: names.map((name) => [name, ...values[name].map((v) => cellValue(v))]),
  };
}

function outputsSection(comparison: Awaited<ReturnType<typeof compareRuns>>, ids: readonly string[]): ReportSection {
  const outputs = comparison.outputs;
  if (!outputs)
    return {
      title: 'Results compared',
      blocks: [{ kind: 'paragraph', text: 'Result files are compared for two infer or sweep runs that wrote them.' }],
    };
  const blocks: ReportBlock[] = [];
  const n = outputs.notables;
  if (n) {
    blocks.push({
      kind: 'key-values',
      title: 'Hosts with notables',
      entries: [
        [`gained in ${ids[1]}`, n.gained.length > 0 ? n.gained.join(', ') : 'none'],
        [`lost in ${ids[1]}`, n.lost.length > 0 ? n.lost.join(', ') : 'none'],
      ],
    });
    const counts = Object.entries(n.counts);
    blocks.push(
      counts.length > 0
        ? {
            kind: 'table',
            title: 'Notables per host, where the number changed',
            columns: ['host', ...ids],
            rows: counts.map(([host, [a, b]]) => [host, a, b]),
          }
        : { kind: 'paragraph', text: 'Every host has as many notables in both runs.' },
    );
  }
  const c = outputs.connections;
  if (c)
    blocks.push({
      kind: 'key-values',
      title: 'Connections above the threshold',
      entries: [
        [`anomalous in ${ids[1]}, not in ${ids[0]}`, c.nowAnomalous],
        [`anomalous in ${ids[0]}, not in ${ids[1]}`, c.noLongerAnomalous],
        ['connections scored in both', c.scoredInBoth ?? 'unknown (run infer with --all to write scores.csv)'],
      ],
    });
  return { title: 'Results compared', blocks };
}

/** The comparison of runs `a` and `b` of `runsDir` (ids or unique prefixes). */
export async function comparisonReport(runsDir: string, a: string, b: string): Promise<ReportDocument> {
  const runs = [await loadRun(runsDir, a), await loadRun(runsDir, b)];
  const ids = runs.map((run) => run.record.id);
  const comparison = await compareRuns(runs);
  const metrics = Object.keys(comparison.metrics.values);
  const overview: ReportValue[][] = [
    ['kind', ...runs.map((r) => r.record.kind)],
    ['name', ...runs.map((r) => r.record.name)],
    ['status', ...runs.map((r) => r.record.status)],
    ['started', ...runs.map((r) => r.record.startedAt)],
    ['seconds', ...runs.map((r) => runDuration(r.record))],
    ['command', ...runs.map((r) => `zeekseq ${r.record.command.argv.map(shellWord).join(' ')}`)],
  ];
  const sections: ReportSection[] = [
    {
      title: 'Runs',
      blocks: [
        { kind: 'table', columns: ['', ...ids], rows: overview },
        {
          kind: 'paragraph',
          text: `Only what differs between the two runs is shown. Each run's own report: zeekseq report ${ids[0]}, zeekseq report ${ids[1]}.`,
        },
      ],
    },
    {
      title: 'Metrics',
      blocks: [
        metrics.length === 0
          ? { kind: 'paragraph', text: 'Metrics: the same in both runs.' }
          : {
              kind: 'table',
              title: `Final metrics (difference: ${ids[1]} − ${ids[0]})`,
              columns: ['metric', ...ids, 'difference'],
              rows: metrics.map((name) => [
                name,
                ...comparison.metrics.values[name],
                comparison.metrics.differences[name][1],
              ]),
            },
      ],
    },
    outputsSection(comparison, ids),
    {
      title: 'What else differs',
      blocks: [
        sideBySide('Parameters', 'parameter', ids, comparison.params),
        sideBySide('Code', 'code', ids, comparison.code),
        sideBySide('Environment', 'environment', ids, comparison.environment),
        sideBySide('Input data (sha256 of each file)', 'file', ids, comparison.data),
      ],
    },
    {
      title: 'Reproduce',
      blocks: [
        {
          kind: 'code',
          code: ids
            .map((id) => `zeekseq runs reproduce ${id} --runs-dir ${shellWord(path.resolve(runsDir))}`)
            .join('\n'),
        },
      ],
    },
  ];
  return {
    title: `${ids[0]} against ${ids[1]}`,
    subtitle: `${runs[0].record.kind} and ${runs[1].record.kind} runs compared`,
    sections,
  };
}
