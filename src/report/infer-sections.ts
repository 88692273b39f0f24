/**
 * An infer run's results, read from its result files by column name: the score distribution against the model's
 * threshold (from scores.csv, written with --all), notables per host and over time (notables.csv, with the
 * anomalies of summarized_output.csv), and the most anomalous connections explained token by token.
 */
import path from 'node:path';
import type { Anomaly, Notable } from '../detect/notables.js';
import type { ThresholdInterval } from '../detect/threshold-bootstrap.js';
import type { StoredRun } from '../track/read-runs.js';
import { connectionChart } from '../viz/connection-chart.js';
import { hostCounts, hostCountsChart } from '../viz/host-counts-chart.js';
import { notableTimelineChart } from '../viz/notable-timeline-chart.js';
import { scoreDistributionChart } from '../viz/score-distribution-chart.js';
import type { ReportBlock, ReportSection } from './document.js';
import { runPath } from '../track/read-runs.js';
import { type CsvTable, column, linkFrom, readCsv, readCsvHead, runFile } from './run-files.js';
import { loadModel } from './train-sections.js';
import { formatCount } from '../util/format-count.js';

/** Connections explained one by one. */
const EXPLAINED = 5;

const utc = (seconds: number) =>
  Number.isFinite(seconds) ? new Date(seconds * 1000).toISOString().slice(0, 19).replace('T', ' ') : null;

const number = (text: string | undefined) => (text === undefined || text === '' ? Number.NaN : Number(text));

/** The values of `names` per row, or null when a column is missing (the file is then not drawn). */
function columns(table: CsvTable, names: readonly string[]): string[][] | null {
  const found = names.map((name) => column(table, name));
  return found.every((c) => c !== null) ? (found as string[][]) : null;
}

function missing(file: string, names: readonly string[]): ReportBlock {
  return {
    kind: 'paragraph',
    text: `${path.basename(file)} lacks one of the columns ${names.join(', ')}; it was written by another version of zeekseq, so it is listed below but not drawn.`,
  };
}

const NOTABLE_COLUMNS = ['host', 'host_label', 'identity', 'addresses', 'start', 'end', 'anomalies', 'max_score'];

/** notables.csv back as notables (the columns the charts use; top connections left empty). */
function notablesOf(table: CsvTable): Notable[] | null {
  const c = columns(table, NOTABLE_COLUMNS);
  if (!c) return null;
  const [host, label, identity, addresses, start, end, anomalies, maxScore] = c;
  const peers = column(table, 'distinct_peers');
  const mean = column(table, 'mean_score');
  return host.map((_, i) => ({
    host: host[i],
    hostLabel: label[i] || host[i],
    identity: identity[i] === 'mac' ? 'mac' : 'ip',
    addresses: addresses[i].split(' ').filter((a) => a !== ''),
    start: number(start[i]),
    end: number(end[i]),
    count: number(anomalies[i]),
    distinctPeers: number(peers?.[i]),
    maxScore: number(maxScore[i]),
    meanScore: number(mean?.[i]),
    top: [],
  }));
}

const ANOMALY_COLUMNS = ['uid', 'ts', 'id.orig_h', 'id.resp_h', 'score'];

function anomaliesOf(table: CsvTable): Anomaly[] | null {
  const c = columns(table, ANOMALY_COLUMNS);
  if (!c) return null;
  const [uid, ts, orig, resp, score] = c;
  return uid.map((_, i) => ({
    uid: uid[i],
    ts: number(ts[i]),
    origHost: orig[i],
    respHost: resp[i],
    score: number(score[i]),
  }));
}

async function distribution(run: StoredRun, threshold: ThresholdInterval | null): Promise<ReportBlock[]> {
  const file = runFile(run, 'scores.csv');
  if (!file)
    return [
      {
        kind: 'paragraph',
        text: 'No score distribution: this run wrote no scores.csv. Run infer with --all to keep every connection’s score.',
      },
    ];
  if (!threshold) return [];
  const scores = column(await readCsv(file), 'score');
  if (!scores) return [missing(file, ['score'])];
  if (scores.length === 0) return [{ kind: 'paragraph', text: 'scores.csv holds no connections.' }];
  return [
    {
      kind: 'chart',
      spec: scoreDistributionChart({
        scores: scores.map(number),
        threshold,
        title: `Scores of the ${formatCount(scores.length)} connections scored`,
      }),
      caption:
        'Every connection of this run; the line is the model’s threshold and the band its bootstrap interval on the training threshold split.',
    },
  ];
}

