/**
 * A sweep over detection settings on data scored once: for every acceptance rate (threshold from the scorer's
 * own threshold split, with a bootstrap interval), window and minimum count, the anomalies, notables, notables
 * per day, hosts flagged and, with labels, precision/recall/F1 at connection and host level and precision@k of
 * the notables for k = the alert budget over the days scored.
 *
 * The recommendation: with labels, the setting within the alert budget (no clean day — a date without labelled
 * malicious connections — with more notables than the budget; every day when no date is clean) with the best host recall (then host precision, then fewer notables); without labels but with hosts
 * to watch, the lowest acceptance rate at which some window and count flag every watched host within the budget
 * (fewest notables among those); with neither, the setting within the budget that flags the most anomalies.
 */
import { ZeekseqError } from '../util/errors.js';
import { bootstrapThreshold, type BootstrapOptions, type ThresholdInterval } from './threshold-bootstrap.js';
import { anomaliesAbove, notableHosts, type ConnectionTable, type ScorerScores } from './evaluate.js';
import type { HostResolver } from './host-identity.js';
import type { AlignedLabels } from './labels.js';
import { classificationMetrics, precisionAtK } from './metrics.js';
import { type Anomaly, findNotables, type HostSide } from './notables.js';
import { typedFrom } from '../util/typed-from.js';

// 0.03 and 3h: settings the synthetic scenarios need to be caught within budget (docs/results.md)
export const DEFAULT_ACCEPTANCE_RATES = [0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03];
export const DEFAULT_WINDOWS = [900, 3600, 10800, 21600];
export const DEFAULT_MIN_COUNTS = [1, 3, 5, 10];
export const HOST_SIDES: readonly HostSide[] = ['orig', 'resp', 'both'];

export interface SweepOptions {
  acceptanceRates?: readonly number[];
  /** Notable windows in seconds. */
  windows?: readonly number[];
  minCounts?: readonly number[];
  host?: HostSide;
  /** Most notables an analyst can triage per day. */
  budget?: number;
  /** Hosts that should be flagged (known bad, or a red-team host), for the recommendation without labels. */
  watchIps?: readonly string[];
  labels?: AlignedLabels;
  resolver?: HostResolver;
  bootstrap?: BootstrapOptions;
}

export interface SweepRow {
  scorer: string;
  acceptanceRate: number;
  window: number;
  minCount: number;
  threshold: number;
  thresholdLower: number;
  thresholdUpper: number;
  /** Threshold-split connections above the threshold (fewer than 30: unreliable). */
  splitAbove: number;
  anomalies: number;
  notables: number;
  /** Notables per day of data, and the most notables starting on one UTC date. */
  notablesPerDay: number;
  maxNotablesPerDay: number;
  /** With labels: the most notables on one UTC date without malicious connections (NaN without labels or clean dates). */
  maxNotablesPerCleanDay: number;
  hostsFlagged: number;
  /** No day over the budget: clean days when labels show some, else every day. */
  withinBudget: boolean;
  /** Watched hosts with a notable. */
  watchedFlagged: number;
  connectionPrecision: number;
  connectionRecall: number;
  connectionF1: number;
  hostPrecision: number;
  hostRecall: number;
  hostF1: number;
  /** Share of malicious hosts among the k highest-scoring notables, k = budget × days. */
  precisionAtBudget: number;
}

export interface HostNotables {
  host: string;
  notables: number;
  malicious: boolean;
  watched: boolean;
}

export interface SweepResult {
  scorer: string;
  /** UTC dates with connections (YYYY-MM-DD). */
  days: string[];
  /** With labels, the dates without a malicious connection. */
  cleanDays: string[];
  /** Length of the data in days (time span rounded, at least 1): the divisor of notables per day. */
  dayCount: number;
  rows: SweepRow[];
  recommended: SweepRow | null;
  reason: string;
  /** Notable counts per host at the recommended setting, most first. */
  hostNotables: HostNotables[];
  warnings: string[];
}

