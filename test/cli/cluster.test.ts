import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { CommanderError } from 'commander';
import { buildClusterCommand, labelsCsv } from '../../src/cli/cluster.js';
import { DBSCAN } from '../../src/cluster/dbscan.js';
import { featureMatrixFromColumns } from '../../src/distance/feature-matrix.js';
import { ZeekseqError } from '../../src/util/errors.js';

const dir = mkdtempSync(path.join(tmpdir(), 'zeekseq-cli-cluster-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

function csv(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** Runs `zeekseq cluster` with these arguments; returns the output CSV's rows and the stderr summary. */
async function cluster(...args: string[]): Promise<{ rows: string[]; stderr: string }> {
  let stderr = '';
  vi.spyOn(console, 'error').mockImplementation((...parts: unknown[]) => {
    stderr += `${parts.join(' ')}\n`;
  });
  const output = path.join(dir, `labels-${Math.random().toString(36).slice(2)}.csv`);
  await buildClusterCommand()
    .exitOverride()
    .configureOutput({ writeErr: () => {} })
    .parseAsync([...args, ...(args.includes('--output') ? [] : ['--output', output])], { from: 'user' });
  const written = args.includes('--output') ? args[args.indexOf('--output') + 1] : output;
  return { rows: readFileSync(written, 'utf8').trimEnd().split('\n'), stderr };
}

const numeric = csv('numeric.csv', 'a,b,count\n0,0,1\n0.1,0,1\n0,0.1,5\n5,5,1\n5.1,5,1\n9,9,1\n');

describe('zeekseq cluster', () => {
  it('writes label and core per row, counting --weights toward --min-samples', async () => {
    const { rows, stderr } = await cluster(
      '--input',
      numeric,
      '--eps',
      '0.5',
      '--min-samples',
      '3',
      '--metric',
      'euclidean',
      '--weights',
      'count',
    );
    expect(rows).toEqual(['label,core', '0,1', '0,1', '0,1', '-1,0', '-1,0', '-1,0']);
    expect(stderr).toMatch(
      /^zeekseq cluster: 6 rows, 1 clusters, 3 noise \(50\.0%\), 3 core, [\d.]+ s -> .*labels-.*\.csv\n$/,
    );
    const plain = await cluster('--input', numeric, '--eps', '0.5', '--min-samples', '2', '--metric', 'manhattan');
    // Without --weights, count is a feature: the row with count 5 stands apart.
    expect(plain.rows).toEqual(['label,core', '0,1', '0,1', '-1,0', '1,1', '1,1', '-1,0']);
  });

  it('clusters categorical columns and missing values under gower, like the library does', async () => {
    const file = csv(
      'mixed.csv',
      'bytes,proto,"state, quoted"\n0,tcp,SF\n1,tcp,-\n2,,SF\n100,udp,"S""0"\n99,udp,"S""0"\n98,udp,REJ\n',
    );
    const { rows } = await cluster('--input', file, '--eps', '0.3', '--min-samples', '2', '--metric', 'gower');
    const X = featureMatrixFromColumns({
      bytes: [0, 1, 2, 100, 99, 98],
      proto: ['tcp', 'tcp', null, 'udp', 'udp', 'udp'],
      'state, quoted': ['SF', null, 'SF', 'S"0', 'S"0', 'REJ'],
    });
    const model = new DBSCAN({ eps: 0.3, minSamples: 2, metric: 'gower' }).fit(X);
    expect(rows).toEqual(labelsCsv(model.labels, model.coreSampleIndices).trimEnd().split('\n'));
    // REJ differs from S"0 in a third of the features: beyond eps.
    expect(rows).toEqual(['label,core', '0,1', '0,1', '0,1', '1,1', '1,1', '-1,0']);
  });

  it('runs the batch approximation with its batch size and seed', async () => {
    const lines = ['x,y'];
    for (let i = 0; i < 90; i++) lines.push(`${(i % 3) * 10 + (i % 5) * 0.05},${(i % 7) * 0.05}`);
    const file = csv('blobs.csv', `${lines.join('\n')}\n`);
    const exact = await cluster('--input', file, '--eps', '0.5', '--min-samples', '3', '--metric', 'euclidean');
    const batch = await cluster(
      '--input',
      file,
      '--eps',
      '0.5',
      '--min-samples',
      '3',
      '--metric',
      'euclidean',
      '--algorithm',
      'batch',
      '--batch-size',
      '40',
      '--seed',
      '5',
    );
    expect(batch.rows).toHaveLength(91);
    const pairs = new Set(
      batch.rows.slice(1).map((row, i) => `${row.split(',')[0]}:${exact.rows[i + 1].split(',')[0]}`),
    );
    expect(pairs.size).toBe(3);
  });

  it('says where a CSV is wrong: file and line', async () => {
    const run = (file: string, ...extra: string[]) =>
      cluster('--input', file, '--eps', '0.5', '--min-samples', '2', '--metric', 'euclidean', ...extra);
    await expect(run(csv('cat.csv', 'a,proto\n1,tcp\n2,udp\n'))).rejects.toThrow(
      /cat\.csv:2: column 'proto' holds "tcp", not a number; the euclidean metric takes numbers only: use --metric gower/,
    );
    await expect(run(csv('gap.csv', 'a,b\n1,2\n3,\n'))).rejects.toThrow(
      /gap\.csv:3: column 'b' is empty; the euclidean metric needs every value/,
    );
    await expect(run(csv('inf.csv', 'a\n1\ninf\n'))).rejects.toThrow(
      /inf\.csv:3: column 'a' is inf; clustering needs finite numbers/,
    );
    await expect(run(csv('ragged.csv', 'a,b\n1,2\n3\n'))).rejects.toThrow(
      /ragged\.csv:3: 1 fields but the header has 2/,
    );
    await expect(run(csv('empty.csv', ''))).rejects.toThrow(/empty\.csv is empty; it needs a header row/);
    await expect(run(csv('header.csv', 'a,b\n'))).rejects.toThrow(/header\.csv has a header but no rows/);
    await expect(run(csv('dup.csv', 'a,a\n1,2\n'))).rejects.toThrow(/dup\.csv:1: the header names column 'a' twice/);
    await expect(run(csv('quote.csv', 'a\n"1\n'))).rejects.toThrow(/quote\.csv:2: a quoted field is never closed/);
    await expect(run(numeric, '--weights', 'w')).rejects.toThrow(
      /has no column 'w' for --weights \(columns: a, b, count\)/,
    );
    await expect(run(csv('negw.csv', 'a,w\n1,1\n2,-1\n'), '--weights', 'w')).rejects.toThrow(
      /negw\.csv:3: weight 'w' is -1; weights must be numbers >= 0/,
    );
    await expect(run(csv('textw.csv', 'a,w\n1,1\n2,many\n'), '--weights', 'w')).rejects.toThrow(
      /textw\.csv:3: weight column 'w' holds "many"/,
    );
    await expect(run(path.join(dir, 'absent.csv'))).rejects.toThrow(
      /cannot read .*absent\.csv: .*check the --input path/,
    );
    await expect(run(numeric, '--output', path.join(dir, 'no', 'such', 'out.csv'))).rejects.toThrow(
      /cannot write .*out\.csv: .*check the --output path/,
    );
  });

  it('refuses bad options with a clear message', async () => {
    const run = (...args: string[]) => cluster('--input', numeric, '--metric', 'euclidean', ...args);
    await expect(run('--eps', 'abc', '--min-samples', '2')).rejects.toThrow(
      new ZeekseqError("--eps must be a number > 0, got 'abc'"),
    );
    await expect(run('--eps', '0', '--min-samples', '2')).rejects.toThrow(/--eps must be a number > 0, got '0'/);
    await expect(run('--eps', '0.5', '--min-samples', '0')).rejects.toThrow(
      /--min-samples must be an integer >= 1, got '0'/,
    );
    await expect(run('--eps', '0.5', '--min-samples', '2', '--batch-size', 'x')).rejects.toThrow(
      /--batch-size must be an integer >= 1, got 'x'/,
    );
    await expect(run('--eps', '0.5', '--min-samples', '2', '--seed', '1.5')).rejects.toThrow(
      /--seed must be an integer, got '1.5'/,
    );
    await expect(
      cluster('--input', numeric, '--eps', '0.5', '--min-samples', '2', '--metric', 'cosine'),
    ).rejects.toThrow(CommanderError);
    await expect(cluster('--input', numeric, '--eps', '0.5', '--min-samples', '2')).rejects.toThrow(
      /required option '--metric <metric>' not specified/,
    );
  });
});
