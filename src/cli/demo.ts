/**
 * `zeekseq demo`: the README's main job on the embedded default dataset (src/pipeline/demo.ts).
 */
import path from 'node:path';
import { Command } from 'commander';
import { parseWindow } from '../detect/notables.js';
import { DEMO_PARAMS } from '../pipeline/demo-params.js';
import { windowText } from '../detect/notables.js';
import { EventStream } from '../util/events.js';
import { numberOption } from './options.js';
import { withRendering } from './render.js';

export const DEMO_DATA = path.join('datasets', 'synthetic');
export const DEMO_RUN = path.join('experiments', 'runs', 'demo');

export interface DemoFlags {
  data: string;
  run: string;
  fresh: boolean;
  epochs: string;
  acceptanceRate: string;
  keepConnOnly: boolean;
  window: string;
  minCount: string;
}

/** The demo's parameters with the flags over them (each nested setting kept unless its flag changes it). */
export function demoParams(flags: DemoFlags) {
  return {
    ...DEMO_PARAMS,
    acceptanceRate: numberOption('--acceptance-rate', flags.acceptanceRate)!,
    keepConnOnly: flags.keepConnOnly,
    transformer: { ...DEMO_PARAMS.transformer, epochs: numberOption('--epochs', flags.epochs)! },
    notables: { window: parseWindow(flags.window), minCount: numberOption('--min-count', flags.minCount)! },
  };
}

export function buildDemoCommand(): Command {
  return new Command('demo')
    .description(
      'Run the main job on the embedded default: generate the synthetic network, train on its clean days, score the attack day, print the top anomalies and notables.',
    )
    .option('--data <dir>', 'where the synthetic dataset lives', DEMO_DATA)
    .option('--run <dir>', 'where the model and the inference outputs go', DEMO_RUN)
    .option('--fresh', 'regenerate the dataset even if it exists', false)
    .option(
      '--epochs <n>',
      'most training epochs (early stopping on validation loss)',
      String(DEMO_PARAMS.transformer.epochs),
    )
    .option(
      '--acceptance-rate <r>',
      'share of the threshold split allowed above the threshold',
      String(DEMO_PARAMS.acceptanceRate),
    )
    .option('--no-keep-conn-only', 'drop connections seen only in conn.log, as the original did (misses the port scan)')
    .option('--window <duration>', 'notable window, e.g. 1h, 3h', windowText(DEMO_PARAMS.notables.window))
    .option(
      '--min-count <n>',
      'anomalies within the window that raise a notable',
      String(DEMO_PARAMS.notables.minCount),
    )
    .action(async (flags: DemoFlags) => {
      const events = new EventStream();
      const { runDemo } = await import('../pipeline/demo.js');
      await withRendering(events, () =>
        runDemo({
          data: flags.data,
          run: flags.run,
          fresh: flags.fresh,
          params: demoParams(flags),
          events,
        }),
      );
    });
}
