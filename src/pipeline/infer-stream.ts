/**
 * `zeekseq infer --stream`: infer.ts's work with memory bounded by a chunk of the logs rather than by all of
 * them. The folders are read a rotation interval at a time (readZeekChunks), a busy interval in slices of a row
 * budget of conn rows (read-slices.ts), each chunk's connections are joined
 * with their rows in the chunks beside theirs and scored (Detector.detectStream), and the output files grow chunk
 * by chunk (StreamedInferOutputs). What spans chunks is carried: the anomalies (few, by the acceptance rate),
 * from which notables are raised at the end, so that a host's slow activity over hours adds up as in one batch;
 * and the DHCP leases of every chunk, so that a host keeps its identity across address changes in other chunks.
 * On data where every connection's rows lie within one chunk of its conn row, the files hold the rows
 * `inferToFiles` writes (scores.csv and <log>.csv in chunk order, which is time order up to a chunk's edges).
 */
import { type DhcpLease, HostResolver, leasesFromDhcp } from '../detect/host-identity.js';
import type { Anomaly, Notable } from '../detect/notables.js';
import type { ThresholdInterval } from '../detect/threshold-bootstrap.js';
import { ZeekseqError } from '../util/errors.js';
import { prepareOutputFolder } from '../util/output-folder.js';
import { EventStream } from '../util/events.js';
import type { ZeekDataset } from '../zeek/dataset.js';
import type { DataProblem } from '../zeek/problems.js';
import { DEFAULT_ROW_BUDGET } from '../zeek/limits.js';
import { readZeekChunks } from '../zeek/read-chunks.js';
import { anomaliesOf } from './detection.js';
import { Detector } from './detector.js';
import { type InferSettings, raiseNotables } from './infer.js';
import { StreamedInferOutputs } from './stream-outputs.js';
import { fileKind, type WrittenOutputs } from './outputs.js';
import { formatCount } from '../util/format-count.js';

export interface StreamInferSummary {
  detector: Detector;
  /** Connections scored, over all chunks. */
  connections: number;
  /** Rows read in all logs. */
  rows: number;
  chunks: number;
  threshold: ThresholdInterval;
  /** Whether DHCP leases identified hosts. */
  usesDhcp: boolean;
  notables: Notable[];
  written: WrittenOutputs;
}

export async function inferStreamToFiles(settings: InferSettings): Promise<StreamInferSummary> {
  const events = settings.events ?? new EventStream();
  const data = typeof settings.data === 'string' ? [settings.data] : [...settings.data];
  if (data.length === 0) throw new ZeekseqError('infer: give at least one folder of Zeek logs (--data DIR).');
  const folder = await prepareOutputFolder(settings.output, { command: 'infer', data, events });
  const detector = await Detector.load(settings.model, { events, runtime: settings.runtime });
  const threshold = detector.threshold;
  events.info(
    `model ${settings.model}: ${detector.params.scorer} scorer, ${detector.tokenizer.vocabulary.size} tokens, seqLen ${detector.tokenizer.seqLen}, threshold ${threshold.point.threshold.toFixed(6)} (acceptance rate ${threshold.point.acceptanceRate})`,
  );
  const rowBudget = settings.rowBudget ?? DEFAULT_ROW_BUDGET;
  if (!Number.isInteger(rowBudget) || rowBudget < 1)
    throw new ZeekseqError(`infer: the row budget must be a whole number of rows >= 1, not ${rowBudget}.`);
  const reader = await readZeekChunks(data, { require: ['conn'], rowBudget });
  events.info(
    `reading ${reader.dir} in ${reader.chunks.length} chunks (one per folder and rotation interval), ${formatCount(rowBudget)} conn rows at most per slice`,
  );
  const leases: DhcpLease[] = [];
  const problems: DataProblem[] = [];
  let rows = 0;
  let slices = 0;
  const progress = events.progress(`scoring ${reader.dir} chunk by chunk`, reader.chunks.length, 'chunks');
  async function* chunks(): AsyncGenerator<ZeekDataset> {
    for await (const { dataset, chunk } of reader.read()) {
      if (dataset.has('dhcp')) leases.push(...leasesFromDhcp(dataset.log('dhcp')));
      problems.push(...dataset.problems);
      const sliceRows = Object.values(dataset.rowCounts()).reduce((a, b) => a + b, 0);
      rows += sliceRows;
      events.metric('slice_rows', sliceRows, slices++);
      progress.update(chunk, `${formatCount(rows)} rows read in ${slices} slices`);
      yield dataset;
    }
    progress.update(reader.chunks.length);
  }
  const outputs = new StreamedInferOutputs({
    output: settings.output,
    all: settings.all,
    format: settings.format,
    events,
  });
  const anomalies: Anomaly[] = [];
  let connections = 0;
  try {
    for await (const detection of detector.detectStream(chunks(), { keepConnOnly: settings.keepConnOnly })) {
      connections += detection.connectionScores.length;
      anomalies.push(...anomaliesOf(detection));
      await outputs.add(detection);
    }
  } finally {
    progress.stop();
  }
  events.info(
    `read ${formatCount(rows)} rows in ${reader.chunks.length} chunks (${slices} slices); scored ${formatCount(connections)} connections`,
  );
  // Sorted by time as one dhcp.log prepared whole would be (stable: equal times keep file order).
  const resolver = new HostResolver(leases.sort((a, b) => a.ts - b.ts));
  const notables = raiseNotables(detector, anomalies, resolver, settings.notables);
  events.metric('notables', notables.length);
  events.metric('notable_hosts', new Set(notables.map((n) => n.host)).size);
  const written = await outputs.finish(notables, problems);
  await folder.finish(written.files);
  for (const file of written.files) events.artifact(file, fileKind(file));
  detector.dispose();
  return {
    detector,
    connections,
    rows,
    chunks: reader.chunks.length,
    threshold,
    usesDhcp: resolver.usesDhcp,
    notables,
    written,
  };
}
