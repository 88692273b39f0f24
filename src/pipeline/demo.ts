/**
 * The demo (`zeekseq demo`): the README's main job on the embedded default dataset. It generates the synthetic
 * Windows/AD network (once; later runs reuse it), shows what the reader finds in it, trains on the clean days,
 * scores the attack day and prints the most anomalous connections and the notables, against the ground truth.
 * Training and scoring are recorded as train and infer runs, and the infer run's HTML report is written.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { readLabels } from '../detect/labels.js';
import { runReport } from '../report/run-report.js';
import { writeReport } from '../report/write-report.js';
import { formatSynthSummary } from '../synth/summary-text.js';
import { synthesize, type SynthSummary } from '../synth/synthesize.js';
import { escapeLines } from '../util/escape.js';
import { withRun } from '../track/run.js';
import { resolveRunsDir } from '../track/runs-dir.js';
import { EventStream } from '../util/events.js';
import { formatInspect, inspectDir } from '../zeek/inspect.js';
import { columnValues } from '../zeek/log-rows.js';
import { sequenceText } from './detection.js';
import type { DetectorParamsInput } from './detector-params.js';
import { inferToFiles } from './infer.js';
import { notableSummary } from './outputs.js';
import { windowText } from '../detect/notables.js';
import { trainModel } from './train.js';
import { DEMO_PARAMS } from './demo-params.js';
import { formatCount } from '../util/format-count.js';

export const DEMO_DATA = path.join('datasets', 'synthetic');
export const DEMO_RUN = path.join('experiments', 'runs', 'demo');

export { DEMO_PARAMS };

export interface DemoOptions {
  data: string;
  run: string;
  fresh: boolean;
  params: DetectorParamsInput;
  /** Where the train and infer runs are recorded (default resolveRunsDir()). */
  runsDir?: string;
  /** The infer run's report goes to <reports>/<run id>/ (default reports/). */
  reports?: string;
  log?: (text: string) => void;
  events?: EventStream;
}

