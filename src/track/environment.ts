/**
 * What a run ran on and with: versions, machine and the project's git state. Results can differ in the last bits
 * between tfjs backends and machines, so a comparison of two runs shows these next to the parameters.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_DIR } from './project.js';
import type { RunEnvironment, RunRecord } from './run-record.js';

const run = promisify(execFile);

function packageVersion(file: string): string {
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

/** The installed @tensorflow/tfjs's version, read from its package.json so tfjs itself is not loaded. */
function tfjsVersion(): string | null {
  try {
    return packageVersion(createRequire(import.meta.url).resolve('@tensorflow/tfjs/package.json'));
  } catch {
    return null;
  }
}

export function captureEnvironment(backend?: string): RunEnvironment {
  return {
    zeekseq: packageVersion(path.join(PROJECT_DIR, 'package.json')),
    node: process.version,
    tfjs: tfjsVersion(),
    backend: backend ?? null,
    os: { platform: os.platform(), arch: os.arch(), release: os.release() },
    cpus: os.cpus().length,
  };
}

/** The commit checked out in `dir` and whether the tree has changes; null when git or the checkout is absent. */
export async function gitState(dir = PROJECT_DIR): Promise<RunRecord['git']> {
  try {
    const options = { cwd: dir, timeout: 10_000 };
    const commit = (await run('git', ['rev-parse', 'HEAD'], options)).stdout.trim();
    const status = (await run('git', ['status', '--porcelain'], options)).stdout;
    return { commit, dirty: status.trim() !== '' };
  } catch {
    // Not an error: an installed package or an exported copy has no checkout, and a machine may lack git.
    return null;
  }
}
