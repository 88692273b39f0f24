/**
 * `zeekseq demo`: the README's main job on the embedded default dataset. It generates the synthetic
 * Windows/AD network (once; later runs reuse it) and shows what the reader finds in it.
 */
import { Command } from 'commander';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { synthesize } from '../synth/synthesize.js';
import { formatInspect, inspectDir } from '../zeek/inspect.js';
import { formatSynthSummary } from './synth.js';

export const DEMO_DATA = path.join('datasets', 'synthetic');

export async function runDemo(options: { data: string; fresh: boolean; log?: (text: string) => void }): Promise<void> {
  const log = options.log ?? ((text: string) => process.stdout.write(`${text}\n`));
  const data = options.data;
  if (options.fresh || !existsSync(path.join(data, 'synth.json'))) {
    log(`# 1. Generating the embedded default dataset in ${data}/ (synthetic, seed 1)`);
    log(formatSynthSummary(await synthesize({ out: data })).trimEnd());
  } else {
    log(`# 1. Using the synthetic dataset already in ${data}/ (run with --fresh to regenerate it)`);
  }
  log(`\n# 2. What the reader finds in it (zeekseq inspect ${data})`);
  log(formatInspect(await inspectDir(data)).trimEnd());
}

export function buildDemoCommand(): Command {
  return new Command('demo')
    .description('Run the main job on the embedded default: generate the synthetic network logs and inspect them.')
    .option('--data <dir>', 'where the synthetic dataset lives', DEMO_DATA)
    .option('--fresh', 'regenerate the dataset even if it exists', false)
    .action(async (flags: { data: string; fresh: boolean }) => {
      await runDemo({ data: flags.data, fresh: flags.fresh });
    });
}