export async function runDemo(options: DemoOptions): Promise<void> {
  // Host names and sequences come from the logs: shown with control characters escaped.
  const log = options.log ?? ((text: string) => process.stdout.write(`${escapeLines(text)}\n`));
  const events = options.events ?? new EventStream();
  const data = options.data;
  if (options.fresh || !existsSync(path.join(data, 'synth.json'))) {
    log(`# 1. Generating the embedded default dataset in ${data}/ (synthetic, seed 1)`);
    log(formatSynthSummary(await synthesize({ out: data })).trimEnd());
  } else {
    log(`# 1. Using the synthetic dataset already in ${data}/ (run with --fresh to regenerate it)`);
  }
  const synth = JSON.parse(readFileSync(path.join(data, 'synth.json'), 'utf8')) as SynthSummary;

  log(`\n# 2. What the reader finds in it (zeekseq inspect ${data})`);
  log(formatInspect(await inspectDir(data)).trimEnd());

  const clean = synth.days.filter((d) => d.attacks.length === 0).map((d) => path.join(data, d.date));
  const attacked = synth.days.filter((d) => d.attacks.length > 0).map((d) => path.join(data, d.date));
  const model = path.join(options.run, 'model');
  const output = path.join(options.run, 'infer');
  const runsDir = resolveRunsDir(options.runsDir);
  // each step is recorded as the command it stands for, so `zeekseq runs reproduce` re-executes that command
  const trainArgv = ['train', '--data', ...clean, '--model', model, ...paramArgs(options.params)];
  log(`\n# 3. Training on the clean days (zeekseq ${trainArgv.join(' ')})`);
  const started = performance.now();
  const detector = await withRun(
    { kind: 'train', name: 'demo train', argv: trainArgv, params: options.params, inputs: clean, runsDir, events },
    async (run) => {
      const fitted = await trainModel({ data: clean, model, params: options.params, events });
      run.logBackend(String(fitted.record.scorers.transformer?.backend ?? 'none'));
      return fitted;
    },
  );
  const record = detector.record;
  const history = (record.scorers.transformer?.history ?? []) as Array<{ validationLoss: number; accuracy: number }>;
  const last = history[history.length - 1];
  log(
    `${formatCount(record.connections)} connections, ${record.vocabularySize} tokens, ${record.distinctSequences} distinct sequences; ` +
      `trained ${history.length} epochs in ${((performance.now() - started) / 1000).toFixed(0)} s; ` +
      `validation loss ${last?.validationLoss.toFixed(3)}, masked accuracy ${last?.accuracy.toFixed(3)}; threshold ${detector.threshold.point.threshold.toFixed(4)}`,
  );
  log(`backend: ${record.scorers.transformer?.backend ?? 'none (no transformer)'}`);
  detector.dispose();

  const { notables } = detector.params;
  const inferArgv = ['infer', '--data', ...attacked, '--model', model, '--output', output, '--all'];
  log(
    `\n# 4. Scoring the attack day (zeekseq ${inferArgv.join(' ')}; ` +
      `notables at ${windowText(notables.window)} / ${notables.minCount} from the model)`,
  );
  const settings = { data: attacked, model, output, all: true };
  const inferRun = await withRun(
    {
      kind: 'infer',
      name: 'demo infer',
      argv: inferArgv,
      params: settings,
      inputs: [...attacked, model],
      runsDir,
      events,
    },
    async (run) => ({ id: run.id, ...(await inferToFiles({ ...settings, events })) }),
  );
  const { detection: result, written, notables: raised } = inferRun;
  const labels = (await readLabels(path.join(data, 'labels.csv'))).maliciousUids;
  const conn = result.dataset.log('conn');
  const uids = result.tokenized.sequences.uids;
  const orig = columnValues(conn, 'id.orig_h');
  const resp = columnValues(conn, 'id.resp_h');
  const order = Array.from(result.connectionScores.keys()).sort(
    (a, b) => result.connectionScores[b] - result.connectionScores[a],
  );
  log(
    `${formatCount(uids.length)} connections scored, ${written.anomalies} above the threshold; the 10 most anomalous:`,
  );
  log('score   orig -> resp                  scenario (ground truth)   sequence');
  for (const c of order.slice(0, 10)) {
    const truth = labels.get(String(uids[c])) ?? 'normal';
    log(
      `${result.connectionScores[c].toFixed(3)}  ${`${orig[c]} -> ${resp[c]}`.padEnd(28)}  ${truth.padEnd(24)}  ${sequenceText(result, c)}`,
    );
  }
  // A host is matched by name (DHCP identity) or by address: a workstation that did not renew its lease on
  // the attack day is known only by its IP.
  const attacks = synth.days.flatMap((d) => d.attacks);
  const scenarioOf = (n: (typeof raised)[number]) =>
    attacks.find((a) => n.hostLabel === a.host || n.addresses.includes(a.ip))?.scenario ?? 'normal';
  log(`\n${notableSummary(raised)}:`);
  for (const n of raised.slice(0, 15)) {
    const when = `${new Date(n.start * 1000).toISOString().slice(11, 19)}-${new Date(n.end * 1000).toISOString().slice(11, 19)}Z`;
    log(
      `  ${`${n.hostLabel} (${n.addresses.join(' ')})`.padEnd(28)} ${String(n.count).padStart(5)} anomalies ${when}, max score ${n.maxScore.toFixed(3)}  ${scenarioOf(n)}`,
    );
  }
  if (raised.length > 15) log(`  ... and ${raised.length - 15} more in notables.csv`);
  const caught = new Set(raised.map(scenarioOf));
  const found = attacks.map(
    (a) => `${a.scenario} (${a.host} ${a.ip}): ${caught.has(a.scenario) ? 'notable' : 'missed'}`,
  );
  log(`\nInjected attacks: ${found.join('; ')}.`);
  log(`Files: ${written.files.join(', ')}`);
  const reportDir = path.join(options.reports ?? 'reports', inferRun.id);
  const report = await writeReport(await runReport(runsDir, inferRun.id, { reportDir }), reportDir);
  log(`Report: ${report}`);
}

/**
 * The train arguments that give `params` (those the CLI has; the notable settings it has not, so a reproduced
 * model keeps the default ones), for the command the demo echoes and records.
 */
function paramArgs(params: DetectorParamsInput): string[] {
  const args: string[] = [];
  if (params.scorer) args.push('--scorer', params.scorer);
  if (params.acceptanceRate !== undefined) args.push('--acceptance-rate', String(params.acceptanceRate));
  if (params.transformer?.epochs !== undefined) args.push('--epochs', String(params.transformer.epochs));
  if (params.keepConnOnly) args.push('--keep-conn-only');
  return args;
}
