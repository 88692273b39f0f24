/**
 * The README's main job on a tiny synthetic network (4 workstations, 2 days, 1 epoch): every step reports, the
 * injected attacks are matched against the notables by host name or address, and the outputs are written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO_PARAMS, runDemo } from '../../src/pipeline/demo.js';
import { listRuns } from '../../src/track/read-runs.js';
import { synthesize } from '../../src/synth/synthesize.js';

let root: string;
const lines: string[] = [];

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'zeekseq-demo-'));
  await synthesize({
    out: path.join(root, 'data'),
    hosts: 4,
    days: 2,
    seed: 3,
    attacks: ['port-scan', 'lateral-movement'],
    attackDays: [2],
  });
  await runDemo({
    data: path.join(root, 'data'),
    run: path.join(root, 'run'),
    fresh: false,
    params: { ...DEMO_PARAMS, acceptanceRate: 0.03, transformer: { epochs: 1 } },
    runsDir: path.join(root, 'runs'),
    reports: path.join(root, 'reports'),
    log: (text: string) => lines.push(...text.split('\n')),
  });
}, 120_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('zeekseq demo', () => {
  it('reuses the dataset it finds, inspects it, trains on the clean day and scores the attack day', () => {
    expect(lines[0]).toMatch(/^# 1\. Using the synthetic dataset already in .*data\/ \(run with --fresh/);
    expect(lines).toContainEqual(expect.stringMatching(/^# 2\. What the reader finds in it/));
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^# 3\. Training on the clean days \(zeekseq train --data \S+2024-03-04 .*--acceptance-rate 0.03 --epochs 1 --keep-conn-only\)$/,
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^# 4\. Scoring the attack day \(.*--data \S+2024-03-05 .*notables at 3h \/ 10 from the model\)$/,
      ),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^backend: (wasm|cpu|tensorflow)/));
  });

  it('prints the ten most anomalous connections with their ground truth, highest first', () => {
    const header = lines.findIndex((line) => line.startsWith('score   orig -> resp'));
    const top = lines.slice(header + 1, header + 11);
    expect(top).toHaveLength(10);
    const scores = top.map((line) => Number(line.slice(0, 5)));
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    for (const line of top)
      expect(line).toMatch(/^\d\.\d{3} {2}\S+ -> \S+ +(normal|port-scan|lateral-movement) +conn:/);
  });

  it('names every injected attack as caught or missed, and writes the outputs', () => {
    const verdict = lines.find((line) => line.startsWith('Injected attacks: '));
    expect(verdict).toMatch(/port-scan \(NW-WS\d{3} 10\.10\.1\.\d+\): (notable|missed)/);
    expect(verdict).toMatch(/lateral-movement \(NW-WS\d{3} 10\.10\.1\.\d+\): (notable|missed)/);
    for (const file of ['summarized_output.csv', 'notables.csv', 'scores.csv']) {
      expect(existsSync(path.join(root, 'run', 'infer', file))).toBe(true);
    }
    const notables = readFileSync(path.join(root, 'run', 'infer', 'notables.csv'), 'utf8')
      .trimEnd()
      .split('\n');
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${notables.length - 1} notables? `)));
  });

  it('records training and scoring as runs and ends with the path of the infer run’s report, which shows the notables', async () => {
    const runs = await listRuns(path.join(root, 'runs'));
    expect(runs.map((run) => [run.record.kind, run.record.status])).toEqual([
      ['train', 'finished'],
      ['infer', 'finished'],
    ]);
    expect(runs[1].record.command.argv.slice(0, 2)).toEqual(['infer', '--data']);
    const report = path.join(root, 'reports', runs[1].record.id, 'index.html');
    expect(lines[lines.length - 1]).toBe(`Report: ${report}`);
    const html = readFileSync(report, 'utf8');
    const notables = readFileSync(path.join(root, 'run', 'infer', 'notables.csv'), 'utf8')
      .trimEnd()
      .split('\n');
    expect(notables.length).toBeGreaterThan(1);
    expect(html).toContain('<h3>Notables</h3>');
    for (const row of notables.slice(1)) expect(html).toContain(`<td>${row.split(',')[1]}</td>`);
  });
});

describe('zeekseq demo flags', () => {
  it('give the demo its own parameters when left at their defaults', async () => {
    const { buildDemoCommand, demoParams } = await import('../../src/cli/demo.js');
    const { Detector } = await import('../../src/pipeline/detector.js');
    const command = buildDemoCommand();
    command.parseOptions([]);
    const flags = command.opts() as Parameters<typeof demoParams>[0];
    expect(new Detector(demoParams(flags)).params).toEqual(new Detector(DEMO_PARAMS).params);
  });
});
