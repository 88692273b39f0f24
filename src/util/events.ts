/**
 * The one channel through which long work reports what it does: human-readable steps, progress, metrics as
 * numbers, warnings, data problems and the files it wrote. The CLI renders the stream (bars and lines on stderr),
 * notebooks subscribe to it, and experiment tracking records its metrics. Library code never prints.
 */
import type { Progress } from './progress.js';

/** A malformed input line or file (zeek/problems.ts's DataProblem has this shape; util imports nothing of ours). */
export interface ProblemEvent {
  file: string;
  /** 1-based line; 0 when the problem concerns the whole file. */
  line: number;
  kind: string;
  message: string;
}

export type ZeekseqEvent =
  /** A step a person would want to see, e.g. "cleaning and clustering each log type". */
  | { type: 'info'; message: string }
  /** Progress of a task; `end` closes it. */
  | { type: 'progress'; task: string; done: number; total: number; unit: string; note?: string; end?: boolean }
  /** A number worth recording: per-epoch loss, the threshold, anomalies found... `step` orders repeated values. */
  | { type: 'metric'; name: string; value: number; step?: number }
  /** Something the user should know that does not stop the work. */
  | { type: 'warning'; message: string }
  /** A malformed input line or file, with where it was. */
  | { type: 'problem'; problem: ProblemEvent }
  /** A file or folder the work wrote. */
  | { type: 'artifact'; path: string; kind: string };

export type EventListener = (event: ZeekseqEvent) => void;

export class EventStream {
  private readonly listeners = new Set<EventListener>();

  /** Subscribe; returns the function that unsubscribes. */
  on(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: ZeekseqEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  info(message: string): void {
    this.emit({ type: 'info', message });
  }

  warn(message: string): void {
    this.emit({ type: 'warning', message });
  }

  metric(name: string, value: number, step?: number): void {
    this.emit(step === undefined ? { type: 'metric', name, value } : { type: 'metric', name, value, step });
  }

  problem(problem: ProblemEvent): void {
    this.emit({ type: 'problem', problem });
  }

  artifact(path: string, kind: string): void {
    this.emit({ type: 'artifact', path, kind });
  }

  /**
   * A progress handle; the stream emits at most one progress event per percent of the total. A note (e.g. the
   * rows read so far) travels with the next event emitted.
   */
  progress(task: string, total: number, unit = 'items'): Progress {
    let done = 0;
    let note: string | undefined;
    let lastShown = -1;
    const step = Math.max(1, Math.floor(total / 100));
    let ended = false;
    const event = () => ({ type: 'progress' as const, task, done, total, unit, ...(note ? { note } : {}) });
    const show = (force: boolean) => {
      if (ended) return;
      if (force || done - lastShown >= step || done >= total) {
        lastShown = done;
        this.emit(event());
      }
    };
    show(true);
    return {
      tick: (n = 1, text) => {
        done += n;
        if (text !== undefined) note = text;
        show(false);
      },
      update: (value, text) => {
        done = value;
        if (text !== undefined) note = text;
        show(false);
      },
      stop: () => {
        if (ended) return;
        ended = true;
        this.emit({ ...event(), end: true });
      },
    };
  }
}

/** A stream nobody listens to, for library calls made without one. */
export function quietEvents(): EventStream {
  return new EventStream();
}
