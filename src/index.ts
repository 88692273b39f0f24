/**
 * zeekseq's public API: everything a notebook or another program may use, in data-flow order
 * (read → clean → cluster → sequence → model → detect → report).
 */
export { ZeekDataset } from './zeek/dataset.js';
export type { LogSource, DatasetParts } from './zeek/dataset.js';
export type { DataProblem, LogFileInfo, ProblemKind } from './zeek/problems.js';
export { removeConnOnly } from './zeek/remove-conn-only.js';
export { removeDuplicateUids } from './zeek/remove-duplicate-uids.js';
export { keepConnections } from './zeek/keep-connections.js';
export type { KeepConnectionsOptions } from './zeek/keep-connections.js';
export { removeConnections } from './zeek/remove-connections.js';
export type { ConnectionMatch } from './zeek/remove-connections.js';
export { splitDataset } from './zeek/split-dataset.js';
export type { SplitOptions, DatasetSplit } from './zeek/split-dataset.js';
export { sortByTs, timeOrder } from './zeek/sort-by-ts.js';
export { prepareDataset } from './zeek/prepare-dataset.js';
export type { PrepareOptions } from './zeek/prepare-dataset.js';
export { saveDataset, readSavedManifest, savedDatasetFormat, savedDatasetVersion } from './zeek/saved-dataset.js';
export type { SavedManifest, SavedLog, SavedColumn, ColumnStorage } from './zeek/saved-dataset.js';
export {
  featureMatrixFromRows,
  featureMatrixFromColumns,
  featureValue,
  selectRows,
  concatRows,
  alignFeatureMatrix,
  asFeatureMatrix,
  featureMatrixToJSON,
  featureMatrixFromJSON,
} from './distance/feature-matrix.js';
export type {
  FeatureMatrix,
  FeatureColumn,
  FeatureValue,
  FeatureInput,
  FeatureMatrixJSON,
  FeatureMatrixOptions,
  ColumnKind,
} from './distance/feature-matrix.js';
export { gower, gowerPairwise, fitGowerRanges } from './distance/gower.js';
export { euclidean } from './distance/euclidean.js';
export { manhattan } from './distance/manhattan.js';
export { METRICS, checkMetric } from './distance/metric.js';
export type { MetricName } from './distance/metric.js';
export { createRandom, shuffledIndices } from './util/random.js';
export type { Random } from './util/random.js';
export { ZeekseqError } from './util/errors.js';
export { startProgress } from './util/progress.js';
