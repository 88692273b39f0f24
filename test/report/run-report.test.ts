/**
 * Reports of real runs: a tiny synthetic network whose DHCP host names, HTTP URIs and user agents carry markup,
 * and a tiny access log whose paths do, go through `zeekseq train` (a one-epoch transformer), `infer`, `sweep`
 * and `weblog`; each run's report is written and checked as HTML and, where Chromium is installed, as a page:
 * every chart drew, nothing was requested, nothing logged an error, and the markup stayed text.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { run } from '../../src/cli/main.js';
import { buildReportCommand } from '../../src/cli/report.js';
import { comparisonReport } from '../../src/report/comparison-report.js';
import { defaultReportDir, runReport } from '../../src/report/run-report.js';
import { writeReport } from '../../src/report/write-report.js';
import { synthesize } from '../../src/synth/synthesize.js';
import { listRuns } from '../../src/track/read-runs.js';
import { chromiumPresent, launchChromium, openReport } from '../support/browser-page.js';
import { projectRoot } from '../support/shared.js';
import { accessLine } from '../weblog/fixtures.js';

const HOST = '<img src=x onerror=alert(1)>';
const URI = '/<script>alert(1)</script>';
const AGENT = '"><svg onload=alert(1)>';
const PAYLOADS = [HOST, URI, AGENT];

const KINDS = ['train', 'infer', 'sweep', 'evaluate', 'compare', 'weblog'] as const;
type Kind = (typeof KINDS)[number];
/** The kinds opened in Chromium: those with charts of logged strings (compare draws numbers only). */
const BROWSED = ['train', 'infer', 'sweep', 'weblog'] as const;

let root: string;
let runsDir: string;
const ids = {} as Record<Kind | 'infer2', string>;
const files = {} as Record<Kind | 'comparison', string>;
const html = {} as Record<Kind | 'comparison', string>;

/** Rewrites one column of a Zeek TSV log in place. */
async function editLog(file: string, name: string, value: (old: string) => string): Promise<void> {
  const lines = (await readFile(file, 'utf8')).split('\n');
  const fields =
    lines
      .find((line) => line.startsWith('#fields\t'))
      ?.split('\t')
      .slice(1) ?? [];
  const i = fields.indexOf(name);
  expect(i).toBeGreaterThanOrEqual(0);
  const edited = lines.map((line) => {
    if (line === '' || line.startsWith('#')) return line;
    const cells = line.split('\t');
    cells[i] = value(cells[i]);
    return cells.join('\t');
  });
  await writeFile(file, edited.join('\n'));
}

