/**
 * zeekseq's public API: everything a notebook or another program may use, in data-flow order
 * (read → clean → cluster → sequence → model → detect → report).
 */
export { ZeekDataset } from './zeek/dataset.js';
export type { LogSource, DatasetParts } from './zeek/dataset.js';
export type { DataProblem, LogFileInfo, ProblemKind } from './zeek/problems.js';
export { readZeekDir, readZeekDirDetailed, listZeekFiles, zeekLogType } from './zeek/read-dir.js';
export type { ReadDirOptions } from './zeek/read-dir.js';
export { readZeekFile, readZeekFileDetailed, logTypeOfFile } from './zeek/read-file.js';
export type { ReadFileOptions } from './zeek/read-file.js';
export type { ZeekRead, LogFileRef } from './zeek/read-logs.js';
export type { ProblemTotal } from './zeek/read-problems.js';
export { MAX_LINE_BYTES, MAX_FIELD_BYTES, MAX_JSON_DEPTH, MAX_COLUMNS } from './zeek/limits.js';
export { inspectDir, summarizeRead, formatInspect } from './zeek/inspect.js';
export type { InspectReport, LogSummary, ProblemCount } from './zeek/inspect.js';
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
export { ZeekTsvWriter, escapeZeekString, formatZeekTime, formatZeekStamp, zeekHeader } from './zeek/write-tsv.js';
export type { ZeekField, ZeekLogSchema, ZeekValue, ZeekTsvWriterOptions } from './zeek/write-tsv.js';
export { writeTableParquet, writeDatasetParquet, ParquetTableWriter, PARQUET_ROW_GROUP } from './zeek/write-parquet.js';
export { ZEEK_TYPES_KEY } from './zeek/read-parquet.js';
export type { WriteParquetOptions } from './zeek/write-parquet.js';
export { exportZeekParquet } from './zeek/export-parquet.js';
export type { ExportParquetOptions, ExportedLog, ParquetExport } from './zeek/export-parquet.js';
export { synthesize, resolveSynthOptions, SYNTH_DEFAULTS } from './synth/synthesize.js';
export type { SynthOptions, SynthParameters, SynthSummary, SynthDay, AttackRecord } from './synth/synthesize.js';
export { SCENARIO_NAMES } from './synth/scenarios.js';
export type { ScenarioName } from './synth/scenarios.js';
export { saveDataset, readSavedManifest, savedDatasetFormat, savedDatasetVersion } from './zeek/saved-dataset.js';
export type { SavedManifest, SavedLog, SavedColumn, ColumnStorage } from './zeek/saved-dataset.js';
export { Cleaner } from './cleaners/cleaner.js';
export type {
  CleanerOptions,
  CleanerJSON,
  FeatureDescription,
  LearnedState,
  LearnedFeature,
  DroppedFeature,
} from './cleaners/cleaner.js';
export { numericFeature, booleanFeature, categoricalFeature, customFeature } from './cleaners/features.js';
export type {
  FeatureDef,
  FeatureKind,
  NumericFeature,
  BooleanFeature,
  CategoricalFeature,
  CustomFeature,
} from './cleaners/features.js';
export { col, ratio, log1p, lengthOf } from './cleaners/numeric.js';
export type { NumericExpr } from './cleaners/numeric.js';
export {
  isTrue,
  isFalse,
  isSet,
  isIn,
  hasOther,
  containsAny,
  matchesPattern,
  greaterThan,
  negate,
  allOf,
  anyOf,
} from './cleaners/predicates.js';
export type { Predicate } from './cleaners/predicates.js';
export type { Encoding } from './cleaners/categorical.js';
export { registerCustomFeature } from './cleaners/custom.js';
export type { CustomFeatureCode } from './cleaners/custom.js';
export { connCleaner } from './cleaners/conn.js';
export { dnsCleaner } from './cleaners/dns.js';
export { httpCleaner } from './cleaners/http.js';
export { filesCleaner } from './cleaners/files.js';
export { sslCleaner } from './cleaners/ssl.js';
export { kerberosCleaner } from './cleaners/kerberos.js';
export { weirdCleaner } from './cleaners/weird.js';
export { dceRpcCleaner } from './cleaners/dce_rpc.js';
export { smbFilesCleaner } from './cleaners/smb_files.js';
export { smbMappingCleaner } from './cleaners/smb_mapping.js';
export { ntlmCleaner } from './cleaners/ntlm.js';
export { rdpCleaner } from './cleaners/rdp.js';
export { sshCleaner } from './cleaners/ssh.js';
export { ldapCleaner } from './cleaners/ldap.js';
export { dhcpCleaner } from './cleaners/dhcp.js';
export {
  cleanerFor,
  registerCleaner,
  unregisterCleaner,
  restoreBuiltInCleaners,
  cleanedLogTypes,
  builtInCleaners,
} from './cleaners/registry.js';
export type { CleanerFactory } from './cleaners/registry.js';
export { featureDocsMarkdown } from './cleaners/feature-docs.js';
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
export { DBSCAN } from './cluster/dbscan.js';
export type { DBSCANOptions, DBSCANJSON } from './cluster/dbscan.js';
export { BatchDBSCAN } from './cluster/batch-dbscan.js';
export type { BatchDBSCANOptions, BatchDBSCANJSON } from './cluster/batch-dbscan.js';
export { ari, nmi } from './cluster/metrics.js';
export { compareDbscan } from './cluster/compare.js';
export type { CompareOptions, CompareRow, Comparison } from './cluster/compare.js';
export { MarkovModel } from './model/markov.js';
export type {
  MarkovOptions,
  MarkovJSON,
  MarkovScoreBy,
  TransitionHandling,
  AlertTier,
  TierThresholds,
  ScoredTransition,
  SequenceScores,
} from './model/markov.js';
export { chooseBackend, describeBackend, BACKEND_NAMES } from './model/backend.js';
export type { BackendName, BackendInfo } from './model/backend.js';
export { transformerConfig, PRESETS } from './model/config.js';
export type { TransformerConfig, PresetName } from './model/config.js';
export { TransformerModel } from './model/transformer.js';
export { rowsFromSequences } from './model/token-rows.js';
export type { TokenRows } from './model/token-rows.js';
export { trainTransformer, splitConnections, rowsOf } from './model/train.js';
export type { TrainOptions, TrainResult, EpochReport, SplitPart, ConnectionSplit } from './model/train.js';
export { scoreRows } from './model/score.js';
export type { ScoreOptions, TransformerScores } from './model/score.js';
export { SCORER_NAMES } from './model/scorer.js';
export type { Scorer, ScorerName, RowScores, TokenDetail, FitContext } from './model/scorer.js';
export { TransformerScorer } from './model/transformer-scorer.js';
export type { TransformerScorerParams } from './model/transformer-scorer.js';
export { MarkovScorer } from './model/markov-scorer.js';
export type { MarkovScorerParams } from './model/markov-scorer.js';
export { FrequencyScorer } from './model/frequency-scorer.js';
export { createScorer } from './model/scorers.js';
export { readModelDir } from './model/model-dir.js';
export type { ModelDir, ModelDirManifest } from './model/model-dir.js';
export { chooseThreshold } from './detect/threshold.js';
export type { Threshold } from './detect/threshold.js';
export { compileLogFormat, LOG_FORMAT_PRESETS } from './weblog/format.js';
export type { LogFormat, FormatSegment, FormatField, FormatLiteral, FieldTarget, TimeSyntax } from './weblog/format.js';
export { parseClfTime, parseIsoTime, parseLogTime } from './weblog/timestamp.js';
export { parseAccessLine, parseRequestLine } from './weblog/parse.js';
export type { AccessRecord, AccessLogProblem, AccessProblemKind, LineResult } from './weblog/parse.js';
export { readAccessLogs, problemTotal } from './weblog/read-access-log.js';
export type { AccessLog, AccessLogFileSummary, ReadAccessLogOptions } from './weblog/read-access-log.js';
export { sessionize, DEFAULT_SESSION_TIMEOUT } from './weblog/sessions.js';
export type { Session, SessionOptions, ClientKey } from './weblog/sessions.js';
export {
  normalizePath,
  requestToken,
  resolveTokenOptions,
  RequestVocabulary,
  NO_REQUEST_TOKEN,
  MALFORMED_REQUEST_TOKEN,
  statusClass,
} from './weblog/tokens.js';
export type { TokenOptions, ResolvedTokenOptions, RequestVocabularyJSON, TokenTarget } from './weblog/tokens.js';
export { pathKind, decodedPath, PATH_KINDS } from './weblog/path-kind.js';
export type { PathKind } from './weblog/path-kind.js';
export {
  labelClients,
  probeKind,
  isRobotAgent,
  isSuspicious,
  resolveHeuristicLabelOptions,
  CLIENT_LABELS,
  DEFAULT_BURST_COUNT,
  DEFAULT_BURST_WINDOW,
  BURST_STATUSES,
} from './weblog/heuristic-labels.js';
export type {
  ClientLabel,
  ClientHeuristic,
  ProbeKind,
  HeuristicLabelOptions,
  ResolvedHeuristicLabelOptions,
} from './weblog/heuristic-labels.js';
export { CanaryPaths } from './weblog/canary.js';
export { WeblogDetector, maxTier } from './weblog/detector.js';
export { weblogToFiles } from './weblog/pipeline.js';
export type { WeblogSettings } from './weblog/pipeline.js';
export type { WeblogDetectorOptions, WeblogDetectorJSON, SessionScore } from './weblog/detector.js';
export {
  WeblogTransformer,
  DEFAULT_WEBLOG_SEQ_LEN,
  TOKENS_SHOWN,
  meanSurprisal,
  tierOf,
} from './weblog/transformer.js';
export type {
  WeblogTransformerOptions,
  WeblogTransformerJSON,
  WeblogTransformerTraining,
  TransformerTrainOptions,
  TransformerScoreBy,
} from './weblog/transformer.js';
export { splitSessionsByClient } from './weblog/split.js';
export type { SessionSplit } from './weblog/split.js';
export { clientRows, labelsCsv, writeWeblogReport } from './weblog/report.js';
export type { ClientRow, WrittenReport, ModelRun, WeblogModelName } from './weblog/report.js';
export { evaluateWeblog, rankLabelledClients } from './weblog/evaluate.js';
export type { WeblogEvaluation, RankingQuality, LabelledRanking } from './weblog/evaluate.js';
export { createRandom, shuffledIndices, DEFAULT_SEED } from './util/random.js';
export type { Random } from './util/random.js';
export { ZeekseqError } from './util/errors.js';
export { startRun, withRun, Run, REPRODUCES_ENV } from './track/run.js';
export type { StartRunOptions } from './track/run.js';
export { activeRun, setActiveRun } from './track/active-run.js';
export { resolveRunsDir, RUNS_DIR_ENV } from './track/runs-dir.js';
export { RUN_KINDS } from './track/run-record.js';
export type {
  RunRecord,
  RunKind,
  RunStatus,
  RunEnvironment,
  FileFingerprint,
  OutputRef,
  JsonValue,
} from './track/run-record.js';
export { readMetrics, finalMetrics } from './track/metrics-file.js';
export type { MetricPoint } from './track/metrics-file.js';
export { listRuns, loadRun, runDuration, ENDED_WITHOUT_FINISHING } from './track/read-runs.js';
export type { StoredRun } from './track/read-runs.js';
export { compareRuns } from './track/compare-runs.js';
export type { RunComparison, CompareRunsOptions } from './track/compare-runs.js';
export type { OutputComparison } from './track/compare-outputs.js';
export { exportRuns, runsCsv } from './track/export-runs.js';
export type { RunsTable } from './track/export-runs.js';
export { fingerprintInputs, checkInputs } from './track/fingerprint.js';
export type { InputChange } from './track/fingerprint.js';
export { reproduceRun, checkMetrics, defaultExecutor, InputsChangedError } from './track/reproduce.js';
export type { ReproduceOptions, ReproduceResult, MetricCheck, Executor, ExecuteCommand } from './track/reproduce.js';
export { loadExperimentConfig, experimentConfigSchema } from './pipeline/experiment-config.js';
export type { ExperimentConfig } from './pipeline/experiment-config.js';
export { startProgress } from './util/progress.js';
export { Vocabulary, PAD, UNK, CLS, SEP, MASK, OUTLIER, SPECIAL_TOKENS } from './sequence/vocabulary.js';
export type { VocabularyEntry, VocabularyJSON, VocabularySpec } from './sequence/vocabulary.js';
export { buildSequences, distinctRow, tokenCounts, DEFAULT_SEQ_LEN } from './sequence/sequences.js';
export type { SequenceSet, SequenceOptions, TokenEvents } from './sequence/sequences.js';
export {
  Tokenizer,
  cleanedFeatureMatrix,
  defaultMinSamples,
  DEFAULT_EPS,
  DEFAULT_METRIC,
} from './sequence/tokenizer.js';
export type { TokenizerOptions, TokenizerJSON, ClusterSettings, LogEvents, Tokenized } from './sequence/tokenizer.js';
export { averagePrecision, rocAuc, precisionAtK, classificationMetrics } from './detect/metrics.js';
export type { ClassificationMetrics, Confusion } from './detect/metrics.js';
export { findNotables, parseWindow, DEFAULT_WINDOW_SECONDS, DEFAULT_MIN_COUNT } from './detect/notables.js';
export type { Anomaly, Notable, NotableOptions, HostSide } from './detect/notables.js';
export { HostResolver, leasesFromDhcp } from './detect/host-identity.js';
export type { DhcpLease, HostIdentity } from './detect/host-identity.js';
export { Detector, prepareForModel, detectionTable } from './pipeline/detector.js';
export type { DetectOptions, TrainingRecord, ThresholdSplitScores } from './pipeline/detector.js';
export { resolveDetectorParams, DEFAULT_ACCEPTANCE_RATE } from './pipeline/detector-params.js';
export type { DetectorParams, DetectorParamsInput } from './pipeline/detector-params.js';
export { anomaliesOf, sequenceText, tokenDetail, eventRows } from './pipeline/detection.js';
export type { Detection } from './pipeline/detection.js';
export { trainModel } from './pipeline/train.js';
export type { TrainSettings } from './pipeline/train.js';
export { inferToFiles, detectionNotables } from './pipeline/infer.js';
export type { InferSettings, InferSummary } from './pipeline/infer.js';
export { notablesTable, notableSummary } from './pipeline/outputs.js';
export { OUTPUT_FORMATS } from './pipeline/output-format.js';
export type { OutputFormat } from './pipeline/output-format.js';
export { query } from './query/query.js';
export type { QueryOptions } from './query/query.js';
export { bootstrapThreshold, pointInterval } from './detect/threshold-bootstrap.js';
export type { BootstrapOptions, ThresholdInterval } from './detect/threshold-bootstrap.js';
export { labelsFromConn, labelsFromCsv, readLabels, alignLabels, LabelAligner } from './detect/labels.js';
export type { Labels, AlignedLabels } from './detect/labels.js';
export {
  scorerThreshold,
  anomaliesAbove,
  notableHosts,
  hostScores,
  hostRank,
  evaluateScores,
  evaluateFlagged,
} from './detect/evaluate.js';
export type { ConnectionTable, ScorerScores, LevelMetrics, Evaluation, FlaggedScores } from './detect/evaluate.js';
export {
  beaconScores,
  isMulticastOrBroadcast,
  DEFAULT_BEACON_MIN_CONNECTIONS,
  DEFAULT_SKEW_MIN_SPREAD,
} from './detect/beacon.js';
export type { BeaconInput, BeaconOptions, BeaconRow, BeaconResult } from './detect/beacon.js';
export { hostPriority, HOST_SIGNALS, DEFAULT_BEACON_CUT } from './detect/host-priority.js';
export type { HostPriorityInput, HostPriorityOptions, HostPriorityRow, HostSignal } from './detect/host-priority.js';
export {
  sweep,
  sweepData,
  DaySpan,
  DEFAULT_ACCEPTANCE_RATES,
  DEFAULT_WINDOWS,
  DEFAULT_MIN_COUNTS,
} from './detect/sweep.js';
export type { SweepOptions, SweepRow, SweepResult, HostNotables, SweepData } from './detect/sweep.js';
export { evaluationConnections, evaluationScorers } from './pipeline/scorers.js';
export type { EvaluationConnections } from './pipeline/scorers.js';
export { labelsFor, evaluateScorer, evaluatePipeline } from './pipeline/evaluation.js';
export type { LabelSource, EvaluationSettings, EvaluationRun } from './pipeline/evaluation.js';
export { evaluationTable, measureOutcome } from './pipeline/scorer-evaluation.js';
export type {
  WatchedRank,
  ScorerEvaluation,
  ScorerOutcome,
  OutcomeSettings,
} from './pipeline/scorer-evaluation.js';
export { sweepToFiles } from './pipeline/sweep.js';
export type { SweepSettings, SweepRun } from './pipeline/sweep.js';
export { writeSweepOutputs, sweepTable } from './pipeline/sweep-report.js';
export {
  readScoresChunks,
  summarizeScores,
  scoresAbove,
  scoreQuantiles,
  SCORES_CHUNK_ROWS,
} from './pipeline/read-scores.js';
export type { ScoresChunk, ReadScoresOptions, ScoresSummary } from './pipeline/read-scores.js';
export { evaluateScoresFile, SCORES_SCORER } from './pipeline/evaluate-scores.js';
export type { ScoresEvaluationSettings, ScoresEvaluationRun } from './pipeline/evaluate-scores.js';
export { sweepScoresFile } from './pipeline/sweep-scores.js';
export type { ScoresSweepSettings, ScoresSweepRun } from './pipeline/sweep-scores.js';
export { EventStream } from './util/events.js';
export type { ZeekseqEvent, EventListener } from './util/events.js';
export { renderSvg, renderPng } from './viz/render.js';
export { saveChart } from './viz/save-chart.js';
export type { SavedChart } from './viz/save-chart.js';
export { projectRows, clusterMapSpec, clusterMap, clusterColourScale } from './viz/cluster-map.js';
export type { ClusterMap } from './viz/cluster-map.js';
export type { ClusterMapOptions } from './viz/cluster-map.js';
export { CHART_CONFIG, VEGA_LITE_SCHEMA, TIER_SCALE } from './viz/chart-style.js';
export { histogram } from './viz/histogram.js';
export type { Bin, Histogram } from './viz/histogram.js';
export { vocabularyChart } from './viz/vocabulary-chart.js';
export { dbscanComparisonChart } from './viz/dbscan-comparison-chart.js';
export { trainingCurvesChart } from './viz/training-curves-chart.js';
export { scoreDistributionChart } from './viz/score-distribution-chart.js';
export type { ScoreDistributionInput } from './viz/score-distribution-chart.js';
export { sweepChart } from './viz/sweep-chart.js';
export type { SweepChartOptions } from './viz/sweep-chart.js';
export { hostCounts, hostCountsChart } from './viz/host-counts-chart.js';
export type { HostCount, HostKind } from './viz/host-counts-chart.js';
export { notableTimelineChart } from './viz/notable-timeline-chart.js';
export { connectionChart } from './viz/connection-chart.js';
export type { ConnectionExplanation } from './viz/connection-chart.js';
export { sessionScoreChart } from './viz/session-score-chart.js';
export { clientTierChart } from './viz/client-tier-chart.js';
export { renderReportHtml } from './report/html.js';
export { writeReport } from './report/write-report.js';
export type {
  ReportDocument,
  ReportSection,
  ReportBlock,
  ReportValue,
  ParagraphBlock,
  KeyValueBlock,
  TableBlock,
  ChartBlock,
  CodeBlock,
} from './report/document.js';
export {
  escapeControl,
  escapeLines,
  escapeHtml,
  isControlCharacter,
  safeJson,
  csvCell,
  csvLine,
  csvLineCells,
  csvText,
  toCsv,
} from './util/escape.js';
export type { CsvValue } from './util/escape.js';
export { runReport, defaultReportDir } from './report/run-report.js';
export type { RunReportOptions } from './report/run-report.js';
export { comparisonReport } from './report/comparison-report.js';
// detection quality (issue 16): graded outlier and direction words, hosts.csv, the option comparison
export { OUTLIER_WORDS, GRADED_BANDS } from './sequence/tokenizer.js';
export type { OutlierWords } from './sequence/tokenizer.js';
export { connDirections, DIRECTIONS, PRIVATE_NETWORKS } from './sequence/direction.js';
export type { Direction } from './sequence/direction.js';
export { addressMatcher } from './util/cidr.js';
export { writeHostsCsv, detectionHostPriority, hostsTable, beaconInputOf } from './pipeline/hosts-output.js';
export type { HostsOptions } from './pipeline/hosts-output.js';
export { compareOptions, qualityTable } from './pipeline/compare-options.js';
export { QUALITY_VARIANTS } from './pipeline/quality-variants.js';
export type { CompareOptionsSettings, QualityResult, QualityRow } from './pipeline/compare-options.js';
export { rankingOf, scorerPriority, priorityContext, beaconRanking } from './pipeline/host-ranking.js';
export type { HostRanking, BeaconRanking, PriorityContext, PrioritySettings } from './pipeline/host-ranking.js';
