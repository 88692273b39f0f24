/**
 * `zeekseq weblog`: trains the Markov baseline (--model markov, the default), the masked-token transformer
 * (--model transformer) or both on the sessions of some access logs, scores the sessions of others, and writes
 * alerts.csv, clients.csv, high-clients.txt, problems.csv and the trained models (model.json for Markov, the
 * transformer/ model directory). With --holdout, a seeded share of the training clients is scored too;
 * --evaluate then measures how well each model's scores rank the --score sessions (taken as anomalous) above
 * those held-out ones (taken as normal). With both models every session and client is one row with both
 * models' scores (src/weblog/report.ts).
 */
import { Command, Option } from 'commander';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ZeekseqError } from '../util/errors.js';
import type { AlertTier, MarkovScoreBy, TierThresholds, TransitionHandling } from '../model/markov.js';
import { WeblogDetector, type SessionScore } from '../weblog/detector.js';
import { evaluateWeblog, type RankingQuality, type WeblogEvaluation } from '../weblog/evaluate.js';
import { readAccessLogs, problemTotal, type AccessLog } from '../weblog/read-access-log.js';
import { writeWeblogReport, type ModelRun, type WeblogModelName } from '../weblog/report.js';
import { sessionize, type ClientKey, type Session } from '../weblog/sessions.js';
import { splitSessionsByClient } from '../weblog/split.js';
import { DEFAULT_WEBLOG_SEQ_LEN, WeblogTransformer, type TransformerScoreBy } from '../weblog/transformer.js';

/** Training sessions above the HIGH quantile below which the summary warns that HIGH is unstable. */
const MIN_SESSIONS_ABOVE_HIGH = 10;

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** `30m`, `90s`, `1.5h`, `1d` to seconds. */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)([smhd])$/.exec(text.trim());
  if (!m || !(Number(m[1]) > 0)) {
    throw new ZeekseqError(
      `--timeout ${JSON.stringify(text)} is not a duration; write a number > 0 with a unit s, m, h or d, e.g. 30m.`,
    );
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
  if (text.trim() === '' || !Number.isFinite(n) || !check(n))
    throw new ZeekseqError(`${option} ${JSON.stringify(text)} is not ${expected}.`);
  return n;
}

function tierQuantiles(text: string): [number, number, number] {
  const parts = commaList(text).map((p) =>
    parseNumber('--tiers', p, (n) => n >= 0 && n <= 1, 'a quantile between 0 and 1'),
  );
  if (parts.length !== 3)
    throw new ZeekseqError(
      `--tiers ${JSON.stringify(text)} needs three quantiles for LOW,MEDIUM,HIGH, e.g. 0.95,0.99,0.999.`,
    );
  return parts as [number, number, number];
}

interface WeblogFlags {
  train: string[];
  score: string[];
  output: string;
  model: 'markov' | 'transformer' | 'both';
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
  seqLen: string;
  epochs: string;
  patience: string;
  batchSize: string;
  learningRate: string;
  transformerScoreBy: TransformerScoreBy;
}

const count = (n: number) => n.toLocaleString('en-US');

function problemSummary(log: AccessLog): string {
  const byKind: Record<string, number> = {};
  for (const file of log.files)
    for (const [kind, n] of Object.entries(file.problems)) byKind[kind] = (byKind[kind] ?? 0) + (n ?? 0);
  const total = log.files.reduce((sum, f) => sum + problemTotal(f), 0);
  if (total === 0) return 'none';
  return `${count(total)} (${Object.entries(byKind)
    .map(([k, n]) => `${k} ${count(n)}`)
    .join(', ')})`;
}

function tierLine(tiers: Record<AlertTier, number>): string {
  return (['HIGH', 'MEDIUM', 'LOW', 'NONE'] as const).map((t) => `${t} ${count(tiers[t])}`).join(', ');
}

function qualityLine(what: string, q: RankingQuality): string {
  return `${what}: average precision ${q.averagePrecision.toFixed(3)} (random ${(q.positives / q.items).toFixed(3)}), ROC-AUC ${q.rocAuc.toFixed(3)}, ${count(q.positives)} anomalous of ${count(q.items)}`;
}