function utcDay(ts: number): string {
  return new Date(ts * 1000).toISOString().slice(0, 10);
}

/** The UTC date number of `ts` (days since 1970-01-01) as utcDay's Date reads it (milliseconds truncated). */
function dayNumber(ts: number): number {
  return Math.floor(Math.trunc(ts * 1000) / 86_400_000);
}

/**
 * The UTC dates and time span of scored connections, and the dates holding a labelled malicious connection,
 * gathered one connection at a time (connections without a time are left out).
 */
export class DaySpan {
  first = Infinity;
  last = -Infinity;
  // date numbers rather than text: a date is formatted once, not once per connection
  private readonly dates = new Set<number>();
  private readonly attackDates = new Set<number>();

  add(ts: number, malicious: boolean): void {
    if (Number.isNaN(ts)) return;
    const day = dayNumber(ts);
    this.dates.add(day);
    if (malicious) this.attackDates.add(day);
    if (ts < this.first) this.first = ts;
    if (ts > this.last) this.last = ts;
  }

  /** The dates with connections (YYYY-MM-DD, in order). */
  days(): string[] {
    return [...this.dates].sort((a, b) => a - b).map((day) => utcDay(day * 86400));
  }

  /** The dates with connections and no malicious one. */
  cleanDays(): string[] {
    return [...this.dates]
      .filter((day) => !this.attackDates.has(day))
      .sort((a, b) => a - b)
      .map((day) => utcDay(day * 86400));
  }
}

function checkList(name: string, values: readonly number[], valid: (x: number) => boolean, expected: string): void {
  if (values.length === 0) throw new ZeekseqError(`sweep: no ${name} given; list at least one.`);
  for (const value of values) if (!valid(value)) throw new ZeekseqError(`sweep: ${name} ${value} is not ${expected}.`);
}

/**
 * What a sweep reads of one scorer's scored connections, whether they are in memory (`sweep`) or a scores file
 * read back in chunks (which keeps per connection only the score and the label, and the anomalies at the lowest
 * threshold swept).
 */
export interface SweepData {
  scorer: string;
  /** One score per connection, aligned with the labels' connections. */
  scores: Float64Array;
  span: DaySpan;
  /** The originating hosts. */
  origins: ReadonlySet<string>;
  /** The threshold (and its interval) at an acceptance rate. */
  thresholdAt(acceptanceRate: number): ThresholdInterval;
  /** The connections scoring strictly above `threshold`, as anomalies. */
  anomaliesAbove(threshold: number): Anomaly[];
}

export function sweep(connections: ConnectionTable, scorer: ScorerScores, options: SweepOptions = {}): SweepResult {
  const span = new DaySpan();
  const malicious = options.labels?.connections;
  for (let c = 0; c < connections.ts.length; c++) span.add(connections.ts[c], malicious?.[c] === 1);
  return sweepData(
    {
      scorer: scorer.name,
      scores: scorer.scores,
      span,
      origins: new Set(connections.origHosts),
      thresholdAt: (rate) =>
        bootstrapThreshold(scorer.thresholdScores, rate, scorer.thresholdCounts, options.bootstrap),
      anomaliesAbove: (threshold) => anomaliesAbove(connections, scorer.scores, threshold),
    },
    options,
  );
}

/** The settings a sweep runs over, defaults filled in and checked (an error says which value is wrong). */
export function sweepSettings(options: Omit<SweepOptions, 'bootstrap'>): {
  rates: readonly number[];
  windows: readonly number[];
  minCounts: readonly number[];
} {
  const rates = options.acceptanceRates ?? DEFAULT_ACCEPTANCE_RATES;
  const windows = options.windows ?? DEFAULT_WINDOWS;
  const minCounts = options.minCounts ?? DEFAULT_MIN_COUNTS;
  checkList('acceptance rate', rates, (r) => r > 0 && r < 1, 'a share between 0 and 1 (e.g. 0.001)');
  checkList('window', windows, (w) => w > 0 && Number.isFinite(w), 'a positive number of seconds (e.g. 3600 for 1h)');
  checkList('min count', minCounts, (n) => Number.isInteger(n) && n >= 1, 'a whole number >= 1');
  if (options.budget !== undefined && !(options.budget > 0))
    throw new ZeekseqError(`sweep: the budget must be a positive number of notables per day, got ${options.budget}.`);
  return { rates, windows, minCounts };
}

