/**
 * The report of one recorded run (`zeekseq report RUN_ID`): what was run and how it went, the charts that fit
 * its kind (train, infer, sweep, evaluate, compare, weblog; sections built in <kind>-sections.ts from the
 * run's result files), the top rows of its result tables with links to the files, its parameters, input
 * fingerprints and environment, and the commands that reproduce it — enough for a reviewer to understand the
 * run without a terminal.
 */
import path from 'node:path';
import { loadRun, runDuration, type StoredRun } from '../track/read-runs.js';
import type { JsonValue, RunKind } from '../track/run-record.js';
import type { ReportBlock, ReportDocument, ReportSection, ReportValue } from './document.js';
import { compareSections } from './compare-sections.js';
import { csvPreview } from './csv-preview.js';
import { evaluateSections } from './evaluate-sections.js';
import { inferSections } from './infer-sections.js';
import { linkFrom, resultFiles } from './run-files.js';
import { sweepSections } from './sweep-sections.js';
import { trainSections } from './train-sections.js';
import { weblogSections } from './weblog-sections.js';

export interface RunReportOptions {
  /** Where the report will be written: links to the run's files are relative to it. */
  reportDir: string;
}

/** The folder a report goes to by default: reports/<id>/ (or reports/<a>-vs-<b>/) under the current folder. */
export function defaultReportDir(...ids: string[]): string {
  return path.join('reports', ids.join('-vs-'));
}

const KIND_SECTIONS: Partial<Record<RunKind, (run: StoredRun, reportDir: string) => Promise<ReportSection[]>>> = {
  train: trainSections,
  infer: inferSections,
  sweep: sweepSections,
  evaluate: evaluateSections,
  compare: compareSections,
  weblog: weblogSections,
};

/** A parameter or fingerprint value as one table cell: lists of plain values joined, objects as JSON. */
export function cellValue(value: JsonValue | undefined): ReportValue {
  if (value === undefined) return null;
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value) && value.every((v) => v === null || typeof v !== 'object')) return value.join(', ');
  return JSON.stringify(value);
}

/** Nested parameters as `a.b.c` rows, in the order recorded. */
function flatten(params: Readonly<Record<string, JsonValue>>, prefix = ''): Array<[string, ReportValue]> {
  return Object.entries(params).flatMap(
    ([key, value]): Array<[string, ReportValue]> =>
      value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 0
        ? flatten(value, `${prefix}${key}.`)
        : [[`${prefix}${key}`, cellValue(value)]],
  );
}

/** An argument as a POSIX shell reads it back unchanged. */
export function shellWord(word: string): string {
  return /^[\w./,:=@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

const utc = (iso: string | null) => (iso === null ? null : `${iso.slice(0, 19).replace('T', ' ')} UTC`);

function seconds(value: number | null): string | null {
  if (value === null) return null;
  return value < 120 ? `${value.toFixed(1)} s` : `${(value / 60).toFixed(1)} min`;
}

function overview(run: StoredRun): ReportSection {
  const r = run.record;
  const entries: Array<[string, ReportValue]> = [
    ['run', r.id],
    ['name', r.name],
    ['kind', r.kind],
    ['status', r.status],
    ...(r.error === null ? [] : [['error', r.error] as [string, ReportValue]]),
    ['started', utc(r.startedAt)],
    ['ended', utc(r.endedAt)],
    ['duration', seconds(runDuration(r))],
    [
      'code',
      r.git
        ? `${r.environment.zeekseq}, commit ${r.git.commit}${r.git.dirty ? ' with uncommitted changes' : ''}`
        : r.environment.zeekseq,
    ],
    ...(r.reproduces === null ? [] : [['reproduces run', r.reproduces] as [string, ReportValue]]),
    ['run folder', run.dir],
  ];
  const metrics = Object.entries(run.metrics);
  const blocks: ReportBlock[] = [{ kind: 'key-values', entries }];
  if (metrics.length > 0)
    blocks.push({
      kind: 'table',
      title: 'Metrics (last value of each)',
      columns: ['metric', 'value'],
      rows: metrics.map(([name, value]) => [name, value]),
    });
  return { title: 'Run', blocks };
}

async function outputs(run: StoredRun, reportDir: string): Promise<ReportSection> {
  const files = resultFiles(run);
  if (files.length === 0)
    return { title: 'Output files', blocks: [{ kind: 'paragraph', text: 'The run recorded no output files.' }] };
  const blocks: ReportBlock[] = [
    {
      kind: 'table',
      title: 'Files the run wrote',
      columns: ['file (relative to this report)', 'kind', 'bytes'],
      rows: files.map((f) => [f.bytes === null ? `${f.path} (gone)` : linkFrom(reportDir, f.path), f.kind, f.bytes]),
    },
  ];
  for (const f of files)
    if (f.bytes !== null && f.path.endsWith('.csv')) blocks.push(await csvPreview(f.path, reportDir));
  return { title: 'Output files', blocks };
}

function parameters(run: StoredRun): ReportSection {
  const r = run.record;
  const blocks: ReportBlock[] = [{ kind: 'key-values', title: 'Parameters', entries: flatten(r.params) }];
  const e = r.environment;
  blocks.push({
    kind: 'key-values',
    title: 'Environment',
    entries: [
      ['zeekseq', e.zeekseq],
      ['node', e.node],
      ['tfjs', e.tfjs],
      ['backend', e.backend],
      ['os', `${e.os.platform} ${e.os.release} (${e.os.arch})`],
      ['cpus', e.cpus],
      ['host', r.process.hostname],
    ],
  });
  blocks.push({
    kind: 'table',
    title: 'Inputs (sha256 of every file read)',
    columns: ['file', 'bytes', 'sha256'],
    rows: r.fingerprints.map((f) => [f.path, f.size, f.sha256]),
  });
  return { title: 'Parameters, environment and inputs', blocks };
}

function reproduce(run: StoredRun, runsDir: string): ReportSection {
  const r = run.record;
  return {
    title: 'Reproduce',
    blocks: [
      {
        kind: 'paragraph',
        text: 'Re-execute the recorded command as a new run and check that it gives the same metrics (inputs are checked first):',
      },
      { kind: 'code', code: `zeekseq runs reproduce ${r.id} --runs-dir ${shellWord(runsDir)}` },
      { kind: 'paragraph', text: 'The command line as recorded, from the folder it ran in:' },
      { kind: 'code', code: `cd ${shellWord(r.command.cwd)}\nzeekseq ${r.command.argv.map(shellWord).join(' ')}` },
    ],
  };
}

/** The report of run `id` (or the one run whose id starts with it) in `runsDir`. */
export async function runReport(runsDir: string, id: string, options: RunReportOptions): Promise<ReportDocument> {
  const run = await loadRun(runsDir, id);
  const r = run.record;
  const kind = KIND_SECTIONS[r.kind];
  const results = kind ? await kind(run, options.reportDir) : [];
  return {
    title: `${r.kind} run ${r.id}`,
    subtitle: `${r.name === r.kind ? '' : `${r.name}: `}${r.status}, started ${utc(r.startedAt)}; zeekseq ${r.command.argv[0] ?? ''}`,
    sections: [
      overview(run),
      ...results,
      await outputs(run, options.reportDir),
      parameters(run),
      reproduce(run, path.resolve(runsDir)),
    ],
  };
}
