/**
 * What an evaluation measures of one scorer, however its scores were read (scored in memory by evaluation.ts, or
 * a scores file read back by evaluate-scores.ts): notables from its anomalies, connection- and host-level metrics
 * against labels, the ranks of watched hosts; and how evaluations are reported (events, evaluation.csv and
 * evaluation.json), with the host priority of hosts.csv per scorer and the beacon scorer's row where the
 * evaluation has them (host-ranking.ts). Nothing here loads a model.
 */
import * as aq from 'arquero';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { evaluateFlagged, type Evaluation, type FlaggedScores, hostRank, notableHosts } from '../detect/evaluate.js';
import type { HostResolver } from '../detect/host-identity.js';
import type { AlignedLabels } from '../detect/labels.js';
import { type Anomaly, findNotables, type HostSide, type Notable } from '../detect/notables.js';
import type { ThresholdInterval } from '../detect/threshold-bootstrap.js';
import { safeJson, toCsv } from '../util/escape.js';
import type { EventStream } from '../util/events.js';
import type { OutputFolder } from '../util/output-folder.js';
import type { BeaconRanking, HostRanking } from './host-ranking.js';

/** How notables are raised (defaults: findNotables') and which hosts are ranked. */
export interface OutcomeSettings {
  /** Notable window in seconds (default 3600) and anomalies needed (default 3). */
  window?: number;
  minCount?: number;
  host?: HostSide;
  watchIps?: readonly string[];
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
  /**
   * The host priority of hosts.csv with this scorer's anomalies and notables, judged against the labels; absent
   * for a scores file, which holds no token sequences (the priority weighs anomalies by pattern).
   */
  priority?: HostRanking;
}

/** What an evaluation reports: each scorer's measures and, where the logs were read, the beacon scorer's. */
export interface EvaluationReport {
  evaluations: readonly ScorerEvaluation[];
  /** Hosts ranked by the beacon scorer alone: a host-level row beside the scorers'. */
  beacon?: BeaconRanking;
  warnings: readonly string[];
}

/** A scorer's flagged connections, however they were read (scored in memory, or a scores file read back). */
export interface ScorerOutcome extends FlaggedScores {
  name: string;
  threshold: ThresholdInterval;
  /** The flagged connections, from which notables are raised. */
  anomalies: Anomaly[];
}

/**
 * Notables, metrics and watched-host ranks of a scorer's outcome (evaluateScorer's measuring half); with `rank`,
 * the host priority too, from the notables raised here.
 */
export function measureOutcome(
  outcome: ScorerOutcome,
  labels: AlignedLabels | undefined,
  settings: OutcomeSettings,
  resolver?: HostResolver,
  rank?: (notables: readonly Notable[]) => HostRanking,
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
    ...(rank ? { priority: rank(notables) } : {}),
  };
}

/**
 * Says the warnings and each scorer's counts and metrics on `events` and, given a folder, writes evaluation.csv
 * and evaluation.json (`about` the evaluation's inputs, first in the JSON); returns the files written.
 */
export async function reportEvaluations(
  report: EvaluationReport,
  events: EventStream,
  folder: OutputFolder | undefined,
  about: Record<string, unknown>,
): Promise<string[]> {
  const { evaluations, beacon, warnings } = report;
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
      if (e.priority) priorityMetrics(events, e.scorer, e.priority);
    }
  }
  if (beacon && evaluations.some((e) => e.metrics)) priorityMetrics(events, 'beacon', beacon);
  if (!folder) return [];
  await mkdir(folder.dir, { recursive: true });
  const csv = path.join(folder.dir, 'evaluation.csv');
  const json = path.join(folder.dir, 'evaluation.json');
  await writeFile(csv, toCsv(evaluationTable(evaluations, beacon)));
  await writeFile(json, `${safeJson({ ...about, warnings, evaluations, beacon }, 2)}\n`);
  const files = [csv, json];
  await folder.finish(files);
  for (const file of files) events.artifact(file, 'evaluation');
  return files;
}

/** A host ranking judged against labels as metrics `<scorer>.priority.*`. */
function priorityMetrics(events: EventStream, scorer: string, ranking: HostRanking): void {
  events.metric(`${scorer}.priority.averagePrecision`, ranking.averagePrecision);
  events.metric(`${scorer}.priority.rocAuc`, ranking.rocAuc);
  if (ranking.othersAbove !== null) events.metric(`${scorer}.priority.othersAbove`, ranking.othersAbove);
}

const r4 = (x: number) => (Number.isFinite(x) ? Math.round(x * 1e4) / 1e4 : x);

/**
 * One row per scorer: threshold and interval, counts, (with labels) the metrics at both levels, watched hosts'
 * ranks and, where the evaluations have it, the host priority (`priority_*`); then, given `beacon`, a row for the
 * beacon scorer, which ranks hosts and nothing else, so only its `priority_*` cells are filled.
 */
export function evaluationTable(evaluations: readonly ScorerEvaluation[], beacon?: BeaconRanking): aq.ColumnTable {
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
  const watched = evaluations[0]?.watched.map((w) => w.ip) ?? [];
  for (const ip of watched) {
    columns[`rank_${ip}`] = col((e) => {
      const w = e.watched.find((x) => x.ip === ip)!;
      const byNotable = w.notableRank === null ? 'no notable' : `notable rank ${w.notableRank}/${w.notableHosts}`;
      return w.rank === null ? 'absent' : `${w.rank}/${w.hosts}${w.tied > 0 ? ` (+${w.tied} tied)` : ''}; ${byNotable}`;
    });
  }
  if (!evaluations.some((e) => e.priority)) return aq.table(columns);
  // ap, ROC-AUC and others above need labels, as the metrics columns do; watched hosts' ranks do not
  const priority: Record<string, (r: HostRanking | undefined) => unknown> = {};
  if (evaluations.some((e) => e.metrics)) {
    priority.priority_ap = (r) => r4(r?.averagePrecision ?? NaN);
    priority.priority_roc_auc = (r) => r4(r?.rocAuc ?? NaN);
    priority.priority_others_above = (r) => r?.othersAbove ?? null;
  }
  for (const ip of watched) priority[`priority_rank_${ip}`] = (r) => r?.watched[ip] ?? null;
  for (const [name, get] of Object.entries(priority)) columns[name] = col((e) => get(e.priority));
  if (beacon && Object.keys(priority).length > 0) {
    // blank where the beacon scorer measures nothing: NaN in numeric columns, an empty cell in text ones
    for (const [name, values] of Object.entries(columns)) {
      const blank = typeof values[0] === 'number' ? NaN : null;
      values.push(name === 'scorer' ? 'beacon' : name in priority ? priority[name](beacon) : blank);
    }
  }
  return aq.table(columns);
}
