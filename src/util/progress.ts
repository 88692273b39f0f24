/**
 * Progress bars for long work, on stderr so that stdout stays clean for data (--json, CSV).
 * Bars are drawn only on an interactive terminal; in CI, tests and pipes they stay silent.
 */
import cliProgress from 'cli-progress';

export interface Progress {
  /** Advance by `n` units (default 1). */
  tick(n?: number): void;
  /** Set the absolute position. */
  update(value: number): void;
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
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {value}/{total} ${unit} | {duration_formatted} elapsed, eta {eta_formatted}`,
      stream: process.stderr,
      clearOnComplete: true,
      hideCursor: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  let value = 0;
  return {
    tick: (n = 1) => {
      value += n;
      bar.update(value);
    },
    update: (v: number) => {
      value = v;
      bar.update(v);
    },
    stop: () => bar.stop(),
  };
}
