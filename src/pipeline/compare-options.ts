/**
 * Detection quality of the tokenizer's options side by side, as `zeekseq quality` runs it: one Detector per
 * option set (variant), each fitted on the same training logs and scored on the same logs, every scorer of each
 * (its own and the baselines) evaluated at connection and host level; beside them the beacon scorer alone and
 * the host priority of hosts.csv (notables, scores and beacon scores in one order) per variant and scorer.
 *
 * Labels as in `zeekseq evaluate`; `excludeLabels` values of the conn log's label column (e.g. Background) take
 * their connections out of the evaluation, not out of the scored logs.
 */
import { writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import * as aq from 'arquero';
import { type BeaconOptions, beaconScores } from '../detect/beacon.js';
import type { AlignedLabels } from '../detect/labels.js';
import type { HostSide } from '../detect/notables.js';
import { ZeekseqError } from '../util/errors.js';
import { EventStream } from '../util/events.js';
import type { ZeekDataset } from '../zeek/dataset.js';
import { columnValues } from '../zeek/log-rows.js';
import { readZeekDir } from '../zeek/read-dir.js';
import { Detector } from './detector.js';
import type { DetectorParamsInput } from './detector-params.js';
import { definedOnly } from '../util/defined-only.js';
import { evaluateScorer, type LabelSource, labelsFor } from './evaluation.js';
import type { ScorerEvaluation } from './scorer-evaluation.js';
import { beaconInputOf } from './hosts-output.js';
import { QUALITY_VARIANTS } from './quality-variants.js';
import { type BeaconRanking, beaconRanking, type HostRanking, priorityContext } from './host-ranking.js';
import { type EvaluationConnections, evaluationConnections, evaluationScorers } from './scorers.js';

export interface CompareOptionsSettings extends LabelSource {
  /** Logs to train on (e.g. a day, with excludeLabels in `params`). */
  train: readonly string[];
  /** Logs to score and evaluate. */
  data: readonly string[];
  /** Base parameters of every Detector (scorer, baselines, acceptance rate, keepConnOnly, exclusions, ...). */
  params?: DetectorParamsInput;
  /** Names from QUALITY_VARIANTS (default all of them). */
  variants?: readonly string[];
  /** Values of the conn log's label column whose connections are left out of the evaluation (e.g. Background). */
  excludeLabels?: readonly string[];
  /** Notable settings (default each Detector's). */
  window?: number;
  minCount?: number;
  host?: HostSide;
  /** Hosts whose rank (by connection score, by host priority, by beacon score) is reported. */
  watchIps?: readonly string[];
  beacon?: BeaconOptions;
  beaconCut?: number;
  /** Also write quality.csv and quality.json here. */
  output?: string;
  events?: EventStream;
}

export interface QualityRow {
  variant: string;
  vocabularySize: number;
  evaluation: ScorerEvaluation;
  /** Hosts with notables that are not labelled malicious (with labels). */
  otherHosts: number | null;
  /** The host priority of hosts.csv with this scorer's anomalies and notables. */
  priority: HostRanking;
}

export interface QualityResult {
  rows: QualityRow[];
  /** Hosts ranked by their best beacon score alone. */
  beacon: BeaconRanking;
  connections: number;
  positives: number | null;
  warnings: string[];
  files: string[];
}

/** The evaluation connections without those whose raw label is one of `values`. */
function withoutLabels(
  connections: EvaluationConnections,
  rawConn: aq.ColumnTable,
  values: readonly string[],
): EvaluationConnections {
  if (values.length === 0) return connections;
  if (rawConn.columnIndex('label') < 0) {
    throw new ZeekseqError(
      `leaving labels ${values.join(', ')} out of the evaluation: the conn log has no label column; drop --exclude-eval-labels or give a labeled capture.`,
    );
  }
  const uid = columnValues(rawConn, 'uid') as ArrayLike<string | null>;
  const label = columnValues(rawConn, 'label') as ArrayLike<string | null>;
  const left = new Set(values);
  const out = new Set<string>();
  for (let row = 0; row < rawConn.numRows(); row++) {
    const u = uid[row];
    if (u !== null && label[row] !== null && left.has(label[row]!)) out.add(u);
  }
  const keep: number[] = [];
  connections.table.uids.forEach((u, c) => !out.has(u) && keep.push(c));
  const pick = <T>(values: ArrayLike<T>) => keep.map((c) => values[c]);
  const { table } = connections;
  return {
    table: {
      uids: pick(table.uids),
      ts: Float64Array.from(pick(table.ts)),
      origHosts: pick(table.origHosts),
      respHosts: pick(table.respHosts),
    },
    scoredIndex: Int32Array.from(pick(connections.scoredIndex)),
  };
}

export async function compareOptions(settings: CompareOptionsSettings): Promise<QualityResult> {
  const events = settings.events ?? new EventStream();
  const names = [...(settings.variants ?? Object.keys(QUALITY_VARIANTS))];
  const unknown = names.filter((name) => !(name in QUALITY_VARIANTS));
  if (unknown.length > 0 || names.length === 0) {
    throw new ZeekseqError(
      `quality: unknown variants ${unknown.join(', ') || '(none given)'}; use some of ${Object.keys(QUALITY_VARIANTS).join(', ')}.`,
    );
  }
  const trainData: ZeekDataset = await readZeekDir([...settings.train], { require: ['conn'], events });
  const scoreData: ZeekDataset = await readZeekDir([...settings.data], { require: ['conn'], events });
  const watch = settings.watchIps ?? [];
  const base = settings.params ?? {};
  const rows: QualityRow[] = [];
  const warnings = new Set<string>();
  let labels: AlignedLabels | undefined;
  let connectionsCount = 0;
  // every variant scores the same conn log, so its beacon rows are computed once
  const beacons = beaconScores(beaconInputOf(scoreData.log('conn')), settings.beacon);
  for (const variant of names) {
    events.info(`variant ${variant}: fitting`);
    const detector = new Detector({ ...base, tokenizer: { ...base.tokenizer, ...QUALITY_VARIANTS[variant] } }, events);
    await detector.fit(trainData);
    const result = await detector.detect(scoreData);
    const connections = withoutLabels(evaluationConnections(result), result.rawConn, settings.excludeLabels ?? []);
    connectionsCount = connections.table.uids.length;
    labels = await labelsFor(result, connections, settings);
    for (const warning of labels?.warnings ?? []) warnings.add(warning);
    const notableSettings = definedOnly({ window: settings.window, minCount: settings.minCount, host: settings.host });
    const context = priorityContext(result, connections, beacons.rows);
    for (const scorer of await evaluationScorers(detector, result, connections)) {
      const { priority, ...evaluation } = evaluateScorer(
        connections,
        scorer,
        labels,
        {
          ...detector.params.notables,
          ...notableSettings,
          acceptanceRate: detector.params.acceptanceRate,
          watchIps: watch,
          bootstrap: { seed: detector.params.seed },
        },
        result.resolver,
        { context, beaconCut: settings.beaconCut, watchIps: watch },
      );
      const host = evaluation.metrics?.host;
      rows.push({
        variant,
        vocabularySize: detector.tokenizer.vocabulary.size,
        evaluation,
        otherHosts: host ? host.flagged - host.truePositives : null,
        // given a priority context, the evaluation ranks the hosts; the row keeps it apart, as quality.json has it
        priority: priority!,
      });
      events.metric(
        `${variant}.${scorer.name}.connection.averagePrecision`,
        evaluation.metrics?.connection.averagePrecision ?? NaN,
      );
      events.metric(`${variant}.${scorer.name}.connection.rocAuc`, evaluation.metrics?.connection.rocAuc ?? NaN);
    }
    detector.dispose();
  }
  const result: QualityResult = {
    rows,
    beacon: beaconRanking(beacons, labels, watch),
    connections: connectionsCount,
    positives: labels ? labels.connections.reduce((a, b) => a + b, 0) : null,
    warnings: [...warnings],
    files: [],
  };
  if (settings.output) {
    await mkdir(settings.output, { recursive: true });
    const csv = path.join(settings.output, 'quality.csv');
    const json = path.join(settings.output, 'quality.json');
    await writeFile(csv, aq.toCSV(qualityTable(result)));
    await writeFile(json, `${JSON.stringify({ train: settings.train, data: settings.data, ...result }, null, 2)}\n`);
    result.files.push(csv, json);
    for (const file of result.files) events.artifact(file, 'quality');
  }
  return result;
}

const r4 = (x: number) => (Number.isFinite(x) ? Math.round(x * 1e4) / 1e4 : x);

/** One row per variant and scorer, then one for the beacon scorer alone (host-level columns only). */
export function qualityTable(result: QualityResult): aq.ColumnTable {
  const watched = Object.keys(result.beacon.watched);
  const lines = result.rows.map((row) => {
    const m = row.evaluation.metrics;
    const line: Record<string, unknown> = {
      variant: row.variant,
      scorer: row.evaluation.scorer,
      words: row.vocabularySize,
      connection_ap: r4(m?.connection.averagePrecision ?? NaN),
      connection_roc_auc: r4(m?.connection.rocAuc ?? NaN),
      connection_precision: r4(m?.connection.precision ?? NaN),
      connection_recall: r4(m?.connection.recall ?? NaN),
      notables: row.evaluation.notables,
      notable_hosts: row.evaluation.hostsWithNotables,
      host_recall: r4(m?.host.recall ?? NaN),
      other_hosts: row.otherHosts,
      priority_ap: r4(row.priority.averagePrecision),
      priority_roc_auc: r4(row.priority.rocAuc),
      priority_others_above: row.priority.othersAbove,
    };
    for (const ip of watched) line[`priority_rank_${ip}`] = row.priority.watched[ip];
    return line;
  });
  const beaconLine: Record<string, unknown> = {
    variant: '-',
    scorer: 'beacon',
    words: NaN,
    connection_ap: NaN,
    connection_roc_auc: NaN,
    connection_precision: NaN,
    connection_recall: NaN,
    notables: NaN,
    notable_hosts: NaN,
    host_recall: NaN,
    other_hosts: null,
    priority_ap: r4(result.beacon.averagePrecision),
    priority_roc_auc: r4(result.beacon.rocAuc),
    priority_others_above: result.beacon.othersAbove,
  };
  for (const ip of watched) beaconLine[`priority_rank_${ip}`] = result.beacon.watched[ip];
  return aq.from([...lines, beaconLine]);
}
