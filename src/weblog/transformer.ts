/**
 * The masked-token transformer on web sessions: the same request tokens and vocabulary as the Markov detector
 * (ids share the sequence models' special tokens), one row per session — CLS, the session's requests, SEP — and
 * tiers at quantiles of the scores of training sessions the weights did not learn from.
 *
 * Score: each position after CLS is masked alone (src/model/score.ts) and the session scores the mean surprisal
 * −log p of its requests and its end, in nats, like the Markov model's mean transition surprisal (scoreBy
 * 'surprisal', the default). The original's average of geometric means of p and 1 − p ('original') saturates
 * near 1 once a few requests have small p, so an unseen request (p ~ 1e-4) and a merely uncertain one (p ~ 0.05,
 * a favicon after an undertrained page) score alike; it ranked the mixed web set clearly worse (docs/results.md).
 *
 * Long sessions are truncated to their first seqLen − 1 requests, as the Zeek sequences are, rather than scored
 * as sliding windows with the maximum taken: one row per session keeps the transformer's own seeded split a split
 * of whole sessions, so the sessions it holds out for calibration are scored exactly as new ones are; windows
 * from the middle of a session would start with CLS where no session starts (a context training never showed),
 * and the maximum over many windows rises with a session's length alone, pushing long normal crawls up. At the
 * default seqLen 32 a session keeps up to 31 requests, all of about 99% of the sessions of the normal web log in
 * docs/results.md; what is cut is mostly scanners, whose first 31 requests are as unusual as the rest. An attack
 * that only starts after request 31 of one session is missed — the Markov model scores every transition.
 *
 * Calibration: the transformer trains on 70% of the sessions, stops early on 20% (validation) and leaves 10%
 * (threshold); the tiers are quantiles of the validation and threshold sessions' scores — 30% of the sessions,
 * the counterpart of the Markov model's leave-one-out training scores (a common session, such as a lone
 * `GET /`, has copies on both sides, as it will in new traffic). Validation only chose the epoch, and three
 * times the sessions make the upper quantiles steadier than the 10% alone.
 */
import type { TrainOptions, EpochReport } from '../model/train.js';
import { trainTransformer } from '../model/train.js';
import { scoreRows, type TransformerScores } from '../model/score.js';
import { loadTransformer, saveTransformer } from '../model/model-dir.js';
import { transformerConfig, type PresetName } from '../model/config.js';
import { rowsFromSequences } from '../model/token-rows.js';
import type { TransformerModel } from '../model/transformer.js';
import { weightedQuantile, type AlertTier, type TierThresholds } from '../model/markov.js';
import { chooseBackend, describeBackend } from '../model/backend.js';
import { SEP, UNK } from '../sequence/vocabulary.js';
import { ZeekseqError } from '../util/errors.js';
import { CanaryPaths } from './canary.js';
import type { SessionScore } from './detector.js';
import type { Session } from './sessions.js';
import {
  RequestVocabulary,
  requestToken,
  resolveTokenOptions,
  type RequestVocabularyJSON,
  type ResolvedTokenOptions,
  type TokenOptions,
} from './tokens.js';
import { DEFAULT_WEBLOG_SEQ_LEN } from './weblog-defaults.js';
import { typedFrom } from '../util/typed-from.js';

export { DEFAULT_WEBLOG_SEQ_LEN };
/** Fewest training sessions the 70/20/10 split leaves something of on every side. */
export const MIN_TRAINING_SESSIONS = 10;
/** How many of a session's least likely requests a scored session lists. */
export const TOKENS_SHOWN = 3;

export type TransformerScoreBy = 'surprisal' | 'original';

export type TransformerTrainOptions = Pick<
  TrainOptions,
  'epochs' | 'batchSize' | 'learningRate' | 'patience' | 'seed' | 'backend' | 'workers' | 'events'
>;

export interface WeblogTransformerOptions {
  tokens?: TokenOptions;
  /** Canary paths or globs: a session requesting one is HIGH (see CanaryPaths). */
  canary?: readonly string[];
  /** Positions per row, CLS and SEP included (default 32); longer sessions are truncated (module comment). */
  seqLen?: number;
  /** Model size (default tiny). */
  preset?: PresetName;
  /** Calibration-score quantiles above which a session is LOW, MEDIUM, HIGH (default 0.95, 0.99, 0.999). */
  tierQuantiles?: readonly [number, number, number];
  /** Session score: mean surprisal in nats (default) or the original's pseudo-likelihood score in [0, 1]. */
  scoreBy?: TransformerScoreBy;
  training?: TransformerTrainOptions;
}

