/**
 * `zeekseq weblog`: trains the Markov baseline on the sessions of some access logs, scores the sessions of
 * others, and writes alerts.csv, clients.csv, high-clients.txt, problems.csv and the trained model.json.
 * With --holdout, a seeded share of the training clients is scored too; --evaluate then measures how well
 * the scores rank the --score sessions (taken as anomalous) above those held-out ones (taken as normal).
 */
import { Command, Option } from 'commander';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ZeekseqError } from '../util/errors.js';
import type { AlertTier, MarkovScoreBy, TransitionHandling } from '../model/markov.js';
import { WeblogDetector } from '../weblog/detector.js';
import { evaluateWeblog, type RankingQuality } from '../weblog/evaluate.js';
import { readAccessLogs, problemTotal, type AccessLog } from '../weblog/read-access-log.js';
import { writeWeblogReport } from '../weblog/report.js';
import { sessionize, type ClientKey, type Session } from '../weblog/sessions.js';
import { splitSessionsByClient } from '../weblog/split.js';

/** Training sessions above the HIGH quantile below which the summary warns that HIGH is unstable. */
const MIN_SESSIONS_ABOVE_HIGH = 10;

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** `30m`, `90s`, `1.5h`, `1d` to seconds. */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)([smhd])$/.exec(text.trim());
  if (!m || !(Number(m[1]) > 0)) {
    throw new ZeekseqError(`--timeout ${JSON.stringify(text)} is not a duration; write a number > 0 with a unit s, m, h or d, e.g. 30m.`);
  }
  return Number(m[1]) * UNITS[m[2]];
}

function commaList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function parseNumber(option: string, text: string, check: (n: number) => boolean, expected: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || !check(n)) throw new ZeekseqError(`${option} ${JSON.stringify(text)} is not ${expected}.`);
  return n;
}

function tierQuantiles(text: string): [number, number, number] {
  const parts = commaList(text).map((p) => parseNumber('--tiers', p, (n) => n >= 0 && n <= 1, 'a quantile between 0 and 1'));
  if (parts.length !== 3) throw new ZeekseqError(`--tiers ${JSON.stringify(text)} needs three quantiles for LOW,MEDIUM,HIGH, e.g. 0.95,0.99,0.999.`);
  return parts as [number, number, number];
}

interface WeblogFlags {
  train: string[];
  score: string[];
  output: string;
  model: string;
  format: string;
  timeout: string;
  client: ClientKey;
  canary?: string;
  mainPage?: string;
  minCount: string;
  smoothing: string;
  scoreBy: MarkovScoreBy;
  selfTransitions: TransitionHandling;
  tiers: string;
  holdout?: string;
  seed: string;
  evaluate?: boolean;
}

const count = (n: number) => n.toLocaleString('en-US');

function problemSummary(log: AccessLog): string {
  const byKind: Record<string, number> = {};
  for (const file of log.files) for (const [kind, n] of Object.entries(file.problems)) byKind[kind] = (byKind[kind] ?? 0) + (n ?? 0);
  const total = log.files.reduce((sum, f) => sum + problemTotal(f), 0);
  if (total === 0) return 'none';
  return `${count(total)} (${Object.entries(byKind).map(([k, n]) => `${k} ${count(n)}`).join(', ')})`;
}

function tierLine(tiers: Record<AlertTier, number>): string {
  return (['HIGH', 'MEDIUM', 'LOW', 'NONE'] as const).map((t) => `${t} ${count(tiers[t])}`).join(', ');
}

function qualityLine(what: string, q: RankingQuality): string {
  return `${what}: average precision ${q.averagePrecision.toFixed(3)} (random ${(q.positives / q.items).toFixed(3)}), ROC-AUC ${q.rocAuc.toFixed(3)}, ${count(q.positives)} anomalous of ${count(q.items)}`;
}

