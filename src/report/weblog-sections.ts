/**
 * A weblog run's results: the alerting sessions by score and tier against the model's tier thresholds
 * (alerts.csv; sessions at NONE are not in it, and are counted instead) and the clients by tier (clients.csv).
 * With two models (--model both) each gets its own session chart; clients are drawn by their combined tier.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { AlertTier, TierThresholds } from '../model/markov.js';
import type { StoredRun } from '../track/read-runs.js';
import { TIERS } from '../viz/chart-style.js';
import { clientTierChart } from '../viz/client-tier-chart.js';
import { sessionScoreChart } from '../viz/session-score-chart.js';
import type { ClientRow } from '../weblog/report.js';
import type { ReportBlock, ReportSection } from './document.js';
import { type CsvTable, column, outputFolder, readCsv, runFile } from './run-files.js';
import { formatCount } from '../util/format-count.js';

type ModelName = 'markov' | 'transformer';

const tierOf = (text: string): AlertTier =>
  (TIERS as readonly string[]).includes(text) ? (text as AlertTier) : 'NONE';

/** Where each model keeps its tier thresholds in the output folder. */
const THRESHOLD_FILES: Record<ModelName, [string, (json: unknown) => unknown]> = {
  markov: ['model.json', (json) => (json as { markov?: { thresholds?: unknown } }).markov?.thresholds],
  transformer: [path.join('transformer', 'weblog.json'), (json) => (json as { thresholds?: unknown }).thresholds],
};

async function thresholdsOf(run: StoredRun, model: ModelName): Promise<TierThresholds | undefined> {
  const folder = outputFolder(run);
  if (!folder) return undefined;
  const [file, pick] = THRESHOLD_FILES[model];
  try {
    const t = pick(JSON.parse(await readFile(path.join(folder, file), 'utf8'))) as TierThresholds | undefined;
    return t && [t.low, t.medium, t.high].every(Number.isFinite) ? t : undefined;
  } catch {
    return undefined;
  }
}

function clientsOf(table: CsvTable, models: readonly ModelName[]): ClientRow[] | null {
  const client = column(table, 'client');
  const sessions = column(table, 'sessions');
  const tier = column(table, 'tier');
  // with two models the highest of their max scores ranks the client
  const scores = (models.length === 1 ? ['max_score'] : models.map((m) => `${m}_max_score`)).map((name) =>
    column(table, name),
  );
  if (!client || !sessions || !tier || scores.some((s) => s === null)) return null;
  return client.map((c, i) => ({
    client: c,
    sessions: Number(sessions[i]),
    maxScore: Math.max(...scores.map((s) => Number(s?.[i]))),
    tier: tierOf(tier[i]),
  }));
}

async function sessionCharts(run: StoredRun, alerts: CsvTable, models: readonly ModelName[], total: number | null) {
  const blocks: ReportBlock[] = [];
  for (const model of models) {
    const score = column(alerts, models.length === 1 ? 'score' : `${model}_score`);
    const tier = column(alerts, models.length === 1 ? 'tier' : `${model}_tier`);
    if (!score || !tier) continue;
    const sessions = score
      .map((s, i) => ({ score: Number(s), tier: tierOf(tier[i]) }))
      .filter((s) => s.tier !== 'NONE');
    const none =
      total === null
        ? ''
        : `; ${formatCount(total - alerts.rows.length)} of the ${formatCount(total)} sessions scored are at NONE in every model and not drawn`;
    if (sessions.length === 0) {
      blocks.push({ kind: 'paragraph', text: `${model}: no session reached a tier above NONE${none}.` });
      continue;
    }
    blocks.push({
      kind: 'chart',
      spec: sessionScoreChart(sessions, {
        thresholds: await thresholdsOf(run, model),
        title: `Alerting sessions by ${model} score`,
      }),
      caption: `Sessions in alerts.csv (LOW and above)${none}. A HIGH bar left of the HIGH line is a canary hit.`,
    });
  }
  return blocks;
}

export async function weblogSections(run: StoredRun): Promise<ReportSection[]> {
  const chosen = run.record.params.model;
  const models: ModelName[] =
    chosen === 'both' ? ['markov', 'transformer'] : chosen === 'transformer' ? ['transformer'] : ['markov'];
  const alertsFile = runFile(run, 'alerts.csv');
  const clientsFile = runFile(run, 'clients.csv');
  if (!alertsFile || !clientsFile)
    return [
      {
        title: 'Sessions and clients',
        blocks: [
          {
            kind: 'paragraph',
            text: 'This run left no alerts.csv and clients.csv to report (its --output folder is gone).',
          },
        ],
      },
    ];
  const clients = clientsOf(await readCsv(clientsFile), models);
  const total = clients ? clients.reduce((sum, c) => sum + c.sessions, 0) : null;
  const blocks = await sessionCharts(run, await readCsv(alertsFile), models, total);
  if (!clients)
    blocks.push({
      kind: 'paragraph',
      text: 'clients.csv lacks the columns of this version; it is listed below but not drawn.',
    });
  else if (clients.length > 0)
    blocks.push({
      kind: 'chart',
      spec: clientTierChart(clients),
      caption: 'The HIGH clients are listed in high-clients.txt, one address a line, ready for a block list.',
    });
  return [{ title: 'Sessions and clients', blocks }];
}
