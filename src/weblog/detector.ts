/**
 * The web-log detector: request tokens, their vocabulary, a first-order Markov model over each session's
 * token sequence, and canary paths, learned from training sessions and applied to new ones. Every scored
 * session gets the model's anomaly score, a tier, and the transitions that made it suspicious written as
 * `A -> B (p)` for the analyst.
 */
import { ZeekseqError } from '../util/errors.js';
import {
  END_STATE,
  MarkovModel,
  START_STATE,
  type AlertTier,
  type MarkovJSON,
  type MarkovOptions,
} from '../model/markov.js';
import { UNK } from '../sequence/vocabulary.js';
import { CanaryPaths } from './canary.js';
import type { Session } from './sessions.js';
import {
  RequestVocabulary,
  requestToken,
  resolveTokenOptions,
  type RequestVocabularyJSON,
  type ResolvedTokenOptions,
  type TokenOptions,
} from './tokens.js';
import { typedFrom } from '../util/typed-from.js';

export interface WeblogDetectorOptions {
  tokens?: TokenOptions;
  markov?: Omit<MarkovOptions, 'vocabularySize' | 'mainPageTokens' | 'unknownToken'>;
  /** Paths of the site's main page: any transition into `GET <path>` is always acceptable (default none). */
  mainPage?: readonly string[];
  /** Canary paths or globs: a session requesting one is HIGH (see CanaryPaths). */
  canary?: readonly string[];
}

export interface SessionScore {
  session: Session;
  /** The Markov anomaly score (surprisal in nats, mean or least likely transition; higher = more anomalous). */
  score: number;
  /** The tier from the model's thresholds alone. */
  modelTier: AlertTier;
  /** HIGH when a canary path was requested, the model tier otherwise. */
  tier: AlertTier;
  /** Canary patterns the session hit (each once). */
  canaryHits: string[];
  /**
   * The least likely transitions above the LOW threshold (at most OFFENDING_SHOWN, then `and N more`), or the
   * least likely one when none is above it, as `A -> B (p)`; out-of-vocabulary requests are marked [UNK].
   */
  offending: string[];
}

export interface WeblogDetectorJSON {
  format: 'zeekseq-weblog-detector';
  version: 1;
  tokens: ResolvedTokenOptions;
  mainPage: string[];
  canary: string[];
  vocabulary: RequestVocabularyJSON;
  markov: MarkovJSON;
}

/** How many offending transitions a scored session lists. */
export const OFFENDING_SHOWN = 5;

const TIER_ORDER: Record<AlertTier, number> = { NONE: 0, LOW: 1, MEDIUM: 2, HIGH: 3 };

/** The more severe of two tiers. */
export function maxTier(a: AlertTier, b: AlertTier): AlertTier {
  return TIER_ORDER[a] >= TIER_ORDER[b] ? a : b;
}

export class WeblogDetector {
  readonly tokenOptions: ResolvedTokenOptions;
  readonly mainPage: readonly string[];
  readonly canary: CanaryPaths;
  private readonly markovOptions: WeblogDetectorOptions['markov'];
  private fitted: { vocabulary: RequestVocabulary; model: MarkovModel } | null = null;

  constructor(options: WeblogDetectorOptions = {}) {
    this.tokenOptions = resolveTokenOptions(options.tokens);
    this.mainPage = [...(options.mainPage ?? [])];
    this.canary = new CanaryPaths(options.canary ?? []);
    this.markovOptions = options.markov;
  }

  get vocabulary(): RequestVocabulary {
    return this.state().vocabulary;
  }

  get model(): MarkovModel {
    return this.state().model;
  }

  /** Learns the vocabulary and the Markov model from training sessions. */
  fit(sessions: readonly Session[]): this {
    if (sessions.length === 0)
      throw new ZeekseqError(
        'weblog: no training sessions; check that the --train files hold requests in the given --format.',
      );
    const tokens = sessions.map((session) => this.tokenStrings(session));
    const vocabulary = RequestVocabulary.fit(tokens.flat(), this.tokenOptions.minCount);
    // A main page is a page served: with status tokens, `GET / 2xx`.
    const mainPageTokens = this.mainPage
      .map((path) =>
        requestToken({ request: `GET ${path}`, method: 'GET', target: path, status: 200 }, this.tokenOptions),
      )
      .filter((token) => vocabulary.has(token))
      .map((token) => vocabulary.idOf(token));
    const model = new MarkovModel({
      ...this.markovOptions,
      vocabularySize: vocabulary.size,
      mainPageTokens,
      unknownToken: UNK,
    });
    model.fit(tokens.map((strings) => typedFrom(Int32Array, strings, (token) => vocabulary.idOf(token))));
    this.fitted = { vocabulary, model };
    return this;
  }

