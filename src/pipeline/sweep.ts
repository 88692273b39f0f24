/**
 * `zeekseq sweep` as one call: score the data once with a saved Detector (its own scorer or one of its saved
 * baselines), evaluate every acceptance rate × window × min count (detect/sweep.ts), recommend a setting, and write
 * sweep.csv, summary.json and the charts (sweep-report.ts).
 */
import { sweep, type SweepOptions, type SweepResult } from '../detect/sweep.js';
import type { ScorerName } from '../model/scorer.js';
import type { TransformerScorerParams } from '../model/transformer-scorer.js';
import { EventStream } from '../util/events.js';
import { readZeekDir } from '../zeek/read-dir.js';
import { Detector } from './detector.js';
import { type LabelSource, labelsFor } from './evaluation.js';
import { prepareOutputFolder } from '../util/output-folder.js';
import { evaluationConnections, evaluationScorers } from './scorers.js';
import { recordSweep, writeSweepOutputs } from './sweep-report.js';

export interface SweepSettings extends LabelSource, Omit<SweepOptions, 'labels' | 'resolver' | 'bootstrap'> {
  data: string | readonly string[];
  model: string;
  output: string;
  /** Which of the Detector's scorers (default its own). */
  scorer?: ScorerName;
  keepConnOnly?: boolean;
  runtime?: Partial<Pick<TransformerScorerParams, 'workers' | 'backend'>>;
  events?: EventStream;
}

export interface SweepRun {
  result: SweepResult;
  scorer: ScorerName;
  connections: number;
  labeled: boolean;
  files: string[];
}

export async function sweepToFiles(settings: SweepSettings): Promise<SweepRun> {
  const events = settings.events ?? new EventStream();
  const data = typeof settings.data === 'string' ? [settings.data] : [...settings.data];
  const folder = await prepareOutputFolder(settings.output, { command: 'sweep', data, events });
  const detector = await Detector.load(settings.model, { events, runtime: settings.runtime });
  const name = settings.scorer ?? detector.params.scorer;
  detector.scorer(name);
  const raw = await readZeekDir(data, { require: ['conn'], events });
  const detection = await detector.detect(raw, { keepConnOnly: settings.keepConnOnly });
  const connections = evaluationConnections(detection);
  const [scorer] = await evaluationScorers(detector, detection, connections, [name]);
  const labels = await labelsFor(detection, connections, settings);
  for (const warning of labels?.warnings ?? []) events.warn(warning);
  const result = sweep(connections.table, scorer, {
    acceptanceRates: settings.acceptanceRates,
    windows: settings.windows,
    minCounts: settings.minCounts,
    host: settings.host ?? detector.params.notables.host,
    budget: settings.budget,
    watchIps: settings.watchIps,
    labels,
    resolver: detection.resolver,
    bootstrap: { seed: detector.params.seed },
  });
  recordSweep(result, events, labels !== undefined);
  const written = await writeSweepOutputs(result, settings.output, {
    budget: settings.budget,
    summary: {
      model: settings.model,
      data,
      keepConnOnly: settings.keepConnOnly ?? detector.params.keepConnOnly,
      labels: labels
        ? { source: labels.source, hosts: Object.fromEntries(labels.hosts), missingUids: labels.missingUids }
        : null,
    },
  });
  await folder.finish(written.files);
  for (const file of written.files) events.artifact(file, 'sweep');
  detector.dispose();
  return {
    result,
    scorer: name,
    connections: connections.table.uids.length,
    labeled: labels !== undefined,
    files: written.files,
  };
}
