/**
 * Collects the DataProblems found while reading. A garbage file can hold millions of bad
 * lines, so only the first few of each kind per file are stored; the rest are counted, and
 * the totals are reported so that nothing is dropped silently.
 */
import type { DataProblem, ProblemKind } from './problems.js';

/** Problems stored per file and kind; later ones are only counted. */
export const PROBLEMS_STORED_PER_KIND = 100;

/** How many problems of one kind one file had (stored or only counted). */
export interface ProblemTotal {
  file: string;
  kind: ProblemKind;
  count: number;
}

/** Where a line source reports damage; access logs, which keep problems of their own, pass one too. */
export interface ProblemSink<K extends ProblemKind = ProblemKind> {
  add(file: string, line: number, kind: K, message: string): void;
}

export class ProblemRecorder implements ProblemSink {
  private readonly stored: DataProblem[] = [];
  private readonly counts = new Map<string, ProblemTotal>();

  constructor(private readonly storedPerKind = PROBLEMS_STORED_PER_KIND) {}

  add(file: string, line: number, kind: ProblemKind, message: string): void {
    const key = `${kind}\u0000${file}`;
    let total = this.counts.get(key);
    if (!total) {
      total = { file, kind, count: 0 };
      this.counts.set(key, total);
    }
    total.count++;
    if (total.count <= this.storedPerKind) this.stored.push({ file, line, kind, message });
  }

  /** The stored problems in the order found, without the over-the-cap summaries that `list` adds. */
  storedProblems(): DataProblem[] {
    return [...this.stored];
  }

  /**
   * Counts problems without storing them: those of a piece of a parallel read that came after its own first
   * stored ones, which the cap would not have stored in a single-threaded read either.
   */
  addUnstored(file: string, kind: ProblemKind, count: number): void {
    if (count <= 0) return;
    const key = `${kind}\u0000${file}`;
    const total = this.counts.get(key);
    if (total) total.count += count;
    else this.counts.set(key, { file, kind, count });
  }

  /** Totals per file and kind, in the order first seen. */
  totals(): ProblemTotal[] {
    return [...this.counts.values()].map((t) => ({ ...t }));
  }

  /**
   * The stored problems, plus one line-0 entry per file and kind that went over the cap saying
   * how many more there were, so a dataset alone still tells the whole story.
   */
  list(): DataProblem[] {
    const out = [...this.stored];
    for (const { file, kind, count } of this.counts.values()) {
      if (count > this.storedPerKind) {
        out.push({
          file,
          line: 0,
          kind,
          message: `${count - this.storedPerKind} more ${kind} problems in this file were counted but not listed (${count} in all; the first ${this.storedPerKind} are listed)`,
        });
      }
    }
    return out;
  }
}
