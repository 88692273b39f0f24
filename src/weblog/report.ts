/**
 * The web-log detector's output files: alerts.csv (one row per alerting session), clients.csv (one row per
 * client address seen in the scored files), high-clients.txt (the HIGH addresses, one per line, ready for a
 * firewall rule set) and problems.csv (the parse problems, with file and line).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ZeekseqError } from '../util/errors.js';
import type { AlertTier } from '../model/markov.js';
import { maxTier, type SessionScore } from './detector.js';
import type { AccessLogProblem } from './parse.js';

export interface ClientRow {
  client: string;
  sessions: number;
  maxScore: number;
  /** The most severe tier of the client's sessions. */
  tier: AlertTier;
}

const SEVERITY: Record<AlertTier, number> = { HIGH: 3, MEDIUM: 2, LOW: 1, NONE: 0 };

/** Sessions that alert (tier LOW or above), most severe first, then by score. */
export function alertingSessions(scores: readonly SessionScore[]): SessionScore[] {
  return scores.filter((s) => s.tier !== 'NONE').sort((a, b) => SEVERITY[b.tier] - SEVERITY[a.tier] || b.score - a.score);
}

/** One row per client address: its sessions, highest score and most severe tier; most severe first. */
export function clientRows(scores: readonly SessionScore[]): ClientRow[] {
  const rows = new Map<string, ClientRow>();
  for (const s of scores) {
    const row = rows.get(s.session.client) ?? { client: s.session.client, sessions: 0, maxScore: -Infinity, tier: 'NONE' as AlertTier };
    row.sessions++;
    row.maxScore = Math.max(row.maxScore, s.score);
    row.tier = maxTier(row.tier, s.tier);
    rows.set(s.session.client, row);
  }
  return [...rows.values()].sort(
    (a, b) => SEVERITY[b.tier] - SEVERITY[a.tier] || b.maxScore - a.maxScore || (a.client < b.client ? -1 : a.client > b.client ? 1 : 0),
  );
}

/** A CSV field, quoted when it holds a comma, quote, line break or surrounding blanks (RFC 4180). */
function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\n') + '\n';
}

const iso = (seconds: number): string => new Date(seconds * 1000).toISOString();

export interface WrittenReport {
  alerts: number;
  clients: number;
  highClients: string[];
  files: string[];
}

/** Writes the report files into `dir` (created if needed). */
export async function writeWeblogReport(dir: string, scores: readonly SessionScore[], problems: readonly AccessLogProblem[]): Promise<WrittenReport> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw new ZeekseqError(`cannot create the output folder ${dir}: ${(error as NodeJS.ErrnoException).code ?? String(error)}; pass a writable --output.`);
  }
  const alerts = alertingSessions(scores);
  const clients = clientRows(scores);
  const highClients = clients.filter((c) => c.tier === 'HIGH').map((c) => c.client);
  const files = {
    'alerts.csv': toCsv(
      ['session', 'client', 'start', 'end', 'requests', 'tier', 'score', 'canary', 'transitions'],
      alerts.map((s) => [
        s.session.id,
        s.session.client,
        iso(s.session.start),
        iso(s.session.end),
        s.session.records.length,
        s.tier,
        s.score.toFixed(4),
        s.canaryHits.join(' | '),
        s.offending.join(' | '),
      ]),
    ),
    'clients.csv': toCsv(
      ['client', 'sessions', 'max_score', 'tier'],
      clients.map((c) => [c.client, c.sessions, c.maxScore.toFixed(4), c.tier]),
    ),
    'high-clients.txt': highClients.map((c) => `${c}\n`).join(''),
    'problems.csv': toCsv(
      ['kind', 'file', 'line', 'excerpt', 'message'],
      problems.map((p) => [p.kind, p.file, p.line, p.excerpt, p.message]),
    ),
  };
  const written: string[] = [];
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, name);
    await writeFile(file, text);
    written.push(file);
  }
  return { alerts: alerts.length, clients: clients.length, highClients, files: written };
}
