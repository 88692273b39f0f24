/**
 * Writes a report where its reader expects it: DIR/index.html, and nothing outside DIR (files a report links to,
 * such as its CSV tables, are its assembler's to write beside it).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ReportDocument } from './document.js';
import { renderReportHtml } from './html.js';

/** Renders `doc` to `dir`/index.html (creating `dir`) and returns that file's path. */
export async function writeReport(doc: ReportDocument, dir: string): Promise<string> {
  const html = await renderReportHtml(doc);
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, 'index.html');
  await writeFile(file, html);
  return file;
}
