/**
 * `zeekseq quality`: the tokenizer's options side by side (src/pipeline/compare-options.ts) — a Detector per
 * option set trained on the same logs, every scorer evaluated on the same scored logs at connection and host
 * level, with the beacon scorer's host ranking and the host priority of hosts.csv — printed one line per
 * variant and scorer and, with --output, written as quality.csv and quality.json.
 */
import { Command } from 'commander';
import { parseWindow } from '../detect/notables.js';
import { HOST_SIDES } from '../detect/sweep.js';
import { SCORER_NAMES } from '../model/scorer.js';
import { checkScorerName } from '../model/scorer.js';
import { QUALITY_VARIANTS } from '../pipeline/quality-variants.js';
import { resolveDetectorParams } from '../pipeline/detector-params.js';
import { EventStream } from '../util/events.js';
import { type CommonModelFlags, commonModelOptions, hostSide, listOption, numberOption } from './options.js';
import { trainParams } from './train.js';
import { runsDirOption, tracked } from './tracked.js';
import { formatCount } from '../util/format-count.js';

interface QualityFlags extends CommonModelFlags {
  train: string[];
  data: string[];
  labels?: string;
  zeekLabels: boolean;
  variants?: string;
  scorer?: string;
  baselines?: string;
  acceptanceRate?: string;
  epochs?: string;
  transformerScoreBy?: string;
  seed?: string;
  eps?: string;
  excludeIps?: string;
  excludeLabels?: string;
  excludeEvalLabels?: string;
  localNetworks?: string;
  window?: string;
  minCount?: string;
  host?: string;
  watchIps?: string;
  output?: string;
  runsDir?: string;
}

export function buildQualityCommand(): Command {
  const d = resolveDetectorParams();
  const command = new Command('quality')
    .description(
      'Train a Detector per tokenizer option set (single or graded outliers, with or without direction words) on the same logs, score the same logs, and print connection- and host-level quality of every scorer side by side, with the beacon scorer and the host priority of hosts.csv.',
    )
    .requiredOption('--train <dirs...>', 'folder(s) of Zeek logs to train on')
    .requiredOption('--data <dirs...>', 'folder(s) of Zeek logs to score and evaluate')
    .option('--labels <file>', "labels CSV: the generator's labels.csv, or uid and/or ip columns")
    .option('--zeek-labels', 'use the label/detailedlabel columns of the conn log (Stratosphere *.log.labeled)', false)
    .option(
      '--variants <names>',
      `comma-separated option sets: ${Object.keys(QUALITY_VARIANTS).join(', ')} (default all)`,
    )
    .option('--scorer <name>', `the Detectors' scorer: ${SCORER_NAMES.join(', ')} (default markov: minutes, not hours)`)
    .option('--baselines <names>', 'comma-separated scorers fitted beside it (default frequency)')
    .option('--acceptance-rate <r>', `share of the threshold split above the threshold (default ${d.acceptanceRate})`)
    .option('--epochs <n>', `transformer epochs at most (default ${d.transformer.epochs})`)
    .option('--transformer-score-by <how>', `original or surprisal (default ${d.transformer.scoreBy})`)
    .option('--seed <n>', `seed of every random step (default ${d.seed})`)
    .option('--eps <x>', `DBSCAN radius (default ${d.tokenizer.eps})`)
    .option('--exclude-ips <ips>', 'comma-separated hosts left out of training')
    .option('--exclude-labels <values>', 'label values left out of training, e.g. Malicious,Background')
    .option(
      '--exclude-eval-labels <values>',
      'label values whose connections are left out of the evaluation, e.g. Background',
    )
    .option(
      '--local-networks <cidrs>',
      'comma-separated local networks, for direction words where conn lacks local_orig/local_resp',
    )
    .option('--window <duration>', "notable window, e.g. 15m, 1h, 3h (default the Detector's)")
    .option('--min-count <n>', "anomalies within the window that raise a notable (default the Detector's)")
    .option('--host <side>', `which end of a connection is the host: ${HOST_SIDES.join(', ')}`)
    .option('--watch-ips <ips>', 'comma-separated hosts whose ranks are reported (e.g. a known beacon)')
    .option('--output <dir>', 'also write quality.csv and quality.json here');
  return runsDirOption(commonModelOptions(command)).action(async (flags: QualityFlags) => {
    const events = new EventStream();
    const base = trainParams({ ...flags, scorer: flags.scorer ?? 'markov' });
    const baselines = (listOption(flags.baselines) ?? ['frequency']).map((name) =>
      checkScorerName(name, '--baselines'),
    );
    const localNetworks = listOption(flags.localNetworks);
    const params = {
      ...base,
      baselines,
      tokenizer: { ...base.tokenizer, ...(localNetworks ? { localNetworks } : {}) },
    };
    const settings = {
      train: flags.train,
      data: flags.data,
      labels: flags.labels,
      zeekLabels: flags.zeekLabels,
      params,
      variants: listOption(flags.variants),
      excludeLabels: listOption(flags.excludeEvalLabels),
      window: flags.window === undefined ? undefined : parseWindow(flags.window),
      minCount: numberOption('--min-count', flags.minCount),
      host: hostSide(flags.host),
      watchIps: listOption(flags.watchIps),
      output: flags.output,
    };
    const { compareOptions, qualityTable } = await import('../pipeline/compare-options.js');
    const result = await tracked(
      {
        kind: 'quality',
        runsDir: flags.runsDir,
        params: settings,
        inputs: [...flags.train, ...flags.data, ...(flags.labels ? [flags.labels] : [])],
        events,
      },
      () => compareOptions({ ...settings, events }),
    );
    const positives = result.positives === null ? 'no labels' : `${formatCount(result.positives)} malicious`;
    console.log(`${formatCount(result.connections)} connections evaluated, ${positives}`);
    for (const row of qualityTable(result).objects() as Array<Record<string, unknown>>) {
      console.log(
        Object.entries(row)
          .map(([key, value]) => `${key}=${value}`)
          .join(' '),
      );
    }
    if (result.files.length > 0) console.log(`wrote ${result.files.join(', ')}`);
  });
}
