/**
 * `zeekseq cluster`: DBSCAN (exact or the original's batch approximation) over a CSV of feature rows;
 * writes one CSV row per input row with its cluster (`label`, -1 for noise) and whether it is a core
 * sample (`core`, 1/0). A one-line summary goes to stderr.
 */
import { writeFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { ZeekseqError } from '../util/errors.js';
import { METRICS, type MetricName } from '../distance/metric.js';
import { BatchDBSCAN } from '../cluster/batch-dbscan.js';
import { DBSCAN } from '../cluster/dbscan.js';
import { readFeatureCsv } from '../cluster/feature-csv.js';

interface ClusterOptions {
  input: string;
  output: string;
  eps: string;
  minSamples: string;
  metric: MetricName;
  weights?: string;
  algorithm: 'exact' | 'batch';
  batchSize: string;
  seed: string;
}

function number(option: string, text: string, check: (v: number) => boolean, want: string): number {
  const value = Number(text);
  if (text.trim() === '' || !check(value)) throw new ZeekseqError(`${option} must be ${want}, got '${text}'`);
  return value;
}

/** The output CSV: a header, then `label,core` per row. */
export function labelsCsv(labels: Int32Array, coreSampleIndices: Int32Array): string {
  const core = new Uint8Array(labels.length);
  for (const i of coreSampleIndices) core[i] = 1;
  const lines = ['label,core'];
  for (let i = 0; i < labels.length; i++) lines.push(`${labels[i]},${core[i]}`);
  return `${lines.join('\n')}\n`;
}

export function buildClusterCommand(): Command {
  return new Command('cluster')
    .description('Cluster feature rows from a CSV with DBSCAN; write label (-1 noise) and core (1/0) per row.')
    .requiredOption(
      '--input <file>',
      'CSV of feature rows with a header; non-numeric columns are categorical (gower only)',
    )
    .requiredOption('--eps <eps>', 'neighbourhood radius, in units of the metric (e.g. 0.5)')
    .requiredOption('--min-samples <n>', 'neighbourhood weight a core row needs, itself included (e.g. 20)')
    .addOption(new Option('--metric <metric>', 'distance metric').choices([...METRICS]).makeOptionMandatory())
    .option('--weights <column>', 'numeric column of row weights (then --min-samples counts weight); not a feature')
    .addOption(
      new Option('--algorithm <algorithm>', 'exact DBSCAN, or the original BatchDBSCAN approximation')
        .choices(['exact', 'batch'])
        .default('exact'),
    )
    .option('--batch-size <n>', 'rows per batch for --algorithm batch', '30000')
    .option('--seed <seed>', 'seed of the batch shuffle and baseline sampling', '42')
    .requiredOption('--output <file>', 'CSV to write: label,core per input row')
    .action((options: ClusterOptions) => {
      const eps = number('--eps', options.eps, (v) => Number.isFinite(v) && v > 0, 'a number > 0');
      const minSamples = number(
        '--min-samples',
        options.minSamples,
        (v) => Number.isInteger(v) && v >= 1,
        'an integer >= 1',
      );
      const batchSize = number(
        '--batch-size',
        options.batchSize,
        (v) => Number.isInteger(v) && v >= 1,
        'an integer >= 1',
      );
      const seed = number('--seed', options.seed, Number.isInteger, 'an integer');
      const started = performance.now();
      const { matrix, weights } = readFeatureCsv(options.input, {
        weights: options.weights,
        numericOnly: options.metric === 'gower' ? undefined : options.metric,
      });
      const params = { eps, minSamples, metric: options.metric };
      const model =
        options.algorithm === 'batch'
          ? new BatchDBSCAN({ ...params, batchSize, seed }).fit(matrix, weights ?? undefined)
          : new DBSCAN(params).fit(matrix, weights ?? undefined);
      try {
        writeFileSync(options.output, labelsCsv(model.labels, model.coreSampleIndices));
      } catch (error) {
        throw new ZeekseqError(`cannot write ${options.output}: ${(error as Error).message}; check the --output path`);
      }
      let noise = 0;
      for (const l of model.labels) if (l < 0) noise++;
      const seconds = (performance.now() - started) / 1000;
      console.error(
        `zeekseq cluster: ${matrix.rows} rows, ${model.nClusters} clusters, ${noise} noise (${((100 * noise) / matrix.rows).toFixed(1)}%), ` +
          `${model.coreSampleIndices.length} core, ${seconds.toFixed(2)} s -> ${options.output}`,
      );
    });
}
