/**
 * What changed between the result files of two scoring runs (infer): hosts that gained or lost notables
 * (notables.csv, one row per notable, `host` the host address) and connections that crossed the threshold.
 * scores.csv holds scores but not the threshold, so the anomalous connections are read from
 * summarized_output.csv (one row per connection above that run's threshold); where both runs also wrote
 * scores.csv (`--all`), only connections scored in both are counted.
 */
import * as aq from 'arquero';
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { runPath, type StoredRun } from './read-runs.js';

export interface OutputComparison {
  notables: {
    /** Hosts with notables in the second run and none in the first. */
    gained: string[];
    /** Hosts with notables in the first run and none in the second. */
    lost: string[];
    /** Notables per host, [first, second], for every host whose number changed. */
    counts: Record<string, [number, number]>;
  } | null;
  connections: {
    /** Above the threshold in the second run, not in the first. */
    nowAnomalous: number;
    /** Above the threshold in the first run, not in the second. */
    noLongerAnomalous: number;
    /** Connections scored in both runs (from scores.csv); null when either run did not write it. */
    scoredInBoth: number | null;
  } | null;
}

/**
 * The file `name` among the run's outputs: recorded itself, or inside a recorded folder. Recorded paths are
 * relative to the folder the run ran in, which may not be this process's (a notebook, another clone).
 */
function outputFile(run: StoredRun, name: string): string | null {
  for (const output of run.record.outputs) {
    const recorded = runPath(run, output.path);
    const here = path.resolve(output.path);
    const place = existsSync(recorded) ? recorded : here;
    if (path.basename(place) === name && existsSync(place)) return place;
    const inside = path.join(place, name);
    if (existsSync(place) && statSync(place).isDirectory() && existsSync(inside)) return inside;
  }
  return null;
}

async function column(file: string, name: string): Promise<string[]> {
  const table = aq.fromCSV(await readFile(file, 'utf8'), { autoType: false });
  return table.numRows() === 0 ? [] : (table.array(name) as string[]);
}

function tally(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

async function compareNotables(a: StoredRun, b: StoredRun): Promise<OutputComparison['notables']> {
  const files = [outputFile(a, 'notables.csv'), outputFile(b, 'notables.csv')];
  if (!files[0] || !files[1]) return null;
  const [before, after] = [tally(await column(files[0], 'host')), tally(await column(files[1], 'host'))];
  const counts: Record<string, [number, number]> = {};
  for (const host of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const pair: [number, number] = [before.get(host) ?? 0, after.get(host) ?? 0];
    if (pair[0] !== pair[1]) counts[host] = pair;
  }
  return {
    gained: [...after.keys()].filter((host) => !before.has(host)).sort(),
    lost: [...before.keys()].filter((host) => !after.has(host)).sort(),
    counts,
  };
}

async function compareConnections(a: StoredRun, b: StoredRun): Promise<OutputComparison['connections']> {
  const summaries = [outputFile(a, 'summarized_output.csv'), outputFile(b, 'summarized_output.csv')];
  if (!summaries[0] || !summaries[1]) return null;
  const before = new Set(await column(summaries[0], 'uid'));
  const after = new Set(await column(summaries[1], 'uid'));
  const scores = [outputFile(a, 'scores.csv'), outputFile(b, 'scores.csv')];
  let scored: Set<string> | null = null;
  if (scores[0] && scores[1]) {
    const other = new Set(await column(scores[1], 'uid'));
    scored = new Set((await column(scores[0], 'uid')).filter((uid) => other.has(uid)));
  }
  const counted = (uid: string) => scored === null || scored.has(uid);
  return {
    nowAnomalous: [...after].filter((uid) => !before.has(uid) && counted(uid)).length,
    noLongerAnomalous: [...before].filter((uid) => !after.has(uid) && counted(uid)).length,
    scoredInBoth: scored === null ? null : scored.size,
  };
}

/** The result files of `a` and `b` compared; null when neither kind of file is among both runs' outputs. */
export async function compareOutputs(a: StoredRun, b: StoredRun): Promise<OutputComparison | null> {
  const notables = await compareNotables(a, b);
  const connections = await compareConnections(a, b);
  return notables === null && connections === null ? null : { notables, connections };
}
