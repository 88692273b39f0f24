/**
 * Evaluation in one call, as `zeekseq evaluate` runs it: score the data once with the saved Detector and with the
 * baselines fitted and saved beside its scorer, load the labels (a CSV, or the conn log's label
 * columns), and for each scorer choose its threshold at the acceptance rate from its own threshold split (with a
 * bootstrap interval), raise notables, and measure connection- and host-level quality side by side. Watched
 * hosts (e.g. a known beacon) are ranked among all originators by each scorer.
 */
import * as aq from 'arquero';
import { alignLabels, labelsFromConn, readLabels, type AlignedLabels } from '../detect/labels.js';
import {
  anomaliesAbove,
  evaluateFlagged,
  hostRank,
  hostScores,
  notableHosts,
  type Evaluation,
  type FlaggedScores,
  type ScorerScores,
} from '../detect/evaluate.js';
import { type Anomaly, findNotables, type HostSide } from '../detect/notables.js';
import { bootstrapThreshold, type BootstrapOptions, type ThresholdInterval } from '../detect/threshold-bootstrap.js';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { HostResolver } from '../detect/host-identity.js';
import type { TransformerScorerParams } from '../model/transformer-scorer.js';
import { definedOnly } from '../util/defined-only.js';
import { ZeekseqError } from '../util/errors.js';
import { EventStream } from '../util/events.js';
import { safeJson, toCsv } from '../util/escape.js';
import { readZeekDir } from '../zeek/read-dir.js';
import type { Detection } from './detection.js';
import { Detector } from './detector.js';
import { type OutputFolder, prepareOutputFolder } from '../util/output-folder.js';
import { type EvaluationConnections, evaluationConnections, evaluationScorers } from './scorers.js';

export interface LabelSource {
  /** A labels CSV (the generator's labels.csv, or uid and/or ip columns). */
  labels?: string;
  /** Use the label/detailedlabel columns of the conn log (Stratosphere's conn.log.labeled). */
  zeekLabels?: boolean;
}

/** The labels of the evaluation connections from a CSV or the raw conn log's columns; undefined when none is asked for. */
export async function labelsFor(
  result: Detection,
  connections: EvaluationConnections,
  source: LabelSource,
): Promise<AlignedLabels | undefined> {
  if (source.labels && source.zeekLabels)
    throw new ZeekseqError('give either --labels FILE or --zeek-labels, not both.');
  const labels = source.labels
    ? await readLabels(source.labels)
    : source.zeekLabels
      ? labelsFromConn(result.rawConn, `the conn log of ${result.dataset.origin}`)
      : undefined;
  return labels && alignLabels(labels, connections.table.uids, connections.table.origHosts);
}

export interface EvaluationSettings extends LabelSource {
  data: string | readonly string[];
  model: string;
  /** Keep conn-only connections (default as in training). */
  keepConnOnly?: boolean;
  runtime?: Partial<Pick<TransformerScorerParams, 'workers' | 'backend'>>;
  /** Also write evaluation.csv and evaluation.json here. */
  output?: string;
  events?: EventStream;
  /** Acceptance rate of every scorer's threshold (default the model's). */
  acceptanceRate?: number;
  /** Notable window in seconds (default 3600) and anomalies needed (default 3). */
  window?: number;
  minCount?: number;
  host?: HostSide;
  watchIps?: readonly string[];
  bootstrap?: BootstrapOptions;
}

export interface WatchedRank {
  ip: string;
  /** 1 = the highest host score; null when the host originates no connection. */
  rank: number | null;
  /** Other hosts with exactly the same score. */
  tied: number;
  hosts: number;
  score: number;
  notable: boolean;
  /**
   * Rank by notable: hosts ordered by how many anomalies their notables hold (1 = the most; ties share the best
   * rank), among the hosts with a notable; null when the host has none.
   */
  notableRank: number | null;
  /** Hosts with a notable. */
  notableHosts: number;
}

export interface ScorerEvaluation {
  scorer: string;
  threshold: ThresholdInterval;
  anomalies: number;
  notables: number;
  hostsWithNotables: number;
  /** Metrics against the labels; null without labels. */
  metrics: Evaluation | null;
  watched: WatchedRank[];
}

export interface EvaluationRun {
  result: Detection;
  connections: EvaluationConnections;
  labels: AlignedLabels | undefined;
  evaluations: ScorerEvaluation[];
  warnings: string[];
  files: string[];
}

