/**
 * Evaluation in one call, as `zeekseq evaluate` runs it: score the data once with the saved Detector and with the
 * baselines fitted and saved beside its scorer, load the labels (a CSV, or the conn log's label
 * columns), and for each scorer choose its threshold at the acceptance rate from its own threshold split (with a
 * bootstrap interval), raise notables, and measure connection- and host-level quality side by side. Watched
 * hosts (e.g. a known beacon) are ranked among all originators by each scorer. Each scorer's host priority of
 * hosts.csv is judged against the labels as `zeekseq quality` judges it (host-ranking.ts), and the beacon scorer,
 * which ranks hosts only, gets a host-level row of its own.
 */
import { alignLabels, labelsFromConn, readLabels, type AlignedLabels } from '../detect/labels.js';
import { anomaliesAbove, hostScores, type ScorerScores } from '../detect/evaluate.js';
import { bootstrapThreshold, type BootstrapOptions } from '../detect/threshold-bootstrap.js';
import type { HostResolver } from '../detect/host-identity.js';
import type { TransformerScorerParams } from '../model/transformer-scorer.js';
import { beaconScores } from '../detect/beacon.js';
import { definedOnly } from '../util/defined-only.js';
import { ZeekseqError } from '../util/errors.js';
import { EventStream } from '../util/events.js';
import { readZeekDir } from '../zeek/read-dir.js';
import type { Detection } from './detection.js';
import { Detector } from './detector.js';
import { prepareOutputFolder } from '../util/output-folder.js';
import {
  type BeaconRanking,
  beaconRanking,
  type PriorityContext,
  type PrioritySettings,
  priorityContext,
  scorerPriority,
} from './host-ranking.js';
import { beaconInputOf } from './hosts-output.js';
import { type EvaluationConnections, evaluationConnections, evaluationScorers } from './scorers.js';
import { measureOutcome, type OutcomeSettings, reportEvaluations, type ScorerEvaluation } from './scorer-evaluation.js';
import { formatCount } from '../util/format-count.js';

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

export interface EvaluationSettings extends LabelSource, OutcomeSettings {
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
  bootstrap?: BootstrapOptions;
}

export interface EvaluationRun {
  result: Detection;
  connections: EvaluationConnections;
  labels: AlignedLabels | undefined;
  evaluations: ScorerEvaluation[];
  /** Hosts ranked by the beacon scorer alone. */
  beacon: BeaconRanking;
  warnings: string[];
  files: string[];
}

/**
 * One scorer at one setting: threshold with interval, notables, metrics and watched-host ranks; given a priority
 * context, the host priority of hosts.csv from the same anomalies and notables.
 */
export function evaluateScorer(
  connections: EvaluationConnections,
  scorer: ScorerScores,
  labels: AlignedLabels | undefined,
  settings: Omit<EvaluationSettings, 'data' | 'model'> & { acceptanceRate: number },
  resolver?: HostResolver,
  priority?: { context: PriorityContext } & PrioritySettings,
): ScorerEvaluation {
  const threshold = bootstrapThreshold(
    scorer.thresholdScores,
    settings.acceptanceRate,
    scorer.thresholdCounts,
    settings.bootstrap,
  );
  const cut = threshold.point.threshold;
  const flagged = Array.from(scorer.scores, (s) => s > cut);
  return measureOutcome(
    {
      name: scorer.name,
      threshold,
      scores: scorer.scores,
      flagged,
      byHost: hostScores(connections.table, scorer.scores),
      anomalies: anomaliesAbove(connections.table, scorer.scores, cut),
    },
    labels,
    settings,
    resolver,
    priority && ((notables) => scorerPriority(priority.context, scorer.scores, flagged, notables, labels, priority)),
  );
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
  // the model's notable settings unless given: a setting left undefined must not hide the model's
  const notables = {
    ...detector.params.notables,
    ...definedOnly({ window: settings.window, minCount: settings.minCount, host: settings.host }),
  };
  const beacons = beaconScores(beaconInputOf(result.rawConn));
  const context = priorityContext(result, connections, beacons.rows);
  const evaluations = scorers.map((scorer) =>
    evaluateScorer(
      connections,
      scorer,
      labels,
      {
        ...settings,
        ...notables,
        bootstrap: { seed: detector.params.seed, ...settings.bootstrap },
        acceptanceRate,
      },
      result.resolver,
      { context, watchIps: settings.watchIps },
    ),
  );
  const beacon = beaconRanking(beacons, labels, settings.watchIps ?? []);
  const warnings = [...(labels?.warnings ?? [])];
  for (const e of evaluations) if (e.threshold.warning) warnings.push(`${e.scorer}: ${e.threshold.warning}`);
  const unscored = connections.scoredIndex.filter((c) => c < 0).length;
  if (unscored > 0) {
    warnings.push(
      `${formatCount(unscored)} of ${formatCount(connections.scoredIndex.length)} connections were not scored (dropped in preparation, e.g. conn-only without --keep-conn-only); they count as never flagged.`,
    );
  }
  const files = await reportEvaluations({ evaluations, beacon, warnings }, events, folder, {
    model: settings.model,
    data,
    keepConnOnly: settings.keepConnOnly ?? detector.params.keepConnOnly,
  });
  detector.dispose();
  return { result, connections, labels, evaluations, beacon, warnings, files };
}
