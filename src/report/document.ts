/**
 * What a report says, independent of how it is drawn: a title, sections, and in each section paragraphs,
 * key-value tables (parameters, environment, input fingerprints), data tables (with a link to the full CSV),
 * charts (Vega-Lite specs) and code blocks (the command that reproduces a run). Whoever assembles a report
 * (from experiment runs, a sweep, a training) builds one of these; src/report/html.ts renders it.
 */
import type { TopLevelSpec } from 'vega-lite';

export type ReportValue = string | number | boolean | null;

export interface ParagraphBlock {
  kind: 'paragraph';
  text: string;
}

export interface KeyValueBlock {
  kind: 'key-values';
  title?: string;
  entries: ReadonlyArray<readonly [string, ReportValue]>;
}

export interface TableBlock {
  kind: 'table';
  title?: string;
  columns: readonly string[];
  rows: ReadonlyArray<readonly ReportValue[]>;
  /** Relative path of the full table as CSV (beside the report), linked under the table. */
  csv?: string;
  /** Rows shown at most (default 100); the rest are counted and left to the CSV. */
  maxRows?: number;
}

export interface ChartBlock {
  kind: 'chart';
  title?: string;
  spec: TopLevelSpec;
  caption?: string;
}

export interface CodeBlock {
  kind: 'code';
  title?: string;
  code: string;
}

export type ReportBlock = ParagraphBlock | KeyValueBlock | TableBlock | ChartBlock | CodeBlock;

export interface ReportSection {
  title: string;
  blocks: readonly ReportBlock[];
}

export interface ReportDocument {
  title: string;
  subtitle?: string;
  sections: readonly ReportSection[];
}