function thresholdText(t: TierThresholds, digits: number): string {
  return `LOW > ${t.low.toFixed(digits)}, MEDIUM > ${t.medium.toFixed(digits)}, HIGH > ${t.high.toFixed(digits)}`;
}

/** A quantile q of n calibration sessions rests on the n(1 - q) sessions above it; with few, the threshold is noise. */
function highNote(what: string, sessions: number, qHigh: number): string | null {
  const above = sessions * (1 - qHigh);
  if (above >= MIN_SESSIONS_ABOVE_HIGH) return null;
  return `note: only ${above.toFixed(1)} ${what} lie above the HIGH quantile ${qHigh}, so the HIGH threshold is unstable; train on more sessions or lower --tiers (e.g. 0.9,0.95,0.99)`;
}

function tierCounts(scores: readonly SessionScore[]): Record<AlertTier, number> {
  const tiers: Record<AlertTier, number> = { HIGH: 0, MEDIUM: 0, LOW: 0, NONE: 0 };
  for (const s of scores) tiers[s.tier]++;
  return tiers;
}

async function runWeblog(flags: WeblogFlags): Promise<void> {
  if (flags.evaluate && flags.holdout === undefined) {
    throw new ZeekseqError(
      '--evaluate needs --holdout: held-out training clients are the normal sessions the --score sessions are ranked against.',
    );
  }
  const timeout = parseDuration(flags.timeout);
  const minCount = parseNumber(
    '--min-count',
    flags.minCount,
    (n) => Number.isInteger(n) && n >= 1,
    'a whole number >= 1',
  );
  const smoothing = parseNumber('--smoothing', flags.smoothing, (n) => n > 0, 'a number > 0');
  const seed = parseNumber('--seed', flags.seed, Number.isInteger, 'a whole number');
  const fraction =
    flags.holdout === undefined
      ? null
      : parseNumber('--holdout', flags.holdout, (n) => n > 0 && n < 1, 'a fraction between 0 and 1');
  const quantiles = tierQuantiles(flags.tiers);
  const whole = (option: string, text: string, min: number) =>
    parseNumber(option, text, (n) => Number.isInteger(n) && n >= min, `a whole number >= ${min}`);
  const transformerSettings = {
    seqLen: whole('--seq-len', flags.seqLen, 3),
    epochs: whole('--epochs', flags.epochs, 1),
    patience: whole('--patience', flags.patience, 1),
    batchSize: whole('--batch-size', flags.batchSize, 1),
    learningRate: parseNumber('--learning-rate', flags.learningRate, (n) => n > 0, 'a number > 0'),
  };
  const canary = flags.canary === undefined ? [] : commaList(flags.canary);
  const models: WeblogModelName[] = flags.model === 'both' ? ['markov', 'transformer'] : [flags.model];
  const many = models.length > 1;
  const detector = models.includes('markov')
    ? new WeblogDetector({
        tokens: { minCount },
        markov: { smoothing, scoreBy: flags.scoreBy, selfTransitions: flags.selfTransitions, tierQuantiles: quantiles },
        mainPage: flags.mainPage === undefined ? [] : commaList(flags.mainPage),
        canary,
      })
    : null;
  const transformer = models.includes('transformer')
    ? new WeblogTransformer({
        tokens: { minCount },
        canary,
        seqLen: transformerSettings.seqLen,
        tierQuantiles: quantiles,
        scoreBy: flags.transformerScoreBy,
        training: {
          seed,
          epochs: transformerSettings.epochs,
          patience: transformerSettings.patience,
          batchSize: transformerSettings.batchSize,
          learningRate: transformerSettings.learningRate,
          onEpoch: (r) =>
            console.error(
              `transformer epoch ${r.epoch}: train loss ${r.trainLoss.toFixed(4)}, validation loss ${r.validationLoss.toFixed(4)}, masked accuracy ${r.accuracy.toFixed(3)} (${r.seconds.toFixed(1)} s)`,
            ),
        },
      })
    : null;

  const trainLog = await readAccessLogs(flags.train, { format: flags.format });
  const scoreLog = await readAccessLogs(flags.score, { format: flags.format });
  const sessionOptions = { timeout, clientKey: flags.client };
  let train: Session[] = sessionize(trainLog.records, sessionOptions);
  let heldOut: Session[] = [];
  if (fraction !== null) ({ train, heldOut } = splitSessionsByClient(train, fraction, seed));
  const scored = sessionize(scoreLog.records, sessionOptions);
  if (scored.length === 0)
    throw new ZeekseqError(
      'weblog: the --score files hold no requests in the given --format; nothing to score (see problems above).',
    );
  const sessions = [...heldOut, ...scored];

  const runs: ModelRun[] = [];
  const trainedLines: string[] = [];
  const notes: string[] = [];
  const modelFiles: string[] = [];
  const [, , qHigh] = quantiles;
  const requests = count(train.reduce((n, s) => n + s.records.length, 0));
  try {
    if (detector) {
      detector.fit(train);
      runs.push({ model: 'markov', scores: detector.score(sessions) });
      trainedLines.push(
        `${many ? 'markov: ' : ''}trained on ${count(train.length)} sessions (${requests} requests from ${flags.train.length} file(s)); vocabulary ${count(detector.vocabulary.size)} tokens; tier thresholds ${thresholdText(detector.model.thresholds, 2)}`,
      );
      const note = highNote('training sessions', train.length, qHigh);
      if (note) notes.push(many ? `markov ${note}` : note);
    }
    if (transformer) {
      await transformer.fit(train);
      runs.push({ model: 'transformer', scores: await transformer.score(sessions) });
      const t = transformer.training;
      trainedLines.push(
        `${many ? 'transformer: ' : ''}trained on ${count(t.sessions)} sessions (${requests} requests from ${flags.train.length} file(s); ${count(t.distinctRows)} distinct; ${count(t.truncated)} longer than ${transformer.seqLen - 1} requests, truncated); vocabulary ${count(transformer.vocabulary.size)} tokens; ` +
          `${t.history.length} epoch(s), best ${t.bestEpoch}${t.stoppedEarly ? ' (stopped early)' : ''}, ${t.seconds.toFixed(1)} s on ${t.backend}; tier thresholds ${thresholdText(transformer.thresholds, 3)} from ${count(t.calibrationSessions)} held-out training sessions`,
      );
      const note = highNote('held-out training sessions', t.calibrationSessions, qHigh);
      if (note) notes.push(`transformer ${note}`);
    }
    const report = await writeWeblogReport(flags.output, runs, [...trainLog.problems, ...scoreLog.problems]);
    if (detector) {
      const modelFile = path.join(flags.output, 'model.json');
      await writeFile(modelFile, JSON.stringify(detector.toJSON()));
      modelFiles.push(modelFile);
    }
    if (transformer) {
      const modelDir = path.join(flags.output, 'transformer');
      await transformer.save(modelDir);
      modelFiles.push(modelDir);
    }

    const lines = [
      ...trainedLines,
      `scored ${count(sessions.length)} sessions: ${count(scored.length)} from ${flags.score.length} --score file(s)${fraction === null ? '' : ` and ${count(heldOut.length)} of held-out training clients (--holdout ${fraction}, --seed ${seed})`}`,
      `tiers${many ? ' (the more severe of the two models)' : ''}: ${tierLine(report.tiers)}; ${count(report.clients)} clients, ${count(report.highClients.length)} at HIGH`,
      ...(many ? runs.map((r) => `${r.model} tiers: ${tierLine(tierCounts(r.scores))}`) : []),
      `parse problems: training ${problemSummary(trainLog)}; scored ${problemSummary(scoreLog)}`,
      ...notes,
    ];
    if (flags.evaluate) {
      const heldOutIds = new Set(heldOut);
      const isAnomalous = (s: SessionScore) => !heldOutIds.has(s.session);
      const evaluations = runs.map((r) => [r.model, evaluateWeblog(r.scores, isAnomalous)] as const);
      const evaluation: WeblogEvaluation | Record<string, WeblogEvaluation> = many
        ? Object.fromEntries(evaluations)
        : evaluations[0][1];
      const evaluationFile = path.join(flags.output, 'evaluation.json');
      await writeFile(evaluationFile, `${JSON.stringify(evaluation, null, 2)}\n`);
      report.files.push(evaluationFile);
      for (const [model, e] of evaluations)
        lines.push(
          qualityLine(`${many ? `${model} ` : ''}sessions`, e.sessions),
          qualityLine(`${many ? `${model} ` : ''}clients`, e.clients),
        );
    }
    lines.push(`wrote ${[...report.files, ...modelFiles].join(', ')}`);
    console.log(lines.join('\n'));
  } finally {
    transformer?.dispose();
  }
}

