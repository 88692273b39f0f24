/**
 * `zeekseq train`: fit a Detector on normal traffic and save its model directory (src/pipeline/train.ts).
 */
import { Command } from 'commander';
import { PRESETS } from '../model/config.js';
import { SCORER_NAMES } from '../model/scorer.js';
import { checkScorerName } from '../model/scorer.js';
import type { DetectorParamsInput } from '../pipeline/detector-params.js';
import { resolveDetectorParams } from '../pipeline/detector-params.js';
import { EventStream } from '../util/events.js';
import { definedOnly } from '../util/defined-only.js';
import { ZeekseqError } from '../util/errors.js';
import { runsDirOption, tracked } from './tracked.js';
import { type CommonModelFlags, commonModelOptions, listOption, numberOption } from './options.js';

interface TrainFlags extends CommonModelFlags {
  data?: string[];
  model?: string;
  config?: string;
  runsDir?: string;
  scorer?: string;
  acceptanceRate?: string;
  preset?: string;
  seqLen?: string;
  epochs?: string;
  batchSize?: string;
  learningRate?: string;
  patience?: string;
  transformerScoreBy?: string;
  seed?: string;
  eps?: string;
  noiseProfiles?: string;
  outliers?: string;
  direction?: boolean;
  localNetworks?: string;
  metric?: string;
  excludeIps?: string;
  excludeLabels?: string;
}

/** A config's parameters with the flags' over them, one level deep (tokenizer, transformer, ... merged). */
function mergeParams(base: DetectorParamsInput, over: DetectorParamsInput): DetectorParamsInput {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const before = merged[key];
    merged[key] =
      before &&
      typeof before === 'object' &&
      !Array.isArray(before) &&
      typeof value === 'object' &&
      !Array.isArray(value)
        ? { ...before, ...value }
        : value;
  }
  return merged as DetectorParamsInput;
}

/** The parameters the flags set; the rest keep the Detector's defaults. */
export function trainParams(flags: TrainFlags): DetectorParamsInput {
  return definedOnly({
    scorer: flags.scorer === undefined ? undefined : checkScorerName(flags.scorer, '--scorer'),
    acceptanceRate: numberOption('--acceptance-rate', flags.acceptanceRate),
    keepConnOnly: flags.keepConnOnly || undefined,
    excludeIps: listOption(flags.excludeIps),
    excludeLabels: listOption(flags.excludeLabels),
    seed: numberOption('--seed', flags.seed),
    tokenizer: definedOnly({
      seqLen: numberOption('--seq-len', flags.seqLen),
      eps: numberOption('--eps', flags.eps),
      metric: flags.metric as never,
      noiseProfiles: numberOption('--noise-profiles', flags.noiseProfiles),
      outliers: flags.outliers as never,
      direction: flags.direction,
      localNetworks: listOption(flags.localNetworks),
    }),
    transformer: definedOnly({
      preset: flags.preset as never,
      epochs: numberOption('--epochs', flags.epochs),
      batchSize: numberOption('--batch-size', flags.batchSize),
      learningRate: numberOption('--learning-rate', flags.learningRate),
      patience: numberOption('--patience', flags.patience),
      workers: numberOption('--workers', flags.workers),
      backend: flags.backend === 'auto' ? undefined : (flags.backend as never),
      scoreBy: flags.transformerScoreBy as never,
    }),
  });
}

export function buildTrainCommand(): Command {
  const d = resolveDetectorParams();
  const command = new Command('train')
    .description(
      'Fit a Detector on normal traffic — cleaners, clusters, vocabulary, the scorer and its baselines, the anomaly threshold — and save it in a model directory.',
    )
    .option('--data <dirs...>', 'folder(s) of Zeek logs of normal traffic (e.g. the clean day folders)')
    .option('--model <dir>', 'model directory to write (replaced only when the new one is complete)')
    .option(
      '--config <file>',
      'an experiment config (experiments/*.json: data, model, params); flags given as well override it',
    )
    .option('--scorer <name>', `sequence scorer: ${SCORER_NAMES.join(', ')} (default ${d.scorer})`)
    .option(
      '--acceptance-rate <r>',
      `share of the threshold split allowed above the threshold (default ${d.acceptanceRate})`,
    )
    .option('--preset <name>', `transformer size: ${Object.keys(PRESETS).join(', ')} (default ${d.transformer.preset})`)
    .option('--seq-len <n>', `tokens per sequence, CLS and SEP included (default ${d.tokenizer.seqLen})`)
    .option('--epochs <n>', `most training epochs, early stopping on validation loss (default ${d.transformer.epochs})`)
    .option('--batch-size <n>', `connections per training batch (default ${d.transformer.batchSize})`)
    .option('--learning-rate <x>', `Adam learning rate (default ${d.transformer.learningRate})`)
    .option(
      '--patience <n>',
      `epochs without validation improvement before stopping (default ${d.transformer.patience})`,
    )
    .option(
      '--transformer-score-by <how>',
      `the transformer's row score: original (the original's formula) or surprisal (mean -ln p) (default ${d.transformer.scoreBy})`,
    )
    .option('--seed <n>', `seed of every random step (default ${d.seed})`)
    .option('--eps <x>', `DBSCAN radius for every log type (default ${d.tokenizer.eps} under ${d.tokenizer.metric})`)
    .option(
      '--noise-profiles <n>',
      `give training noise that shares a categorical profile on at least n rows a word of its own (default ${d.tokenizer.noiseProfiles}: off)`,
    )
    .option(
      '--outliers <words>',
      `DBSCAN noise as one outlier word per log (single) or by nearest cluster and distance band (graded) (default ${d.tokenizer.outliers})`,
    )
    .option(
      '--direction',
      `put the connection direction (in, out, int, ext) on the conn word (default ${d.tokenizer.direction ? 'on' : 'off'})`,
    )
    .option('--no-direction', 'one conn word for every direction')
    .option(
      '--local-networks <cidrs>',
      'comma-separated local networks (e.g. 10.0.0.0/8), for --direction where conn has no local_orig/local_resp',
    )
    .option('--metric <name>', `clustering distance: gower, euclidean or manhattan (default ${d.tokenizer.metric})`)
    .option('--exclude-ips <ips>', 'comma-separated hosts whose connections are left out of training')
    .option(
      '--exclude-labels <values>',
      "comma-separated values of the conn log's label column whose connections are left out, e.g. Malicious,Background",
    );
  return runsDirOption(commonModelOptions(command)).action(async (flags: TrainFlags) => {
    const { loadExperimentConfig } = await import('../pipeline/experiment-config.js');
    const { trainModel } = await import('../pipeline/train.js');
    const config = flags.config === undefined ? null : await loadExperimentConfig(flags.config);
    const data = flags.data ?? config?.data;
    const model = flags.model ?? config?.model;
    if (!data || !model) {
      throw new ZeekseqError('train needs --data DIR... and --model DIR, or --config FILE naming them.');
    }
    const params = mergeParams(config?.params ?? {}, trainParams(flags));
    const events = new EventStream();
    const detector = await tracked(
      { kind: 'train', name: config?.name, runsDir: flags.runsDir, params, inputs: data, events },
      async (run) => {
        const fitted = await trainModel({ data, model, params, events });
        run.logBackend(String(fitted.record.scorers.transformer?.backend ?? 'none'));
        return fitted;
      },
    );
    const threshold = detector.threshold.point;
    console.log(
      `model saved to ${model}: ${detector.params.scorer} scorer, threshold ${threshold.threshold.toFixed(6)} at acceptance rate ${threshold.acceptanceRate}`,
    );
    detector.dispose();
  });
}