/** One scorer at one setting: threshold with interval, notables, metrics and watched-host ranks. */
export function evaluateScorer(
  connections: EvaluationConnections,
  scorer: ScorerScores,
  labels: AlignedLabels | undefined,
  settings: Omit<EvaluationSettings, 'data' | 'model'> & { acceptanceRate: number },
  resolver?: HostResolver,
): ScorerEvaluation {
  const threshold = bootstrapThreshold(
    scorer.thresholdScores,
    settings.acceptanceRate,
    scorer.thresholdCounts,
    settings.bootstrap,
  );
  const cut = threshold.point.threshold;
  return measureOutcome(
    {
      name: scorer.name,
      threshold,
      scores: scorer.scores,
      flagged: Array.from(scorer.scores, (s) => s > cut),
      byHost: hostScores(connections.table, scorer.scores),
      anomalies: anomaliesAbove(connections.table, scorer.scores, cut),
    },
    labels,
    settings,
    resolver,
  );
}

/** A scorer's flagged connections, however they were read (scored in memory, or a scores file read back). */
export interface ScorerOutcome extends FlaggedScores {
  name: string;
  threshold: ThresholdInterval;
  /** The flagged connections, from which notables are raised. */
  anomalies: Anomaly[];
}

/** Notables, metrics and watched-host ranks of a scorer's outcome (evaluateScorer's measuring half). */
export function measureOutcome(
  outcome: ScorerOutcome,
  labels: AlignedLabels | undefined,
  settings: Pick<EvaluationSettings, 'window' | 'minCount' | 'host' | 'watchIps'>,
  resolver?: HostResolver,
): ScorerEvaluation {
  const { anomalies, byHost } = outcome;
  const notables = findNotables(anomalies, {
    window: settings.window,
    minCount: settings.minCount,
    host: settings.host,
    resolver,
  });
  const flagged = notableHosts(notables, anomalies, labels);
  const inNotables = new Map<string, number>();
  for (const n of notables)
    for (const address of n.addresses) inNotables.set(address, (inNotables.get(address) ?? 0) + n.count);
  const watched = (settings.watchIps ?? []).map((ip): WatchedRank => {
    const rank = hostRank(byHost, ip);
    const notableRank = hostRank(inNotables, ip);
    return {
      ip,
      rank: rank?.rank ?? null,
      tied: rank?.tied ?? 0,
      hosts: byHost.size,
      score: rank?.score ?? NaN,
      notable: flagged.has(ip),
      notableRank: notableRank?.rank ?? null,
      notableHosts: inNotables.size,
    };
  });
  return {
    scorer: outcome.name,
    threshold: outcome.threshold,
    anomalies: anomalies.length,
    notables: notables.length,
    hostsWithNotables: new Set(notables.map((n) => n.host)).size,
    metrics: labels ? evaluateFlagged(outcome.name, outcome, labels, outcome.threshold.point, flagged) : null,
    watched,
  };
}

export async function evaluatePipeline(settings: EvaluationSettings): Promise<EvaluationRun> {
  const events = settings.events ?? new EventStream();
  const data = typeof settings.data === 'string' ? [settings.data] : [...settings.data];
  const folder = settings.output
    ? await prepareOutputFolder(settings.output, { command: 'evaluate', data, events })
    : undefined;
  const detector = await Detector.load(settings.model, { events, runtime: settings.runtime });
  const raw = await readZeekDir(data, { require: ['conn'], events });
  const result = await detector.detect(raw, { keepConnOnly: settings.keepConnOnly });
  const connections = evaluationConnections(result);
  const scorers = await evaluationScorers(detector, result, connections);
  const labels = await labelsFor(result, connections, settings);
  const acceptanceRate = settings.acceptanceRate ?? detector.params.acceptanceRate;
  const notables = {
    ...detector.params.notables,
    window: settings.window,
    minCount: settings.minCount,
    host: settings.host,
  };
  const evaluations = scorers.map((scorer) =>
    evaluateScorer(
      connections,
      scorer,
      labels,
      {
        ...settings,
        ...definedOnly(notables),
        bootstrap: { seed: detector.params.seed, ...settings.bootstrap },
        acceptanceRate,
      },
      result.resolver,
    ),
  );
  const warnings = [...(labels?.warnings ?? [])];
  for (const e of evaluations) if (e.threshold.warning) warnings.push(`${e.scorer}: ${e.threshold.warning}`);
  const unscored = connections.scoredIndex.filter((c) => c < 0).length;
  if (unscored > 0) {
    warnings.push(
      `${unscored.toLocaleString('en-US')} of ${connections.scoredIndex.length.toLocaleString('en-US')} connections were not scored (dropped in preparation, e.g. conn-only without --keep-conn-only); they count as never flagged.`,
    );
  }
  const files = await reportEvaluations(evaluations, warnings, events, folder, {
    model: settings.model,
    data,
    keepConnOnly: settings.keepConnOnly ?? detector.params.keepConnOnly,
  });
  detector.dispose();
  return { result, connections, labels, evaluations, warnings, files };
}

