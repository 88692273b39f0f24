/**
 * `zeekseq evaluate`: model + data + labels -> one metrics table with the Detector's scorer and its saved
 * baselines side by side, each with its host priority of hosts.csv, and a row for the beacon scorer
 * (src/pipeline/evaluation.ts), or a scores file + labels -> the same for the scorer that wrote it, without the
 * host priority (src/pipeline/evaluate-scores.ts); printed and, with --output, written as evaluation.csv and
 * evaluation.json.
 */
import { Command } from 'commander';
import { DEFAULT_MIN_COUNT, DEFAULT_WINDOW_SECONDS, parseWindow, windowText } from '../detect/notables.js';
import { HOST_SIDES } from '../detect/sweep.js';
import type { AlignedLabels } from '../detect/labels.js';
import type { EvaluationReport } from '../pipeline/scorer-evaluation.js';
import { SCORES_CHUNK_ROWS } from '../pipeline/read-scores.js';
import { EventStream } from '../util/events.js';
import {
  chunkRowsOption,
  type CommonModelFlags,
  commonModelOptions,
  hostSide,
  listOption,
  numberOption,
  runtimeOptions,
  type ScoresFlags,
  scoresSource,
} from './options.js';
import { runsDirOption, tracked } from './tracked.js';
import { formatCount } from '../util/format-count.js';

interface EvaluateFlags extends CommonModelFlags, ScoresFlags {
  model?: string;
  data?: string[];
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
      "Score logs with a saved model's scorer and the baselines saved with it (Markov, frequency), or read back the scores.csv of an infer --all run (--scores, for data too large to score again); print precision, recall, F1, average precision and ROC-AUC at connection and host level side by side and, with --model, each scorer's host priority of hosts.csv judged against the labels (priority_ap, priority_roc_auc, priority_others_above) and a row for the beacon scorer's host ranking.",
    )
    .option('--model <dir>', 'model directory written by zeekseq train (with --data)')
    .option('--data <dirs...>', 'folder(s) of Zeek logs to score (with --model)')
    .option(
      '--scores <file>',
      "instead of --model and --data: a scores.csv (or scores.parquet) written by zeekseq infer --all (or --stream --all), read a chunk at a time; its connections are flagged as infer flagged them, or at the file's own score quantile with --acceptance-rate; hosts are IP addresses",
    )
    .option('--chunk-rows <n>', `with --scores: rows read at a time (default ${SCORES_CHUNK_ROWS})`)
    .option('--labels <file>', "labels CSV: the generator's labels.csv, or uid and/or ip columns")
    .option(
      '--zeek-labels',
      'use the label/detailedlabel columns of the conn log (Stratosphere *.log.labeled); not with --scores',
      false,
    )
    .option(
      '--acceptance-rate <r>',
      "acceptance rate of every scorer's threshold (default the model's; with --scores, the quantile of the file's scores)",
    )
    .option(
      '--window <duration>',
      `notable window, e.g. 15m, 1h, 6h (default the model's; with --scores ${windowText(DEFAULT_WINDOW_SECONDS)})`,
    )
    .option(
      '--min-count <n>',
      `anomalies within the window that raise a notable (default the model's; with --scores ${DEFAULT_MIN_COUNT})`,
    )
    .option(
      '--host <side>',
      `which end of a connection is the host: ${HOST_SIDES.join(', ')} (default the model's; with --scores orig)`,
    )
    .option(
      '--watch-ips <ips>',
      'comma-separated hosts to rank among all originators (e.g. a known beacon), and with --model in the host priority',
    )
    .option('--output <dir>', 'also write evaluation.csv and evaluation.json here');
  return runsDirOption(commonModelOptions(command)).action(async (flags: EvaluateFlags) => {
    const events = new EventStream();
    const measures = {
      labels: flags.labels,
      zeekLabels: flags.zeekLabels,
      acceptanceRate: numberOption('--acceptance-rate', flags.acceptanceRate),
      window: flags.window === undefined ? undefined : parseWindow(flags.window),
      minCount: numberOption('--min-count', flags.minCount),
      host: hostSide(flags.host),
      watchIps: listOption(flags.watchIps),
      output: flags.output,
    };
    const labelFiles = flags.labels ? [flags.labels] : [];
    if (scoresSource(flags)) {
      const { evaluateScoresFile } = await import('../pipeline/evaluate-scores.js');
      const settings = { ...measures, scores: flags.scores!, chunkRows: chunkRowsOption(flags.chunkRows) };
      const run = await tracked(
        { kind: 'evaluate', runsDir: flags.runsDir, params: settings, inputs: [flags.scores!, ...labelFiles], events },
        () => evaluateScoresFile({ ...settings, events }),
      );
      await printEvaluation(run.connections, run.hosts, run);
      return;
    }
    const { evaluatePipeline } = await import('../pipeline/evaluation.js');
    const settings = {
      ...measures,
      data: flags.data!,
      model: flags.model!,
      keepConnOnly: flags.keepConnOnly || undefined,
      runtime: runtimeOptions(flags),
    };
    const run = await tracked(
      {
        kind: 'evaluate',
        runsDir: flags.runsDir,
        params: settings,
        inputs: [...flags.data!, flags.model!, ...labelFiles],
        events,
      },
      () => evaluatePipeline({ ...settings, events }),
    );
    await printEvaluation(run.connections.table.uids.length, new Set(run.connections.table.origHosts).size, run);
  });
}

async function printEvaluation(
  connections: number,
  hosts: number,
  run: EvaluationReport & { labels: AlignedLabels | undefined; files: readonly string[] },
): Promise<void> {
  const { evaluationTable } = await import('../pipeline/scorer-evaluation.js');
  const table = evaluationTable(run.evaluations, run.beacon);
  const positives = run.labels
    ? `; ${formatCount(run.labels.connections.reduce((a, b) => a + b, 0))} malicious connections, ${run.labels.hosts.size} malicious hosts (${run.labels.source})`
    : '; no labels';
  console.log(`${formatCount(connections)} connections, ${formatCount(hosts)} originating hosts${positives}`);
  // one line per scorer, columns as name=value: the table is wide
  for (const row of table.objects() as Array<Record<string, unknown>>) {
    console.log(
      Object.entries(row)
        .map(([key, value]) => `${key}=${value}`)
        .join(' '),
    );
  }
  if (run.files.length > 0) console.log(`wrote ${run.files.join(', ')}`);
}
