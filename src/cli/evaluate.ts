/**
 * `zeekseq evaluate`: model + data + labels -> one metrics table with the Detector's scorer and its saved
 * baselines side by side (src/pipeline/evaluation.ts), printed and, with --output, written as evaluation.csv
 * and evaluation.json.
 */
import { Command } from 'commander';
import { parseWindow } from '../detect/notables.js';
import { HOST_SIDES } from '../detect/sweep.js';
import { EventStream } from '../util/events.js';
import {
  type CommonModelFlags,
  commonModelOptions,
  hostSide,
  listOption,
  numberOption,
  runtimeOptions,
} from './options.js';
import { runsDirOption, tracked } from './tracked.js';

interface EvaluateFlags extends CommonModelFlags {
  model: string;
  data: string[];
  labels?: string;
  zeekLabels: boolean;
  acceptanceRate?: string;
  window?: string;
  minCount?: string;
  host?: string;
  watchIps?: string;
  output?: string;
  runsDir?: string;
}

export function buildEvaluateCommand(): Command {
  const command = new Command('evaluate')
    .description(
      "Score logs with a saved model's scorer and the baselines saved with it (Markov, frequency); print precision, recall, F1, average precision and ROC-AUC at connection and host level side by side.",
    )
    .requiredOption('--model <dir>', 'model directory written by zeekseq train')
    .requiredOption('--data <dirs...>', 'folder(s) of Zeek logs to score')
    .option('--labels <file>', "labels CSV: the generator's labels.csv, or uid and/or ip columns")
    .option('--zeek-labels', 'use the label/detailedlabel columns of the conn log (Stratosphere *.log.labeled)', false)
    .option('--acceptance-rate <r>', "acceptance rate of every scorer's threshold (default the model's)")
    .option('--window <duration>', "notable window, e.g. 15m, 1h, 6h (default the model's)")
    .option('--min-count <n>', "anomalies within the window that raise a notable (default the model's)")
    .option('--host <side>', `which end of a connection is the host: ${HOST_SIDES.join(', ')} (default the model's)`)
    .option('--watch-ips <ips>', 'comma-separated hosts to rank among all originators (e.g. a known beacon)')
    .option('--output <dir>', 'also write evaluation.csv and evaluation.json here');
  return runsDirOption(commonModelOptions(command)).action(async (flags: EvaluateFlags) => {
    const { evaluatePipeline, evaluationTable } = await import('../pipeline/evaluation.js');
    const events = new EventStream();
    const settings = {
      data: flags.data,
      model: flags.model,
      labels: flags.labels,
      zeekLabels: flags.zeekLabels,
      acceptanceRate: numberOption('--acceptance-rate', flags.acceptanceRate),
      window: flags.window === undefined ? undefined : parseWindow(flags.window),
      minCount: numberOption('--min-count', flags.minCount),
      host: hostSide(flags.host),
      watchIps: listOption(flags.watchIps),
      keepConnOnly: flags.keepConnOnly || undefined,
      runtime: runtimeOptions(flags),
      output: flags.output,
    };
    const run = await tracked(
      {
        kind: 'evaluate',
        runsDir: flags.runsDir,
        params: settings,
        inputs: [...flags.data, flags.model, ...(flags.labels ? [flags.labels] : [])],
        events,
      },
      () => evaluatePipeline({ ...settings, events }),
    );
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
    if (run.files.length > 0) console.log(`wrote ${run.files.join(', ')}`);
  });
}