/**
 * Says the warnings and each scorer's counts and metrics on `events` and, given a folder, writes evaluation.csv
 * and evaluation.json (`about` the evaluation's inputs, first in the JSON); returns the files written.
 */
export async function reportEvaluations(
  evaluations: readonly ScorerEvaluation[],
  warnings: readonly string[],
  events: EventStream,
  folder: OutputFolder | undefined,
  about: Record<string, unknown>,
): Promise<string[]> {
  for (const warning of warnings) events.warn(warning);
  for (const e of evaluations) {
    events.metric(`${e.scorer}.anomalies`, e.anomalies);
    events.metric(`${e.scorer}.notables`, e.notables);
    if (e.metrics) {
      for (const level of ['connection', 'host'] as const) {
        for (const name of ['precision', 'recall', 'f1', 'averagePrecision', 'rocAuc'] as const) {
          events.metric(`${e.scorer}.${level}.${name}`, e.metrics[level][name]);
        }
      }
    }
  }
  if (!folder) return [];
  await mkdir(folder.dir, { recursive: true });
  const csv = path.join(folder.dir, 'evaluation.csv');
  const json = path.join(folder.dir, 'evaluation.json');
  await writeFile(csv, toCsv(evaluationTable(evaluations)));
  await writeFile(json, `${safeJson({ ...about, warnings, evaluations }, 2)}\n`);
  const files = [csv, json];
  await folder.finish(files);
  for (const file of files) events.artifact(file, 'evaluation');
  return files;
}

const r4 = (x: number) => (Number.isFinite(x) ? Math.round(x * 1e4) / 1e4 : x);

/** One row per scorer: threshold and interval, counts, and (with labels) the metrics at both levels. */
export function evaluationTable(evaluations: readonly ScorerEvaluation[]): aq.ColumnTable {
  const col = <T>(get: (e: ScorerEvaluation) => T) => evaluations.map(get);
  const columns: Record<string, unknown[]> = {
    scorer: col((e) => e.scorer),
    acceptance_rate: col((e) => e.threshold.point.acceptanceRate),
    threshold: col((e) => r4(e.threshold.point.threshold)),
    threshold_low: col((e) => r4(e.threshold.lower)),
    threshold_high: col((e) => r4(e.threshold.upper)),
    anomalies: col((e) => e.anomalies),
    notables: col((e) => e.notables),
    notable_hosts: col((e) => e.hostsWithNotables),
  };
  if (evaluations.some((e) => e.metrics)) {
    for (const level of ['connection', 'host'] as const) {
      for (const name of ['precision', 'recall', 'f1', 'averagePrecision', 'rocAuc'] as const) {
        columns[`${level}_${name === 'averagePrecision' ? 'ap' : name === 'rocAuc' ? 'roc_auc' : name}`] = col((e) =>
          r4(e.metrics ? e.metrics[level][name] : NaN),
        );
      }
    }
  }
  for (const ip of evaluations[0]?.watched.map((w) => w.ip) ?? []) {
    columns[`rank_${ip}`] = col((e) => {
      const w = e.watched.find((x) => x.ip === ip)!;
      const byNotable = w.notableRank === null ? 'no notable' : `notable rank ${w.notableRank}/${w.notableHosts}`;
      return w.rank === null ? 'absent' : `${w.rank}/${w.hosts}${w.tied > 0 ? ` (+${w.tied} tied)` : ''}; ${byNotable}`;
    });
  }
  return aq.table(columns);
}
