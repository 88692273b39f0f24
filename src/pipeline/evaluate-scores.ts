/**
 * `zeekseq evaluate --scores`: the evaluation of evaluation.ts for the one scorer that wrote a scores file
 * (infer --all, or infer --stream --all on data too large for memory), read back in chunks (read-scores.ts)
 * instead of scoring the logs again. Labels come from a labels CSV (uid and/or ip); a conn log's label columns
 * are not in the file.
 *
 * Without an acceptance rate the anomalies are the connections infer flagged (its `anomalous` column, at the
 * model's threshold), as `zeekseq evaluate` flags them at the model's acceptance rate; the exact threshold is not
 * in the file, so the interval reported is where it lies: above the highest score left unflagged, at most the
 * lowest flagged. With a rate the threshold is the quantile of the file's own scores (scoreQuantiles). Hosts are
 * IP addresses: DHCP identities are not in the file either.
 */
import type { AlignedLabels } from '../detect/labels.js';
import { readLabels } from '../detect/labels.js';
import type { HostSide } from '../detect/notables.js';
import { pointInterval, type ThresholdInterval } from '../detect/threshold-bootstrap.js';
import { ZeekseqError } from '../util/errors.js';
import { EventStream } from '../util/events.js';
import { prepareOutputFolder } from '../util/output-folder.js';
import { measureOutcome, reportEvaluations, type ScorerEvaluation } from './scorer-evaluation.js';
import { scoreQuantiles, scoresAbove, summarizeScores } from './read-scores.js';
import { typedFrom } from '../util/typed-from.js';

/** The name a scores file's scorer goes by in evaluations and sweeps: the file does not say which scorer wrote it. */
export const SCORES_SCORER = 'scores';

/** Why --zeek-labels cannot be used with a scores file. */
export const ZEEK_LABELS_NEED_LOGS =
  '--zeek-labels reads the label columns of the conn log, which a scores file does not carry; give --labels FILE (uid and/or ip columns), or use --model and --data on the labeled logs.';

export interface ScoresEvaluationSettings {
  /** A scores file written by infer --all. */
  scores: string;
  /** A labels CSV (uid and/or ip columns). */
  labels?: string;
  /** Refused with a reason: the conn log is not in a scores file. */
  zeekLabels?: boolean;
  /** Also write evaluation.csv and evaluation.json here. */
  output?: string;
  events?: EventStream;
  /** The threshold as the quantile of the file's scores at this rate (default: the connections infer flagged). */
  acceptanceRate?: number;
  /** Notable window in seconds (default 3600), anomalies needed (default 3), host side (default orig). */
  window?: number;
  minCount?: number;
  host?: HostSide;
  watchIps?: readonly string[];
  /** Rows read at a time (default SCORES_CHUNK_ROWS). */
  chunkRows?: number;
}

export interface ScoresEvaluationRun {
  /** Connections (rows) in the file, and their originating hosts. */
  connections: number;
  hosts: number;
  labels: AlignedLabels | undefined;
  evaluations: ScorerEvaluation[];
  warnings: string[];
  files: string[];
}

/** The threshold infer applied, as far as flags show it: above the highest unflagged score, at most the lowest flagged. */
function flaggedInterval(scores: Float64Array, flagged: Uint8Array): ThresholdInterval {
  let unflagged = -Infinity;
  let lowestFlagged = Infinity;
  let above = 0;
  for (let c = 0; c < scores.length; c++) {
    if (flagged[c]) {
      above++;
      lowestFlagged = Math.min(lowestFlagged, scores[c]);
    } else unflagged = Math.max(unflagged, scores[c]);
  }
  const point = { threshold: unflagged, acceptanceRate: above / scores.length, above, total: scores.length };
  return { ...pointInterval(point), upper: lowestFlagged };
}

export async function evaluateScoresFile(settings: ScoresEvaluationSettings): Promise<ScoresEvaluationRun> {
  const events = settings.events ?? new EventStream();
  if (settings.zeekLabels) throw new ZeekseqError(ZEEK_LABELS_NEED_LOGS);
  const folder = settings.output
    ? await prepareOutputFolder(settings.output, { command: 'evaluate', events })
    : undefined;
  const labels = settings.labels ? await readLabels(settings.labels) : undefined;
  const rate = settings.acceptanceRate;
  const read = { chunkRows: settings.chunkRows, events };
  const summary = await summarizeScores(settings.scores, { ...read, labels, anomalous: rate === undefined });
  const { scores } = summary;
  let threshold: ThresholdInterval;
  let flagged: Uint8Array;
  let anomalies = summary.anomalies;
  if (rate === undefined) {
    flagged = summary.anomalous!;
    threshold = flaggedInterval(scores, flagged);
  } else {
    threshold = scoreQuantiles(scores)(rate);
    const cut = threshold.point.threshold;
    flagged = typedFrom(Uint8Array, scores, (s) => (s > cut ? 1 : 0));
    anomalies = await scoresAbove(settings.scores, cut, read);
  }
  const evaluation = measureOutcome(
    { name: SCORES_SCORER, threshold, scores, flagged, byHost: summary.byHost, anomalies },
    summary.labels,
    settings,
  );
  const warnings = [...(summary.labels?.warnings ?? [])];
  const files = await reportEvaluations({ evaluations: [evaluation], warnings }, events, folder, {
    scores: settings.scores,
    acceptanceRate: rate ?? 'as infer flagged (the anomalous column)',
  });
  return {
    connections: scores.length,
    hosts: summary.byHost.size,
    labels: summary.labels,
    evaluations: [evaluation],
    warnings,
    files,
  };
}
