/**
 * Taking the page faults of a large column (numbers, or a text column's references) on another thread. The first
 * write to a fresh page of memory costs the writing thread a fault, about 10 µs on this project's VM: reading the
 * 1,007,053-row bench conn.log took some 64,000 of them, a quarter of its time, and its number columns alone about
 * 22,000. A column handed out here lives in shared memory whose pages a helper thread touches ahead of the parser,
 * so the parser finds them mapped. The values do not depend on it: a helper that fails or falls behind only leaves
 * its faults to the parser.
 */
import type { Worker } from 'node:worker_threads';
import { startWorker } from './start-worker.js';

/** Columns smaller than this are plain memory: touching them would not pay for posting them. */
export const PREFAULT_MIN_BYTES = 1 << 20;
/**
 * The helper starts this far past the values already written, so that it stays ahead of the parser: its touch is
 * an atomic add of zero, which cannot lose a value even if both reach a page at once, but need not race it.
 */
export const PREFAULT_LEAD_BYTES = 1 << 16;

const PAGE_BYTES = 4096;

/**
 * Touches every page of `buffer` from byte `from` on with an atomic add of zero: the page gets mapped and every
 * value stays as it is, even one another thread writes at the same moment.
 */
export function touchPages(buffer: SharedArrayBuffer, from: number): void {
  const words = new Int32Array(buffer);
  const step = PAGE_BYTES / 4;
  for (let i = Math.ceil(from / PAGE_BYTES) * step; i < words.length; i += step) Atomics.add(words, i, 0);
}

export class Prefaulter {
  /** Started for the first column worth touching (Parquet and JSON need none); null once closed or failed. */
  private worker: Worker | null | undefined;

  /** A zeroed Float64Array of `length` values, the first `filled` of which the caller is about to copy in. */
  float64(length: number, filled: number): Float64Array {
    return new Float64Array(this.memory(length * 8, filled * 8));
  }

  /** A zeroed Int32Array of `length` values, the first `filled` of which the caller is about to copy in. */
  int32(length: number, filled: number): Int32Array {
    return new Int32Array(this.memory(length * 4, filled * 4));
  }

  /** Memory for `bytes` bytes: shared and touched by the helper from byte `filled` on, when it is large enough. */
  private memory(bytes: number, filled: number): ArrayBuffer | SharedArrayBuffer {
    if (bytes < PREFAULT_MIN_BYTES) return new ArrayBuffer(bytes);
    const worker = this.helper();
    if (worker === null) return new ArrayBuffer(bytes);
    // Whole 32-bit words: the helper touches pages with Atomics on an Int32Array view.
    const buffer = new SharedArrayBuffer(Math.ceil(bytes / 4) * 4);
    worker.postMessage({ buffer, from: filled + PREFAULT_LEAD_BYTES });
    return buffer;
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
  }

  private helper(): Worker | null {
    if (this.worker === undefined) {
      const worker = startWorker(
        new URL(import.meta.url.endsWith('.ts') ? './prefault-worker.ts' : './prefault-worker.js', import.meta.url),
      );
      // A helper that fails leaves the faults to the caller; nothing else changes.
      worker.on('error', () => {
        this.worker = null;
      });
      this.worker = worker;
    }
    return this.worker;
  }
}
