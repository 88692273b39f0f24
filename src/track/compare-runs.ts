/**
 * Runs side by side: parameters, environment, code version, input data and final metrics, each as one value per
 * run. By default only what differs is kept, so two runs that differ in one parameter show that parameter; with
 * two scoring runs, their result files are compared too (compare-outputs.ts).
 */
import { compareOutputs, type OutputComparison } from './compare-outputs.js';
import type { StoredRun } from './read-runs.js';
import type { JsonValue } from './run-record.js';

type Values<T> = Record<string, (T | null)[]>;

export interface RunComparison {
  /** The ids, in the order of every value list below. */
  runs: string[];
  params: Values<JsonValue>;
  /** Versions and machine: zeekseq is under code. */
  environment: Values<string | number>;
  /** The zeekseq version, git commit and whether the tree was dirty. */
  code: Values<string | boolean>;
  /** Input file → its sha256 in each run (null where the run did not read it). */
  data: Values<string>;
  metrics: {
    /** Each metric's final value per run. */
    values: Values<number>;
    /** Each run's final value minus the first run's. */
    differences: Values<number>;
  };
  /** Present for two infer or sweep runs whose result files are among their outputs. */
  outputs?: OutputComparison;
}

export interface CompareRunsOptions {
  /** Keep what is the same in every run too. */
  all?: boolean;
}

const SCORING_KINDS = new Set(['infer', 'sweep']);

/** JSON with object keys sorted, so equal values compare equal whatever order their keys were set in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  return JSON.stringify(value ?? null);
}

/** For each key seen in any run, its value per run (null where absent); only keys that differ unless `all`. */
function sideBySide<T>(
  runs: readonly StoredRun[],
  pick: (run: StoredRun) => Record<string, T | null>,
  all: boolean,
): Values<T> {
  const maps = runs.map(pick);
  const keys = [...new Set(maps.flatMap((map) => Object.keys(map)))].sort();
  const result: Values<T> = {};
  for (const key of keys) {
    const values = maps.map((map) => (key in map ? map[key] : null));
    if (all || new Set(values.map(canonical)).size > 1) result[key] = values;
  }
  return result;
}

export async function compareRuns(
  runs: readonly StoredRun[],
  options: CompareRunsOptions = {},
): Promise<RunComparison> {
  const all = options.all ?? false;
  const values = sideBySide(runs, (run) => run.metrics, all);
  const differences: Values<number> = {};
  for (const [name, list] of Object.entries(values)) {
    const first = list[0];
    differences[name] = list.map((value) => (value === null || first === null ? null : value - first));
  }
  const comparison: RunComparison = {
    runs: runs.map((run) => run.record.id),
    params: sideBySide(runs, (run) => run.record.params, all),
    environment: sideBySide(
      runs,
      ({ record: { environment: env, process } }) => ({
        node: env.node,
        tfjs: env.tfjs,
        backend: env.backend,
        platform: env.os.platform,
        arch: env.os.arch,
        release: env.os.release,
        cpus: env.cpus,
        hostname: process.hostname,
      }),
      all,
    ),
    code: sideBySide(
      runs,
      ({ record }) => ({
        zeekseq: record.environment.zeekseq,
        commit: record.git?.commit ?? null,
        dirty: record.git?.dirty ?? null,
      }),
      all,
    ),
    data: sideBySide(
      runs,
      (run) => Object.fromEntries(run.record.fingerprints.map((file) => [file.path, file.sha256])),
      all,
    ),
    metrics: { values, differences },
  };
  if (runs.length === 2 && runs.every((run) => SCORING_KINDS.has(run.record.kind))) {
    const outputs = await compareOutputs(runs[0], runs[1]);
    if (outputs) comparison.outputs = outputs;
  }
  return comparison;
}
