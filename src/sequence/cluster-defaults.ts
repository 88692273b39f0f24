/** The Tokenizer's default DBSCAN settings, apart from tokenizer.ts so that the CLI's help reads them without loading it. */
import type { MetricName } from '../distance/metric.js';

export const DEFAULT_EPS = 0.05;
export const DEFAULT_METRIC: MetricName = 'gower';

export const OUTLIER_WORDS = ['single', 'graded'] as const;
export type OutlierWords = (typeof OUTLIER_WORDS)[number];
/** Upper edges of the graded outlier bands in multiples of eps: near, mid; beyond the last is far. */
export const GRADED_BANDS = [2, 4] as const;