/** The sweep of `sweep` over scored connections however they were read (see SweepData). */
export function sweepData(data: SweepData, options: Omit<SweepOptions, 'bootstrap'> = {}): SweepResult {
  const { rates, windows, minCounts } = sweepSettings(options);
  if (data.scores.length === 0)
    throw new ZeekseqError('sweep: there are no scored connections; check --data (and try --keep-conn-only).');
  const labels = options.labels;
  const watch = new Set(options.watchIps ?? []);
  const budget = options.budget ?? Infinity;

  const days = data.span.days();
  // with labels, the budget is the false-alarm load of the days without any malicious connection
  const cleanDays = labels ? data.span.cleanDays() : [];
  // zeekctl folders start a minute before midnight: a day is 24 hours of data, not a date touched
  const dayCount = Math.max(1, Math.round((data.span.last - data.span.first) / 86400));
  const k = Number.isFinite(budget) ? Math.max(1, Math.round(budget * dayCount)) : null;
  const warnings: string[] = [];
  const origins = data.origins;
  const absent = [...watch].filter((ip) => !origins.has(ip));
  if (absent.length > 0)
    warnings.push(
      `watched hosts ${absent.join(', ')} originate no connection in the scored data; no setting can flag them as originators.`,
    );

  const rows: SweepRow[] = [];
  for (const rate of [...rates].sort((a, b) => a - b)) {
    const interval = data.thresholdAt(rate);
    if (interval.warning) warnings.push(`${data.scorer}: ${interval.warning}`);
    const threshold = interval.point.threshold;
    const anomalies = data.anomaliesAbove(threshold);
    const connectionMetrics = labels
      ? classificationMetrics(
          // a byte per connection: a scores file's 10M connections would be 80 MB as booleans
          typedFrom(Uint8Array, data.scores, (s) => (s > threshold ? 1 : 0)),
          labels.connections,
        )
      : null;
    for (const window of windows) {
      for (const minCount of minCounts) {
        const notables = findNotables(anomalies, { window, minCount, host: options.host, resolver: options.resolver });
        const perDay = new Map<string, number>();
        for (const n of notables) perDay.set(utcDay(n.start), (perDay.get(utcDay(n.start)) ?? 0) + 1);
        const maxPerDay = Math.max(0, ...perDay.values());
        const maxPerCleanDay =
          cleanDays.length > 0 ? Math.max(0, ...cleanDays.map((day) => perDay.get(day) ?? 0)) : NaN;
        const flaggedHosts = notableHosts(notables, anomalies, labels);
        const hostMetrics = labels ? hostClassification([...origins], flaggedHosts, labels) : null;
        const row: SweepRow = {
          scorer: data.scorer,
          acceptanceRate: rate,
          window,
          minCount,
          threshold,
          thresholdLower: interval.lower,
          thresholdUpper: interval.upper,
          splitAbove: interval.point.above,
          anomalies: anomalies.length,
          notables: notables.length,
          notablesPerDay: notables.length / dayCount,
          maxNotablesPerDay: maxPerDay,
          maxNotablesPerCleanDay: maxPerCleanDay,
          hostsFlagged: new Set(notables.map((n) => n.host)).size,
          withinBudget: (cleanDays.length > 0 ? maxPerCleanDay : maxPerDay) <= budget,
          watchedFlagged: [...watch].filter((ip) => flaggedHosts.has(ip)).length,
          connectionPrecision: connectionMetrics?.precision ?? NaN,
          connectionRecall: connectionMetrics?.recall ?? NaN,
          connectionF1: connectionMetrics?.f1 ?? NaN,
          hostPrecision: hostMetrics?.precision ?? NaN,
          hostRecall: hostMetrics?.recall ?? NaN,
          hostF1: hostMetrics?.f1 ?? NaN,
          precisionAtBudget:
            labels && k !== null && notables.length > 0
              ? precisionAtK(
                  notables.map((n) => n.maxScore),
                  notables.map((n) => (n.addresses.some((a) => labels.hosts.has(a)) ? 1 : 0)),
                  k,
                )
              : NaN,
        };
        rows.push(row);
      }
    }
  }
  const { recommended, reason } = recommend(rows, labels !== undefined, watch.size);
  const hostNotables: HostNotables[] = [];
  if (recommended) {
    const counts = new Map<string, { notables: number; addresses: Set<string> }>();
    // notables again at the recommended setting rather than kept for every setting
    const anomalies = data.anomaliesAbove(recommended.threshold);
    for (const n of findNotables(anomalies, {
      window: recommended.window,
      minCount: recommended.minCount,
      host: options.host,
      resolver: options.resolver,
    })) {
      const entry = counts.get(n.hostLabel) ?? { notables: 0, addresses: new Set<string>() };
      entry.notables++;
      n.addresses.forEach((a) => entry.addresses.add(a));
      counts.set(n.hostLabel, entry);
    }
    for (const [host, { notables, addresses }] of counts) {
      const list = [...addresses];
      hostNotables.push({
        host,
        notables,
        malicious: labels ? list.some((a) => labels.hosts.has(a)) : false,
        watched: list.some((a) => watch.has(a)),
      });
    }
    hostNotables.sort((a, b) => b.notables - a.notables || (a.host < b.host ? -1 : a.host > b.host ? 1 : 0));
  }
  return {
    scorer: data.scorer,
    days,
    cleanDays,
    dayCount,
    rows,
    recommended,
    reason,
    hostNotables,
    warnings: [...new Set(warnings)],
  };
}