async function hosts(run: StoredRun, reportDir: string): Promise<ReportBlock[]> {
  const file = runFile(run, 'notables.csv');
  if (!file) return [{ kind: 'paragraph', text: 'This run wrote no notables.csv.' }];
  const notables = notablesOf(await readCsv(file));
  if (!notables) return [missing(file, NOTABLE_COLUMNS)];
  if (notables.length === 0)
    return [{ kind: 'paragraph', text: 'No notables: no host had enough anomalies within a window.' }];
  const summary = runFile(run, 'summarized_output.csv');
  const anomalies = summary ? (anomaliesOf(await readCsv(summary)) ?? undefined) : undefined;
  const table = await readCsv(file);
  const topSequence = column(table, 'top_sequence');
  return [
    {
      kind: 'table',
      title: 'Notables',
      columns: [
        'host',
        'addresses',
        'from (UTC)',
        'to (UTC)',
        'anomalies',
        'peers',
        'max score',
        'most anomalous sequence',
      ],
      rows: notables.map((n, i) => [
        n.hostLabel,
        n.addresses.join(' '),
        utc(n.start),
        utc(n.end),
        n.count,
        n.distinctPeers,
        n.maxScore,
        topSequence?.[i] ?? null,
      ]),
      csv: linkFrom(reportDir, file),
      maxRows: 30,
    },
    { kind: 'chart', spec: hostCountsChart(hostCounts(notables, anomalies)) },
    {
      kind: 'chart',
      spec: notableTimelineChart(notables),
      caption: 'Regular spacing reads as beaconing, one long burst as a scan or a transfer.',
    },
  ];
}

const EXPLAIN_COLUMNS = ['uid', 'sequence', 'score', 'token_scores', 'expected_tokens'];

async function connections(run: StoredRun, threshold: number | undefined): Promise<ReportBlock[]> {
  const file = runFile(run, 'summarized_output.csv');
  if (!file) return [{ kind: 'paragraph', text: 'This run wrote no summarized_output.csv.' }];
  const c = columns(await readCsvHead(file, EXPLAINED), EXPLAIN_COLUMNS);
  if (!c) return [missing(file, EXPLAIN_COLUMNS)];
  const [uid, sequence, score, tokenScores, expected] = c;
  if (uid.length === 0) return [{ kind: 'paragraph', text: 'No connection scored above the threshold.' }];
  const blocks: ReportBlock[] = [];
  for (let i = 0; i < uid.length; i++) {
    const tokens = sequence[i].split(' ').filter((t) => t !== '');
    const perToken = tokenScores[i].split(' ').filter((t) => t !== '');
    const expectedTokens = expected[i].split(' ').filter((t) => t !== '');
    if (perToken.length !== tokens.length || expectedTokens.length !== tokens.length) continue;
    blocks.push({
      kind: 'chart',
      spec: connectionChart({
        uid: uid[i],
        score: number(score[i]),
        threshold,
        tokens,
        tokenScores: perToken.map(number),
        expected: expectedTokens.map((e) => e.split('|')),
      }),
    });
  }
  if (blocks.length === 0)
    return [
      {
        kind: 'paragraph',
        text: 'No per-token explanation: the scorer of this model gives none (the transformer does); the most anomalous connections are the first rows of the summarized_output.csv table below.',
      },
    ];
  return [
    {
      kind: 'paragraph',
      text: `The ${blocks.length} most anomalous connections: each event’s token coloured by how unexpected it was, and below it what the model expected there.`,
    },
    ...blocks,
  ];
}

export async function inferSections(run: StoredRun, reportDir: string): Promise<ReportSection[]> {
  const model = run.record.params.model;
  const detector = await loadModel(typeof model === 'string' ? runPath(run, model) : null);
  let threshold: ThresholdInterval | null = null;
  const intro: ReportBlock[] = [];
  if (typeof detector === 'string')
    intro.push({
      kind: 'paragraph',
      text: `The model’s threshold is unknown, so no score distribution is drawn: ${detector}.`,
    });
  else {
    threshold = detector.threshold;
    detector.dispose();
  }
  const m = run.metrics;
  if (m.connections_scored != null && m.anomalies != null)
    intro.push({
      kind: 'paragraph',
      text: `${formatCount(m.connections_scored)} connections scored, ${formatCount(m.anomalies)} above the threshold${threshold ? ` ${threshold.point.threshold.toPrecision(6)}` : ''}; ${m.notables ?? 0} notables on ${m.notable_hosts ?? 0} hosts.`,
    });
  return [
    { title: 'Scores', blocks: [...intro, ...(await distribution(run, threshold))] },
    { title: 'Notables', blocks: await hosts(run, reportDir) },
    { title: 'Most anomalous connections', blocks: await connections(run, threshold?.point.threshold) },
  ];
}
