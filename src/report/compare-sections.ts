/**
 * A compare run's results (exact DBSCAN against BatchDBSCAN): the comparison chart and table, from compare.json.
 */
import { readFile } from 'node:fs/promises';
import type { CompareRow } from '../cluster/compare.js';
import type { StoredRun } from '../track/read-runs.js';
import { dbscanComparisonChart } from '../viz/dbscan-comparison-chart.js';
import type { ReportSection } from './document.js';
import { runFile } from './run-files.js';

export async function compareSections(run: StoredRun): Promise<ReportSection[]> {
  const file = runFile(run, 'compare.json');
  const table = file ? ((JSON.parse(await readFile(file, 'utf8')) as { table?: CompareRow[] }).table ?? []) : [];
  if (table.length === 0)
    return [
      {
        title: 'DBSCAN comparison',
        blocks: [{ kind: 'paragraph', text: 'This run left no compare.json rows to report.' }],
      },
    ];
  const log = run.record.params.log;
  return [
    {
      title: 'DBSCAN comparison',
      blocks: [
        {
          kind: 'chart',
          spec: dbscanComparisonChart(
            table,
            `${typeof log === 'string' ? `${log}: ` : ''}exact DBSCAN against BatchDBSCAN`,
          ),
          caption: 'ARI and NMI near 1: the batch approximation labels as the exact DBSCAN does.',
        },
      ],
    },
  ];
}
