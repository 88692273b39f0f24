/**
 * Request tokens: what a request asked for, as `METHOD /normalized/path`, and the vocabulary that turns them
 * into integer ids (for the Markov model, and in the same id space as the sequence models: the BERT special
 * tokens first, UNK standing for every out-of-vocabulary request).
 *
 * Normalizing makes requests that differ only in an identifier the same state: the query string is dropped,
 * and path segments that are numbers, UUIDs, long hex strings or base64-like blobs become placeholders.
 * Paths seen fewer than `minCount` times in training become UNK, which keeps a vocabulary small for models
 * that need that. For the Markov model the default keeps every training path (minCount 1), so UNK is never
 * trained and a request for a path training never saw is a transition training never saw: with minCount 2
 * the rare paths of normal browsing make UNK -> UNK a common transition, and scanner sessions, made of
 * unseen paths, then look normal (docs/results.md, "Web access logs: Markov baseline").
 *
 * A token can instead hold the kind of the path (`GET kind:backup`, path-kind.ts) and/or the class of the
 * response's status (`GET /wp-login.php 4xx`): a path alone cannot tell a probe the site answered 404 from a
 * page it served, and every path training never saw is equally unseen, a crawler's new blog post as a
 * scanner's `/.env`. Both off by default (docs/results.md, "The site's own traffic").
 */
import { ZeekseqError } from '../util/errors.js';
import { FIRST_WORD, SPECIAL_TOKENS, UNK } from '../sequence/vocabulary.js';
import type { AccessRecord } from './parse.js';
import { pathKind } from './path-kind.js';

/** What a token says of the request target: its normalized path, or only its kind. */
export type TokenTarget = 'path' | 'kind';

export interface TokenOptions {
  /** Drop `?query` (and `#fragment`) from paths (default true). */
  dropQuery?: boolean;
  /** Whole-number path segments become `{num}` (default true). */
  collapseNumbers?: boolean;
  /** UUID, hex (>= 16 digits) and base64-like (>= 20 characters mixing cases and digits) segments become {uuid}, {hex}, {b64} (default true). */
  collapseIds?: boolean;
  /** Tokens seen fewer times than this in training are out of vocabulary (default 1: keep all). */
  minCount?: number;
  /** The normalized path (default) or its kind (`kind:page`, `kind:backup`: path-kind.ts). */
  target?: TokenTarget;
  /** Append the response's status class, `2xx` ... `5xx`, `-` when unlogged (default false). */
  status?: boolean;
}

export type ResolvedTokenOptions = Required<TokenOptions>;

/** Token of a request logged as `-`. */
export const NO_REQUEST_TOKEN = '<no-request>';
/** Token of a request line that is not `METHOD target [protocol]` (binary junk, a bare protocol). */
export const MALFORMED_REQUEST_TOKEN = '<malformed-request>';

