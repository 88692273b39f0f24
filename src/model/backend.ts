/**
 * The TensorFlow.js backend the transformer runs on. In order of preference: `tensorflow` (native libtensorflow
 * through the optional @tensorflow/tfjs-node, multi-threaded), `wasm` (XNNPACK kernels with SIMD, one thread:
 * wasm threads do not work in Node, so parallelism across cores is worker_threads), then the pure-JavaScript
 * `cpu` backend. Every run reports which one it got, because speed differs by an order of magnitude between them
 * and results may differ in the last bits between backends.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ZeekseqError } from '../util/errors.js';

import { BACKEND_NAMES, type BackendName } from './backend-names.js';

export { BACKEND_NAMES, type BackendName };

export interface BackendInfo {
  /** The backend in use. */
  name: BackendName;
  /** Whether wasm SIMD is in use (wasm only; false elsewhere). */
  simd: boolean;
  /** @tensorflow/tfjs version. */
  tfjs: string;
  /** Why each backend preferred over `name` was not used (empty when the first choice worked). */
  skipped: string[];
}

export interface BackendOptions {
  /**
   * 'auto' (default; the environment variable ZEEKSEQ_BACKEND overrides it) tries tensorflow, wasm, cpu in turn;
   * a backend name insists on that one and fails when it cannot start.
   */
  backend?: BackendName | 'auto';
}

let current: Promise<BackendInfo> | null = null;
let currentRequest = '';

/**
 * Selects and initialises the backend (once per process and request; later calls return the same answer).
 * Callers print `describeBackend(info)` so every run says what it ran on.
 */
export function chooseBackend(options: BackendOptions = {}): Promise<BackendInfo> {
  const request = options.backend ?? envBackend() ?? 'auto';
  if (request !== 'auto' && !BACKEND_NAMES.includes(request)) {
    throw new ZeekseqError(`backend: unknown backend "${request}"; use one of auto, ${BACKEND_NAMES.join(', ')}.`);
  }
  if (current === null || request !== currentRequest) {
    currentRequest = request;
    current = initialise(request);
  }
  return current;
}

/** One line for logs: `wasm (SIMD) on tfjs 4.22.0`, with the reasons preferred backends were skipped. */
export function describeBackend(info: BackendInfo): string {
  const simd = info.name === 'wasm' ? (info.simd ? ' (SIMD)' : ' (no SIMD)') : '';
  const skipped = info.skipped.length > 0 ? `; skipped ${info.skipped.join('; ')}` : '';
  return `${info.name}${simd} on tfjs ${info.tfjs}${skipped}`;
}

function envBackend(): BackendName | 'auto' | undefined {
  const value = process.env.ZEEKSEQ_BACKEND;
  return value ? (value as BackendName | 'auto') : undefined;
}

async function initialise(request: BackendName | 'auto'): Promise<BackendInfo> {
  const order = request === 'auto' ? BACKEND_NAMES : [request];
  const skipped: string[] = [];
  for (const name of order) {
    const problem = await tryBackend(name);
    if (problem === null) {
      const simd = name === 'wasm' && tf.env().getBool('WASM_HAS_SIMD_SUPPORT');
      return { name, simd, tfjs: tf.version.tfjs, skipped };
    }
    skipped.push(`${name}: ${problem}`);
  }
  throw new ZeekseqError(
    `backend: could not start ${order.join(' or ')} (${skipped.join('; ')}); use --backend auto, or reinstall @tensorflow/tfjs and @tensorflow/tfjs-backend-wasm.`,
  );
}

/** Starts one backend; null on success, else why not. */
async function tryBackend(name: BackendName): Promise<string | null> {
  try {
    if (name === 'tensorflow') {
      // A variable specifier: the package is optional and absent from most installs, so TypeScript must not resolve it.
      const nodeBackend = '@tensorflow/tfjs-node';
      await import(nodeBackend);
      if (tf.findBackendFactory('tensorflow') === null)
        return '@tensorflow/tfjs-node registered with another copy of tfjs';
    }
    if (name === 'wasm') setWasmPaths(wasmDirectory());
    const ok = await tf.setBackend(name);
    if (!ok) return 'failed to initialise';
    await tf.ready();
    return null;
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return name === 'tensorflow' && /Cannot find (module|package)/.test(message)
      ? '@tensorflow/tfjs-node is not installed'
      : message;
  }
}

/** The folder of the installed .wasm binaries, as a file path with a trailing separator (Node reads them from disk). */
function wasmDirectory(): string {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm')) + path.sep;
}