/** What training did, for the run summary and the saved model directory. */
export interface WeblogTransformerTraining {
  sessions: number;
  /** Distinct token rows the sessions make. */
  distinctRows: number;
  /** Training sessions with more than seqLen − 1 requests, of which only the first seqLen − 1 were used. */
  truncated: number;
  /** Sessions in the transformer's own train / validation / threshold parts. */
  split: { train: number; validation: number; threshold: number };
  /** Sessions whose scores set the tiers (validation and threshold parts). */
  calibrationSessions: number;
  history: EpochReport[];
  bestEpoch: number;
  stoppedEarly: boolean;
  backend: string;
  seconds: number;
}

/** The saved model directory's `weblog` part: everything but the weights. */
export interface WeblogTransformerJSON {
  format: 'zeekseq-weblog-transformer';
  version: 1;
  tokens: ResolvedTokenOptions;
  canary: string[];
  tierQuantiles: [number, number, number];
  scoreBy: TransformerScoreBy;
  thresholds: TierThresholds;
  vocabulary: RequestVocabularyJSON;
  training: WeblogTransformerTraining;
}

interface Fitted {
  vocabulary: RequestVocabulary;
  model: TransformerModel;
  thresholds: TierThresholds;
  training: WeblogTransformerTraining;
}

function checkQuantiles(q: readonly number[]): [number, number, number] {
  if (q.length !== 3 || !q.every((x) => x >= 0 && x <= 1) || !(q[0] <= q[1] && q[1] <= q[2])) {
    throw new ZeekseqError(
      `weblog transformer: tierQuantiles must be three numbers 0 <= low <= medium <= high <= 1, got [${q.join(', ')}].`,
    );
  }
  return [q[0], q[1], q[2]];
}

export class WeblogTransformer {
  readonly tokenOptions: ResolvedTokenOptions;
  readonly canary: CanaryPaths;
  readonly seqLen: number;
  readonly tierQuantiles: [number, number, number];
  readonly scoreBy: TransformerScoreBy;
  private readonly preset: PresetName | undefined;
  private readonly trainOptions: TransformerTrainOptions;
  private fitted: Fitted | null = null;

  constructor(options: WeblogTransformerOptions = {}) {
    this.tokenOptions = resolveTokenOptions(options.tokens);
    this.canary = new CanaryPaths(options.canary ?? []);
    this.seqLen = options.seqLen ?? DEFAULT_WEBLOG_SEQ_LEN;
    // CLS, one request and SEP at the least.
    if (!(Number.isInteger(this.seqLen) && this.seqLen >= 3)) {
      throw new ZeekseqError(
        `weblog transformer: seqLen must be a whole number >= 3 (CLS, a request, SEP), got ${this.seqLen}.`,
      );
    }
    this.tierQuantiles = checkQuantiles(options.tierQuantiles ?? [0.95, 0.99, 0.999]);
    this.scoreBy = options.scoreBy ?? 'surprisal';
    if (this.scoreBy !== 'surprisal' && this.scoreBy !== 'original') {
      throw new ZeekseqError(`weblog transformer: scoreBy must be 'surprisal' or 'original', got '${this.scoreBy}'.`);
    }
    this.preset = options.preset;
    this.trainOptions = { ...options.training };
  }

  get vocabulary(): RequestVocabulary {
    return this.state().vocabulary;
  }

  get model(): TransformerModel {
    return this.state().model;
  }

  get thresholds(): TierThresholds {
    return { ...this.state().thresholds };
  }

  get training(): WeblogTransformerTraining {
    return this.state().training;
  }

