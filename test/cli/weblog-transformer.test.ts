import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { accessLine } from '../weblog/fixtures.js';
import { zeekseq } from './support/run-cli.js';

/** A shop's visitors: home page, product list, a product, about, cart, in that order; some leave early. */
const pattern = ['/', '/products', '/products/1', '/about', '/cart'];

/** Session of client `c` (one per client, a minute between requests) following the pattern for 3–5 pages. */
function visitor(c: number, pages = pattern.slice(0, 3 + (c % 3))): string[] {
  return pages.map((target, i) => accessLine(`10.0.${Math.floor(c / 200)}.${c % 200}`, c * 7 + i * 60, target));
}

// Small and quick: a tiny model, two epochs, small batches with a high learning rate.
const fast = ['--seq-len', '8', '--epochs', '2', '--batch-size', '8', '--learning-rate', '0.01', '--seed', '3'];

describe('zeekseq weblog --model transformer|both', () => {
  let dir: string;
  const files = { train: '', score: '' };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'zeekseq-cli-weblog-transformer-'));
    files.train = path.join(dir, 'train.log');
    files.score = path.join(dir, 'score.log');
    // 100 visitors, 399 requests.
    await writeFile(
      files.train,
      `${Array.from({ length: 100 }, (_, c) => visitor(c))
        .flat()
        .join('\n')}\n`,
    );
    const scanner = ['/wp-login.php', '/.git/config', '/phpmyadmin/', '/etc/passwd'].map((t, i) =>
      accessLine('198.51.100.9', i, t, 'sqlmap'),
    );
    const offPattern = visitor(900, [...pattern].reverse());
    await writeFile(
      files.score,
      `${[...Array.from({ length: 6 }, (_, i) => visitor(1000 + i)).flat(), ...offPattern, ...scanner].join('\n')}\n`,
    );
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  const readCsv = async (out: string, name: string) =>
    (await readFile(path.join(out, name), 'utf8'))
      .trim()
      .split('\n')
      .map((row) => row.split(','));

  it('trains the transformer alone: its scores in the one-model columns, an off-pattern session above the median of normal ones', async () => {
    const out = path.join(dir, 'transformer');
    const result = await zeekseq(
      'weblog',
      '--model',
      'transformer',
      '--train',
      files.train,
      '--score',
      files.score,
      '--output',
      out,
      ...fast,
    );
    expect(result.code).toBe(0);
    const alerts = await readCsv(out, 'alerts.csv');
    expect(alerts[0].join(',')).toBe('session,client,start,end,requests,tier,score,canary,tokens');
    expect(alerts.find((row) => row[0] === '198.51.100.9#1')?.[5]).toBe('HIGH');
    const clients = await readCsv(out, 'clients.csv');
    expect(clients[0].join(',')).toBe('client,sessions,max_score,tier');
    // One session per client, so a client's max_score is its session's score.
    const score = new Map(clients.slice(1).map((row) => [row[0], Number(row[2])]));
    const normal = [...score]
      .filter(([client]) => client.startsWith('10.0.5.'))
      .map(([, s]) => s)
      .sort((a, b) => a - b);
    expect(normal).toHaveLength(6);
    expect(score.get('10.0.4.100')).toBeGreaterThan((normal[2] + normal[3]) / 2);
    expect(score.get('198.51.100.9')).toBeGreaterThan(normal[5]);
    expect((await readFile(path.join(out, 'high-clients.txt'), 'utf8')).split('\n')).toContain('198.51.100.9');
    await expect(stat(path.join(out, 'model.json'))).rejects.toThrow(/ENOENT/);
    expect((await stat(path.join(out, 'transformer', 'manifest.json'))).isFile()).toBe(true);
    expect(result.stdout).toMatch(
      /^trained on 100 sessions \(399 requests from 1 file\(s\); 3 distinct; 0 longer than 7 requests, truncated\); vocabulary 10 tokens; 2 epoch\(s\), best \d/m,
    );
    expect(result.stdout).toMatch(
      /tier thresholds LOW > [\d.]+, MEDIUM > [\d.]+, HIGH > [\d.]+ from 30 held-out training sessions/,
    );
    expect(result.stdout).toMatch(
      /transformer note: only 0\.0 held-out training sessions lie above the HIGH quantile 0\.999/,
    );
    expect(result.stderr).toMatch(/^epoch 2: train loss [\d.]+, validation loss [\d.]+/m);
  });

  it('runs both models on the same sessions: both scores per row, the union at HIGH, both evaluated', async () => {
    const out = path.join(dir, 'both');
    const result = await zeekseq(
      'weblog',
      '--model',
      'both',
      '--train',
      files.train,
      '--score',
      files.score,
      '--output',
      out,
      '--holdout',
      '0.2',
      '--evaluate',
      ...fast,
    );
    expect(result.code).toBe(0);
    const alerts = await readCsv(out, 'alerts.csv');
    expect(alerts[0].join(',')).toBe(
      'session,client,start,end,requests,tier,markov_score,markov_tier,transformer_score,transformer_tier,canary,transitions,tokens',
    );
    const scanner = alerts.find((row) => row[0] === '198.51.100.9#1') as string[];
    expect(scanner.slice(5, 10)).toEqual([
      'HIGH',
      expect.stringMatching(/^\d+\.\d{4}$/),
      'HIGH',
      expect.stringMatching(/^\d+\.\d{4}$/),
      'HIGH',
    ]);
    const clients = await readCsv(out, 'clients.csv');
    expect(clients[0].join(',')).toBe(
      'client,sessions,tier,markov_max_score,markov_tier,transformer_max_score,transformer_tier',
    );
    // 20 held-out training clients, 6 normal-looking, the off-pattern one and the scanner.
    expect(clients).toHaveLength(1 + 28);
    const high = (await readFile(path.join(out, 'high-clients.txt'), 'utf8')).trim().split('\n');
    const highByEither = clients.filter((row) => row[4] === 'HIGH' || row[6] === 'HIGH').map((row) => row[0]);
    expect(high).toEqual(highByEither);
    expect(high).toContain('198.51.100.9');
    const evaluation = JSON.parse(await readFile(path.join(out, 'evaluation.json'), 'utf8'));
    expect(Object.keys(evaluation)).toEqual(['markov', 'transformer']);
    for (const model of ['markov', 'transformer']) {
      expect(evaluation[model].sessions).toMatchObject({ items: 28, positives: 8 });
      expect(evaluation[model].clients).toMatchObject({ items: 28, positives: 8 });
      expect(result.stdout).toMatch(
        new RegExp(
          `^${model} sessions: average precision \\d\\.\\d{3} \\(random 0\\.286\\), ROC-AUC \\d\\.\\d{3}, 8 anomalous of 28$`,
          'm',
        ),
      );
    }
    expect(result.stdout).toMatch(/^markov: trained on 80 sessions/m);
    expect(result.stdout).toMatch(/^transformer: trained on 80 sessions/m);
    expect(result.stdout).toMatch(
      /^tiers \(the more severe of the two models\): HIGH \d+, MEDIUM \d+, LOW \d+, NONE \d+; 28 clients, \d+ at HIGH$/m,
    );
    expect(result.stdout).toMatch(/^markov tiers: HIGH \d+/m);
    expect(result.stdout).toMatch(/^transformer tiers: HIGH \d+/m);
    expect((await stat(path.join(out, 'model.json'))).isFile()).toBe(true);
    expect((await stat(path.join(out, 'transformer', 'weights.bin'))).isFile()).toBe(true);
  });

  it('rejects bad transformer settings with a clear message', async () => {
    const out = path.join(dir, 'never');
    const cases: Array<[string[], RegExp]> = [
      [['--epochs', '0'], /--epochs "0" is not a whole number >= 1/],
      [['--seq-len', '2'], /--seq-len "2" is not a whole number >= 3/],
      [['--batch-size', '1.5'], /--batch-size "1.5" is not a whole number >= 1/],
      [['--learning-rate', '-1'], /--learning-rate "-1" is not a number > 0/],
      [['--patience', 'x'], /--patience "x" is not a whole number >= 1/],
    ];
    for (const [extra, message] of cases) {
      const result = await zeekseq(
        'weblog',
        '--model',
        'transformer',
        '--train',
        files.train,
        '--score',
        files.score,
        '--output',
        out,
        ...extra,
      );
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
    }
    const few = path.join(dir, 'few.log');
    await writeFile(
      few,
      `${Array.from({ length: 9 }, (_, c) => visitor(c))
        .flat()
        .join('\n')}\n`,
    );
    const result = await zeekseq('weblog', '--model', 'both', '--train', few, '--score', files.score, '--output', out);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/the transformer needs at least 10 training sessions .* got 9/);
  });
});
