/**
 * `zeekseq infer`: score connections with a saved Detector and write the anomalous connections, their log rows,
 * notables, the read problems and (with --all) every connection's score (src/pipeline/infer.ts), as CSV or (with
 * --format parquet) the summary, scores and notables as Parquet.
 */
import { Command } from 'commander';
import { parseWindow } from '../detect/notables.js';
import { HOST_SIDES } from '../detect/sweep.js';
import { OUTPUT_FORMATS, type OutputFormat } from '../pipeline/output-format.js';
import type { WrittenOutputs } from '../pipeline/outputs.js';
import { windowText } from '../detect/notables.js';
import { resolveDetectorParams } from '../pipeline/detector-params.js';
import { ZeekseqError } from '../util/errors.js';
import { EventStream } from '../util/events.js';
import { DEFAULT_ROW_BUDGET } from '../zeek/limits.js';
import { type CommonModelFlags, commonModelOptions, hostSide, numberOption, runtimeOptions } from './options.js';
import { runsDirOption, type TrackedOptions, tracked } from './tracked.js';
import { formatCount } from '../util/format-count.js';

interface InferFlags extends CommonModelFlags {
  data: string[];
  model: string;
  output: string;
  all: boolean;
  stream: boolean;
  rowBudget?: string;
  format: string;
  window?: string;
  minCount?: string;
  host?: string;
  runsDir?: string;
}

export function buildInferCommand(): Command {
  const { notables } = resolveDetectorParams();
  const command = new Command('infer')
    .description(
      'Score connections with a saved model; write summarized_output.csv, log-<type>.csv per log type, notables.csv, problems.csv (and scores.csv with --all).',
    )
    .requiredOption('--data <dirs...>', 'folder(s) of Zeek logs to score')
    .requiredOption('--model <dir>', 'model directory written by zeekseq train')
    .requiredOption('--output <dir>', 'folder for the result files')
    .option('--all', 'also write scores.csv with the score of every connection', false)
    .option(
      '--format <format>',
      `${OUTPUT_FORMATS.join(' or ')}: parquet writes summarized_output, scores and notables as .parquet (for DuckDB and data frames; with --stream, scores.parquet grows a row group per chunk); log-<type>.csv and problems.csv stay CSV`,
      'csv',
    )
    .option(
      '--stream',
      'read and score the logs a rotation interval (or a folder of unrotated logs) at a time, so that memory follows one chunk, not the whole data; same files',
      false,
    )
    .option(
      '--row-budget <rows>',
      `with --stream: conn rows read at most at a time, a busy interval in slices of this many (default ${formatCount(DEFAULT_ROW_BUDGET)})`,
    )
    .option(
      '--window <duration>',
      `notable window, e.g. 15m, 1h, 6h (default the model's, ${windowText(notables.window)} unless trained otherwise)`,
    )
    .option(
      '--min-count <n>',
      `anomalies within the window that raise a notable (default the model's, ${notables.minCount} unless trained otherwise)`,
    )
    .option(
      '--host <side>',
      `which end of a connection is the host: ${HOST_SIDES.join(', ')} (default the model's, ${notables.host})`,
    );
  return runsDirOption(commonModelOptions(command)).action(async (flags: InferFlags) => {
    if (flags.rowBudget !== undefined && !flags.stream)
      throw new ZeekseqError('--row-budget sets the slices of --stream; add --stream, or leave --row-budget out.');
    const events = new EventStream();
    const settings = {
      data: flags.data,
      model: flags.model,
      output: flags.output,
      all: flags.all,
      format: outputFormat(flags.format),
      keepConnOnly: flags.keepConnOnly || undefined,
      rowBudget: numberOption('--row-budget', flags.rowBudget),
      runtime: runtimeOptions(flags),
      notables: {
        window: flags.window === undefined ? undefined : parseWindow(flags.window),
        minCount: numberOption('--min-count', flags.minCount),
        host: hostSide(flags.host),
      },
    };
    const run: TrackedOptions = {
      kind: 'infer',
      runsDir: flags.runsDir,
      params: { ...settings, data: flags.data, ...(flags.stream ? { stream: true } : {}) },
      inputs: [...flags.data, flags.model],
      events,
    };
    if (flags.stream) {
      const { inferStreamToFiles } = await import('../pipeline/infer-stream.js');
      const summary = await tracked(run, () => inferStreamToFiles({ ...settings, events }));
      await printSummary(summary.connections, summary.written, summary.threshold.point.threshold, summary.usesDhcp);
      return;
    }
    const { inferToFiles } = await import('../pipeline/infer.js');
    const summary = await tracked(run, () => inferToFiles({ ...settings, events }));
    const { detection, written } = summary;
    await printSummary(
      detection.connectionScores.length,
      written,
      detection.threshold.point.threshold,
      detection.resolver.usesDhcp,
    );
  });
}

function outputFormat(text: string): OutputFormat {
  if (!(OUTPUT_FORMATS as readonly string[]).includes(text))
    throw new ZeekseqError(`--format ${text} is unknown; use ${OUTPUT_FORMATS.join(' or ')}.`);
  return text as OutputFormat;
}

async function printSummary(
  total: number,
  written: WrittenOutputs,
  threshold: number,
  usesDhcp: boolean,
): Promise<void> {
  const { notableSummary } = await import('../pipeline/outputs.js');
  console.log(
    `scored ${formatCount(total)} connections: ${formatCount(written.anomalies)} above the threshold ` +
      `${threshold.toFixed(6)} (${((100 * written.anomalies) / Math.max(total, 1)).toFixed(2)}%); ` +
      `${notableSummary(written.notables)}${usesDhcp ? ' — hosts identified through dhcp.log' : ''}.`,
  );
  console.log(`wrote ${written.files.join(', ')}`);
}
