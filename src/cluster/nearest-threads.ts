/**
 * The nearest-core search (DBSCAN predict) on several threads, called synchronously. Predict runs inside the
 * Tokenizer's synchronous transform, and a worker pool (piscina and the like) answers with promises; so the calling
 * thread shares the queries with helper workers through SharedArrayBuffers, all threads take blocks of queries from
 * one atomic counter, and the caller waits with Atomics.wait for the blocks a helper took. A helper that fails or
 * stalls costs time only: its blocks are searched again here, and the search gives the same answer on any thread.
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../util/start-worker.js';
import { type NearestIndex, searchRange } from './nearest-core.js';

/** Below this many distinct queries, one thread: a helper's start (0.05 s built, 0.3 s under tsx) would not pay. */
export const PARALLEL_MIN_QUERIES = 20_000;
/** Queries per block: small enough that the threads finish together, large enough that taking one costs nothing. */
const BLOCK = 256;
/** A helper that has finished no block for this long is taken for dead, and its blocks are searched here. */
const STALL_MS = 2_000;
/** How long one wait lasts before the caller looks for a stall. */
const WAIT_MS = 50;
/** control[NEXT]: the next block to take; control[DONE]: blocks finished. */
const NEXT = 0;
const DONE = 1;

/** Threads a DBSCAN searches with unless told: the machine's cores, at most four. */
export function defaultSearchThreads(): number {
  return Math.min(availableParallelism(), 4);
}

/** One search, as the threads share it. */
export interface SearchJob {
  coords: Float64Array;
  count: number;
  factor: number;
  labels: Int32Array;
  distances: Float64Array;
  control: Int32Array;
  /** 1 for each block finished. */
  done: Uint8Array;
}

function searchBlock(index: NearestIndex, job: SearchJob, block: number): void {
  const from = block * BLOCK;
  searchRange(index, job.coords, from, Math.min(from + BLOCK, job.count), job.factor, job.labels, job.distances);
}

/** Takes blocks from the job's counter and searches them until none are left (the caller's and the helpers' loop). */
export function searchBlocks(index: NearestIndex, job: SearchJob): void {
  const blocks = job.done.length;
  for (;;) {
    const block = Atomics.add(job.control, NEXT, 1);
    if (block >= blocks) return;
    searchBlock(index, job, block);
    Atomics.store(job.done, block, 1);
    Atomics.add(job.control, DONE, 1);
    Atomics.notify(job.control, DONE);
  }
}

interface Helper {
  worker: Worker;
  /** Ids of the indexes this helper holds. */
  indexes: Set<number>;
  failed: boolean;
}

const helpers: Helper[] = [];
const indexIds = new WeakMap<NearestIndex, number>();
let lastIndexId = 0;
/** A DBSCAN's index no longer used here is dropped by the helpers too. */
const forgotten = new FinalizationRegistry<number>((id) => {
  for (const helper of helpers) if (helper.indexes.delete(id)) helper.worker.postMessage({ type: 'drop', id });
});

function indexId(index: NearestIndex): number {
  let id = indexIds.get(index);
  if (id === undefined) {
    id = ++lastIndexId;
    indexIds.set(index, id);
    forgotten.register(index, id);
  }
  return id;
}

/** The i-th helper, started on first use; null once it has failed (the search then goes on without it). */
function helperAt(i: number): Helper | null {
  let helper = helpers[i];
  if (!helper) {
    const worker = startWorker(
      new URL(import.meta.url.endsWith('.ts') ? './nearest-worker.ts' : './nearest-worker.js', import.meta.url),
    );
    // Idle helpers must not keep the process alive.
    worker.unref();
    helper = { worker, indexes: new Set(), failed: false };
    const failed = helper;
    worker.on('error', () => {
      failed.failed = true;
    });
    worker.on('exit', () => {
      failed.failed = true;
    });
    helpers[i] = helper;
  }
  return helper.failed ? null : helper;
}

/**
 * The queries and answers of every job, in shared buffers grown as needed. Fresh ones per job piled up: the
 * helpers hold each job's buffers until their own heaps collect, which they seldom do (they allocate little), and
 * a 10,000,000-connection run peaked at 1.75 GB instead of 0.93.
 */
interface Scratch {
  coords: Float64Array;
  labels: Int32Array;
  distances: Float64Array;
}