  /** The session's token ids (UNK for requests out of vocabulary). */
  sequenceOf(session: Session): Int32Array {
    const { vocabulary } = this.state();
    return typedFrom(Int32Array, this.tokenStrings(session), (token) => vocabulary.idOf(token));
  }

  /** Scores sessions: model score and tier, canary hits, and the offending transitions. */
  score(sessions: readonly Session[]): SessionScore[] {
    const { model } = this.state();
    const sequences = sessions.map((session) => this.sequenceOf(session));
    const scores = model.scoreSequences(sequences).score;
    const low = model.thresholds.low;
    return sessions.map((session, i) => {
      const modelTier = model.tier(scores[i]);
      const canaryHits = this.canary.hits(session.records);
      return {
        session,
        score: scores[i],
        modelTier,
        tier: canaryHits.length > 0 ? 'HIGH' : modelTier,
        canaryHits,
        offending: this.offending(session, sequences[i], low),
      };
    });
  }

  toJSON(): WeblogDetectorJSON {
    const { vocabulary, model } = this.state();
    return {
      format: 'zeekseq-weblog-detector',
      version: 1,
      tokens: { ...this.tokenOptions },
      mainPage: [...this.mainPage],
      canary: [...this.canary.patterns],
      vocabulary: vocabulary.toJSON(),
      markov: model.toJSON(),
    };
  }

  static fromJSON(json: WeblogDetectorJSON): WeblogDetector {
    if (json?.format !== 'zeekseq-weblog-detector' || json.version !== 1) {
      throw new ZeekseqError(
        'weblog: the JSON is not a zeekseq web-log detector (version 1); train it again with `zeekseq weblog`.',
      );
    }
    const detector = new WeblogDetector({ tokens: json.tokens, mainPage: json.mainPage, canary: json.canary });
    const vocabulary = RequestVocabulary.fromJSON(json.vocabulary);
    const model = MarkovModel.fromJSON(json.markov);
    if (model.vocabularySize !== vocabulary.size) {
      throw new ZeekseqError(
        `weblog: the model knows ${model.vocabularySize} tokens but the vocabulary has ${vocabulary.size}; the file mixes two trainings.`,
      );
    }
    detector.fitted = { vocabulary, model };
    return detector;
  }

  private tokenStrings(session: Session): string[] {
    return session.records.map((record) => requestToken(record, this.tokenOptions));
  }

  /** Transitions less likely than the LOW threshold allows; the least likely one when none is. */
  private offending(session: Session, sequence: Int32Array, low: number): string[] {
    const { model } = this.state();
    const strings = this.tokenStrings(session);
    const name = (state: number, position: number): string => {
      if (state === START_STATE) return '<start>';
      if (state === END_STATE) return '<end>';
      return state === UNK ? `${strings[position]} [UNK]` : strings[position];
    };
    const transitions = model
      .scoreTransitions(sequence)
      .map((t, i) => ({ ...t, text: `${name(t.from, i - 1)} -> ${name(t.to, i)}` }));
    const scored = transitions.filter((t) => !t.accepted);
    const above = scored.filter((t) => -t.logProb > low);
    const chosen = (above.length > 0 ? above : scored).sort((a, b) => a.logProb - b.logProb);
    const shown = chosen
      .slice(0, above.length > 0 ? OFFENDING_SHOWN : 1)
      .map((t) => `${t.text} (${Math.exp(t.logProb).toPrecision(3)})`);
    if (above.length > OFFENDING_SHOWN) shown.push(`and ${above.length - OFFENDING_SHOWN} more`);
    return shown;
  }

  private state(): { vocabulary: RequestVocabulary; model: MarkovModel } {
    if (!this.fitted)
      throw new ZeekseqError(
        'weblog: the detector is not fitted; call fit(sessions) or WeblogDetector.fromJSON first.',
      );
    return this.fitted;
  }
}
