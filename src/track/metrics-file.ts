/**
 * metrics.jsonl: one JSON object per line, `{ name, value, step, time }`, appended as the work reports numbers so
 * a run killed mid-work keeps what it had logged.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const METRICS_FILE = 'metrics.jsonl';

export interface MetricPoint {
  name: string;
  /** null where the value was not a finite number (JSON has no NaN or Infinity). */
  value: number | null;
  /** Orders repeated values of one metric (e.g. the epoch); null when the work gave none. */
  step: number | null;
  /** ISO time it was logged. */
  time: string;
}

export function metricLine(point: MetricPoint): string {
  return `${JSON.stringify(point)}\n`;
}

/** Every point logged in the run folder `dir`, in the order logged. */
export function readMetrics(dir: string): MetricPoint[] {
  let text: string;
  try {
    text = readFileSync(path.join(dir, METRICS_FILE), 'utf8');
  } catch {
    return [];
  }
  const points: MetricPoint[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      points.push(JSON.parse(line) as MetricPoint);
    } catch {
      // Only a process killed mid-append leaves a partial line, and only as the last one.
    }
  }
  return points;
}

/** Each metric's last value, by name. */
export function finalMetrics(points: readonly MetricPoint[]): Record<string, number | null> {
  const final: Record<string, number | null> = {};
  for (const point of points) final[point.name] = point.value;
  return final;
}
