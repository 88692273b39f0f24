/**
 * How the CLI shows the event stream: steps and warnings as lines on stderr, progress as bars (on a terminal),
 * and data problems counted by kind with the first file:line of each, summarised when the command ends. stdout
 * stays for results. Messages quote host names, file names and log types, so every line is control-escaped.
 */
import { escapeControl, escapeLines } from '../util/escape.js';
import type { EventStream } from '../util/events.js';
import { type Progress, startProgress } from '../util/progress.js';
import { formatCount } from '../util/format-count.js';

interface ProblemTally {
  count: number;
  first: string;
}

export interface Rendering {
  /** Prints the problem summary (if any) and stops listening. */
  finish(): void;
}

/** Draws `events` on stderr until `finish()`. */
export function renderEvents(events: EventStream, print: (line: string) => void = (l) => console.error(l)): Rendering {
  const write = (line: string) => print(escapeLines(line));
  const bars = new Map<string, Progress>();
  const problems = new Map<string, ProblemTally>();
  const stop = events.on((event) => {
    switch (event.type) {
      case 'info':
        write(event.message);
        break;
      case 'warning':
        write(`warning: ${event.message}`);
        break;
      case 'progress': {
        let bar = bars.get(event.task);
        if (!bar) {
          bar = startProgress(escapeControl(event.task), event.total, event.unit);
          bars.set(event.task, bar);
        }
        if (event.end) {
          bar.stop();
          bars.delete(event.task);
        } else bar.update(event.done, event.note === undefined ? undefined : escapeControl(event.note));
        break;
      }
      case 'problem': {
        const { file, line, kind } = event.problem;
        const tally = problems.get(kind);
        if (tally) tally.count++;
        else problems.set(kind, { count: 1, first: line > 0 ? `${file}:${line}` : file });
        break;
      }
      case 'metric':
      case 'artifact':
        break;
    }
  });
  return {
    finish() {
      stop();
      for (const bar of bars.values()) bar.stop();
      if (problems.size === 0) return;
      const total = [...problems.values()].reduce((sum, t) => sum + t.count, 0);
      write(`${formatCount(total)} data problems while reading (each file keeps at most 100 per kind):`);
      for (const [kind, tally] of [...problems].sort((a, b) => b[1].count - a[1].count)) {
        write(`  ${kind}: ${formatCount(tally.count)} (first at ${tally.first})`);
      }
    },
  };
}

/** Runs `work` with `events` drawn on stderr; the problem summary is printed whether it succeeds or not. */
export async function withRendering<T>(events: EventStream, work: () => Promise<T>): Promise<T> {
  const rendering = renderEvents(events);
  try {
    return await work();
  } finally {
    rendering.finish();
  }
}
