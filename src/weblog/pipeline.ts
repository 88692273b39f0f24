/**
 * `zeekseq weblog` as one call: train the Markov chain, the masked-token transformer or both on the sessions of
 * some access logs, score the sessions of others (and, with a holdout, held-out training clients), write
 * alerts.csv, clients.csv, high-clients.txt, problems.csv, the trained models and, when asked, evaluation.json.
 * With heuristic labels every scored client is labelled by heuristic-labels.ts (labels.csv) and, when asked, the
 * models' rankings of them go to heuristic-evaluation.json and the run's metrics. Returns the summary lines the
 * CLI prints.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AlertTier, MarkovScoreBy, TierThresholds, TransitionHandling } from '../model/markov.js';
import { ZeekseqError } from '../util/errors.js';
import { EventStream } from '../util/events.js';
import { safeJson } from '../util/escape.js';
import { prepareOutputFolder } from '../util/output-folder.js';
import { WeblogDetector, type SessionScore } from './detector.js';
import {
  evaluateWeblog,
  rankLabelledClients,
  type LabelledRanking,
  type RankingQuality,
  type WeblogEvaluation,
} from './evaluate.js';
import type { LogFormat } from './format.js';
import {
  CLIENT_LABELS,
  labelClients,
  resolveHeuristicLabelOptions,
  type ClientHeuristic,
  type HeuristicLabelOptions,
} from './heuristic-labels.js';
import { readAccessLogs, problemTotal, type AccessLog } from './read-access-log.js';
import { writeWeblogReport, type ModelRun, type WeblogModelName } from './report.js';
import { sessionize, type ClientKey, type Session } from './sessions.js';
import { splitSessionsByClient } from './split.js';
import type { TokenTarget } from './tokens.js';
import { WeblogTransformer, type TransformerScoreBy } from './transformer.js';
import { formatCount } from '../util/format-count.js';

/** Training sessions above the HIGH quantile below which the summary warns that HIGH is unstable. */
const MIN_SESSIONS_ABOVE_HIGH = 10;

export interface WeblogSettings {
  train: readonly string[];
  score: readonly string[];
  output: string;
  model: WeblogModelName | 'both';
  format: string | LogFormat;
  /** Idle seconds that end a session. */
  timeout: number;
  client: ClientKey;
  canary: readonly string[];
  mainPage: readonly string[];
  /** Paths seen fewer times in training are out of vocabulary. */
  minCount: number;
  /** What a request token holds: the path (default) or its kind, and whether the status class (default not). */
  tokens?: { target: TokenTarget; status: boolean };
  smoothing: number;
  scoreBy: MarkovScoreBy;
  selfTransitions: TransitionHandling;
  tiers: [number, number, number];
  /** Share of training clients held out and scored, or null. */
  holdout: number | null;
  seed: number;
  /**
   * What labels the scored sessions: `files`, the --score files anomalous and the held-out clients normal (needs
   * a holdout; the default); `heuristic`, each scored client by heuristic-labels.ts.
   */
  labels?: 'files' | 'heuristic';
  /** The heuristic's thresholds (default its named defaults). */
  heuristic?: HeuristicLabelOptions;
  /** Measure the models' rankings against the labels. */
  evaluate: boolean;
  transformer: {
    seqLen: number;
    epochs: number;
    patience: number;
    batchSize: number;
    learningRate: number;
    scoreBy: TransformerScoreBy;
  };
  events?: EventStream;
}

function problemSummary(log: AccessLog): string {
  const byKind: Record<string, number> = {};
  for (const file of log.files)
    for (const [kind, n] of Object.entries(file.problems)) byKind[kind] = (byKind[kind] ?? 0) + (n ?? 0);
  const total = log.files.reduce((sum, f) => sum + problemTotal(f), 0);
  if (total === 0) return 'none';
  return `${formatCount(total)} (${Object.entries(byKind)
    .map(([k, n]) => `${k} ${formatCount(n)}`)
    .join(', ')})`;
}

function tierLine(tiers: Record<AlertTier, number>): string {
  return (['HIGH', 'MEDIUM', 'LOW', 'NONE'] as const).map((t) => `${t} ${formatCount(tiers[t])}`).join(', ');
}

function qualityLine(what: string, q: RankingQuality): string {
  return `${what}: average precision ${q.averagePrecision.toFixed(3)} (random ${(q.positives / q.items).toFixed(3)}), ROC-AUC ${q.rocAuc.toFixed(3)}, ${formatCount(q.positives)} anomalous of ${formatCount(q.items)}`;
}

