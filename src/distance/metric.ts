/**
 * The distance metrics zeekseq clusters with. Euclidean and Manhattan take numbers only (boolean
 * columns count as 0/1); Gower also takes categorical columns and missing values.
 */
import { ZeekseqError } from '../util/errors.js';

export const METRICS = ['euclidean', 'manhattan', 'gower'] as const;

export type MetricName = (typeof METRICS)[number];

/** `name` as a MetricName, or a clear error listing the metrics there are. */
export function checkMetric(name: unknown): MetricName {
  if (typeof name === 'string' && (METRICS as readonly string[]).includes(name)) return name as MetricName;
  throw new ZeekseqError(
    `unknown distance metric ${JSON.stringify(name)}: use one of ${METRICS.join(', ')} ` +
      `(gower for rows with categorical columns or missing values)`,
  );
}
