/**
 * Inference, as the original's inference.py: apply the saved cleaners, clusters and vocabulary to new logs,
 * score every connection with the saved transformer, and flag those above the saved threshold. The result stays
 * in memory (for notebooks and sweeps); outputs.ts writes it to files.
 */
import type { ColumnTable } from 'arquero';
import { HostResolver, leasesFromDhcp } from '../detect/host-identity.js';
import type { Anomaly } from '../detect/notables.js';
import type { Threshold } from '../detect/threshold.js';
import { loadTransformer } from '../model/model-dir.js';
import { scoreRows, type TransformerScores } from '../model/score.js';
import { chooseBackend, type BackendName } from '../model/backend.js';
import { Tokenizer, type Tokenized, type TokenizerJSON } from '../sequence/tokenizer.js';
import { PAD, SEP } from '../sequence/vocabulary.js';
import type { ZeekDataset } from '../zeek/dataset.js';
import { columnValues } from '../zeek/log-rows.js';
import { readZeekDir } from '../zeek/read-dir.js';
import { prepareForModel, type PrepareSettings, type TrainingRecord } from './train.js';

export interface InferSettings extends PrepareSettings {
  /** Folder(s) of Zeek logs to score, read as one dataset. */
  data: string | readonly string[];
  model: string;
  backend?: BackendName | 'auto';
  workers?: number;
  log?: (line: string) => void;
}

export interface InferResult {
  /** The conn log as read, before preparation (evaluation counts labeled connections that preparation dropped). */
  rawConn: ColumnTable;
  /** The prepared logs that were scored. */
  dataset: ZeekDataset;
  tokenizer: Tokenizer;
  tokenized: Tokenized;
  scores: TransformerScores;
  /** Score per connection, in conn order. */
  connectionScores: Float64Array;
  threshold: Threshold;
  training: TrainingRecord;
  /** Maps addresses to hosts over time (DHCP leases of the scored data, if any). */
  resolver: HostResolver;
}

/** Loads a model directory: the transformer, the tokenizer and the threshold (on the chosen backend). */
export async function loadModel(modelDir: string, backend: BackendName | 'auto' = 'auto') {
  await chooseBackend({ backend });
  const { model, dir } = await loadTransformer(modelDir, ['tokenizer', 'threshold', 'training']);
  return {
    model,
    tokenizer: Tokenizer.fromJSON(dir.json<TokenizerJSON>('tokenizer')),
    threshold: dir.json<Threshold>('threshold'),
    training: dir.json<TrainingRecord>('training'),
  };
}

export async function inferPipeline(settings: InferSettings): Promise<InferResult> {
  const log = settings.log ?? (() => {});
  const { model, tokenizer, threshold, training } = await loadModel(settings.model, settings.backend);
  log(
    `model ${settings.model}: ${tokenizer.vocabulary.size} tokens, seqLen ${tokenizer.seqLen}, threshold ${threshold.threshold.toFixed(6)} (acceptance rate ${threshold.acceptanceRate})`,
  );
  const raw = await readZeekDir(settings.data, { require: ['conn'] });
  log(`read ${raw.origin}`);
  const dataset = prepareForModel(raw, settings);
  const tokenized = tokenizer.transform(dataset);
  if (tokenized.unseenLogTypes.length > 0) {
    log(`log types training never saw, scored as [UNK]: ${tokenized.unseenLogTypes.join(', ')}`);
  }
  const { sequences } = tokenized;
  log(
    `${sequences.uids.length.toLocaleString('en-US')} connections, ${sequences.counts.length.toLocaleString('en-US')} distinct sequences`,
  );
  const scores = await scoreRows(model, sequences, { workers: settings.workers, backend: settings.backend });
  model.dispose();
  const connectionScores = Float64Array.from(sequences.distinctOf, (d) => scores.score[d]);
  const dhcp = dataset.has('dhcp') ? leasesFromDhcp(dataset.log('dhcp')) : [];
  return {
    rawConn: raw.log('conn'),
    dataset,
    tokenizer,
    tokenized,
    scores,
    connectionScores,
    threshold,
    training,
    resolver: new HostResolver(dhcp),
  };
}

