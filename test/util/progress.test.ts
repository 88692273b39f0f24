import { afterEach, describe, expect, it, vi } from 'vitest';
import { progressEnabled, startProgress } from '../../src/util/progress.js';

const tty = Object.getOwnPropertyDescriptor(process.stderr, 'isTTY');

afterEach(() => {
  if (tty) Object.defineProperty(process.stderr, 'isTTY', tty);
  else delete (process.stderr as { isTTY?: boolean }).isTTY;
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe('startProgress', () => {
  it('draws a bar on stderr when it is a terminal', () => {
    Object.defineProperty(process.stderr, 'isTTY', { value: true, configurable: true });
    vi.stubEnv('ZEEKSEQ_PROGRESS', '1');
    const written: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    expect(progressEnabled()).toBe(true);
    const bar = startProgress('reading', 10, 'files');
    bar.update(4, '400 rows');
    bar.stop();
    expect(written.join('')).toMatch(/reading \[.*\] \d+% \| \d+\/10 files/);
  });

  it('stays silent off a terminal or when switched off', () => {
    const write = vi.spyOn(process.stderr, 'write');
    Object.defineProperty(process.stderr, 'isTTY', { value: false, configurable: true });
    startProgress('reading', 10).tick();
    Object.defineProperty(process.stderr, 'isTTY', { value: true, configurable: true });
    vi.stubEnv('ZEEKSEQ_PROGRESS', '0');
    startProgress('reading', 10).tick();
    expect(write).not.toHaveBeenCalled();
  });
});
