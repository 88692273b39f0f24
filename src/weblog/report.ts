/**
 * The web-log detector's output files: alerts.csv (one row per alerting session), clients.csv (one row per
 * client address seen in the scored files), high-clients.txt (the HIGH addresses, one per line, ready for a
 * firewall rule set; a HIGH client that is not an IP address is left out and returned in `notAddresses`) and
 * problems.csv (the parse problems, with file and line). Every CSV cell goes through util/escape.ts.
 *
 * With one model the score columns are `score` / `max_score` and `tier`. With two (Markov and transformer on the
 * same sessions) each session and client is still one row: `tier` is the more severe of the models' tiers, and
 * each model adds `<model>_score` / `<model>_max_score` and `<model>_tier` columns and its explanation column
 * (`transitions` for Markov, `tokens` for the transformer). high-clients.txt then lists the union: clients HIGH
 * by either model (or a canary), since a firewall list should hold what any detector is sure of; the per-model
 * tiers in clients.csv give each model's own list.
 *
 * With heuristic labels (heuristic-labels.ts), labels.csv holds each scored client's label and the evidence for
 * it (probe requests and the first one, the largest 404 burst, why it counts as a crawler), for checking them.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import path from 'node:path';
import { ZeekseqError } from '../util/errors.js';
import { type CsvValue, csvLine } from '../util/escape.js';
import type { AlertTier } from '../model/markov.js';
import { maxTier, type SessionScore } from './detector.js';
import { CLIENT_LABELS, type ClientHeuristic } from './heuristic-labels.js';
import type { AccessLogProblem } from './parse.js';

export type WeblogModelName = 'markov' | 'transformer';

/** One model's scores of the scored sessions; every run of a report scores the same sessions in the same order. */
export interface ModelRun {
  model: WeblogModelName;
  scores: readonly SessionScore[];
}

/** The column that says why a model scored a session as it did. */
export const EXPLANATION_COLUMN: Readonly<Record<WeblogModelName, string>> = {
  markov: 'transitions',
  transformer: 'tokens',
};

export interface ClientRow {
  client: string;
  sessions: number;
  maxScore: number;
  /** The most severe tier of the client's sessions. */
  tier: AlertTier;
}

const SEVERITY: Record<AlertTier, number> = { HIGH: 3, MEDIUM: 2, LOW: 1, NONE: 0 };

/** One row per client address: its sessions, highest score and most severe tier; most severe first. */
export function clientRows(scores: readonly SessionScore[]): ClientRow[] {
  const rows = new Map<string, ClientRow>();
  for (const s of scores) {
    const row = rows.get(s.session.client) ?? {
      client: s.session.client,
      sessions: 0,
      maxScore: -Infinity,
      tier: 'NONE' as AlertTier,
    };
    row.sessions++;
    row.maxScore = Math.max(row.maxScore, s.score);
    row.tier = maxTier(row.tier, s.tier);
    rows.set(s.session.client, row);
  }
  return [...rows.values()].sort(
    (a, b) =>
      SEVERITY[b.tier] - SEVERITY[a.tier] ||
      b.maxScore - a.maxScore ||
      (a.client < b.client ? -1 : a.client > b.client ? 1 : 0),
  );
}

const iso = (seconds: number): string => new Date(seconds * 1000).toISOString();

/** Scores to 4 decimals, kept numbers so that a negative one is written as data, not neutralised as a formula. */
const r4 = (x: number): number => Math.round(x * 1e4) / 1e4;

function csvText(header: readonly string[], rows: ReadonlyArray<readonly CsvValue[]>): string {
  return [header, ...rows].map(csvLine).join('');
}

export interface WrittenReport {
  /** Sessions per tier (with two models, the more severe of their tiers). */
  tiers: Record<AlertTier, number>;
  alerts: number;
  clients: number;
  highClients: string[];
  /** HIGH clients left out of high-clients.txt because they are not IP addresses (e.g. a forged X-Forwarded-For). */
  notAddresses: string[];
  files: string[];
}

/** A session with every model's score of it and the most severe of their tiers. */
interface SessionRow {
  scores: SessionScore[];
  tier: AlertTier;
}

function sessionRows(runs: readonly ModelRun[]): SessionRow[] {
  if (runs.length === 0)
    throw new ZeekseqError('weblog report: no model scores to write; score the sessions with at least one model.');
  const [first, ...others] = runs;
  for (const run of others) {
    if (run.scores.length !== first.scores.length || run.scores.some((s, i) => s.session !== first.scores[i].session)) {
      throw new ZeekseqError(
        `weblog report: the ${run.model} scores are not of the same sessions as the ${first.model} scores; score one session list with every model.`,
      );
    }
  }
  return first.scores.map((_, i) => {
    const scores = runs.map((run) => run.scores[i]);
    return { scores, tier: scores.map((s) => s.tier).reduce(maxTier) };
  });
}

/** Most severe first, then by each model's score in turn, highest first. */
function bySeverity(a: { tier: AlertTier; scores: number[] }, b: { tier: AlertTier; scores: number[] }): number {
  const tiers = SEVERITY[b.tier] - SEVERITY[a.tier];
  if (tiers !== 0) return tiers;
  for (let m = 0; m < a.scores.length; m++) if (a.scores[m] !== b.scores[m]) return b.scores[m] - a.scores[m];
  return 0;
}