function hostClassification(hosts: readonly string[], flagged: ReadonlySet<string>, labels: AlignedLabels) {
  return classificationMetrics(
    hosts.map((h) => flagged.has(h)),
    hosts.map((h) => labels.hosts.has(h)),
  );
}

/** The recommended row and why (see the module comment). */
function recommend(
  rows: readonly SweepRow[],
  labeled: boolean,
  watched: number,
): { recommended: SweepRow | null; reason: string } {
  const within = rows.filter((r) => r.withinBudget);
  if (within.length === 0)
    return {
      recommended: null,
      reason:
        'no setting keeps within the alert budget; raise --budget, lower the acceptance rates or raise the min counts.',
    };
  if (labeled) {
    const best = [...within].sort(
      (a, b) =>
        b.hostRecall - a.hostRecall ||
        b.hostPrecision - a.hostPrecision ||
        a.notables - b.notables ||
        a.acceptanceRate - b.acceptanceRate,
    )[0];
    return {
      recommended: best,
      reason: 'best host recall within the alert budget (then host precision, then fewest notables)',
    };
  }
  if (watched > 0) {
    const all = within
      .filter((r) => r.watchedFlagged === watched)
      .sort((a, b) => a.acceptanceRate - b.acceptanceRate || a.notables - b.notables);
    if (all.length === 0)
      return { recommended: null, reason: `no setting within the alert budget flags all ${watched} watched hosts.` };
    return {
      recommended: all[0],
      reason: 'lowest acceptance rate that flags every watched host within the alert budget (then fewest notables)',
    };
  }
  const best = [...within].sort((a, b) => b.anomalies - a.anomalies || a.notables - b.notables)[0];
  return {
    recommended: best,
    reason:
      'no labels or watched hosts: the setting within the alert budget that flags the most anomalies (then fewest notables)',
  };
}