  /** Learns the vocabulary, trains the transformer and sets the tiers from the held-out sessions' scores. */
  async fit(sessions: readonly Session[]): Promise<this> {
    if (sessions.length < MIN_TRAINING_SESSIONS) {
      throw new ZeekseqError(
        `weblog: the transformer needs at least ${MIN_TRAINING_SESSIONS} training sessions (70% to train on, 20% to stop early, 10% with them to set the tiers), got ${sessions.length}; give more --train logs or use --model markov.`,
      );
    }
    const started = performance.now();
    const strings = sessions.map((session) => this.tokenStrings(session));
    const vocabulary = RequestVocabulary.fit(strings.flat(), this.tokenOptions.minCount);
    // Equal sessions are one row with a count: the transformer's split and batches still see every session.
    const rowOf = new Map<string, number>();
    const sequences: Int32Array[] = [];
    const counts: number[] = [];
    for (const tokens of strings) {
      const sequence = this.rowTokens(tokens, vocabulary);
      const key = sequence.join(',');
      const row = rowOf.get(key);
      if (row === undefined) {
        rowOf.set(key, sequences.length);
        sequences.push(sequence);
        counts.push(1);
      } else counts[row]++;
    }
    const config = transformerConfig({ vocabSize: vocabulary.size, seqLen: this.seqLen, preset: this.preset });
    const rows = rowsFromSequences(sequences, this.seqLen, counts);
    const trained = await trainTransformer(rows, config, this.trainOptions);
    const { validation, threshold } = trained.split;
    const held = [...validation.rows, ...threshold.rows];
    const heldCounts = [...validation.counts, ...threshold.counts];
    let thresholds: TierThresholds;
    try {
      const { score } = await this.scoreSequences(
        trained.model,
        held.map((r) => sequences[r]),
        0,
      );
      const [qLow, qMedium, qHigh] = this.tierQuantiles;
      thresholds = {
        low: weightedQuantile(score, heldCounts, qLow),
        medium: weightedQuantile(score, heldCounts, qMedium),
        high: weightedQuantile(score, heldCounts, qHigh),
      };
    } catch (error) {
      trained.model.dispose();
      throw error;
    }
    this.fitted?.model.dispose();
    this.fitted = {
      vocabulary,
      model: trained.model,
      thresholds,
      training: {
        sessions: sessions.length,
        distinctRows: sequences.length,
        truncated: strings.filter((tokens) => tokens.length > this.seqLen - 1).length,
        split: {
          train: trained.split.train.connections,
          validation: validation.connections,
          threshold: threshold.connections,
        },
        calibrationSessions: validation.connections + threshold.connections,
        history: trained.history,
        bestEpoch: trained.bestEpoch,
        stoppedEarly: trained.stoppedEarly,
        backend: describeBackend(trained.backend),
        seconds: (performance.now() - started) / 1000,
      },
    };
    return this;
  }

  /** Scores sessions: pseudo-likelihood score and tier, canary hits, and the least likely requests. */
  async score(sessions: readonly Session[]): Promise<SessionScore[]> {
    const { vocabulary, model, thresholds } = this.state();
    if (sessions.length === 0) return [];
    const strings = sessions.map((session) => this.tokenStrings(session));
    const sequences = strings.map((tokens) => this.rowTokens(tokens, vocabulary));
    const { scored, score: scores } = await this.scoreSequences(model, sequences, 1);
    const positions = this.seqLen - 1;
    return sessions.map((session, i) => {
      const score = scores[i];
      const modelTier = tierOf(score, thresholds);
      const canaryHits = this.canary.hits(session.records);
      const tokens = strings[i];
      const used = sequences[i].length;
      // Positions 1..used are the requests, used + 1 the SEP when it fits.
      const last = used < positions ? used + 1 : used;
      const named = (k: number, id: number): string =>
        k > used ? '<end>' : id === UNK ? `${tokens[k - 1]} [UNK]` : tokens[k - 1];
      const entries = [];
      for (let k = 1; k <= last; k++) {
        const p = 1 - scored.tokenAnomaly[i * positions + k - 1];
        const expected = scored.expected[i * positions + k - 1];
        const id = k > used ? SEP : sequences[i][k - 1];
        const guess =
          expected === id
            ? ''
            : `; expected ${expected === SEP ? '<end>' : vocabulary.tokenOf(expected)} ${scored.expectedProbability[i * positions + k - 1].toPrecision(3)}`;
        entries.push({ p, text: `${named(k, id)} (${p.toPrecision(3)}${guess})` });
      }
      const offending = entries
        .sort((a, b) => a.p - b.p)
        .slice(0, TOKENS_SHOWN)
        .map((e) => e.text);
      if (tokens.length > used) offending.push(`first ${used} of ${tokens.length} requests scored`);
      return { session, score, modelTier, tier: canaryHits.length > 0 ? 'HIGH' : modelTier, canaryHits, offending };
    });
  }

