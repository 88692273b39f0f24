/**
 * Progress bars for long work, on stderr so that stdout stays clean for data (--json, CSV).
 * Bars are drawn only on an interactive terminal; in CI, tests and pipes they stay silent.
 */
import { createRequire } from 'node:module';
import type CliProgress from 'cli-progress';

// Loaded only when a bar is drawn: cli-progress and its width tables take about 16 ms to load, paid for nothing
// by every command whose stderr is not a terminal (pipes, CI, notebooks, benchmarks).
const load = (): typeof CliProgress => createRequire(import.meta.url)('cli-progress');

export interface Progress {
  /** Advance by `n` units (default 1), with a note shown beside the count (e.g. rows read so far). */
  tick(n?: number, note?: string): void;
  /** Set the absolute position, with a note shown beside the count. */
  update(value: number, note?: string): void;
  /** Finish and remove the bar. */
  stop(): void;
}

const silent: Progress = { tick: () => {}, update: () => {}, stop: () => {} };

/** Whether bars are drawn: an interactive stderr, and not switched off by ZEEKSEQ_PROGRESS=0. */
export function progressEnabled(): boolean {
  return Boolean(process.stderr.isTTY) && process.env.ZEEKSEQ_PROGRESS !== '0';
}

/** A bar labelled `label` counting up to `total` (in `unit`s). */
export function startProgress(label: string, total: number, unit = 'items'): Progress {
  if (!progressEnabled() || !(total > 0)) return silent;
  const cliProgress = load();
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {value}/{total} ${unit}{note} | {duration_formatted} elapsed, eta {eta_formatted}`,
      stream: process.stderr,
      clearOnComplete: true,
      hideCursor: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { note: '' });
  let value = 0;
  const payload = (note: string | undefined) => (note === undefined ? undefined : { note: `, ${note}` });
  return {
    tick: (n = 1, note) => {
      value += n;
      bar.update(value, payload(note));
    },
    update: (v: number, note) => {
      value = v;
      bar.update(v, payload(note));
    },
    stop: () => bar.stop(),
  };
}
