/**
 * A run being recorded: `startRun` creates its folder and run.json, the work logs parameters, metrics and outputs
 * into it (directly or by `listen`ing to its event stream), and `end`/`fail` close it. `withRun` does the closing
 * around a piece of work. run.json is rewritten atomically on every change; metrics are appended as they come.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ZeekseqError } from '../util/errors.js';
import type { EventStream } from '../util/events.js';
import { activeRun, setActiveRun } from './active-run.js';
import { captureEnvironment, gitState } from './environment.js';
import { fingerprintInputs, portablePath } from './fingerprint.js';
import { METRICS_FILE, metricLine } from './metrics-file.js';
import { createRunFolder } from './run-id.js';
import { type JsonValue, RUN_FORMAT, RUN_KINDS, type RunKind, type RunRecord, writeRunRecord } from './run-record.js';
import { resolveRunsDir } from './runs-dir.js';

/** Set by `runs reproduce` for the command it re-executes: the id of the run being reproduced. */
export const REPRODUCES_ENV = 'ZEEKSEQ_REPRODUCES';

export interface StartRunOptions {
  kind: RunKind;
  /** A label for people (e.g. an experiment config's name); the kind when not given. */
  name?: string;
  /** zeekseq's arguments, without `node` and the script: what `runs reproduce` re-executes. Default: process.argv.slice(2). */
  argv?: string[];
  /** Every resolved parameter; values are stored as JSON (undefined as null). */
  params: Readonly<Record<string, unknown>>;
  /** Files or folders the work reads; each file is fingerprinted. */
  inputs?: string[];
  /** Default: resolveRunsDir(). */
  runsDir?: string;
  /** Recorded as with `run.listen(events)`. */
  events?: EventStream;
  /** The TensorFlow.js backend, when known at the start (else `run.logBackend` later). */
  backend?: string;
}

function toJson(value: unknown): JsonValue {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as JsonValue);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class Run {
  private readonly metricsFd: number;
  private readonly listening = new Map<EventStream, () => void>();
  private warnings = 0;
  private problems = 0;
  private closed = false;

  constructor(
    readonly id: string,
    readonly dir: string,
    private readonly state: RunRecord,
    /** The run that was active before this one, made active again when this one closes. */
    private readonly previous: Run | undefined,
  ) {
    this.metricsFd = openSync(path.join(dir, METRICS_FILE), 'a');
  }

  /** False once the run has ended or failed. */
  get open(): boolean {
    return !this.closed;
  }

  /** run.json as it stands. */
  get record(): Readonly<RunRecord> {
    return this.state;
  }

  logParam(name: string, value: unknown): void {
    this.setParam(name, value);
    this.save();
  }

  logParams(params: Readonly<Record<string, unknown>>): void {
    for (const [name, value] of Object.entries(params)) this.setParam(name, value);
    this.save();
  }

  logMetric(name: string, value: number, step?: number): void {
    this.checkOpen();
    const finite = Number.isFinite(value) ? value : null;
    writeSync(this.metricsFd, metricLine({ name, value: finite, step: step ?? null, time: new Date().toISOString() }));
  }

  /** A file or folder the work wrote (model directory, CSV, chart); stored relative to the run's folder of work. */
  logArtifact(file: string, kind: string): void {
    this.checkOpen();
    const stored = portablePath(file, this.state.command.cwd);
    const known = this.state.outputs.find((output) => output.path === stored);
    if (known) known.kind = kind;
    else this.state.outputs.push({ path: stored, kind });
    this.save();
  }

  /** The TensorFlow.js backend the work ended up on (e.g. `wasm (SIMD) on tfjs 4.22.0`). */
  logBackend(backend: string): void {
    this.checkOpen();
    this.state.environment.backend = backend;
    this.save();
  }

  /**
   * Records `events` until the run closes or the returned function is called: metric events into metrics.jsonl,
   * artifact events into outputs, and the number of warnings and problems as the metrics `warnings` and
   * `problems` when the run closes. Listening to a stream already listened to does nothing and returns a function
   * that does nothing, so a command and the estimator it calls may both hand the run the same stream and the
   * estimator's stop does not end the command's recording.
   */
  listen(events: EventStream): () => void {
    this.checkOpen();
    if (this.listening.has(events)) return () => {};
    const off = events.on((event) => {
      if (this.closed) return;
      if (event.type === 'metric') this.logMetric(event.name, event.value, event.step);
      else if (event.type === 'artifact') this.logArtifact(event.path, event.kind);
      else if (event.type === 'warning') this.warnings++;
      else if (event.type === 'problem') this.problems++;
    });
    const stop = () => {
      off();
      this.listening.delete(events);
    };
    this.listening.set(events, stop);
    return stop;
  }

  /** Marks the run finished. Closing an already closed run does nothing. */
  end(): void {
    this.close('finished', null);
  }

  /** Marks the run failed with the error's message. */
  fail(error: unknown): void {
    this.close('failed', messageOf(error));
  }

  private close(status: 'finished' | 'failed', error: string | null): void {
    if (this.closed) return;
    if (this.listening.size > 0 || this.warnings > 0 || this.problems > 0) {
      this.logMetric('warnings', this.warnings);
      this.logMetric('problems', this.problems);
    }
    for (const stop of [...this.listening.values()]) stop();
    this.closed = true;
    closeSync(this.metricsFd);
    this.state.status = status;
    this.state.error = error;
    this.state.endedAt = new Date().toISOString();
    this.save();
    if (activeRun() === this) setActiveRun(this.previous?.open ? this.previous : undefined);
  }

  private setParam(name: string, value: unknown): void {
    this.checkOpen();
    const json = toJson(value);
    this.state.params[name] = json;
    if (name === 'seed') this.state.seed = typeof json === 'number' ? json : null;
  }

  private checkOpen(): void {
    if (this.closed)
      throw new ZeekseqError(`run ${this.id} has ended; start a new run (startRun) to record more into.`);
  }

  private save(): void {
    writeRunRecord(this.dir, this.state);
  }
}

