/**
 * `zeekseq train` then `zeekseq infer` as a user runs them, on a tiny synthetic network (4 workstations, a clean
 * day and an attack day, 1 epoch): the files infer writes and their columns, and the bad cases — a folder without
 * logs, a model directory with a file missing, a log type training never saw.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { synthesize } from '../../src/synth/synthesize.js';
import { zeekseq, type CliResult } from './support/run-cli.js';

let root: string;
let clean: string;
let attacked: string;
let model: string;
let trained: CliResult;
let inferred: CliResult;
const output = () => path.join(root, 'out');

function csv(file: string): { header: string[]; rows: string[] } {
  const [header, ...rows] = readFileSync(file, 'utf8').trimEnd().split('\n');
  return { header: header.split(','), rows };
}

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'zeekseq-train-infer-'));
  await synthesize({
    out: path.join(root, 'syn'),
    hosts: 4,
    days: 2,
    seed: 3,
    attacks: ['port-scan', 'lateral-movement'],
    attackDays: [2],
  });
  clean = path.join(root, 'syn', '2024-03-04');
  attacked = path.join(root, 'syn', '2024-03-05');
  model = path.join(root, 'model');
  trained = await zeekseq(
    'train',
    '--data',
    clean,
    '--model',
    model,
    '--acceptance-rate',
    '0.05',
    '--epochs',
    '1',
    '--keep-conn-only',
    '--seed',
    '1',
  );
  inferred = await zeekseq(
    'infer',
    '--data',
    attacked,
    '--model',
    model,
    '--output',
    output(),
    '--all',
    '--keep-conn-only',
    '--min-count',
    '1',
  );
  vi.restoreAllMocks();
}, 120_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

describe('zeekseq train', () => {
  it('reports the backend and every epoch, and saves a model directory with its threshold', () => {
    expect(trained.code).toBe(0);
    expect(trained.stderr).toMatch(
      /epoch 1: train loss [\d.]+, validation loss [\d.]+, masked accuracy [\d.]+, macro-F1 [\d.]+/,
    );
    expect(trained.stderr).toMatch(/trained on (wasm|cpu|tensorflow)/);
    expect(trained.stdout).toMatch(
      /^model saved to .*model: transformer scorer, threshold [\d.]+ at acceptance rate 0\.05$/m,
    );
    const saved = JSON.parse(readFileSync(path.join(model, 'detector.json'), 'utf8'));
    expect(saved.threshold.point.threshold).toBeGreaterThan(0);
    expect(Object.keys(saved.thresholdSplit)).toEqual(['transformer', 'markov', 'frequency']);
  });
});

describe('zeekseq infer', () => {
  it('writes summarized_output.csv with one row per connection above the threshold, highest first', () => {
    expect(inferred.code).toBe(0);
    const [, scored, anomalies] = /scored ([\d,]+) connections: ([\d,]+) above the threshold/
      .exec(inferred.stdout)!
      .map((x) => x.replace(/,/g, ''));
    const summary = csv(path.join(output(), 'summarized_output.csv'));
    expect(summary.header).toEqual([
      'ts',
      'uid',
      'id.orig_h',
      'id.orig_p',
      'id.resp_h',
      'id.resp_p',
      'sequence',
      'score',
      'token_scores',
      'expected_tokens',
    ]);
    expect(summary.rows).toHaveLength(Number(anomalies));
    expect(Number(anomalies)).toBeGreaterThan(0);
    const scores = summary.rows.map((row) => Number(row.split(',')[7]));
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    // one anomaly and one expected-token set per token of the sequence
    const [first] = summary.rows;
    const fields = first.split(',');
    const tokens = fields[6].split(' ');
    // the conn word first, with its direction (direction words are on by default)
    expect(tokens[0]).toMatch(/^(in|out|int|ext):conn:/);
    expect(fields[8].split(' ')).toHaveLength(tokens.length);
    expect(fields[9].split(' ')).toHaveLength(tokens.length);
    expect(Number(scored)).toBeGreaterThan(Number(anomalies));
  });

  it('writes each log type of the anomalous connections with their scores, scores.csv for every connection, and notables.csv', () => {
    const conn = csv(path.join(output(), 'log-conn.csv'));
    expect(conn.header).toEqual(
      expect.arrayContaining(['uid', 'id.orig_h', 'conn_state', 'zeekseq_uid', 'zeekseq_score', 'zeekseq_event_score']),
    );
    const summary = csv(path.join(output(), 'summarized_output.csv'));
    expect(conn.rows).toHaveLength(summary.rows.length);
    const scores = csv(path.join(output(), 'scores.csv'));
    expect(scores.header).toEqual(['uid', 'ts', 'orig_h', 'resp_h', 'score', 'anomalous']);
    const scored = Number(/scored ([\d,]+) connections/.exec(inferred.stdout)![1].replace(/,/g, ''));
    expect(scores.rows).toHaveLength(scored);
    const notables = csv(path.join(output(), 'notables.csv'));
    expect(notables.header.slice(0, 7)).toEqual([
      'host',
      'host_label',
      'identity',
      'addresses',
      'start',
      'end',
      'anomalies',
    ]);
    expect(inferred.stdout).toMatch(new RegExp(`${notables.rows.length} notables on \\d+ hosts`));
  });

  it('scores a log type training never saw as [UNK] and says so', async () => {
    const day = path.join(root, 'unseen');
    cpSync(attacked, day, { recursive: true });
    copyFileSync(path.join(day, 'smb_files.log'), path.join(day, 'modbus.log'));
    const result = await zeekseq(
      'infer',
      '--data',
      day,
      '--model',
      model,
      '--output',
      path.join(root, 'out-unseen'),
      '--keep-conn-only',
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/log types training never saw, scored as \[UNK\]: modbus/);
  });

  it('refuses a model directory with a file missing, naming it', async () => {
    const broken = path.join(root, 'broken-model');
    cpSync(model, broken, { recursive: true });
    rmSync(path.join(broken, 'tokenizer.json'));
    const result = await zeekseq(
      'infer',
      '--data',
      attacked,
      '--model',
      broken,
      '--output',
      path.join(root, 'out-broken'),
    );
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/tokenizer\.json/);
    expect(result.stderr).toMatch(/missing/);
  });

  it('streams with a row budget, and refuses one without --stream or below one row', async () => {
    const out = (name: string) => path.join(root, name);
    const sliced = await zeekseq(
      'infer',
      '--data',
      attacked,
      '--model',
      model,
      '--output',
      out('out-sliced'),
      '--stream',
      '--row-budget',
      '100',
    );
    expect(sliced.code).toBe(0);
    expect(sliced.stdout).toMatch(/^scored [\d,]+ connections/m);
    const alone = await zeekseq(
      'infer',
      '--data',
      attacked,
      '--model',
      model,
      '--output',
      out('out-alone'),
      '--row-budget',
      '100',
    );
    expect(alone.code).toBe(2);
    expect(alone.stderr).toMatch(/--row-budget sets the slices of --stream/);
    const zero = await zeekseq(
      'infer',
      '--data',
      attacked,
      '--model',
      model,
      '--output',
      out('out-zero'),
      '--stream',
      '--row-budget',
      '0',
    );
    expect(zero.code).toBe(2);
    expect(zero.stderr).toMatch(/row budget must be a whole number of rows >= 1, not 0/);
  });

  it('passes --noise-profiles to the tokenizer, which refuses a negative count', async () => {
    const result = await zeekseq(
      'train',
      '--data',
      clean,
      '--model',
      path.join(root, 'model-np'),
      '--acceptance-rate',
      '0.05',
      '--noise-profiles',
      '-1',
    );
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/Detector: tokenizer\.noiseProfiles: .*>=0/);
  });

  it('refuses a folder with no Zeek logs in one sentence, for train and infer', async () => {
    const empty = path.join(root, 'empty');
    mkdirSync(empty);
    for (const args of [
      ['train', '--data', empty, '--model', path.join(root, 'model-empty'), '--acceptance-rate', '0.01'],
      ['infer', '--data', empty, '--model', model, '--output', path.join(root, 'out-empty')],
    ]) {
      const result = await zeekseq(...args);
      expect(result.code).not.toBe(0);
      expect(result.stderr).toMatch(/no Zeek logs/i);
      expect(result.stderr).toContain(empty);
    }
  });
});