function rankingLine(what: string, r: LabelledRanking): string {
  const rank = (x: number | null) => (x === null ? '-' : formatCount(x));
  return `${what}: average precision ${r.averagePrecision.toFixed(3)} (random ${(r.positives / r.clients).toFixed(3)}), ROC-AUC ${r.rocAuc.toFixed(3)}, precision at 10 ${r.precisionAt10.toFixed(2)}, at 20 ${r.precisionAt20.toFixed(2)}; median rank of ${formatCount(r.clients)}: ${CLIENT_LABELS.map((l) => `${l} ${rank(r.medianRank[l])}`).join(', ')}`;
}

function labelCounts(labels: ReadonlyMap<string, ClientHeuristic>): Record<string, number> {
  const counts = Object.fromEntries(CLIENT_LABELS.map((l) => [l, 0]));
  for (const h of labels.values()) counts[h.label]++;
  return counts;
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

export async function weblogToFiles(flags: WeblogSettings): Promise<string[]> {
  const events = flags.events ?? new EventStream();
  const labelling = flags.labels ?? 'files';
  if (flags.evaluate && labelling === 'files' && flags.holdout === null) {
    throw new ZeekseqError(
      '--evaluate needs --holdout: held-out training clients are the normal sessions the --score sessions are ranked against (or label clients with --labels heuristic).',
    );
  }
  if (flags.score.length === 0 && flags.holdout === null) {
    throw new ZeekseqError(
      'weblog: nothing to score; pass --score files, or --holdout to score held-out training clients.',
    );
  }
  const heuristic = resolveHeuristicLabelOptions(flags.heuristic);
  const folder = await prepareOutputFolder(flags.output, { command: 'weblog', events });
  const { timeout, minCount, smoothing, seed } = flags;
  const fraction = flags.holdout;
  const quantiles = flags.tiers;
  const transformerSettings = flags.transformer;
  const canary = flags.canary;
  const models: WeblogModelName[] = flags.model === 'both' ? ['markov', 'transformer'] : [flags.model];
  const many = models.length > 1;
  const detector = models.includes('markov')
    ? new WeblogDetector({
        tokens: { minCount, ...flags.tokens },
        markov: { smoothing, scoreBy: flags.scoreBy, selfTransitions: flags.selfTransitions, tierQuantiles: quantiles },
        mainPage: flags.mainPage,
        canary,
      })
    : null;
  const transformer = models.includes('transformer')
    ? new WeblogTransformer({
        tokens: { minCount, ...flags.tokens },
        canary,
        seqLen: transformerSettings.seqLen,
        tierQuantiles: quantiles,
        scoreBy: transformerSettings.scoreBy,
        training: {
          seed,
          epochs: transformerSettings.epochs,
          patience: transformerSettings.patience,
          batchSize: transformerSettings.batchSize,
          learningRate: transformerSettings.learningRate,
          events,
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
  if (flags.score.length > 0 && scored.length === 0)
    throw new ZeekseqError(
      'weblog: the --score files hold no requests in the given --format; nothing to score (see problems above).',
    );
  const sessions = [...heldOut, ...scored];
  const labels =
    labelling === 'heuristic'
      ? labelClients(
          sessions.flatMap((s) => s.records),
          heuristic,
        )
      : null;

  const runs: ModelRun[] = [];
  const trainedLines: string[] = [];
  const notes: string[] = [];
  const modelFiles: string[] = [];
  const [, , qHigh] = quantiles;
  const requests = formatCount(train.reduce((n, s) => n + s.records.length, 0));
  try {
    if (detector) {
      detector.fit(train);
      runs.push({ model: 'markov', scores: detector.score(sessions) });
      trainedLines.push(
        `${many ? 'markov: ' : ''}trained on ${formatCount(train.length)} sessions (${requests} requests from ${flags.train.length} file(s)); vocabulary ${formatCount(detector.vocabulary.size)} tokens; tier thresholds ${thresholdText(detector.model.thresholds, 2)}`,
      );
      const note = highNote('training sessions', train.length, qHigh);
      if (note) notes.push(many ? `markov ${note}` : note);
    }
    if (transformer) {
      await transformer.fit(train);
      runs.push({ model: 'transformer', scores: await transformer.score(sessions) });
      const t = transformer.training;
      trainedLines.push(
        `${many ? 'transformer: ' : ''}trained on ${formatCount(t.sessions)} sessions (${requests} requests from ${flags.train.length} file(s); ${formatCount(t.distinctRows)} distinct; ${formatCount(t.truncated)} longer than ${transformer.seqLen - 1} requests, truncated); vocabulary ${formatCount(transformer.vocabulary.size)} tokens; ` +
          `${t.history.length} epoch(s), best ${t.bestEpoch}${t.stoppedEarly ? ' (stopped early)' : ''}, ${t.seconds.toFixed(1)} s on ${t.backend}; tier thresholds ${thresholdText(transformer.thresholds, 3)} from ${formatCount(t.calibrationSessions)} held-out training sessions`,
      );
      const note = highNote('held-out training sessions', t.calibrationSessions, qHigh);
      if (note) notes.push(`transformer ${note}`);
    }
    const report = await writeWeblogReport(
      flags.output,
      runs,
      [...trainLog.problems, ...scoreLog.problems],
      labels ?? undefined,
    );
    if (report.notAddresses.length > 0) {
      events.warn(
        `${formatCount(report.notAddresses.length)} HIGH client(s) left out of high-clients.txt, not IP addresses: ${report.notAddresses.slice(0, 5).join(', ')}${report.notAddresses.length > 5 ? ', ...' : ''} (see clients.csv); check the --format's client field.`,
      );
    }
    if (detector) {
      const modelFile = path.join(flags.output, 'model.json');
      await writeFile(modelFile, safeJson(detector.toJSON()));
      modelFiles.push(modelFile);
    }
    if (transformer) {
      const modelDir = path.join(flags.output, 'transformer');
      await transformer.save(modelDir);
      modelFiles.push(modelDir);
    }

    const lines = [
      ...trainedLines,
      `scored ${formatCount(sessions.length)} sessions: ${[
        ...(flags.score.length > 0 ? [`${formatCount(scored.length)} from ${flags.score.length} --score file(s)`] : []),
        ...(fraction === null
          ? []
          : [`${formatCount(heldOut.length)} of held-out training clients (--holdout ${fraction}, --seed ${seed})`]),
      ].join(' and ')}`,
      `tiers${many ? ' (the more severe of the two models)' : ''}: ${tierLine(report.tiers)}; ${formatCount(report.clients)} clients, ${formatCount(report.highClients.length)} at HIGH`,
      ...(many ? runs.map((r) => `${r.model} tiers: ${tierLine(tierCounts(r.scores))}`) : []),
      `parse problems: training ${problemSummary(trainLog)}; scored ${problemSummary(scoreLog)}`,
      ...notes,
    ];
    if (labels) {
      const counts = labelCounts(labels);
      lines.push(
        `heuristic labels of ${formatCount(labels.size)} scored clients: ${CLIENT_LABELS.map((l) => `${l} ${formatCount(counts[l])}`).join(', ')} (labels.csv)`,
      );
    }
    if (flags.evaluate && labels) {
      const rankings = runs.map((r) => [r.model, rankLabelledClients(r.scores, labels)] as const);
      const evaluationFile = path.join(flags.output, 'heuristic-evaluation.json');
      const json = { labelling: { ...heuristic, labels: labelCounts(labels) }, models: Object.fromEntries(rankings) };
      await writeFile(evaluationFile, `${safeJson(json, 2)}\n`);
      report.files.push(evaluationFile);
      events.metric('heuristic.clients', labels.size);
      for (const [label, n] of Object.entries(json.labelling.labels)) events.metric(`heuristic.labels.${label}`, n);
      for (const [model, r] of rankings) {
        const prefix = `heuristic.${model}`;
        events.metric(`${prefix}.averagePrecision`, r.averagePrecision);
        events.metric(`${prefix}.rocAuc`, r.rocAuc);
        events.metric(`${prefix}.precisionAt10`, r.precisionAt10);
        events.metric(`${prefix}.precisionAt20`, r.precisionAt20);
        for (const label of CLIENT_LABELS)
          events.metric(`${prefix}.medianRank.${label}`, r.medianRank[label] ?? Number.NaN);
        lines.push(rankingLine(`${model} clients by heuristic labels`, r));
      }
    } else if (flags.evaluate) {
      const heldOutIds = new Set(heldOut);
      const isAnomalous = (s: SessionScore) => !heldOutIds.has(s.session);
      const evaluations = runs.map((r) => [r.model, evaluateWeblog(r.scores, isAnomalous)] as const);
      const evaluation: WeblogEvaluation | Record<string, WeblogEvaluation> = many
        ? Object.fromEntries(evaluations)
        : evaluations[0][1];
      const evaluationFile = path.join(flags.output, 'evaluation.json');
      await writeFile(evaluationFile, `${JSON.stringify(evaluation, null, 2)}\n`);
      report.files.push(evaluationFile);
      for (const [model, e] of evaluations) {
        for (const level of ['sessions', 'clients'] as const) {
          events.metric(`${model}.${level}.averagePrecision`, e[level].averagePrecision);
          events.metric(`${model}.${level}.rocAuc`, e[level].rocAuc);
        }
        lines.push(
          qualityLine(`${many ? `${model} ` : ''}sessions`, e.sessions),
          qualityLine(`${many ? `${model} ` : ''}clients`, e.clients),
        );
      }
    }
    await folder.finish([...report.files, ...modelFiles]);
    lines.push(`wrote ${[...report.files, ...modelFiles].join(', ')}`);
    return lines;
  } finally {
    transformer?.dispose();
  }
}
