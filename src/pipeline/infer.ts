/**
 * `zeekseq infer` as one call: load a Detector, read and score the logs, raise notables, and write the output
 * files (outputs.ts); every read problem is summarised to the event stream and written to problems.csv.
 */
import type { HostResolver } from '../detect/host-identity.js';
import { type Anomaly, findNotables, type Notable, type NotableOptions } from '../detect/notables.js';
import type { TransformerScorerParams } from '../model/transformer-scorer.js';
import { definedOnly } from '../util/defined-only.js';
import { ZeekseqError } from '../util/errors.js';
import { EventStream } from '../util/events.js';
import { readZeekDir } from '../zeek/read-dir.js';
import { anomaliesOf, type Detection } from './detection.js';
import { Detector } from './detector.js';
import { prepareOutputFolder } from '../util/output-folder.js';
import { writeHostsCsv } from './hosts-output.js';
import type { OutputFormat } from './output-format.js';
import { fileKind, writeInferOutputs, type WrittenOutputs } from './outputs.js';

export interface InferSettings {
  data: string | readonly string[];
  model: string;
  output: string;
  /** Also write scores.csv with every connection. */
  all?: boolean;
  /** summarized_output, scores and notables as CSV (default) or Parquet. */
  format?: OutputFormat;
  /** Notable settings (default the Detector's). */
  notables?: Omit<NotableOptions, 'resolver'>;
  /** Keep conn-only connections (default as in training). */
  keepConnOnly?: boolean;
  /** Streaming only: conn rows per slice of a chunk (default DEFAULT_ROW_BUDGET). */
  rowBudget?: number;
  runtime?: Partial<Pick<TransformerScorerParams, 'workers' | 'backend'>>;
  events?: EventStream;
}

export interface InferSummary {
  detector: Detector;
  detection: Detection;
  notables: Notable[];
  written: WrittenOutputs;
}

/** Notables of a detection at the given settings (default the Detector's). */
export function detectionNotables(
  detector: Detector,
  detection: Detection,
  settings: Omit<NotableOptions, 'resolver'> = {},
): Notable[] {
  return raiseNotables(detector, anomaliesOf(detection), detection.resolver, settings);
}

/** Notables of anomalies (of one detection or of many chunks) at the given settings (default the Detector's). */
export function raiseNotables(
  detector: Detector,
  anomalies: readonly Anomaly[],
  resolver: HostResolver,
  settings: Omit<NotableOptions, 'resolver'> = {},
): Notable[] {
  // unset settings keep the Detector's (a CLI flag not given is undefined, not a choice)
  return findNotables(anomalies, { ...detector.params.notables, ...definedOnly(settings), resolver });
}

export async function inferToFiles(settings: InferSettings): Promise<InferSummary> {
  const events = settings.events ?? new EventStream();
  const data = typeof settings.data === 'string' ? [settings.data] : [...settings.data];
  if (data.length === 0) throw new ZeekseqError('infer: give at least one folder of Zeek logs (--data DIR).');
  const folder = await prepareOutputFolder(settings.output, { command: 'infer', data, events });
  const detector = await Detector.load(settings.model, { events, runtime: settings.runtime });
  const threshold = detector.threshold.point;
  events.info(
    `model ${settings.model}: ${detector.params.scorer} scorer, ${detector.tokenizer.vocabulary.size} tokens, seqLen ${detector.tokenizer.seqLen}, threshold ${threshold.threshold.toFixed(6)} (acceptance rate ${threshold.acceptanceRate})`,
  );
  const raw = await readZeekDir(data, { require: ['conn'], events });
  events.info(`read ${raw.origin}`);
  const detection = await detector.detect(raw, { keepConnOnly: settings.keepConnOnly });
  const notables = detectionNotables(detector, detection, settings.notables);
  events.metric('notables', notables.length);
  events.metric('notable_hosts', new Set(notables.map((n) => n.host)).size);
  const written = await writeInferOutputs(detection, notables, {
    output: settings.output,
    all: settings.all,
    format: settings.format,
    problems: raw.problems,
    events,
  });
  written.files.push((await writeHostsCsv(settings.output, detection, notables)).file);
  await folder.finish(written.files);
  for (const file of written.files) events.artifact(file, fileKind(file));
  detector.dispose();
  return { detector, detection, notables, written };
}
