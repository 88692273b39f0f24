/**
 * `zeekseq infer`: the original's inference.py as a command — score new logs with a saved model and write the
 * anomalous connections, their log rows, notables and (with --all) every connection's score.
 */
import { Command } from 'commander';
import { parseWindow } from '../detect/notables.js';
import { inferPipeline } from '../pipeline/infer.js';
import { notableSummary, writeInferOutputs } from '../pipeline/outputs.js';
import { ZeekseqError } from '../util/errors.js';
import { commonModelOptions, numberOption, type CommonModelFlags } from './options.js';

interface InferFlags extends CommonModelFlags {
  data: string[];
  model: string;
  output: string;
  all: boolean;
  window: string;
  minCount: string;
  host: string;
}

export function buildInferCommand(): Command {
  const command = new Command('infer')
    .description(
      'Score connections with a saved model; write summarized_output.csv, <log>.csv per log type, notables.csv (and scores.csv with --all).',
    )
    .requiredOption('--data <dirs...>', 'folder(s) of Zeek logs to score')
    .requiredOption('--model <dir>', 'model directory written by zeekseq train')
    .requiredOption('--output <dir>', 'folder for the result files')
    .option('--all', 'also write scores.csv with the score of every connection', false)
    .option('--window <duration>', 'notable window, e.g. 15m, 1h, 6h', '1h')
    .option('--min-count <n>', 'anomalies within the window that raise a notable', '3')
    .option('--host <side>', 'which end of a connection is the host: orig, resp or both', 'orig');
  return commonModelOptions(command).action(async (flags: InferFlags) => {
    if (!['orig', 'resp', 'both'].includes(flags.host))
      throw new ZeekseqError(`--host ${flags.host} is unknown; use orig, resp or both.`);
    const log = (line: string) => console.error(line);
    const result = await inferPipeline({
      data: flags.data,
      model: flags.model,
      keepConnOnly: flags.keepConnOnly,
      backend: flags.backend as never,
      workers: numberOption('--workers', flags.workers),
      log,
    });
    const written = await writeInferOutputs(result, {
      output: flags.output,
      all: flags.all,
      notables: {
        window: parseWindow(flags.window),
        minCount: numberOption('--min-count', flags.minCount),
        host: flags.host as never,
      },
    });
    const total = result.connectionScores.length;
    console.log(
      `scored ${total.toLocaleString('en-US')} connections: ${written.anomalies.toLocaleString('en-US')} above the threshold ` +
        `${result.threshold.threshold.toFixed(6)} (${((100 * written.anomalies) / Math.max(total, 1)).toFixed(2)}%); ` +
        `${notableSummary(written.notables)}${result.resolver.usesDhcp ? ' — hosts identified through dhcp.log' : ''}.`,
    );
    console.log(`wrote ${written.files.join(', ')}`);
  });
}
