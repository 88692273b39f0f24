/**
 * The first-order Markov baseline: how often each token follows each other token in training sequences,
 * turned into transition probabilities. A sequence is as surprising as its least likely transition, which
 * is the blog method this project started from (LOW/MEDIUM/HIGH alerts on web sessions whose path takes a
 * transition training rarely or never saw). Works on any integer token sequences: web sessions, Zeek
 * connection sequences.
 *
 * Every sequence gets an explicit start state before its first token and an end state after its last, so
 * "a session that opens with X" and "a session that stops right after X" are transitions like any other.
 *
 * Probabilities use add-k smoothing over the V tokens plus the end state:
 *   P(b | a) = (c(a,b) + k) / (c(a) + k (V + 1))
 * A source state training never left (c(a) = 0) has no row to smooth; it backs off to the global target
 * distribution P(b) = (n(b) + k) / (N + k (V + 1)) (n(b): transitions into b, N: all transitions) or to the
 * uniform 1 / (V + 1).
 *
 * Anomaly score (higher = more anomalous, so it plugs into threshold, notable and evaluation code): the
 * mean surprisal -ln P of the scored transitions (`scoreBy: 'mean'`, default) or the surprisal of the least
 * likely one (`scoreBy: 'min'`, the blog's rule), in nats, in [0, ∞). A sequence whose every transition had
 * probability 1 scores 0. The minimum takes few distinct values (one "never seen" level per row total), so
 * quantile tiers land on those levels and collapse; the mean is continuous, and on the web-log experiment
 * (docs/results.md) it both ranks better and gives tiers that separate.
 */
import { ZeekseqError } from '../util/errors.js';
import { typedFrom } from '../util/typed-from.js';

/** The state before a sequence's first token. */
export const START_STATE = -1;
/** The state after a sequence's last token. */
export const END_STATE = -2;

export type TransitionHandling = 'score' | 'accept';
export type MarkovBackoff = 'global' | 'uniform';
export type MarkovScoreBy = 'min' | 'mean';
export type AlertTier = 'NONE' | 'LOW' | 'MEDIUM' | 'HIGH';
export type TierCalibration = 'leave-one-out' | 'in-sample';

export interface MarkovOptions {
  /** Add-k smoothing constant k > 0 (default 0.01: a seen transition stays far likelier than an unseen one). */
  smoothing?: number;
  /** Distribution for source states training never left (default 'global'). */
  backoff?: MarkovBackoff;
  /** A token followed by itself (reloads, paging): scored normally or always acceptable (default 'score'). */
  selfTransitions?: TransitionHandling;
  /** Tokens of the site's main page: any transition into them is always acceptable (default none). */
  mainPageTokens?: readonly number[];
  /**
   * The out-of-vocabulary id, if the tokens have one: it stands for many different values, so two unknown
   * tokens in a row are not a self transition and are always scored (default none).
   */
  unknownToken?: number | null;
  /** Sequence score from the mean surprisal of its transitions or from the least likely one (default 'mean'). */
  scoreBy?: MarkovScoreBy;
  /**
   * Quantiles of the training sequence scores above which a score is LOW, MEDIUM, HIGH (default
   * 0.95/0.99/0.999): on data like the training data about 5%, 1% and 0.1% of sequences alert, a triage
   * budget for LOW, a daily review for MEDIUM, and for HIGH roughly one in a thousand — rare enough to block.
   */
  tierQuantiles?: readonly [number, number, number];
  /**
   * How training sequences are scored for the tier quantiles (default 'leave-one-out'): each without its own
   * transitions, so a training session scores as a new session like it would, or 'in-sample'. In-sample,
   * every training transition was seen at least once, so the top quantiles pile up at "seen once" and the
   * three tiers collapse into one threshold that any never-seen transition exceeds.
   */
  tierCalibration?: TierCalibration;
  /** Number of token ids (tokens are 0..V-1); default the largest training token + 1. */
  vocabularySize?: number;
}

export interface ResolvedMarkovOptions {
  smoothing: number;
  backoff: MarkovBackoff;
  selfTransitions: TransitionHandling;
  mainPageTokens: number[];
  unknownToken: number | null;
  scoreBy: MarkovScoreBy;
  tierQuantiles: [number, number, number];
  tierCalibration: TierCalibration;
  vocabularySize: number | null;
}

/** One transition of a scored sequence. `from` may be START_STATE, `to` may be END_STATE. */
export interface ScoredTransition {
  from: number;
  to: number;
  /** Natural log of the transition probability (0 for accepted transitions). */
  logProb: number;
  /** Whether a special case (self transition, main page) made it always acceptable. */
  accepted: boolean;
}

