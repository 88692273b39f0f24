/**
 * The top rows of a result CSV as a report table, linked to the whole file where it lies: a report shows enough
 * to judge a run and points at the rest rather than copying it.
 */
import path from 'node:path';
import type { TableBlock } from './document.js';
import { linkFrom, readCsvHead } from './run-files.js';
import { formatCount } from '../util/format-count.js';

/** Characters of a cell shown in a preview: a 100,000-character URI would otherwise be the page. */
const CELL_CHARS = 200;

const clip = (cell: string) =>
  cell.length > CELL_CHARS ? `${cell.slice(0, CELL_CHARS)}… (${formatCount(cell.length)} characters)` : cell;

/** The first `maxRows` rows of `file` (all its columns, long cells cut), titled with its name and linked from `reportDir`. */
export async function csvPreview(file: string, reportDir: string, maxRows = 10): Promise<TableBlock> {
  const head = await readCsvHead(file, maxRows);
  return {
    kind: 'table',
    title: head.more ? `${path.basename(file)} (top ${head.rows.length} rows)` : path.basename(file),
    columns: head.columns.length > 0 ? head.columns : ['(empty file)'],
    rows: head.columns.length > 0 ? head.rows.map((row) => row.map(clip)) : [],
    csv: linkFrom(reportDir, file),
  };
}