let scratch: Scratch | null = null;

function scratchFor(values: number, count: number): Scratch {
  let current = scratch;
  if (!current || current.coords.length < values || current.labels.length < count) {
    const coordCapacity = Math.max(values, Math.ceil(1.5 * (current?.coords.length ?? 0)));
    const rowCapacity = Math.max(count, Math.ceil(1.5 * (current?.labels.length ?? 0)));
    current = {
      coords: new Float64Array(new SharedArrayBuffer(coordCapacity * Float64Array.BYTES_PER_ELEMENT)),
      labels: new Int32Array(new SharedArrayBuffer(rowCapacity * Int32Array.BYTES_PER_ELEMENT)),
      distances: new Float64Array(new SharedArrayBuffer(rowCapacity * Float64Array.BYTES_PER_ELEMENT)),
    };
    scratch = current;
  }
  return current;
}

/**
 * A search of `count` queries in the shared buffers, no block taken yet. Its counter and block flags are its own,
 * so that a helper that comes to a finished job late takes nothing from the next.
 */
export function createJob(coords: Float64Array, count: number, factor: number): SearchJob {
  const buffers = scratchFor(coords.length, count);
  const job: SearchJob = {
    coords: buffers.coords.subarray(0, coords.length),
    count,
    factor,
    labels: buffers.labels.subarray(0, count),
    distances: buffers.distances.subarray(0, count),
    control: new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT)),
    done: new Uint8Array(new SharedArrayBuffer(Math.ceil(count / BLOCK))),
  };
  job.coords.set(coords);
  return job;
}

/**
 * The caller's part of a job: searches blocks until none are left to take, then waits for those the helpers took;
 * when no helper has finished a block for `stallMs`, searches the unfinished blocks itself, leaves the shared
 * buffers to the stalled helper (the next job gets new ones) and returns false.
 */
export function completeJob(index: NearestIndex, job: SearchJob, stallMs = STALL_MS): boolean {
  searchBlocks(index, job);
  const blocks = job.done.length;
  let finished = Atomics.load(job.control, DONE);
  let progressAt = performance.now();
  while (finished < blocks) {
    Atomics.wait(job.control, DONE, finished, WAIT_MS);
    const now = Atomics.load(job.control, DONE);
    if (now !== finished) {
      finished = now;
      progressAt = performance.now();
    } else if (performance.now() - progressAt > stallMs) {
      for (let block = 0; block < blocks; block++)
        if (Atomics.load(job.done, block) !== 1) searchBlock(index, job, block);
      scratch = null;
      return false;
    }
  }
  return true;
}

/**
 * The nearest core sample of each of `count` queries (`coords`, embedded like the index's samples) within
 * `factor` × eps, on up to `threads` threads (this one included): its cluster (-1 when none) and its distance, and
 * the threads that searched.
 */
export function searchNearest(
  index: NearestIndex,
  coords: Float64Array,
  count: number,
  factor: number,
  threads: number,
): { labels: Int32Array; distances: Float64Array; threads: number } {
  const helperCount = count >= PARALLEL_MIN_QUERIES ? threads - 1 : 0;
  const ready: Helper[] = [];
  for (let i = 0; i < helperCount; i++) {
    const helper = helperAt(i);
    if (helper) ready.push(helper);
  }
  if (ready.length === 0) {
    const labels = new Int32Array(count);
    const distances = new Float64Array(count);
    searchRange(index, coords, 0, count, factor, labels, distances);
    return { labels, distances, threads: 1 };
  }
  const job = createJob(coords.subarray(0, count * index.forest.dims), count, factor);
  const id = indexId(index);
  for (const helper of ready) {
    if (!helper.indexes.has(id)) {
      helper.worker.postMessage({ type: 'index', id, samples: index.samples });
      helper.indexes.add(id);
    }
    helper.worker.postMessage({ type: 'search', id, job });
  }
  if (!completeJob(index, job)) {
    // A stalled helper may still write: it is stopped and not used again.
    for (const helper of ready) {
      helper.failed = true;
      void helper.worker.terminate();
    }
  }
  // Copies: the shared buffers serve the next job.
  return { labels: job.labels.slice(), distances: job.distances.slice(), threads: 1 + ready.length };
}
