/**
 * `zeekseq sweep --scores`: the sweep of sweep.ts over a scores file that infer --all wrote, read back in chunks
 * (read-scores.ts) instead of scoring the logs again. The threshold at each acceptance rate is the quantile of the
 * file's own scores (scoreQuantiles; the model's threshold split is not in the file, so there is no bootstrap
 * interval); notables come from the file's hosts and times (hosts are IP addresses: DHCP identities are not in
 * the file). The file is read twice: for the scores, labels and days, then for the anomalies at the lowest
 * threshold swept, of which every other rate's anomalies are a part.
 */
import { readLabels } from '../detect/labels.js';
import type { Anomaly } from '../detect/notables.js';
import { type SweepOptions, sweepData, sweepSettings } from '../detect/sweep.js';
import type { ThresholdInterval } from '../detect/threshold-bootstrap.js';
import { ZeekseqError } from '../util/errors.js';
import { EventStream } from '../util/events.js';
import { prepareOutputFolder } from '../util/output-folder.js';
import { SCORES_SCORER, ZEEK_LABELS_NEED_LOGS } from './evaluate-scores.js';
import { scoreQuantiles, scoresAbove, summarizeScores } from './read-scores.js';
import type { SweepRun } from './sweep.js';
import { recordSweep, writeSweepOutputs } from './sweep-report.js';

export interface ScoresSweepSettings extends Omit<SweepOptions, 'labels' | 'resolver' | 'bootstrap'> {
  /** A scores file written by infer --all. */
  scores: string;
  output: string;
  /** A labels CSV (uid and/or ip columns). */
  labels?: string;
  /** Refused with a reason: the conn log is not in a scores file. */
  zeekLabels?: boolean;
  /** Rows read at a time (default SCORES_CHUNK_ROWS). */
  chunkRows?: number;
  events?: EventStream;
}

/** A sweep run of a scores file: as SweepRun, its scorer named SCORES_SCORER. */
export type ScoresSweepRun = Omit<SweepRun, 'scorer'> & { scorer: string };

export async function sweepScoresFile(settings: ScoresSweepSettings): Promise<ScoresSweepRun> {
  const events = settings.events ?? new EventStream();
  if (settings.zeekLabels) throw new ZeekseqError(ZEEK_LABELS_NEED_LOGS);
  // before reading: a bad rate, window or count is said at once, not after two passes over a large file
  const { rates } = sweepSettings({ ...settings, labels: undefined });
  const folder = await prepareOutputFolder(settings.output, { command: 'sweep', events });
  const labels = settings.labels ? await readLabels(settings.labels) : undefined;
  const read = { chunkRows: settings.chunkRows, events };
  const summary = await summarizeScores(settings.scores, { ...read, labels });
  for (const warning of summary.labels?.warnings ?? []) events.warn(warning);
  const quantile = scoreQuantiles(summary.scores);
  const thresholds = new Map<number, ThresholdInterval>(rates.map((rate) => [rate, quantile(rate)]));
  const lowest = Math.min(...[...thresholds.values()].map((t) => t.point.threshold));
  const candidates: Anomaly[] = await scoresAbove(settings.scores, lowest, read);
  const result = sweepData(
    {
      scorer: SCORES_SCORER,
      scores: summary.scores,
      span: summary.span,
      origins: new Set(summary.byHost.keys()),
      thresholdAt: (rate) => thresholds.get(rate) ?? quantile(rate),
      anomaliesAbove: (threshold) => candidates.filter((a) => a.score > threshold),
    },
    {
      acceptanceRates: settings.acceptanceRates,
      windows: settings.windows,
      minCounts: settings.minCounts,
      host: settings.host,
      budget: settings.budget,
      watchIps: settings.watchIps,
      labels: summary.labels,
    },
  );
  recordSweep(result, events, summary.labels !== undefined);
  const labelled = summary.labels;
  const written = await writeSweepOutputs(result, settings.output, {
    budget: settings.budget,
    summary: {
      scores: settings.scores,
      thresholds: 'quantiles of the scores in the file (no threshold split, no bootstrap)',
      labels: labelled
        ? { source: labelled.source, hosts: Object.fromEntries(labelled.hosts), missingUids: labelled.missingUids }
        : null,
    },
  });
  await folder.finish(written.files);
  for (const file of written.files) events.artifact(file, 'sweep');
  return {
    result,
    scorer: SCORES_SCORER,
    connections: summary.scores.length,
    labeled: labelled !== undefined,
    files: written.files,
  };
}