export interface SequenceScores {
  /** Anomaly score per sequence (higher = more anomalous; see the module comment). */
  score: Float64Array;
  /** Smallest log-probability among the scored transitions. */
  minLogProb: Float64Array;
  /** Mean log-probability of the scored transitions. */
  meanLogProb: Float64Array;
}

/** Score thresholds of the tiers: a score strictly above `low` is at least LOW, and so on. */
export interface TierThresholds {
  low: number;
  medium: number;
  high: number;
}

export interface MarkovJSON {
  format: 'zeekseq-markov';
  version: 1;
  options: ResolvedMarkovOptions;
  vocabularySize: number;
  /** Transition counts as [from, to, count], sorted. */
  transitions: Array<[number, number, number]>;
  thresholds: TierThresholds;
}

export type TokenSequence = ArrayLike<number>;

const DEFAULTS = {
  smoothing: 0.01,
  backoff: 'global' as MarkovBackoff,
  selfTransitions: 'score' as TransitionHandling,
  scoreBy: 'mean' as MarkovScoreBy,
  tierQuantiles: [0.95, 0.99, 0.999] as [number, number, number],
  tierCalibration: 'leave-one-out' as TierCalibration,
};

function resolveOptions(options: MarkovOptions): ResolvedMarkovOptions {
  const resolved: ResolvedMarkovOptions = {
    smoothing: options.smoothing ?? DEFAULTS.smoothing,
    backoff: options.backoff ?? DEFAULTS.backoff,
    selfTransitions: options.selfTransitions ?? DEFAULTS.selfTransitions,
    mainPageTokens: [...(options.mainPageTokens ?? [])],
    unknownToken: options.unknownToken ?? null,
    scoreBy: options.scoreBy ?? DEFAULTS.scoreBy,
    tierQuantiles: [...(options.tierQuantiles ?? DEFAULTS.tierQuantiles)] as [number, number, number],
    tierCalibration: options.tierCalibration ?? DEFAULTS.tierCalibration,
    vocabularySize: options.vocabularySize ?? null,
  };
  const { smoothing, tierQuantiles: q, vocabularySize } = resolved;
  if (!(smoothing > 0) || !Number.isFinite(smoothing)) {
    throw new ZeekseqError(
      `markov: smoothing must be a number > 0 (unseen transitions need a probability), got ${smoothing}.`,
    );
  }
  if (!['global', 'uniform'].includes(resolved.backoff)) {
    throw new ZeekseqError(`markov: backoff must be 'global' or 'uniform', got '${resolved.backoff}'.`);
  }
  if (!['score', 'accept'].includes(resolved.selfTransitions)) {
    throw new ZeekseqError(`markov: selfTransitions must be 'score' or 'accept', got '${resolved.selfTransitions}'.`);
  }
  if (!['min', 'mean'].includes(resolved.scoreBy)) {
    throw new ZeekseqError(`markov: scoreBy must be 'min' or 'mean', got '${resolved.scoreBy}'.`);
  }
  if (!['leave-one-out', 'in-sample'].includes(resolved.tierCalibration)) {
    throw new ZeekseqError(
      `markov: tierCalibration must be 'leave-one-out' or 'in-sample', got '${resolved.tierCalibration}'.`,
    );
  }
  if (q.length !== 3 || !(q[0] >= 0 && q[0] <= q[1] && q[1] <= q[2] && q[2] <= 1)) {
    throw new ZeekseqError(
      `markov: tierQuantiles must be three numbers 0 <= low <= medium <= high <= 1, got [${q.join(', ')}].`,
    );
  }
  if (vocabularySize !== null && !(Number.isInteger(vocabularySize) && vocabularySize >= 1)) {
    throw new ZeekseqError(`markov: vocabularySize must be a whole number >= 1, got ${vocabularySize}.`);
  }
  if (resolved.unknownToken !== null && !(Number.isInteger(resolved.unknownToken) && resolved.unknownToken >= 0)) {
    throw new ZeekseqError(
      `markov: unknownToken must be a token id (a whole number >= 0) or null, got ${resolved.unknownToken}.`,
    );
  }
  for (const token of resolved.mainPageTokens) {
    if (!Number.isInteger(token) || token < 0) {
      throw new ZeekseqError(`markov: mainPageTokens must be token ids (whole numbers >= 0), got ${token}.`);
    }
  }
  return resolved;
}

/**
 * Weighted quantile by the inverted empirical CDF (numpy's 'inverted_cdf'): the smallest score whose
 * cumulative weight reaches q of the total. It is always an observed score, so "above the threshold" means
 * above something training really produced.
 */
