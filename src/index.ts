/**
 * zeekseq's public API: everything a notebook or another program may use, in data-flow order
 * (read → clean → cluster → sequence → model → detect → report).
 */
export { ZeekDataset } from './zeek/dataset.js';
export type { LogSource, DatasetParts } from './zeek/dataset.js';
export type { DataProblem, LogFileInfo, ProblemKind } from './zeek/problems.js';
export { createRandom, shuffledIndices } from './util/random.js';
export type { Random } from './util/random.js';
export { ZeekseqError } from './util/errors.js';
export { startProgress } from './util/progress.js';
