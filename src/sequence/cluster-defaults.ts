/** The Tokenizer's default DBSCAN settings, apart from tokenizer.ts so that the CLI's help reads them without loading it. */
import type { MetricName } from '../distance/metric.js';

export const DEFAULT_EPS = 0.05;
export const DEFAULT_METRIC: MetricName = 'gower';