export function weightedQuantile(values: ArrayLike<number>, weights: ArrayLike<number>, q: number): number {
  const order = Array.from({ length: values.length }, (_, i) => i).filter((i) => weights[i] > 0);
  if (order.length === 0) throw new ZeekseqError('weightedQuantile: no value has a positive weight.');
  order.sort((a, b) => values[a] - values[b]);
  let total = 0;
  for (const i of order) total += weights[i];
  // Sums of fractional weights round (twelve weights of 0.1, q = 7/12: 0.7 < 0.7000000000000001), so a
  // relative tolerance keeps the value that reaches q exactly from being skipped.
  const target = q * total - 1e-9 * total;
  let cumulative = 0;
  for (const i of order) {
    cumulative += weights[i];
    if (cumulative >= target) return values[i];
  }
  return values[order[order.length - 1]];
}

/** One sequence's own transition counts, taken out of the model's for leave-one-out scores. */
interface OwnCounts {
  pairs: Map<number, Map<number, number>>;
  rows: Map<number, number>;
  targets: Map<number, number>;
  total: number;
}

export class MarkovModel {
  readonly options: ResolvedMarkovOptions;
  private vocabulary = 0;
  /** counts.get(from).get(to): weighted number of training transitions. */
  private counts = new Map<number, Map<number, number>>();
  private rowTotals = new Map<number, number>();
  private targetTotals = new Map<number, number>();
  private totalTransitions = 0;
  private mainPage: Set<number>;
  private learnedThresholds: TierThresholds | null = null;

  constructor(options: MarkovOptions = {}) {
    this.options = resolveOptions(options);
    this.mainPage = new Set(this.options.mainPageTokens);
  }

  /** Number of token ids the model knows (tokens are 0..V-1). */
  get vocabularySize(): number {
    this.requireFitted();
    return this.vocabulary;
  }

  /** Tier thresholds learned from the training sequence scores. */
  get thresholds(): TierThresholds {
    this.requireFitted();
    return { ...(this.learnedThresholds as TierThresholds) };
  }

  /**
   * Learns transition counts from `sequences`; `counts[i]` (default 1) says how many times sequence i
   * occurred, so distinct sequences with counts train the same model as the repeated list.
   */
  fit(sequences: readonly TokenSequence[], counts?: ArrayLike<number>): this {
    if (sequences.length === 0) throw new ZeekseqError('markov: fit needs at least one training sequence.');
    if (counts !== undefined && counts.length !== sequences.length) {
      throw new ZeekseqError(
        `markov: ${sequences.length} sequences but ${counts.length} counts; pass one count per sequence.`,
      );
    }
    const weights = typedFrom(Float64Array, { length: sequences.length }, (_, i) =>
      counts === undefined ? 1 : counts[i],
    );
    weights.forEach((w, i) => {
      if (!(w >= 0) || !Number.isFinite(w)) {
        throw new ZeekseqError(`markov: count ${i} is ${w}; counts must be finite numbers >= 0.`);
      }
    });
    if (!weights.some((w) => w > 0))
      throw new ZeekseqError('markov: every count is 0; at least one training sequence must count.');

    let largest = -1;
    sequences.forEach((sequence, i) => {
      for (let t = 0; t < sequence.length; t++) {
        const token = sequence[t];
        if (!Number.isInteger(token) || token < 0) {
          throw new ZeekseqError(
            `markov: training sequence ${i} has token ${token} at position ${t}; tokens are whole numbers >= 0.`,
          );
        }
        if (token > largest) largest = token;
      }
    });
    const declared = this.options.vocabularySize;
    if (declared !== null && largest >= declared) {
      throw new ZeekseqError(
        `markov: training token ${largest} is outside the vocabulary 0..${declared - 1}; raise vocabularySize or fix the tokens.`,
      );
    }
    this.vocabulary = declared ?? largest + 1;
    this.counts = new Map();
    this.rowTotals = new Map();
    this.targetTotals = new Map();
    this.totalTransitions = 0;
    sequences.forEach((sequence, i) => {
      if (weights[i] === 0) return;
      this.forEachTransition(sequence, (from, to) => {
        if (!this.isAccepted(from, to)) this.addCount(from, to, weights[i]);
      });
    });
    const leaveOneOut = this.options.tierCalibration === 'leave-one-out';
    const trainingScores = typedFrom(Float64Array, sequences, (sequence, i) =>
      this.sequenceScore(sequence, leaveOneOut && weights[i] > 0 ? this.ownCounts(sequence) : null),
    );
    const [qLow, qMedium, qHigh] = this.options.tierQuantiles;
    this.learnedThresholds = {
      low: weightedQuantile(trainingScores, weights, qLow),
      medium: weightedQuantile(trainingScores, weights, qMedium),
      high: weightedQuantile(trainingScores, weights, qHigh),
    };
    return this;
  }