function alertsCsv(runs: readonly ModelRun[]): { csv: string; alerts: number; tiers: Record<AlertTier, number> } {
  const sessions = sessionRows(runs);
  const tiers: Record<AlertTier, number> = { HIGH: 0, MEDIUM: 0, LOW: 0, NONE: 0 };
  for (const row of sessions) tiers[row.tier]++;
  const alerts = sessions
    .filter((row) => row.tier !== 'NONE')
    .map((row) => ({ ...row, values: row.scores.map((s) => s.score) }))
    .sort((a, b) => bySeverity({ tier: a.tier, scores: a.values }, { tier: b.tier, scores: b.values }));
  const single = runs.length === 1;
  const header = [
    ...['session', 'client', 'start', 'end', 'requests', 'tier'],
    ...(single ? ['score'] : runs.flatMap((r) => [`${r.model}_score`, `${r.model}_tier`])),
    'canary',
    ...runs.map((r) => EXPLANATION_COLUMN[r.model]),
  ];
  const rows = alerts.map(({ scores, tier }) => {
    const { session, canaryHits } = scores[0];
    return [
      session.id,
      session.client,
      iso(session.start),
      iso(session.end),
      session.records.length,
      tier,
      ...(single ? [r4(scores[0].score)] : scores.flatMap((s) => [r4(s.score), s.tier])),
      canaryHits.join(' | '),
      ...scores.map((s) => s.offending.join(' | ')),
    ];
  });
  return { csv: csvText(header, rows), alerts: alerts.length, tiers };
}

function clientsCsv(runs: readonly ModelRun[]): { csv: string; clients: number; highClients: string[] } {
  const perModel = runs.map((run) => new Map(clientRows(run.scores).map((row) => [row.client, row])));
  const clients = [...perModel[0].keys()]
    .map((client) => {
      const rows = perModel.map((byClient) => byClient.get(client) as ClientRow);
      return {
        client,
        sessions: rows[0].sessions,
        rows,
        tier: rows.map((r) => r.tier).reduce(maxTier),
        scores: rows.map((r) => r.maxScore),
      };
    })
    .sort((a, b) => bySeverity(a, b) || (a.client < b.client ? -1 : a.client > b.client ? 1 : 0));
  const single = runs.length === 1;
  const header = single
    ? ['client', 'sessions', 'max_score', 'tier']
    : ['client', 'sessions', 'tier', ...runs.flatMap((r) => [`${r.model}_max_score`, `${r.model}_tier`])];
  const rows = clients.map((c) =>
    single
      ? [c.client, c.sessions, r4(c.scores[0]), c.tier]
      : [c.client, c.sessions, c.tier, ...c.rows.flatMap((r) => [r4(r.maxScore), r.tier])],
  );
  return {
    csv: csvText(header, rows),
    clients: clients.length,
    highClients: clients.filter((c) => c.tier === 'HIGH').map((c) => c.client),
  };
}

/** labels.csv: one row per client, suspicious labels first, then by client. */
export function labelsCsv(labels: Iterable<ClientHeuristic>): string {
  const order = (h: ClientHeuristic) => CLIENT_LABELS.indexOf(h.label);
  const rows = [...labels]
    .sort((a, b) => order(a) - order(b) || (a.client < b.client ? -1 : a.client > b.client ? 1 : 0))
    .map((h) => [
      h.client,
      h.label,
      h.requests,
      h.probes,
      h.firstProbe?.kind ?? null,
      h.firstProbe?.path ?? null,
      h.burst,
      h.crawler,
    ]);
  return csvText(
    ['client', 'label', 'requests', 'probes', 'first_probe_kind', 'first_probe', 'burst', 'crawler'],
    rows,
  );
}

/**
 * Writes the report files into `dir` (created if needed) from one or more models' scores of the same sessions
 * (see the module comment for the columns).
 */
export async function writeWeblogReport(
  dir: string,
  runs: readonly ModelRun[],
  problems: readonly AccessLogProblem[],
  labels?: ReadonlyMap<string, ClientHeuristic>,
): Promise<WrittenReport> {
  const alerts = alertsCsv(runs);
  const clients = clientsCsv(runs);
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw new ZeekseqError(
      `cannot create the output folder ${dir}: ${(error as NodeJS.ErrnoException).code ?? String(error)}; pass a writable --output.`,
    );
  }
  // A firewall reads high-clients.txt: only addresses go there, whatever a log's client field held.
  const addresses = clients.highClients.filter((c) => isIP(c) !== 0);
  const files: Record<string, string> = {
    'alerts.csv': alerts.csv,
    'clients.csv': clients.csv,
    'high-clients.txt': addresses.map((c) => `${c}\n`).join(''),
    'problems.csv': csvText(
      ['kind', 'file', 'line', 'excerpt', 'message'],
      problems.map((p) => [p.kind, p.file, p.line, p.excerpt, p.message]),
    ),
  };
  if (labels) files['labels.csv'] = labelsCsv(labels.values());
  const written: string[] = [];
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, name);
    await writeFile(file, text);
    written.push(file);
  }
  return {
    tiers: alerts.tiers,
    alerts: alerts.alerts,
    clients: clients.clients,
    highClients: clients.highClients,
    notAddresses: clients.highClients.filter((c) => isIP(c) === 0),
    files: written,
  };
}