export function buildWeblogCommand(): Command {
  return (
    new Command('weblog')
      .description(
        'Find anomalous sessions in Apache/nginx access logs with a first-order Markov model of request paths, a masked-token transformer, or both.',
      )
      .requiredOption('--train <files...>', 'access logs of normal traffic to learn from')
      .requiredOption('--score <files...>', 'access logs whose sessions are scored')
      .requiredOption(
        '--output <dir>',
        'folder for alerts.csv, clients.csv, high-clients.txt, problems.csv and the models (model.json, transformer/)',
      )
      .addOption(
        new Option(
          '--model <name>',
          'markov (first-order Markov chain), transformer (masked-token, tiny preset) or both',
        )
          .choices(['markov', 'transformer', 'both'])
          .default('markov'),
      )
      .option('--format <format>', 'combined, common, nginx-combined, or a LogFormat / log_format string', 'combined')
      .option('--timeout <duration>', 'idle time that ends a session (s, m, h, d)', '30m')
      .addOption(new Option('--client <key>', 'what identifies a client').choices(['ip+ua', 'ip']).default('ip+ua'))
      .option('--canary <paths>', 'comma-separated canary paths or globs: a session requesting one is HIGH')
      .option('--main-page <paths>', 'comma-separated main-page paths: transitions into GET <path> always acceptable')
      .option('--min-count <k>', 'paths seen fewer than k times in training are out of vocabulary', '1')
      .option('--smoothing <k>', 'add-k smoothing of transition probabilities', '0.01')
      .addOption(
        new Option('--score-by <how>', 'session score from the mean or the least likely transition')
          .choices(['mean', 'min'])
          .default('mean'),
      )
      .addOption(
        new Option('--self-transitions <how>', 'a request followed by the same request')
          .choices(['score', 'accept'])
          .default('score'),
      )
      .option('--tiers <q,q,q>', 'training-score quantiles above which a session is LOW,MEDIUM,HIGH', '0.95,0.99,0.999')
      .option('--holdout <fraction>', 'also score this share of training clients, held out of training')
      .option(
        '--seed <n>',
        'seed of the --holdout split and of the transformer (weights, split, masking, batches)',
        '1',
      )
      .option(
        '--evaluate',
        'rank --score sessions (anomalous) against held-out ones (normal): average precision, ROC-AUC',
      )
      .option(
        '--seq-len <n>',
        `transformer: positions per session, CLS and SEP included; longer sessions keep their first n - 1 requests`,
        String(DEFAULT_WEBLOG_SEQ_LEN),
      )
      .option('--epochs <n>', 'transformer: most training epochs (early stopping on the validation loss)', '20')
      .option('--patience <n>', 'transformer: epochs without a better validation loss before stopping', '3')
      // A web log has a few thousand sessions, not millions of connections: small batches give enough steps.
      .option('--batch-size <n>', 'transformer: sessions per training batch', '32')
      .option('--learning-rate <x>', 'transformer: Adam learning rate', '0.001')
      .addOption(
        new Option(
          '--transformer-score-by <how>',
          "transformer: session score from the requests' mean surprisal (nats) or the original's pseudo-likelihood score",
        )
          .choices(['surprisal', 'original'])
          .default('surprisal'),
      )
      // Subcommands do not inherit the program's exitOverride: usage errors must reach run() too, not exit the process.
      .exitOverride()
      .action(async (flags: WeblogFlags) => runWeblog(flags))
  );
}