async function zeekseq(...args: string[]): Promise<void> {
  await run(['node', 'zeekseq', ...args]);
  expect(process.exitCode ?? 0).toBe(0);
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'zeekseq-run-report-'));
  runsDir = path.join(root, 'runs');
  const data = path.join(root, 'data');
  await synthesize({
    out: data,
    hosts: 4,
    days: 2,
    seed: 3,
    attacks: ['port-scan', 'lateral-movement'],
    attackDays: [2],
  });
  const [clean, attacked] = ['2024-03-04', '2024-03-05'].map((day) => path.join(data, day));
  const labels = path.join(data, 'labels.csv');
  for (const day of [clean, attacked])
    await editLog(path.join(day, 'dhcp.log'), 'host_name', (name) => `${HOST}${name}`);
  await editLog(path.join(attacked, 'http.log'), 'uri', () => URI);
  await editLog(path.join(attacked, 'http.log'), 'user_agent', () => AGENT);
  const pages = ['/', '/blog/1', '/blog/2', '/about'];
  const browsing = (c: number, start: number) =>
    [0, 1, 2].map((i) => accessLine(`192.0.2.${c}`, start + c * 5 + i * 30, pages[(c + i) % pages.length]));
  await writeFile(
    path.join(root, 'train.log'),
    `${Array.from({ length: 20 }, (_, c) => browsing(c + 1, 0))
      .flat()
      .join('\n')}\n`,
  );
  const attack = [URI, `/${HOST}`, '/.git/config'].map((target, i) =>
    accessLine('198.51.100.9', 86400 + i, target, AGENT),
  );
  await writeFile(path.join(root, 'score.log'), `${[...browsing(3, 86400), ...attack].join('\n')}\n`);

  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  vi.spyOn(console, 'error').mockImplementation(() => {});
  try {
    const model = path.join(root, 'model');
    const common = ['--runs-dir', runsDir];
    await zeekseq(
      'train',
      '--data',
      clean,
      '--model',
      model,
      '--epochs',
      '1',
      '--acceptance-rate',
      '0.05',
      '--keep-conn-only',
      ...common,
    );
    const infer = (output: string, ...options: string[]) =>
      zeekseq(
        'infer',
        '--data',
        attacked,
        '--model',
        model,
        '--output',
        path.join(root, output),
        ...options,
        ...common,
      );
    await infer('infer', '--all');
    await infer('infer2', '--min-count', '1');
    await zeekseq(
      'sweep',
      '--model',
      model,
      '--data',
      attacked,
      '--output',
      path.join(root, 'sweep'),
      '--labels',
      labels,
      '--acceptance-rates',
      '0.01,0.05,0.1',
      ...common,
    );
    await zeekseq('evaluate', '--model', model, '--data', attacked, '--labels', labels, ...common);
    await zeekseq(
      'compare',
      '--data',
      attacked,
      '--log',
      'conn',
      '--sizes',
      '100,200',
      '--output',
      path.join(root, 'compare'),
      ...common,
    );
    await zeekseq(
      'weblog',
      '--train',
      path.join(root, 'train.log'),
      '--score',
      path.join(root, 'score.log'),
      '--output',
      path.join(root, 'weblog'),
      ...common,
    );
  } finally {
    log.mockRestore();
    vi.restoreAllMocks();
  }
  const runs = await listRuns(runsDir);
  for (const stored of runs) {
    const kind = stored.record.kind as Kind;
    if (kind === 'infer' && ids.infer) ids.infer2 = stored.record.id;
    else ids[kind] = stored.record.id;
  }
  for (const kind of KINDS) {
    const dir = path.join(root, 'reports', ids[kind]);
    files[kind] = await writeReport(await runReport(runsDir, ids[kind], { reportDir: dir }), dir);
    html[kind] = await readFile(files[kind], 'utf8');
  }
  files.comparison = await writeReport(
    await comparisonReport(runsDir, ids.infer, ids.infer2),
    path.join(root, 'reports', 'comparison'),
  );
  html.comparison = await readFile(files.comparison, 'utf8');
}, 150_000);

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe('runReport', () => {
  it('reports an infer run: its scores, notables, explained connections, linked files and how to reproduce it', () => {
    const page = html.infer;
    expect(page).toContain(`<title>infer run ${ids.infer}</title>`);
    expect(page).toMatch(
      /<p>[\d,]+ connections scored, [\d,]+ above the threshold [\d.]+; \d+ notables on \d+ hosts\.<\/p>/,
    );
    expect(page).toContain('<h3>Notables</h3>');
    expect(page.match(/<figure class="scroll">/g)?.length).toBe(3 + 5);
    expect(page).toContain('Full table: <a href="../../infer/notables.csv">../../infer/notables.csv</a>');
    expect(page).toMatch(/<h3>log-http\.csv( \(top 10 rows\))?<\/h3>/);
    expect(page).toContain(`<pre><code>zeekseq runs reproduce ${ids.infer} --runs-dir ${runsDir}</code></pre>`);
    expect(page).toContain(`zeekseq infer --data ${path.join(root, 'data', '2024-03-05')} --model`);
  });

  it('reports a train run with its vocabulary, training curves and threshold split, and a sweep with its recommendation', () => {
    expect(html.train.match(/<figure class="scroll">/g)).toHaveLength(3);
    expect(html.train).toContain('A transformer model trained on');
    expect(html.sweep).toMatch(/<p>Recommended: acceptance rate [\d.]+, window \w+, min count \d+\. Why: /);
    expect(html.sweep.match(/<figure class="scroll">/g)).toHaveLength(2);
    expect(html.weblog.match(/<figure class="scroll">/g)).toHaveLength(2);
    expect(html.weblog).toContain('<h3>alerts.csv</h3>');
  });

  it('reports an evaluate run as its table of scorers, and a compare run with its chart', () => {
    expect(html.evaluate).toContain('<h3>Scorers side by side (recorded metrics)</h3>');
    expect(html.evaluate).toMatch(/<tr><td>transformer<\/td>(<td class="number">[^<]*<\/td>)+<\/tr>/);
    expect(html.evaluate).toMatch(/<tr><td>markov<\/td>/);
    expect(html.compare).toContain('<h3>compare.csv</h3>');
    expect(html.compare.match(/<figure class="scroll">/g)).toHaveLength(1);
  });

  it('says what to do where a result is missing: no scores.csv without --all', async () => {
    const doc = await runReport(runsDir, ids.infer2, { reportDir: path.join(root, 'reports', ids.infer2) });
    const scores = doc.sections.find((s) => s.title === 'Scores');
    expect(scores?.blocks).toContainEqual({
      kind: 'paragraph',
      text: 'No score distribution: this run wrote no scores.csv. Run infer with --all to keep every connection’s score.',
    });
  });

  it('compares two infer runs: the parameter that differs and the hosts that gained notables', () => {
    const page = html.comparison;
    expect(page).toContain(`<title>${ids.infer} against ${ids.infer2}</title>`);
    expect(page).toContain('<tr><td>all</td><td>true</td><td>false</td></tr>');
    expect(page).toContain('<h3>Notables per host, where the number changed</h3>');
  });

  it('keeps the markup of host names, URIs and user agents as text', () => {
    for (const kind of KINDS) for (const payload of PAYLOADS) expect(html[kind]).not.toContain(payload);
    expect(html.infer).toContain('&lt;img src=x onerror=alert(1)&gt;NW-WS');
    expect(html.infer).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html.infer).toContain('&quot;&gt;&lt;svg onload=alert(1)&gt;');
    expect(html.weblog).toContain('/&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('zeekseq report', () => {
  it('writes the report of a run given by a prefix of its id, and refuses three runs', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      const dir = path.join(root, 'cli');
      await buildReportCommand().parseAsync([ids.weblog.slice(0, -3), '--runs-dir', runsDir, '--output', dir], {
        from: 'user',
      });
      expect(log.mock.calls).toEqual([[`Report: ${path.join(dir, 'index.html')}`]]);
      await expect(
        buildReportCommand().parseAsync(['a', 'b', 'c', '--runs-dir', runsDir], { from: 'user' }),
      ).rejects.toThrow(/one run id, or two to compare; got 3/);
    } finally {
      log.mockRestore();
    }
    expect(defaultReportDir('a')).toBe(path.join('reports', 'a'));
    expect(defaultReportDir('a', 'b')).toBe(path.join('reports', 'a-vs-b'));
  });
});

const present = chromiumPresent();

describe.skipIf(!present)('run reports in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
    await mkdir(path.join(projectRoot, 'reports'), { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it.each(BROWSED)(
    'the %s report draws every chart, requests nothing, logs no error and runs no markup',
    async (kind) => {
      const check = await openReport(
        browser,
        files[kind],
        path.join(projectRoot, 'reports', `browser-check-${kind}.png`),
      );
      expect(check.requests).toEqual([pathToFileURL(files[kind]).href]);
      expect(check.errors).toEqual([]);
      expect(check.dialogs).toEqual([]);
      expect(check.forbidden).toEqual([]);
      expect(check.handlers).toEqual([]);
      expect(check.charts).toHaveLength(html[kind].match(/<figure class="scroll">/g)?.length ?? 0);
      expect(check.charts.length).toBeGreaterThanOrEqual(2);
      for (const chart of check.charts) {
        expect(chart.marks).toBeGreaterThan(0);
        expect(chart.width).toBeGreaterThan(200);
      }
      if (kind === 'infer') for (const payload of PAYLOADS) expect(check.text).toContain(payload);
      if (kind === 'weblog') expect(check.text).toContain(URI);
    },
  );
});