  /** Weighted training count of the transition from → to (accepted transitions are never counted). */
  transitionCount(from: number, to: number): number {
    this.requireFitted();
    return this.counts.get(from)?.get(to) ?? 0;
  }

  /** Smoothed probability of `to` following `from`, before the special cases (see the module comment). */
  probability(from: number, to: number): number {
    this.requireFitted();
    this.checkState(from, 'from');
    this.checkState(to, 'to');
    return this.probabilityWithout(from, to, null);
  }

  /** The probability with one sequence's own counts taken out (none when `own` is null). */
  private probabilityWithout(from: number, to: number, own: OwnCounts | null): number {
    const k = this.options.smoothing;
    const targets = this.vocabulary + 1;
    const fullRow = this.rowTotals.get(from) ?? 0;
    const rowTotal = fullRow - (own?.rows.get(from) ?? 0);
    // Subtracting fractional weights leaves rounding dust where the row is really empty.
    if (rowTotal > 1e-9 * fullRow) {
      const count = (this.counts.get(from)?.get(to) ?? 0) - (own?.pairs.get(from)?.get(to) ?? 0);
      return (Math.max(0, count) + k) / (rowTotal + k * targets);
    }
    if (this.options.backoff === 'uniform') return 1 / targets;
    const count = (this.targetTotals.get(to) ?? 0) - (own?.targets.get(to) ?? 0);
    return (Math.max(0, count) + k) / (Math.max(0, this.totalTransitions - (own?.total ?? 0)) + k * targets);
  }

  /** The counts one copy of `sequence` added in fit. */
  private ownCounts(sequence: TokenSequence): OwnCounts {
    const own: OwnCounts = { pairs: new Map(), rows: new Map(), targets: new Map(), total: 0 };
    this.forEachTransition(sequence, (from, to) => {
      if (this.isAccepted(from, to)) return;
      let row = own.pairs.get(from);
      if (!row) {
        row = new Map();
        own.pairs.set(from, row);
      }
      row.set(to, (row.get(to) ?? 0) + 1);
      own.rows.set(from, (own.rows.get(from) ?? 0) + 1);
      own.targets.set(to, (own.targets.get(to) ?? 0) + 1);
      own.total++;
    });
    return own;
  }

  /** Every transition of one sequence, start state and end state included, with its log-probability. */
  scoreTransitions(sequence: TokenSequence): ScoredTransition[] {
    this.requireFitted();
    this.checkSequence(sequence, 'scoreTransitions');
    const out: ScoredTransition[] = [];
    this.forEachTransition(sequence, (from, to) => {
      const accepted = this.isAccepted(from, to);
      out.push({ from, to, accepted, logProb: accepted ? 0 : Math.log(this.probabilityWithout(from, to, null)) });
    });
    return out;
  }

  /** Scores of many sequences; accepted transitions count towards neither the minimum nor the mean. */
  scoreSequences(sequences: readonly TokenSequence[]): SequenceScores {
    this.requireFitted();
    const n = sequences.length;
    const score = new Float64Array(n);
    const minLogProb = new Float64Array(n);
    const meanLogProb = new Float64Array(n);
    sequences.forEach((sequence, i) => {
      this.checkSequence(sequence, `sequence ${i}`);
      const stats = this.logProbStats(sequence, null);
      minLogProb[i] = stats.min;
      meanLogProb[i] = stats.mean;
      score[i] = this.options.scoreBy === 'min' ? -stats.min : -stats.mean;
    });
    return { score, minLogProb, meanLogProb };
  }

  private sequenceScore(sequence: TokenSequence, own: OwnCounts | null): number {
    const stats = this.logProbStats(sequence, own);
    return this.options.scoreBy === 'min' ? -stats.min : -stats.mean;
  }

  private logProbStats(sequence: TokenSequence, own: OwnCounts | null): { min: number; mean: number } {
    let min = 0;
    let sum = 0;
    let scored = 0;
    this.forEachTransition(sequence, (from, to) => {
      if (this.isAccepted(from, to)) return;
      const logProb = Math.log(this.probabilityWithout(from, to, own));
      if (logProb < min) min = logProb;
      sum += logProb;
      scored++;
    });
    // The transition into the end state is never accepted, so scored >= 1.
    return { min, mean: sum / scored };
  }

