/**
 * `zeekseq sweep`: score the data once and evaluate every combination of acceptance rate, notable window and
 * minimum count — threshold (with a bootstrap interval), anomalies, notables per day, hosts flagged and, with
 * labels, precision/recall/F1 at connection and host level — then recommend a setting and write sweep.csv,
 * summary.json and charts (see src/detect/sweep.ts and src/pipeline/sweep-report.ts).
 */
import { Command } from 'commander';
import { parseWindow } from '../detect/notables.js';
import { DEFAULT_ACCEPTANCE_RATES, DEFAULT_MIN_COUNTS, DEFAULT_WINDOWS, HOST_SIDES } from '../detect/sweep.js';
import { SCORER_NAMES } from '../model/scorer.js';
import { checkScorerName } from '../model/scorer.js';
import { windowText } from '../detect/notables.js';
import { EventStream } from '../util/events.js';
import { runsDirOption, tracked } from './tracked.js';
import { ZeekseqError } from '../util/errors.js';
import {
  type CommonModelFlags,
  commonModelOptions,
  hostSide,
  listOption,
  numberOption,
  runtimeOptions,
} from './options.js';

interface SweepFlags extends CommonModelFlags {
  model: string;
  data: string[];
  output: string;
  acceptanceRates: string;
  windows: string;
  minCounts: string;
  labels?: string;
  zeekLabels: boolean;
  budget?: string;
  watchIps?: string;
  host?: string;
  scorer?: string;
  runsDir?: string;
}

/** `5` or `5/day`. */
export function parseBudget(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const budget = numberOption('--budget', text.replace(/\s*\/\s*day\s*$/i, ''));
  if (!(budget! > 0))
    throw new ZeekseqError(`--budget ${text} must be a positive number of notables per day, e.g. 5/day.`);
  return budget;
}

function numberList(option: string, text: string): number[] {
  const parts = listOption(text) ?? [];
  if (parts.length === 0) throw new ZeekseqError(`${option} is empty; give a comma-separated list.`);
  return parts.map((part) => numberOption(option, part)!);
}

export function buildSweepCommand(): Command {
  const command = new Command('sweep')
    .description(
      'Score logs once with a saved model and evaluate every acceptance rate × window × min count: notables per day, hosts flagged, precision/recall with labels; recommend a setting; write sweep.csv, summary.json and charts.',
    )
    .requiredOption('--model <dir>', 'model directory written by zeekseq train')
    .requiredOption('--data <dirs...>', 'folder(s) of Zeek logs to score')
    .requiredOption('--output <dir>', 'folder for sweep.csv, summary.json and the charts')
    .option('--acceptance-rates <list>', 'comma-separated acceptance rates', DEFAULT_ACCEPTANCE_RATES.join(','))
    .option('--windows <list>', 'comma-separated notable windows', DEFAULT_WINDOWS.map(windowText).join(','))
    .option('--min-counts <list>', 'comma-separated anomalies needed within a window', DEFAULT_MIN_COUNTS.join(','))
    .option('--labels <file>', "labels CSV: the generator's labels.csv, or uid and/or ip columns")
    .option('--zeek-labels', 'use the label/detailedlabel columns of the conn log (Stratosphere *.log.labeled)', false)
    .option('--budget <n>', 'most notables an analyst can triage per day, e.g. 5/day')
    .option('--watch-ips <ips>', 'comma-separated hosts that should be flagged (used to recommend without labels)')
    .option('--host <side>', `which end of a connection is the host: ${HOST_SIDES.join(', ')} (default the model's)`)
    .option('--scorer <name>', `scores to sweep: ${SCORER_NAMES.join(', ')} (default the model's scorer)`);
  return runsDirOption(commonModelOptions(command)).action(async (flags: SweepFlags) => {
    const { sweepToFiles } = await import('../pipeline/sweep.js');
    const events = new EventStream();
    const settings = {
      data: flags.data,
      model: flags.model,
      output: flags.output,
      scorer: flags.scorer === undefined ? undefined : checkScorerName(flags.scorer, '--scorer'),
      acceptanceRates: numberList('--acceptance-rates', flags.acceptanceRates),
      windows: (listOption(flags.windows) ?? []).map(parseWindow),
      minCounts: numberList('--min-counts', flags.minCounts),
      host: hostSide(flags.host),
      budget: parseBudget(flags.budget),
      watchIps: listOption(flags.watchIps),
      labels: flags.labels,
      zeekLabels: flags.zeekLabels,
      keepConnOnly: flags.keepConnOnly || undefined,
      runtime: runtimeOptions(flags),
    };
    const run = await tracked(
      {
        kind: 'sweep',
        runsDir: flags.runsDir,
        params: settings,
        inputs: [...flags.data, flags.model, ...(flags.labels ? [flags.labels] : [])],
        events,
      },
      () => sweepToFiles({ ...settings, events }),
    );
    const swept = run.result;
    const labels = run.labeled;
    const r = swept.recommended;
    console.log(
      `swept ${swept.rows.length} settings of ${run.scorer} over ${swept.dayCount} day(s) (${run.connections.toLocaleString('en-US')} connections).`,
    );
    if (r) {
      const quality = labels
        ? `; host precision ${r.hostPrecision.toFixed(3)}, recall ${r.hostRecall.toFixed(3)}; connection precision ${r.connectionPrecision.toFixed(3)}, recall ${r.connectionRecall.toFixed(3)}`
        : '';
      console.log(
        `recommended: acceptance rate ${r.acceptanceRate}, window ${windowText(r.window)}, min count ${r.minCount} — threshold ${r.threshold.toFixed(6)} ` +
          `(bootstrap 5–95%: ${r.thresholdLower.toFixed(6)}–${r.thresholdUpper.toFixed(6)}), ${r.anomalies} anomalies, ${r.notables} notables ` +
          `(${r.notablesPerDay.toFixed(1)}/day, at most ${r.maxNotablesPerDay} in a day${Number.isNaN(r.maxNotablesPerCleanDay) ? '' : `, ${r.maxNotablesPerCleanDay} on a clean day`}) on ${r.hostsFlagged} hosts${quality}. Why: ${swept.reason}.`,
      );
    } else console.log(`no recommendation: ${swept.reason}`);
    console.log(`wrote ${run.files.join(', ')}`);
  });
}
