/**
 * Collects the rows behaviours produce during one hour of simulated time, then hands them to the
 * output in timestamp order. Rows stamped after the hour (a reply that lands after the boundary)
 * wait for the next flush, so every file is in time order and nothing is held for longer than an
 * hour. Connections made inside `withLabel` are ground truth for an attack.
 */
import type { Random } from '../util/random.js';
import { timeOrder } from '../zeek/sort-by-ts.js';
import type { ZeekValue } from '../zeek/write-tsv.js';
import { connValues, type Conn, type ConnSpec } from './conn.js';
import type { IdFactory } from './ids.js';
import type { LogRow, SynthLogName } from './logs.js';
import type { SynthOutput } from './output.js';

/** An attack a connection belongs to: the scenario and the attacking host's address. */
export interface Label {
  scenario: string;
  host: string;
}

export class Emitter {
  /** Connections made so far. */
  connCount = 0;
  // Pending rows as parallel arrays (no object per row: a million rows should not churn the GC).
  private times: number[] = [];
  private logs: SynthLogName[] = [];
  private rows: ZeekValue[][] = [];
  private labels: Array<Label | null> = [];
  private label: Label | null = null;

  /** With no output, rows are built and counted but not kept (to measure a configuration). */
  constructor(
    private readonly ids: IdFactory,
    private readonly local: (ip: string) => boolean,
    private readonly output: SynthOutput | null,
  ) {}

  /** Log a connection and return its identity for the protocol rows that go with it. */
  conn(rng: Random, spec: ConnSpec): Conn {
    this.connCount++;
    const uid = this.ids.uid();
    const values = connValues(rng, uid, spec, this.local);
    if (this.output) this.queue(spec.ts, 'conn', values, this.label);
    return {
      uid,
      origH: spec.origH,
      origP: spec.origP,
      respH: spec.respH,
      respP: spec.respP,
      ts: spec.ts,
      end: spec.ts + spec.duration,
    };
  }

  /** A new file id for files.log and the rows that point to it. */
  fuid(): string {
    return this.ids.fuid();
  }

  /** Log a protocol row; every log's first column is its timestamp. */
  add(row: LogRow): void {
    if (this.output) this.queue(row.values[0] as number, row.log, row.values, null);
  }

  private queue(ts: number, log: SynthLogName, values: ZeekValue[], label: Label | null): void {
    this.times.push(ts);
    this.logs.push(log);
    this.rows.push(values);
    this.labels.push(label);
  }

  /** Run `fn` with every connection it makes labelled as part of an attack. */
  withLabel<T>(label: Label, fn: () => T): T {
    const outer = this.label;
    this.label = label;
    try {
      return fn();
    } finally {
      this.label = outer;
    }
  }

  /** Write the rows stamped before `cutoff`, in time order (ties in generation order); keep the rest. */
  flush(cutoff: number): void {
    const output = this.output;
    const n = this.times.length;
    if (!output || n === 0) return;
    const order = timeOrder(this.times);
    const times: number[] = [];
    const logs: SynthLogName[] = [];
    const rows: ZeekValue[][] = [];
    const labels: Array<Label | null> = [];
    for (let k = 0; k < n; k++) {
      const i = order[k];
      const values = this.rows[i];
      if (this.times[i] >= cutoff) {
        times.push(this.times[i]);
        logs.push(this.logs[i]);
        rows.push(values);
        labels.push(this.labels[i]);
        continue;
      }
      output.write(this.logs[i], values);
      const label = this.labels[i];
      if (label) output.label(values[1] as string, label.host, label.scenario);
    }
    this.times = times;
    this.logs = logs;
    this.rows = rows;
    this.labels = labels;
  }
}
