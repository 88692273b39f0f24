import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { run } from '../../src/cli/main.js';
import { parseDuration } from '../../src/cli/weblog.js';
import { WeblogDetector } from '../../src/weblog/detector.js';
import { accessLine as line } from './fixtures.js';

const pages = ['/', '/blog/1', '/blog/2', '/about', '/blog/3'];

/** Client c browses three pages in a fixed order, twice, two hours apart (two sessions). */
function browsing(c: number, offset = 0): string[] {
  const visit = (start: number) =>
    [0, 1, 2].map((i) => line(`192.0.2.${c}`, start + i * 30, pages[(c + i) % pages.length]));
  return [...visit(offset + c * 5), ...visit(offset + c * 5 + 7200)];
}

describe('zeekseq weblog', () => {
  let dir: string;
  let _logs: string[];
  const files = { train: '', score: '' };
  let log: MockInstance<typeof console.log>;
  let error: MockInstance<typeof console.error>;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'zeekseq-cli-weblog-'));
    files.train = path.join(dir, 'train.log');
    files.score = path.join(dir, 'score.log');
    await writeFile(
      files.train,
      `${Array.from({ length: 20 }, (_, c) => browsing(c + 1))
        .flat()
        .join('\n')}\nnot a log line\n`,
    );
    const scanner = ['/wp-login.php', '/admin/config.php', '/.git/config', '/phpmyadmin/', '/etc/passwd'].map((t, i) =>
      line('198.51.100.9', i, t, 'sqlmap'),
    );
    const spammer = [line('203.0.113.5', 0, '/'), line('203.0.113.5', 20, '/join_form')];
    await writeFile(files.score, `${[...browsing(3, 86400), ...scanner, ...spammer].join('\n')}\n`);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    log = vi.spyOn(console, 'log').mockImplementation(() => {});
    error = vi.spyOn(console, 'error').mockImplementation(() => {});
  });
  afterEach(() => {
    vi.restoreAllMocks();
    process.exitCode = undefined;
  });

  const weblog = (...args: string[]) => run(['node', 'zeekseq', 'weblog', ...args]);
  const printed = () => log.mock.calls.map((c) => c.join(' ')).join('\n');
  /** The metrics the last run recorded, by name. */
  const recordedMetrics = async (): Promise<Record<string, number | null>> => {
    const notes = error.mock.calls.map((c) => String(c[0]));
    const folder = notes.map((n) => /recorded as run \S+ \((.+)\)$/.exec(n)?.[1]).findLast(Boolean);
    const lines = (await readFile(path.join(folder ?? '', 'metrics.jsonl'), 'utf8')).trim().split('\n');
    return Object.fromEntries(lines.map((l) => JSON.parse(l)).map((m) => [m.name, m.value]));
  };

  it('trains, scores and writes alerts, clients, the HIGH list, problems and the model', async () => {
    const out = path.join(dir, 'out');
    await weblog('--train', files.train, '--score', files.score, '--output', out, '--canary', '/join_form');
    expect(process.exitCode).toBeUndefined();
    const alerts = (await readFile(path.join(out, 'alerts.csv'), 'utf8')).trim().split('\n');
    expect(alerts[0]).toBe('session,client,start,end,requests,tier,score,canary,transitions');
    const high = alerts.filter((row) => row.split(',')[5] === 'HIGH').map((row) => row.split(',')[0]);
    expect(high.sort()).toEqual(['198.51.100.9#1', '203.0.113.5#1']);
    expect(alerts.find((row) => row.startsWith('198.51.100.9#1'))).toMatch(/<start> -> GET \/wp-login\.php \[UNK\] \(/);
    expect(alerts.find((row) => row.startsWith('203.0.113.5#1'))).toMatch(/,\/join_form,/);
    const clients = (await readFile(path.join(out, 'clients.csv'), 'utf8')).trim().split('\n');
    expect(
      clients
        .slice(1)
        .map((row) => row.split(',')[0])
        .sort(),
    ).toEqual(['192.0.2.3', '198.51.100.9', '203.0.113.5']);
    expect(clients.find((row) => row.startsWith('192.0.2.3,'))).toMatch(/^192\.0\.2\.3,2,[\d.]+,NONE$/);
    expect((await readFile(path.join(out, 'high-clients.txt'), 'utf8')).split('\n').sort()).toEqual([
      '',
      '198.51.100.9',
      '203.0.113.5',
    ]);
    expect(await readFile(path.join(out, 'problems.csv'), 'utf8')).toMatch(
      /format-mismatch,.*train\.log,121,not a log line/,
    );
    const model = WeblogDetector.fromJSON(JSON.parse(await readFile(path.join(out, 'model.json'), 'utf8')));
    // /blog/1, /blog/2 and /blog/3 are one token, GET /blog/{num}.
    expect(model.vocabulary.size).toBe(5 + 3);
    expect(model.canary.patterns).toEqual(['/join_form']);
    const summary = printed();
    expect(summary).toMatch(/trained on 40 sessions \(120 requests from 1 file\(s\)\); vocabulary 8 tokens/);
    expect(summary).toMatch(/scored 4 sessions: 4 from 1 --score file\(s\)/);
    expect(summary).toMatch(/tiers: HIGH 2, MEDIUM 0, LOW 0, NONE 2; 3 clients, 2 at HIGH/);
    expect(summary).toMatch(/parse problems: training 1 \(format-mismatch 1\); scored none/);
    expect(summary).toMatch(
      /note: only 0\.0 training sessions lie above the HIGH quantile 0\.999, so the HIGH threshold is unstable/,
    );
  });

  it('holds out training clients and evaluates the ranking', async () => {
    const out = path.join(dir, 'eval');
    await weblog(
      '--train',
      files.train,
      '--score',
      files.score,
      '--output',
      out,
      '--holdout',
      '0.25',
      '--seed',
      '3',
      '--evaluate',
      '--score-by',
      'min',
      '--timeout',
      '1h',
      '--tiers',
      '0.5,0.6,0.65',
    );
    expect(process.exitCode).toBeUndefined();
    const evaluation = JSON.parse(await readFile(path.join(out, 'evaluation.json'), 'utf8'));
    // 5 held-out clients x 2 sessions are normal; the 4 scored sessions count as anomalous.
    expect(evaluation.sessions).toMatchObject({ items: 14, positives: 4 });
    expect(evaluation.clients).toMatchObject({ items: 8, positives: 3 });
    // seed 3 fixes the held-out clients and so the ranking: AP 0.7 over the 4 anomalous of 14 sessions
    expect(evaluation.sessions.averagePrecision).toBeCloseTo(0.7, 10);
    expect(await recordedMetrics()).toMatchObject({
      'markov.sessions.averagePrecision': evaluation.sessions.averagePrecision,
      'markov.clients.rocAuc': evaluation.clients.rocAuc,
    });
    expect(printed()).toMatch(
      /sessions: average precision \d\.\d{3} \(random 0\.286\), ROC-AUC \d\.\d{3}, 4 anomalous of 14/,
    );
    expect(printed()).toMatch(/and 10 of held-out training clients \(--holdout 0.25, --seed 3\)/);
    expect(printed()).not.toMatch(/note: only/);
  });

  it('labels held-out clients of one log by the heuristic and ranks them, without --score', async () => {
    const own = path.join(dir, 'own.log');
    const probers = Array.from({ length: 6 }, (_, c) => [
      line(`198.51.100.${c + 1}`, 4000 + c, '/wp-login.php').replace(' 200 ', ' 404 '),
      line(`198.51.100.${c + 1}`, 4010 + c, '/.env').replace(' 200 ', ' 404 '),
    ]);
    const crawler = [
      line('203.0.113.7', 50, '/robots.txt', 'Googlebot/2.1'),
      line('203.0.113.7', 60, '/', 'Googlebot/2.1'),
    ];
    const browsers = Array.from({ length: 20 }, (_, c) => browsing(c + 1));
    await writeFile(own, `${[...browsers, ...probers, crawler].flat().join('\n')}\n`);
    const out = path.join(dir, 'own');
    await weblog(
      '--train',
      own,
      '--output',
      out,
      '--holdout',
      '0.5',
      '--labels',
      'heuristic',
      '--evaluate',
      '--tokens',
      'kind+status',
      '--burst-window',
      '5m',
    );
    expect(process.exitCode).toBeUndefined();
    const labels = (await readFile(path.join(out, 'labels.csv'), 'utf8')).trim().split('\n');
    expect(labels[0]).toBe('client,label,requests,probes,first_probe_kind,first_probe,burst,crawler');
    const evaluation = JSON.parse(await readFile(path.join(out, 'heuristic-evaluation.json'), 'utf8'));
    // 27 addresses, 14 held out (round(0.5 x 27)); their labels are the rows of labels.csv.
    expect(labels).toHaveLength(1 + 14);
    expect(evaluation.labelling).toMatchObject({ burstCount: 5, burstWindow: 300 });
    const counts = evaluation.labelling.labels;
    expect(counts.probing + counts['404-burst'] + counts.crawler + counts.ordinary).toBe(14);
    expect(labels.filter((row) => row.includes(',probing,2,2,admin,/wp-login.php,'))).toHaveLength(counts.probing);
    const markov = evaluation.models.markov;
    expect(markov).toMatchObject({ clientScore: 'max', clients: 14, positives: counts.probing });
    expect(markov.suspicious).toHaveLength(counts.probing);
    expect(await recordedMetrics()).toMatchObject({
      'heuristic.clients': 14,
      'heuristic.labels.probing': counts.probing,
      'heuristic.markov.averagePrecision': markov.averagePrecision,
      'heuristic.markov.rocAuc': markov.rocAuc,
      'heuristic.markov.precisionAt10': markov.precisionAt10,
      'heuristic.markov.medianRank.probing': markov.medianRank.probing,
      'heuristic.markov.medianRank.404-burst': null,
    });
    expect(counts.probing).toBeGreaterThan(0);
    expect(markov.averagePrecision).toBeGreaterThan(0);
    expect(markov.averagePrecision).toBeLessThanOrEqual(1);
    const summary = printed();
    expect(summary).toMatch(/scored \d+ sessions: \d+ of held-out training clients \(--holdout 0.5, --seed 1\)/);
    expect(summary).toMatch(
      /heuristic labels of 14 scored clients: probing \d+, 404-burst 0, crawler \d+, ordinary \d+/,
    );
    expect(summary).toMatch(
      /markov clients by heuristic labels: average precision [01]\.\d{3} \(random 0\.\d{3}\), ROC-AUC [01]\.\d{3}, precision at 10 [01]\.\d\d, at 20 [01]\.\d\d; median rank of 14: probing [\d.]+, 404-burst -, crawler /,
    );
  });

  it('rejects bad options with a clear message and exit code 2', async () => {
    const out = path.join(dir, 'never');
    const cases: Array<[string[], RegExp]> = [
      [['--timeout', '30'], /--timeout "30" is not a duration; write a number > 0 with a unit s, m, h or d/],
      [['--evaluate'], /--evaluate needs --holdout/],
      [['--tiers', '0.9,0.99'], /--tiers "0.9,0.99" needs three quantiles/],
      [['--tiers', '0.9,0.99,2'], /--tiers "2" is not a quantile between 0 and 1/],
      [['--min-count', '0'], /--min-count "0" is not a whole number >= 1/],
      [['--smoothing', 'abc'], /--smoothing "abc" is not a number > 0/],
      [['--format', '%h %t'], /lacks the request/],
      [['--canary', '/a b'], /is empty or holds blanks/],
      [['--burst-count', '0'], /--burst-count "0" is not a whole number >= 1/],
      [['--burst-window', '10'], /--burst-window "10" is not a duration/],
    ];
    for (const [extra, message] of cases) {
      error.mockClear();
      await weblog('--train', files.train, '--score', files.score, '--output', out, ...extra);
      expect(process.exitCode).toBe(2);
      expect(error.mock.calls[0]?.[0]).toMatch(message);
      process.exitCode = undefined;
    }
    await weblog('--train', files.train, '--score', path.join(dir, 'missing.log'), '--output', out);
    expect(error.mock.calls.at(-1)?.[0]).toMatch(/input \S*missing\.log does not exist; check the path/);
    process.exitCode = undefined;
    await weblog('--train', files.train, '--output', out);
    expect(process.exitCode).toBe(2);
    expect(error.mock.calls.at(-1)?.[0]).toMatch(/nothing to score; pass --score files, or --holdout/);
  });

  it('needs --train and --output, and a known --client, --model, --tokens and --labels', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    await weblog('--score', files.score, '--output', dir);
    expect(process.exitCode).toBe(1);
    expect(stderr.mock.calls.map((c) => String(c[0])).join('')).toMatch(
      /required option '--train <files...>' not specified/,
    );
    process.exitCode = undefined;
    await weblog('--train', files.train, '--score', files.score, '--output', dir, '--tokens', 'host');
    expect(process.exitCode).toBe(1);
    expect(stderr.mock.calls.map((c) => String(c[0])).join('')).toMatch(
      /--tokens <what>' argument 'host' is invalid. Allowed choices are path, path\+status, kind, kind\+status/,
    );
    process.exitCode = undefined;
    await weblog('--train', files.train, '--score', files.score, '--output', dir, '--labels', 'truth');
    expect(process.exitCode).toBe(1);
    expect(stderr.mock.calls.map((c) => String(c[0])).join('')).toMatch(
      /--labels <how>' argument 'truth' is invalid. Allowed choices are files, heuristic/,
    );
    process.exitCode = undefined;
    await weblog('--train', files.train, '--score', files.score, '--output', dir, '--client', 'mac');
    expect(process.exitCode).toBe(1);
    expect(stderr.mock.calls.map((c) => String(c[0])).join('')).toMatch(
      /--client <key>' argument 'mac' is invalid. Allowed choices are ip\+ua, ip/,
    );
    process.exitCode = undefined;
    await weblog('--train', files.train, '--score', files.score, '--output', dir, '--model', 'lstm');
    expect(process.exitCode).toBe(1);
    expect(stderr.mock.calls.map((c) => String(c[0])).join('')).toMatch(
      /--model <name>' argument 'lstm' is invalid. Allowed choices are markov, transformer, both/,
    );
  });
});

describe('parseDuration', () => {
  it('reads s, m, h and d', () => {
    expect([parseDuration('90s'), parseDuration('30m'), parseDuration('1.5h'), parseDuration('1d')]).toEqual([
      90, 1800, 5400, 86400,
    ]);
    expect(() => parseDuration('0m')).toThrow(/not a duration/);
    expect(() => parseDuration('m')).toThrow(/not a duration/);
  });
});
