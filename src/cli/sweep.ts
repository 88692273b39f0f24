/**
 * `zeekseq sweep`: score the data once (or read back a run's scores file, src/pipeline/sweep-scores.ts) and
 * evaluate every combination of acceptance rate, notable window and minimum count — threshold (with a bootstrap
 * interval), anomalies, notables per day, hosts flagged and, with labels, precision/recall/F1 at connection and
 * host level — then recommend a setting and write sweep.csv, summary.json and charts (see src/detect/sweep.ts
 * and src/pipeline/sweep-report.ts).
 */
import { Command } from 'commander';
import { parseWindow } from '../detect/notables.js';
import {
  DEFAULT_ACCEPTANCE_RATES,
  DEFAULT_MIN_COUNTS,
  DEFAULT_WINDOWS,
  HOST_SIDES,
  type SweepResult,
} from '../detect/sweep.js';
import { SCORES_CHUNK_ROWS } from '../pipeline/read-scores.js';
import { SCORER_NAMES } from '../model/scorer.js';
import { checkScorerName } from '../model/scorer.js';
import { windowText } from '../detect/notables.js';
import { EventStream } from '../util/events.js';
import { runsDirOption, tracked } from './tracked.js';
import { ZeekseqError } from '../util/errors.js';
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
import { formatCount } from '../util/format-count.js';

interface SweepFlags extends CommonModelFlags, ScoresFlags {
  model?: string;
  data?: string[];
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
      'Score logs once with a saved model, or read back the scores.csv of an infer --all run (--scores), and evaluate every acceptance rate × window × min count: notables per day, hosts flagged, precision/recall with labels; recommend a setting; write sweep.csv, summary.json and charts.',
    )
    .option('--model <dir>', 'model directory written by zeekseq train (with --data)')
    .option('--data <dirs...>', 'folder(s) of Zeek logs to score (with --model)')
    .option(
      '--scores <file>',
      "instead of --model and --data: a scores.csv (or scores.parquet) written by zeekseq infer --all (or --stream --all), read a chunk at a time (twice); each rate's threshold is the quantile of the file's own scores (no bootstrap interval); hosts are IP addresses",
    )
    .option('--chunk-rows <n>', `with --scores: rows read at a time (default ${SCORES_CHUNK_ROWS})`)
    .requiredOption('--output <dir>', 'folder for sweep.csv, summary.json and the charts')
    .option('--acceptance-rates <list>', 'comma-separated acceptance rates', DEFAULT_ACCEPTANCE_RATES.join(','))
    .option('--windows <list>', 'comma-separated notable windows', DEFAULT_WINDOWS.map(windowText).join(','))
    .option('--min-counts <list>', 'comma-separated anomalies needed within a window', DEFAULT_MIN_COUNTS.join(','))
    .option('--labels <file>', "labels CSV: the generator's labels.csv, or uid and/or ip columns")
    .option(
      '--zeek-labels',
      'use the label/detailedlabel columns of the conn log (Stratosphere *.log.labeled); not with --scores',
      false,
    )
    .option('--budget <n>', 'most notables an analyst can triage per day, e.g. 5/day')
    .option('--watch-ips <ips>', 'comma-separated hosts that should be flagged (used to recommend without labels)')
    .option(
      '--host <side>',
      `which end of a connection is the host: ${HOST_SIDES.join(', ')} (default the model's; with --scores orig)`,
    )
    .option(
      '--scorer <name>',
      `scores to sweep: ${SCORER_NAMES.join(', ')} (default the model's scorer; not with --scores)`,
    );
  return runsDirOption(commonModelOptions(command)).action(async (flags: SweepFlags) => {
    const events = new EventStream();
    const grid = {
      output: flags.output,
      acceptanceRates: numberList('--acceptance-rates', flags.acceptanceRates),
      windows: (listOption(flags.windows) ?? []).map(parseWindow),
      minCounts: numberList('--min-counts', flags.minCounts),
      host: hostSide(flags.host),
      budget: parseBudget(flags.budget),
      watchIps: listOption(flags.watchIps),
      labels: flags.labels,
      zeekLabels: flags.zeekLabels,
    };
    const labelFiles = flags.labels ? [flags.labels] : [];
    if (scoresSource(flags, { '--scorer': flags.scorer })) {
      const { sweepScoresFile } = await import('../pipeline/sweep-scores.js');
      const settings = { ...grid, scores: flags.scores!, chunkRows: chunkRowsOption(flags.chunkRows) };
      const run = await tracked(
        { kind: 'sweep', runsDir: flags.runsDir, params: settings, inputs: [flags.scores!, ...labelFiles], events },
        () => sweepScoresFile({ ...settings, events }),
      );
      printSweep(run, true);
      return;
    }
    const { sweepToFiles } = await import('../pipeline/sweep.js');
    const settings = {
      ...grid,
      data: flags.data!,
      model: flags.model!,
      scorer: flags.scorer === undefined ? undefined : checkScorerName(flags.scorer, '--scorer'),
      keepConnOnly: flags.keepConnOnly || undefined,
      runtime: runtimeOptions(flags),
    };
    const run = await tracked(
      {
        kind: 'sweep',
        runsDir: flags.runsDir,
        params: settings,
        inputs: [...flags.data!, flags.model!, ...labelFiles],
        events,
      },
      () => sweepToFiles({ ...settings, events }),
    );
    printSweep(run, false);
  });
}

/** The sweep's summary lines; `fromScores`: thresholds are quantiles of a scores file, without a bootstrap. */
function printSweep(
  run: { result: SweepResult; scorer: string; connections: number; labeled: boolean; files: readonly string[] },
  fromScores: boolean,
): void {
  const swept = run.result;
  const r = swept.recommended;
  console.log(
    `swept ${swept.rows.length} settings of ${run.scorer} over ${swept.dayCount} day(s) (${formatCount(run.connections)} connections).`,
  );
  if (r) {
    const quality = run.labeled
      ? `; host precision ${r.hostPrecision.toFixed(3)}, recall ${r.hostRecall.toFixed(3)}; connection precision ${r.connectionPrecision.toFixed(3)}, recall ${r.connectionRecall.toFixed(3)}`
      : '';
    const interval = fromScores
      ? "the file's own score quantile, no bootstrap"
      : `bootstrap 5–95%: ${r.thresholdLower.toFixed(6)}–${r.thresholdUpper.toFixed(6)}`;
    console.log(
      `recommended: acceptance rate ${r.acceptanceRate}, window ${windowText(r.window)}, min count ${r.minCount} — threshold ${r.threshold.toFixed(6)} ` +
        `(${interval}), ${r.anomalies} anomalies, ${r.notables} notables ` +
        `(${r.notablesPerDay.toFixed(1)}/day, at most ${r.maxNotablesPerDay} in a day${Number.isNaN(r.maxNotablesPerCleanDay) ? '' : `, ${r.maxNotablesPerCleanDay} on a clean day`}) on ${r.hostsFlagged} hosts${quality}. Why: ${swept.reason}.`,
    );
  } else console.log(`no recommendation: ${swept.reason}`);
  console.log(`wrote ${run.files.join(', ')}`);
}