  /** The alert tier of a score: strictly above a threshold, so ties with common training scores never alert. */
  tier(score: number): AlertTier {
    const { low, medium, high } = this.thresholds;
    if (score > high) return 'HIGH';
    if (score > medium) return 'MEDIUM';
    if (score > low) return 'LOW';
    return 'NONE';
  }

  toJSON(): MarkovJSON {
    this.requireFitted();
    const transitions: Array<[number, number, number]> = [];
    for (const [from, row] of this.counts) for (const [to, count] of row) transitions.push([from, to, count]);
    transitions.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    return {
      format: 'zeekseq-markov',
      version: 1,
      options: {
        ...this.options,
        mainPageTokens: [...this.options.mainPageTokens],
        tierQuantiles: [...this.options.tierQuantiles],
      },
      vocabularySize: this.vocabulary,
      transitions,
      thresholds: this.thresholds,
    };
  }

  static fromJSON(json: MarkovJSON): MarkovModel {
    if (json?.format !== 'zeekseq-markov' || json.version !== 1 || !Array.isArray(json.transitions)) {
      throw new ZeekseqError(
        'markov: the JSON is not a zeekseq Markov model (version 1); train and save the model again.',
      );
    }
    const model = new MarkovModel({ ...json.options, vocabularySize: json.options?.vocabularySize ?? undefined });
    const size = json.vocabularySize;
    if (!Number.isInteger(size) || size < 1) {
      throw new ZeekseqError(
        `markov: the saved vocabularySize ${size} is not a whole number >= 1; the file was edited or damaged.`,
      );
    }
    model.vocabulary = size;
    for (const entry of json.transitions) {
      const [from, to, count] = entry;
      const fromOk = from === START_STATE || (Number.isInteger(from) && from >= 0 && from < size);
      const toOk = to === END_STATE || (Number.isInteger(to) && to >= 0 && to < size);
      if (!fromOk || !toOk || !(count > 0)) {
        throw new ZeekseqError(
          `markov: saved transition [${entry.join(', ')}] is not [from, to, count > 0] within the vocabulary; the file was edited or damaged.`,
        );
      }
      model.addCount(from, to, count);
    }
    const { low, medium, high } = json.thresholds ?? {};
    if (![low, medium, high].every((t) => typeof t === 'number' && Number.isFinite(t))) {
      throw new ZeekseqError(
        'markov: the saved tier thresholds are missing or not numbers; the file was edited or damaged.',
      );
    }
    model.learnedThresholds = { low, medium, high };
    return model;
  }

  private addCount(from: number, to: number, weight: number): void {
    let row = this.counts.get(from);
    if (!row) {
      row = new Map();
      this.counts.set(from, row);
    }
    row.set(to, (row.get(to) ?? 0) + weight);
    this.rowTotals.set(from, (this.rowTotals.get(from) ?? 0) + weight);
    this.targetTotals.set(to, (this.targetTotals.get(to) ?? 0) + weight);
    this.totalTransitions += weight;
  }

  private isAccepted(from: number, to: number): boolean {
    if (to === END_STATE) return false;
    if (this.options.selfTransitions === 'accept' && from === to && from !== this.options.unknownToken) return true;
    return this.mainPage.has(to);
  }

  private forEachTransition(sequence: TokenSequence, visit: (from: number, to: number) => void): void {
    let previous = START_STATE;
    for (let t = 0; t < sequence.length; t++) {
      visit(previous, sequence[t]);
      previous = sequence[t];
    }
    visit(previous, END_STATE);
  }

  private checkSequence(sequence: TokenSequence, what: string): void {
    for (let t = 0; t < sequence.length; t++) {
      const token = sequence[t];
      if (!Number.isInteger(token) || token < 0 || token >= this.vocabulary) {
        throw new ZeekseqError(
          `markov: ${what} has token ${token} at position ${t}, outside the trained vocabulary 0..${this.vocabulary - 1}; map unseen tokens to an out-of-vocabulary id first.`,
        );
      }
    }
  }

  private checkState(state: number, side: 'from' | 'to'): void {
    const special = side === 'from' ? START_STATE : END_STATE;
    if (state === special) return;
    if (!Number.isInteger(state) || state < 0 || state >= this.vocabulary) {
      throw new ZeekseqError(
        `markov: ${side} state ${state} is neither a token 0..${this.vocabulary - 1} nor the ${side === 'from' ? 'start' : 'end'} state.`,
      );
    }
  }

  private requireFitted(): void {
    if (this.learnedThresholds === null)
      throw new ZeekseqError('markov: the model is not fitted; call fit(sequences) or MarkovModel.fromJSON first.');
  }
}