async function runWeblog(flags: WeblogFlags): Promise<void> {
  if (flags.model !== 'markov') {
    throw new ZeekseqError(`--model ${flags.model} is not available for web logs yet; use --model markov.`);
  }
  if (flags.evaluate && flags.holdout === undefined) {
    throw new ZeekseqError('--evaluate needs --holdout: held-out training clients are the normal sessions the --score sessions are ranked against.');
  }
  const timeout = parseDuration(flags.timeout);
  const minCount = parseNumber('--min-count', flags.minCount, (n) => Number.isInteger(n) && n >= 1, 'a whole number >= 1');
  const smoothing = parseNumber('--smoothing', flags.smoothing, (n) => n > 0, 'a number > 0');
  const seed = parseNumber('--seed', flags.seed, Number.isInteger, 'a whole number');
  const fraction = flags.holdout === undefined ? null : parseNumber('--holdout', flags.holdout, (n) => n > 0 && n < 1, 'a fraction between 0 and 1');
  const detector = new WeblogDetector({
    tokens: { minCount },
    markov: { smoothing, scoreBy: flags.scoreBy, selfTransitions: flags.selfTransitions, tierQuantiles: tierQuantiles(flags.tiers) },
    mainPage: flags.mainPage === undefined ? [] : commaList(flags.mainPage),
    canary: flags.canary === undefined ? [] : commaList(flags.canary),
  });

  const trainLog = await readAccessLogs(flags.train, { format: flags.format });
  const scoreLog = await readAccessLogs(flags.score, { format: flags.format });
  const sessionOptions = { timeout, clientKey: flags.client };
  let train: Session[] = sessionize(trainLog.records, sessionOptions);
  let heldOut: Session[] = [];
  if (fraction !== null) ({ train, heldOut } = splitSessionsByClient(train, fraction, seed));
  const scored = sessionize(scoreLog.records, sessionOptions);
  if (scored.length === 0) throw new ZeekseqError('weblog: the --score files hold no requests in the given --format; nothing to score (see problems above).');

  detector.fit(train);
  const scores = detector.score([...heldOut, ...scored]);
  const report = await writeWeblogReport(flags.output, scores, [...trainLog.problems, ...scoreLog.problems]);
  const modelFile = path.join(flags.output, 'model.json');
  await writeFile(modelFile, JSON.stringify(detector.toJSON()));

  const tiers: Record<AlertTier, number> = { HIGH: 0, MEDIUM: 0, LOW: 0, NONE: 0 };
  for (const s of scores) tiers[s.tier]++;
  const thresholds = detector.model.thresholds;
  const lines = [
    `trained on ${count(train.length)} sessions (${count(train.reduce((n, s) => n + s.records.length, 0))} requests from ${flags.train.length} file(s)); vocabulary ${count(detector.vocabulary.size)} tokens; tier thresholds LOW > ${thresholds.low.toFixed(2)}, MEDIUM > ${thresholds.medium.toFixed(2)}, HIGH > ${thresholds.high.toFixed(2)}`,
    `scored ${count(scores.length)} sessions: ${count(scored.length)} from ${flags.score.length} --score file(s)${fraction === null ? '' : ` and ${count(heldOut.length)} of held-out training clients (--holdout ${fraction}, --seed ${seed})`}`,
    `tiers: ${tierLine(tiers)}; ${count(report.clients)} clients, ${count(report.highClients.length)} at HIGH`,
    `parse problems: training ${problemSummary(trainLog)}; scored ${problemSummary(scoreLog)}`,
  ];
  // A quantile q of n training sessions rests on the n(1 - q) sessions above it; with few, the threshold is noise.
  const [, , qHigh] = detector.model.options.tierQuantiles;
  const aboveHigh = train.length * (1 - qHigh);
  if (aboveHigh < MIN_SESSIONS_ABOVE_HIGH) {
    lines.push(
      `note: only ${aboveHigh.toFixed(1)} training sessions lie above the HIGH quantile ${qHigh}, so the HIGH threshold is unstable; train on more sessions or lower --tiers (e.g. 0.9,0.95,0.99)`,
    );
  }
  if (flags.evaluate) {
    const heldOutIds = new Set(heldOut);
    const evaluation = evaluateWeblog(scores, (s) => !heldOutIds.has(s.session));
    const evaluationFile = path.join(flags.output, 'evaluation.json');
    await writeFile(evaluationFile, JSON.stringify(evaluation, null, 2) + '\n');
    report.files.push(evaluationFile);
    lines.push(qualityLine('sessions', evaluation.sessions), qualityLine('clients', evaluation.clients));
  }
  lines.push(`wrote ${[...report.files, modelFile].join(', ')}`);
  console.log(lines.join('\n'));
}

export function buildWeblogCommand(): Command {
  return new Command('weblog')
    .description('Find anomalous sessions in Apache/nginx access logs with a first-order Markov model of request paths.')
    .requiredOption('--train <files...>', 'access logs of normal traffic to learn from')
    .requiredOption('--score <files...>', 'access logs whose sessions are scored')
    .requiredOption('--output <dir>', 'folder for alerts.csv, clients.csv, high-clients.txt, problems.csv, model.json')
    .option('--model <name>', 'sequence model (only markov for now)', 'markov')
    .option('--format <format>', "combined, common, nginx-combined, or a LogFormat / log_format string", 'combined')
    .option('--timeout <duration>', 'idle time that ends a session (s, m, h, d)', '30m')
    .addOption(new Option('--client <key>', 'what identifies a client').choices(['ip+ua', 'ip']).default('ip+ua'))
    .option('--canary <paths>', 'comma-separated canary paths or globs: a session requesting one is HIGH')
    .option('--main-page <paths>', 'comma-separated main-page paths: transitions into GET <path> always acceptable')
    .option('--min-count <k>', 'paths seen fewer than k times in training are out of vocabulary', '1')
    .option('--smoothing <k>', 'add-k smoothing of transition probabilities', '0.01')
    .addOption(new Option('--score-by <how>', 'session score from the mean or the least likely transition').choices(['mean', 'min']).default('mean'))
    .addOption(new Option('--self-transitions <how>', 'a request followed by the same request').choices(['score', 'accept']).default('score'))
    .option('--tiers <q,q,q>', 'training-score quantiles above which a session is LOW,MEDIUM,HIGH', '0.95,0.99,0.999')
    .option('--holdout <fraction>', 'also score this share of training clients, held out of training')
    .option('--seed <n>', 'seed of the --holdout split', '1')
    .option('--evaluate', 'rank --score sessions (anomalous) against held-out ones (normal): average precision, ROC-AUC')
    // Subcommands do not inherit the program's exitOverride: usage errors must reach run() too, not exit the process.
    .exitOverride()
    .action(async (flags: WeblogFlags) => runWeblog(flags));
}
