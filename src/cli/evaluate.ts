/**
 * `zeekseq evaluate`: model + data + labels -> one metrics table with the transformer, the Markov baseline and
 * the frequency baseline side by side (src/pipeline/evaluation.ts), printed and, with --output, written as
 * evaluation.csv and evaluation.json.
 */
import * as aq from 'arquero';
import { Command } from 'commander';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseWindow } from '../detect/notables.js';
import { HOST_SIDES } from '../detect/sweep.js';
import { evaluatePipeline, evaluationTable } from '../pipeline/evaluation.js';
import { ZeekseqError } from '../util/errors.js';
import { commonModelOptions, listOption, numberOption, type CommonModelFlags } from './options.js';

interface EvaluateFlags extends CommonModelFlags {
  model: string;
  data: string[];
  labels?: string;
  zeekLabels: boolean;
  acceptanceRate?: string;
  window: string;
  minCount: string;
  host: string;
  watchIps?: string;
  output?: string;
}

export function buildEvaluateCommand(): Command {
  const command = new Command('evaluate')
    .description(
      'Score logs with a saved model and with the Markov and frequency baselines fitted on the same training rows; print precision, recall, F1, average precision and ROC-AUC at connection and host level side by side.',
    )
    .requiredOption('--model <dir>', 'model directory written by zeekseq train')
    .requiredOption('--data <dirs...>', 'folder(s) of Zeek logs to score')
    .option('--labels <file>', "labels CSV: the generator's labels.csv, or uid and/or ip columns")
    .option('--zeek-labels', 'use the label/detailedlabel columns of the conn log (Stratosphere *.log.labeled)', false)
    .option('--acceptance-rate <r>', "acceptance rate of every scorer's threshold (default the model's)")
    .option('--window <duration>', 'notable window, e.g. 15m, 1h, 6h', '1h')
    .option('--min-count <n>', 'anomalies within the window that raise a notable', '3')
    .option('--host <side>', `which end of a connection is the host: ${HOST_SIDES.join(', ')}`, 'orig')
    .option('--watch-ips <ips>', 'comma-separated hosts to rank among all originators (e.g. a known beacon)')
    .option('--output <dir>', 'also write evaluation.csv and evaluation.json here');
  return commonModelOptions(command).action(async (flags: EvaluateFlags) => {
    if (!(HOST_SIDES as readonly string[]).includes(flags.host))
      throw new ZeekseqError(`--host ${flags.host} is unknown; use ${HOST_SIDES.join(', ')}.`);
    const run = await evaluatePipeline({
      data: flags.data,
      model: flags.model,
      labels: flags.labels,
      zeekLabels: flags.zeekLabels,
      acceptanceRate: numberOption('--acceptance-rate', flags.acceptanceRate),
      window: parseWindow(flags.window),
      minCount: numberOption('--min-count', flags.minCount),
      host: flags.host as never,
      watchIps: listOption(flags.watchIps),
      keepConnOnly: flags.keepConnOnly,
      backend: flags.backend as never,
      workers: numberOption('--workers', flags.workers),
      log: (line) => console.error(line),
    });
    for (const warning of run.warnings) console.error(`warning: ${warning}`);
    const table = evaluationTable(run.evaluations);
    const connections = run.connections.table.uids.length;
    const positives = run.labels
      ? `; ${run.labels.connections.reduce((a, b) => a + b, 0).toLocaleString('en-US')} malicious connections, ${run.labels.hosts.size} malicious hosts (${run.labels.source})`
      : '; no labels';
    console.log(
      `${connections.toLocaleString('en-US')} connections, ${new Set(run.connections.table.origHosts).size.toLocaleString('en-US')} originating hosts${positives}`,
    );
    // one line per scorer, columns as name=value: the table is wide
    for (const row of table.objects() as Array<Record<string, unknown>>) {
      console.log(
        Object.entries(row)
          .map(([key, value]) => `${key}=${value}`)
          .join(' '),
      );
    }
    if (flags.output) {
      await mkdir(flags.output, { recursive: true });
      const csv = path.join(flags.output, 'evaluation.csv');
      const json = path.join(flags.output, 'evaluation.json');
      await writeFile(csv, aq.toCSV(table));
      await writeFile(
        json,
        `${JSON.stringify({ model: flags.model, data: flags.data, keepConnOnly: flags.keepConnOnly, warnings: run.warnings, evaluations: run.evaluations }, null, 2)}\n`,
      );
      console.log(`wrote ${csv}, ${json}`);
    }
  });
}