/** Connections scoring above a threshold (default the model's), as anomalies for notables. */
export function anomaliesOf(result: InferResult, threshold = result.threshold.threshold): Anomaly[] {
  const conn = result.dataset.log('conn');
  const ts = columnValues(conn, 'ts') as ArrayLike<number>;
  const orig = columnValues(conn, 'id.orig_h') as ArrayLike<string>;
  const resp = columnValues(conn, 'id.resp_h') as ArrayLike<string>;
  const anomalies: Anomaly[] = [];
  result.connectionScores.forEach((score, c) => {
    if (score > threshold) {
      anomalies.push({
        uid: result.tokenized.sequences.uids[c],
        ts: ts[c],
        origHost: orig[c],
        respHost: resp[c],
        score,
        sequence: sequenceText(result, c),
      });
    }
  });
  return anomalies;
}

/** Number of event tokens in a distinct row (between CLS and SEP/PAD). */
export function eventCount(result: InferResult, distinct: number): number {
  const { seqLen, distinct: rows } = result.tokenized.sequences;
  let n = 0;
  while (n + 1 < seqLen && rows[distinct * seqLen + n + 1] !== SEP && rows[distinct * seqLen + n + 1] !== PAD) n++;
  return n;
}

/** A connection's event tokens as names, space-separated. */
export function sequenceText(result: InferResult, connection: number): string {
  const { seqLen, distinct, distinctOf } = result.tokenized.sequences;
  const d = distinctOf[connection];
  const names: string[] = [];
  for (let k = 1; k <= eventCount(result, d); k++)
    names.push(result.tokenizer.vocabulary.name(distinct[d * seqLen + k]));
  return names.join(' ');
}

/** Per-event anomaly (1 - p) of a connection's event tokens, and the model's top expected tokens there. */
export function tokenDetail(result: InferResult, connection: number): { tokenScores: number[]; expected: string[][] } {
  const { seqLen, distinctOf } = result.tokenized.sequences;
  const { tokenAnomaly, expected, topK } = result.scores;
  const positions = seqLen - 1;
  const d = distinctOf[connection];
  const tokenScores: number[] = [];
  const expectedNames: string[][] = [];
  for (let k = 0; k < eventCount(result, d); k++) {
    tokenScores.push(tokenAnomaly[d * positions + k]);
    const names: string[] = [];
    for (let j = 0; j < topK; j++) {
      const id = expected[(d * positions + k) * topK + j];
      if (id >= 0) names.push(result.tokenizer.vocabulary.name(id));
    }
    expectedNames.push(names);
  }
  return { tokenScores, expected: expectedNames };
}

/** The rows of one log type that belong to the given connections, with each event's token anomaly. */
export function eventRows(
  result: InferResult,
  logType: string,
  connections: ReadonlySet<string>,
): {
  table: ColumnTable;
  rows: Uint32Array;
  connectionScore: Float64Array;
  eventScore: Float64Array;
  uids: string[];
} | null {
  const index = result.tokenized.events.findIndex((e) => e.logType === logType);
  if (index < 0) return null;
  const events = result.tokenized.events[index];
  const positions = result.tokenized.sequences.eventPositions[index];
  const { seqLen, uids, distinctOf } = result.tokenized.sequences;
  const connectionIndex = new Map<string, number>();
  uids.forEach((uid, c) => connectionIndex.set(uid, c));
  const rows: number[] = [];
  const connectionScore: number[] = [];
  const eventScore: number[] = [];
  const eventUids: string[] = [];
  for (let e = 0; e < events.tokens.length; e++) {
    const uid = events.uids[e];
    if (!connections.has(uid)) continue;
    const c = connectionIndex.get(uid)!;
    rows.push(events.sourceRows[e]);
    eventUids.push(uid);
    connectionScore.push(result.connectionScores[c]);
    const position = positions[e];
    eventScore.push(position > 0 ? result.scores.tokenAnomaly[distinctOf[c] * (seqLen - 1) + position - 1] : NaN);
  }
  return {
    table: result.dataset.log(logType),
    rows: Uint32Array.from(rows),
    connectionScore: Float64Array.from(connectionScore),
    eventScore: Float64Array.from(eventScore),
    uids: eventUids,
  };
}