/**
 * Starts recording a run: creates its folder with run.json (status running), fingerprints the inputs and makes it
 * the active run (see active-run.ts). A missing input fails the run and throws.
 */
export async function startRun(options: StartRunOptions): Promise<Run> {
  if (!(RUN_KINDS as readonly string[]).includes(options.kind))
    throw new ZeekseqError(`startRun: unknown kind "${options.kind}"; use one of ${RUN_KINDS.join(', ')}.`);
  const runsDir = resolveRunsDir(options.runsDir);
  const inputs = (options.inputs ?? []).map((input) => portablePath(input, process.cwd()));
  const git = await gitState();
  const startedAt = new Date();
  const { id, dir } = createRunFolder(runsDir, options.kind, startedAt);
  const params: Record<string, JsonValue> = {};
  for (const [name, value] of Object.entries(options.params)) params[name] = toJson(value);
  const record: RunRecord = {
    format: RUN_FORMAT,
    id,
    name: options.name ?? options.kind,
    kind: options.kind,
    command: { argv: options.argv ?? process.argv.slice(2), cwd: process.cwd() },
    status: 'running',
    error: null,
    startedAt: startedAt.toISOString(),
    endedAt: null,
    process: { pid: process.pid, hostname: os.hostname() },
    reproduces: process.env[REPRODUCES_ENV] || null,
    params,
    seed: typeof params.seed === 'number' ? params.seed : null,
    environment: captureEnvironment(options.backend),
    git,
    inputs,
    fingerprints: [],
    outputs: [],
  };
  writeRunRecord(dir, record);
  const run = new Run(id, dir, record, activeRun());
  try {
    record.fingerprints = await fingerprintInputs(inputs);
    writeRunRecord(dir, record);
  } catch (error) {
    run.fail(error);
    throw error;
  }
  if (options.events) run.listen(options.events);
  setActiveRun(run);
  return run;
}

/** Runs `work` inside a new run: finished when it resolves, failed (with its message) when it throws. */
export async function withRun<T>(options: StartRunOptions, work: (run: Run) => Promise<T>): Promise<T> {
  const run = await startRun(options);
  try {
    const result = await work(run);
    run.end();
    return result;
  } catch (error) {
    run.fail(error);
    throw error;
  }
}
