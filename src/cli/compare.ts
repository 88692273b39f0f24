/**
 * `zeekseq compare`: exact DBSCAN against BatchDBSCAN on the real cleaned rows of one log type, over growing
 * samples — time, peak memory, clusters, noise share, and the agreement (ARI, NMI) of the batch labels with the
 * exact ones — as a table (printed, compare.csv, compare.json) and as charts (PNG, SVG and Vega-Lite specs).
 */
import { Command } from 'commander';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CompareRow } from '../cluster/compare.js';
import type { MetricName } from '../distance/metric.js';
import type { Run } from '../track/run.js';
import { ZeekseqError } from '../util/errors.js';
import { safeJson, toCsv } from '../util/escape.js';
import { EventStream } from '../util/events.js';
import { prepareOutputFolder } from '../util/output-folder.js';
import { DEFAULT_SEED } from '../util/random.js';
import { RUNS_DIR_HELP, tracked } from './tracked.js';
import { listOption, numberOption } from './options.js';
import { formatCount } from '../util/format-count.js';

interface CompareFlags {
  data: string[];
  log: string;
  sizes?: string;
  eps: string;
  minSamples?: string;
  metric: string;
  batchSize: string;
  seed: string;
  output: string;
  runsDir?: string;
}

const columns: Array<[keyof CompareRow, string, (v: number) => string]> = [
  ['n', 'rows', (v) => formatCount(v)],
  ['minSamples', 'min_samples', String],
  ['exactSeconds', 'exact s', (v) => v.toFixed(2)],
  ['batchSeconds', 'batch s', (v) => v.toFixed(2)],
  ['exactClusters', 'exact clusters', String],
  ['batchClusters', 'batch clusters', String],
  ['exactNoiseShare', 'exact noise', (v) => `${(100 * v).toFixed(2)}%`],
  ['batchNoiseShare', 'batch noise', (v) => `${(100 * v).toFixed(2)}%`],
  ['ari', 'ARI', (v) => v.toFixed(4)],
  ['nmi', 'NMI', (v) => v.toFixed(4)],
];

/** The comparison as a Markdown table. */
export function formatComparison(rows: readonly CompareRow[]): string {
  const head = `| ${columns.map(([, title]) => title).join(' | ')} |`;
  const rule = `|${columns.map(() => '---').join('|')}|`;
  const body = rows.map((row) => `| ${columns.map(([key, , fmt]) => fmt(row[key])).join(' | ')} |`);
  return [head, rule, ...body].join('\n');
}

export function buildCompareCommand(): Command {
  return new Command('compare')
    .description(
      'Compare exact DBSCAN with BatchDBSCAN on the cleaned rows of one log type over growing samples (time, memory, clusters, noise, ARI, NMI), with charts.',
    )
    .requiredOption('--data <dirs...>', 'folder(s) of Zeek logs')
    .requiredOption('--output <dir>', 'folder for compare.csv, compare.json and the charts')
    .option('--log <type>', 'log type to clean and cluster', 'conn')
    .option(
      '--sizes <list>',
      'comma-separated sample sizes (default 1000, 5000, 20000, 50000 and all rows, up to the rows there are)',
    )
    .option('--eps <x>', 'DBSCAN radius', '0.5')
    .option('--min-samples <n>', 'core weight (default clamp(1% of the sample, 20, 1000), as the original)')
    .option('--metric <name>', 'euclidean, manhattan or gower', 'euclidean')
    .option('--batch-size <n>', 'BatchDBSCAN batch size', '30000')
    .option('--seed <n>', 'seed of the sampling and of BatchDBSCAN', String(DEFAULT_SEED))
    .option('--runs-dir <dir>', RUNS_DIR_HELP)
    .action(async (flags: CompareFlags) => {
      const events = new EventStream();
      await tracked(
        { kind: 'compare', runsDir: flags.runsDir, params: { ...flags }, inputs: flags.data, events },
        (run) => compare(flags, run, events),
      );
    });
}

async function compare(flags: CompareFlags, run: Run, events: EventStream): Promise<void> {
  const aq = await import('arquero');
  const { cleanerFor } = await import('../cleaners/registry.js');
  const { compareDbscan } = await import('../cluster/compare.js');
  const { cleanedFeatureMatrix, defaultMinSamples } = await import('../sequence/tokenizer.js');
  const { dbscanComparisonChart } = await import('../viz/dbscan-comparison-chart.js');
  const { saveChart } = await import('../viz/save-chart.js');
  const { readZeekDir } = await import('../zeek/read-dir.js');
  const cleaner = cleanerFor(flags.log);
  if (!cleaner)
    throw new ZeekseqError(
      `--log ${flags.log} has no cleaner, so its rows have no features to cluster; choose a cleaned log type such as conn, dns, http or ssl.`,
    );
  const folder = await prepareOutputFolder(flags.output, { command: 'compare', data: flags.data, events });
  const dataset = await readZeekDir(flags.data, { require: [flags.log], types: [flags.log] });
  const cleaned = cleaner.fitTransform(dataset.log(flags.log));
  const matrix = cleanedFeatureMatrix(cleaned, cleaner);
  const requested = listOption(flags.sizes)?.map((s) => numberOption('--sizes', s)!) ?? [
    1000,
    5000,
    20000,
    50000,
    matrix.rows,
  ];
  const sizes = [...new Set(requested.filter((n) => n <= matrix.rows))];
  if (sizes.length === 0)
    throw new ZeekseqError(
      `every --sizes value exceeds the ${matrix.rows} ${flags.log} rows in ${dataset.origin}; give sizes up to ${matrix.rows}.`,
    );
  const fixed = numberOption('--min-samples', flags.minSamples);
  const comparison = compareDbscan(matrix, {
    sizes,
    eps: numberOption('--eps', flags.eps)!,
    minSamples: fixed ?? defaultMinSamples,
    metric: flags.metric as MetricName,
    batchSize: numberOption('--batch-size', flags.batchSize),
    seed: numberOption('--seed', flags.seed),
  });
  await mkdir(flags.output, { recursive: true });
  const csv = path.join(flags.output, 'compare.csv');
  const json = path.join(flags.output, 'compare.json');
  await writeFile(csv, toCsv(aq.from(comparison.table)));
  await writeFile(
    json,
    `${safeJson({ settings: flags, origin: dataset.origin, rows: matrix.rows, features: matrix.columns.map((c) => c.name), table: comparison.table }, 1)}\n`,
  );
  const chart = await saveChart(
    dbscanComparisonChart(comparison.table, `${flags.log}: exact DBSCAN against BatchDBSCAN`),
    path.join(flags.output, 'comparison'),
  );
  await folder.finish([csv, json, chart.spec, chart.svg, chart.png]);
  console.log(
    `${flags.log}: ${formatCount(matrix.rows)} cleaned rows, ${matrix.columns.length} features, eps ${flags.eps}, ${flags.metric}\n`,
  );
  console.log(formatComparison(comparison.table));
  console.log(`\nwrote ${path.join(flags.output, 'compare.csv')}, compare.json, ${chart.png}`);
  for (const r of comparison.table) {
    run.logMetric('exact_seconds', r.exactSeconds, r.n);
    run.logMetric('batch_seconds', r.batchSeconds, r.n);
    run.logMetric('ari', r.ari, r.n);
    run.logMetric('nmi', r.nmi, r.n);
  }
  run.logArtifact(flags.output, 'compare');
}
