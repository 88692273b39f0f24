/**
 * Runs the zeekseq CLI in-process for command tests, capturing what it prints and its exit code.
 */
import { vi } from 'vitest';
import { run } from '../../../src/cli/main.js';

export interface CliResult {
  stdout: string;
  stderr: string;
  code: number;
}

/** Run `zeekseq ...args`; call vi.restoreAllMocks() after each test. */
export async function zeekseq(...args: string[]): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  vi.spyOn(console, 'error').mockImplementation((...parts: unknown[]) => {
    stderr += `${parts.join(' ')}\n`;
  });
  vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => {
    stdout += `${parts.join(' ')}\n`;
  });
  process.exitCode = undefined;
  await run(['node', 'zeekseq', ...args]);
  const code = Number(process.exitCode ?? 0);
  process.exitCode = undefined;
  return { stdout, stderr, code };
}
