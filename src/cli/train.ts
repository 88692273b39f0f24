/**
 * `zeekseq train`: the original's train.py as a command (see src/pipeline/train.ts for the steps).
 */
import { Command } from 'commander';
import { PRESETS, type PresetName } from '../model/config.js';
import { trainPipeline } from '../pipeline/train.js';
import { ZeekseqError } from '../util/errors.js';
import { commonModelOptions, listOption, numberOption, type CommonModelFlags } from './options.js';

interface TrainFlags extends CommonModelFlags {
  data: string[];
  model: string;
  acceptanceRate: string;
  preset: string;
  seqLen?: string;
  epochs?: string;
  batchSize?: string;
  learningRate?: string;
  patience?: string;
  seed: string;
  eps?: string;
  noiseProfiles?: string;
  metric?: string;
  excludeIps?: string;
  excludeLabels?: string;
}

export function buildTrainCommand(): Command {
  const command = new Command('train')
    .description(
      'Learn cleaners, clusters, vocabulary and the masked-token transformer from normal traffic, choose the anomaly threshold, and save them in a model directory.',
    )
    .requiredOption('--data <dirs...>', 'folder(s) of Zeek logs of normal traffic (e.g. the clean day folders)')
    .requiredOption('--model <dir>', 'model directory to write')
    .requiredOption('--acceptance-rate <r>', 'share of the threshold split allowed above the threshold, e.g. 0.001')
    .option('--preset <name>', `model size: ${Object.keys(PRESETS).join(', ')}`, 'tiny')
    .option('--seq-len <n>', 'tokens per sequence, CLS and SEP included (default 10; the same at inference)')
    .option('--epochs <n>', 'most training epochs (default 10; early stopping on validation loss)')
    .option('--batch-size <n>', 'connections per training batch (default 256)')
    .option('--learning-rate <x>', 'Adam learning rate (default 0.001)')
    .option('--patience <n>', 'epochs without validation improvement before stopping (default 2)')
    .option('--seed <n>', 'seed of every random step', '42')
    .option('--eps <x>', 'DBSCAN radius for every log type (default 0.05 under Gower)')
    .option(
      '--noise-profiles <n>',
      'give training noise that shares a categorical profile on at least n rows a word of its own (default 0: off)',
    )
    .option('--metric <name>', 'clustering distance: gower (default), euclidean or manhattan')
    .option('--exclude-ips <ips>', 'comma-separated hosts whose connections are left out of training')
    .option(
      '--exclude-labels <values>',
      "comma-separated values of the conn log's label column whose connections are left out, e.g. Malicious,Background",
    );
  return commonModelOptions(command).action(async (flags: TrainFlags) => {
    if (!(flags.preset in PRESETS))
      throw new ZeekseqError(`--preset ${flags.preset} is unknown; use one of ${Object.keys(PRESETS).join(', ')}.`);
    const summary = await trainPipeline({
      data: flags.data,
      model: flags.model,
      acceptanceRate: numberOption('--acceptance-rate', flags.acceptanceRate)!,
      preset: flags.preset as PresetName,
      seqLen: numberOption('--seq-len', flags.seqLen),
      epochs: numberOption('--epochs', flags.epochs),
      batchSize: numberOption('--batch-size', flags.batchSize),
      learningRate: numberOption('--learning-rate', flags.learningRate),
      patience: numberOption('--patience', flags.patience),
      seed: numberOption('--seed', flags.seed),
      eps: numberOption('--eps', flags.eps),
      noiseProfiles: numberOption('--noise-profiles', flags.noiseProfiles),
      metric: flags.metric as never,
      excludeIps: listOption(flags.excludeIps),
      excludeLabels: listOption(flags.excludeLabels),
      keepConnOnly: flags.keepConnOnly,
      backend: flags.backend as never,
      workers: numberOption('--workers', flags.workers),
      log: (line) => console.error(line),
    });
    console.log(
      `model saved to ${flags.model}: threshold ${summary.threshold.threshold.toFixed(6)} at acceptance rate ${summary.threshold.acceptanceRate}`,
    );
  });
}