export function resolveTokenOptions(options: TokenOptions = {}): ResolvedTokenOptions {
  const resolved = {
    dropQuery: options.dropQuery ?? true,
    collapseNumbers: options.collapseNumbers ?? true,
    collapseIds: options.collapseIds ?? true,
    minCount: options.minCount ?? 1,
    target: options.target ?? 'path',
    status: options.status ?? false,
  };
  if (resolved.target !== 'path' && resolved.target !== 'kind') {
    throw new ZeekseqError(`request tokens: target must be 'path' or 'kind', got '${resolved.target}'.`);
  }
  if (typeof resolved.status !== 'boolean') {
    throw new ZeekseqError(`request tokens: status must be true or false, got ${String(resolved.status)}.`);
  }
  if (!Number.isInteger(resolved.minCount) || resolved.minCount < 1) {
    throw new ZeekseqError(
      `request tokens: minCount must be a whole number >= 1 (1 keeps every training path), got ${resolved.minCount}.`,
    );
  }
  return resolved;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UUID_LENGTH = 36;

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isLower = (c: number): boolean => c >= 0x61 && c <= 0x7a;
const isUpper = (c: number): boolean => c >= 0x41 && c <= 0x5a;
const isHex = (c: number): boolean => isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
/** + = _ - as base64 and base64url write them. */
const isBase64Sign = (c: number): boolean => c === 0x2b || c === 0x3d || c === 0x5f || c === 0x2d;

/**
 * The placeholder for an identifier-like path segment, or the segment itself. One pass over the
 * characters rather than regular expressions: a quantified class such as [0-9a-f]{16,} overflows
 * V8's regexp stack on a multi-megabyte segment, which a crafted URL can be.
 */
function normalizeSegment(segment: string, options: ResolvedTokenOptions): string {
  if (segment === '') return segment;
  let digits = true;
  let hex = true;
  let base64 = true;
  let upper = false;
  let lower = false;
  let digit = false;
  for (let i = 0; i < segment.length; i++) {
    const c = segment.charCodeAt(i);
    const d = isDigit(c);
    const u = isUpper(c);
    const l = isLower(c);
    digits &&= d;
    hex &&= isHex(c);
    base64 &&= d || u || l || isBase64Sign(c);
    upper ||= u;
    lower ||= l;
    digit ||= d;
    if (!digits && !hex && !base64) break;
  }
  if (options.collapseNumbers && digits) return '{num}';
  if (!options.collapseIds) return segment;
  if (segment.length === UUID_LENGTH && UUID.test(segment)) return '{uuid}';
  if (hex && segment.length >= 16) return '{hex}';
  // Mixed case and digits tell a random blob from a hyphenated title (`logstash-puppetconf-2013`).
  if (base64 && segment.length >= 20 && upper && lower && digit) return '{b64}';
  return segment;
}

/** The request target without query (when asked), its identifier-like segments collapsed. */
export function normalizePath(target: string, options: TokenOptions = {}): string {
  const resolved = resolveTokenOptions(options);
  const cut = target.search(/[?#]/);
  const path = cut < 0 ? target : target.slice(0, cut);
  const normalized = path
    .split('/')
    .map((segment) => normalizeSegment(segment, resolved))
    .join('/');
  return resolved.dropQuery || cut < 0 ? normalized : normalized + target.slice(cut);
}

/** `2xx` for 200-299 and so on; `-` for an unlogged or impossible status. */
export function statusClass(status: number | undefined): string {
  return status !== undefined && Number.isInteger(status) && status >= 100 && status <= 599
    ? `${Math.floor(status / 100)}xx`
    : '-';
}

/**
 * The token string of a request: `GET /articles/{num}`, or the no-request / malformed token; with the
 * options, `GET kind:page` for the path's kind and ` 4xx` after it for the status class.
 */
export function requestToken(
  record: Pick<AccessRecord, 'request' | 'method' | 'target'> & { status?: number },
  options: TokenOptions = {},
): string {
  const resolved = resolveTokenOptions(options);
  let token: string;
  if (record.method === null || record.target === null)
    token = record.request === null ? NO_REQUEST_TOKEN : MALFORMED_REQUEST_TOKEN;
  else if (resolved.target === 'kind') token = `${record.method} kind:${pathKind(record.target)}`;
  else token = `${record.method} ${normalizePath(record.target, resolved)}`;
  return resolved.status ? `${token} ${statusClass(record.status)}` : token;
}

export interface RequestVocabularyJSON {
  format: 'zeekseq-weblog-vocabulary';
  version: 1;
  minCount: number;
  /** Words in id order from FIRST_WORD, with their training counts. */
  words: Array<{ token: string; count: number }>;
}

/** Token strings <-> ids. Ids 0..4 are the sequence models' special tokens; UNK is the out-of-vocabulary id. */
export class RequestVocabulary {
  private readonly ids = new Map<string, number>();

  private constructor(
    readonly minCount: number,
    private readonly words: ReadonlyArray<{ token: string; count: number }>,
  ) {
    words.forEach((word, i) => this.ids.set(word.token, FIRST_WORD + i));
  }

  /** Keeps the tokens seen at least `minCount` times; ids by descending count, then token, so they are stable. */
  static fit(tokens: Iterable<string>, minCount = 1): RequestVocabulary {
    resolveTokenOptions({ minCount });
    const counts = new Map<string, number>();
    for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
    const words = [...counts]
      .filter(([, count]) => count >= minCount)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .map(([token, count]) => ({ token, count }));
    return new RequestVocabulary(minCount, words);
  }

  /** Number of ids, special tokens included. */
  get size(): number {
    return FIRST_WORD + this.words.length;
  }

  /** The id of a token string; UNK when it is out of vocabulary. */
  idOf(token: string): number {
    return this.ids.get(token) ?? UNK;
  }

  /** Whether the token has an id of its own. */
  has(token: string): boolean {
    return this.ids.has(token);
  }

  /** The token string of an id (special tokens by their names, e.g. `[UNK]`). */
  tokenOf(id: number): string {
    if (Number.isInteger(id) && id >= 0 && id < FIRST_WORD) return SPECIAL_TOKENS[id];
    const word = this.words[id - FIRST_WORD];
    if (!word)
      throw new ZeekseqError(
        `request vocabulary: id ${id} is outside 0..${this.size - 1}; was the model trained with another vocabulary?`,
      );
    return word.token;
  }

  /** Training count of an id's token (0 for special tokens). */
  countOf(id: number): number {
    return id >= FIRST_WORD ? (this.words[id - FIRST_WORD]?.count ?? 0) : 0;
  }

  toJSON(): RequestVocabularyJSON {
    return {
      format: 'zeekseq-weblog-vocabulary',
      version: 1,
      minCount: this.minCount,
      words: this.words.map((w) => ({ ...w })),
    };
  }

  static fromJSON(json: RequestVocabularyJSON): RequestVocabulary {
    if (json?.format !== 'zeekseq-weblog-vocabulary' || json.version !== 1 || !Array.isArray(json.words)) {
      throw new ZeekseqError(
        'request vocabulary: the JSON is not a zeekseq web-log vocabulary (version 1); train the model again.',
      );
    }
    resolveTokenOptions({ minCount: json.minCount });
    const seen = new Set<string>();
    json.words.forEach((word, i) => {
      if (typeof word?.token !== 'string' || seen.has(word.token) || !(word.count >= 0)) {
        throw new ZeekseqError(
          `request vocabulary: word ${i} is not a distinct {token, count}; the file was edited or damaged.`,
        );
      }
      seen.add(word.token);
    });
    return new RequestVocabulary(
      json.minCount,
      json.words.map((w) => ({ ...w })),
    );
  }
}