  /** Saves the weights and a `weblog` part (tokens, canary, vocabulary, tiers, training record) into `dir`. */
  async save(dir: string): Promise<void> {
    const { vocabulary, model, thresholds, training } = this.state();
    const json: WeblogTransformerJSON = {
      format: 'zeekseq-weblog-transformer',
      version: 1,
      tokens: { ...this.tokenOptions },
      canary: [...this.canary.patterns],
      tierQuantiles: [...this.tierQuantiles],
      scoreBy: this.scoreBy,
      thresholds,
      vocabulary: vocabulary.toJSON(),
      training,
    };
    await saveTransformer(model, dir, { weblog: json });
  }

  /** A transformer saved by `save`, ready to score (scoring options such as the backend may be given anew). */
  static async load(
    dir: string,
    training: Pick<TransformerTrainOptions, 'backend' | 'workers'> = {},
  ): Promise<WeblogTransformer> {
    // Weights become tensors as they load, so the backend must be up first.
    await chooseBackend({ backend: training.backend });
    const { model, dir: modelDir } = await loadTransformer(dir, ['weblog']);
    const json = modelDir.json<WeblogTransformerJSON>('weblog');
    if (json?.format !== 'zeekseq-weblog-transformer' || json.version !== 1) {
      model.dispose();
      throw new ZeekseqError(
        `weblog: ${dir} is not a zeekseq web-log transformer (version 1); train it again with \`zeekseq weblog --model transformer\`.`,
      );
    }
    const vocabulary = RequestVocabulary.fromJSON(json.vocabulary);
    if (model.config.vocabSize !== vocabulary.size) {
      model.dispose();
      throw new ZeekseqError(
        `weblog: the transformer in ${dir} knows ${model.config.vocabSize} tokens but its vocabulary has ${vocabulary.size}; the directory mixes two trainings.`,
      );
    }
    const detector = new WeblogTransformer({
      tokens: json.tokens,
      canary: json.canary,
      seqLen: model.config.seqLen,
      tierQuantiles: json.tierQuantiles,
      scoreBy: json.scoreBy,
      training,
    });
    detector.fitted = { vocabulary, model, thresholds: json.thresholds, training: json.training };
    return detector;
  }

  /** Frees the model's weights. */
  dispose(): void {
    this.fitted?.model.dispose();
    this.fitted = null;
  }

  /** The model's per-position view of each row and the session scores made from it. */
  private async scoreSequences(
    model: TransformerModel,
    sequences: readonly Int32Array[],
    topK: number,
  ): Promise<{ scored: TransformerScores; score: Float64Array }> {
    const scored = await scoreRows(model, rowsFromSequences(sequences, this.seqLen), {
      topK,
      backend: this.trainOptions.backend,
      workers: this.trainOptions.workers,
    });
    const positions = this.seqLen - 1;
    if (this.scoreBy === 'original') return { scored, score: scored.score };
    return {
      scored,
      score: meanSurprisal(
        scored.tokenAnomaly,
        sequences.map((s) => (s.length < positions ? s.length + 1 : s.length)),
        positions,
      ),
    };
  }

  private tokenStrings(session: Session): string[] {
    return session.records.map((record) => requestToken(record, this.tokenOptions));
  }

  /** The session's first seqLen − 1 token ids (UNK out of vocabulary): what fits in a row after CLS. */
  private rowTokens(tokens: readonly string[], vocabulary: RequestVocabulary): Int32Array {
    return typedFrom(Int32Array, tokens.slice(0, this.seqLen - 1), (token) => vocabulary.idOf(token));
  }

  private state(): Fitted {
    if (!this.fitted)
      throw new ZeekseqError(
        'weblog: the transformer is not fitted; call fit(sessions) or WeblogTransformer.load first.',
      );
    return this.fitted;
  }
}

/** The tier of a score: strictly above a threshold, as the Markov model's tiers. */
export function tierOf(score: number, thresholds: TierThresholds): AlertTier {
  if (score > thresholds.high) return 'HIGH';
  if (score > thresholds.medium) return 'MEDIUM';
  if (score > thresholds.low) return 'LOW';
  return 'NONE';
}

/** Float32 anomalies 1 − p resolve p only to 2^-24 near 0; smaller p would be log(0). */
const MIN_PROBABILITY = 2 ** -24;

/** Mean −log p over each row's first `lengths[r]` positions after CLS (nats). */
export function meanSurprisal(tokenAnomaly: Float32Array, lengths: readonly number[], positions: number): Float64Array {
  return typedFrom(Float64Array, lengths, (n, r) => {
    let sum = 0;
    for (let k = 0; k < n; k++) sum -= Math.log(Math.max(MIN_PROBABILITY, 1 - tokenAnomaly[r * positions + k]));
    return sum / n;
  });
}
