/**
 * A report as one self-contained HTML page: charts inline as SVG (rendered here with vega, not in the browser),
 * one inline <style>, no <script> and nothing fetched — no fonts, images or styles from anywhere — so it opens
 * from a file, from an archive or an e-mail, readable without JavaScript, and shows the same thing everywhere.
 * A Content-Security-Policy that forbids scripts and requests backs this up should anything slip through.
 * Every string from data is HTML-escaped (escapeHtml) with control characters shown escaped; vega escapes the
 * text it writes into the SVG.
 */
import { ZeekseqError } from '../util/errors.js';
import { renderSvg } from '../viz/render.js';
import { safeText } from '../viz/safe-text.js';
import type { ReportBlock, ReportDocument, ReportValue, TableBlock } from './document.js';
import { escapeHtml } from './escape-html.js';
import { formatCount } from '../util/format-count.js';

const STYLE = `
:root { color-scheme: light; }
body { font: 15px/1.5 "DejaVu Sans", Verdana, system-ui, sans-serif; color: #222; margin: 0 auto; padding: 1.5rem; max-width: 1200px; }
h1 { font-size: 1.6rem; margin: 0 0 .2rem; }
.subtitle { color: #555; margin: 0 0 1rem; }
h2 { font-size: 1.25rem; border-bottom: 1px solid #ddd; padding-bottom: .2rem; margin-top: 2rem; }
h3 { font-size: 1rem; margin: 1.2rem 0 .4rem; }
nav ol { margin: .4rem 0; padding-left: 1.4rem; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; font-size: .85rem; margin: .3rem 0; }
th, td { border: 1px solid #ddd; padding: .2rem .5rem; text-align: left; vertical-align: top; }
th { background: #f4f4f4; }
td.number { text-align: right; font-variant-numeric: tabular-nums; }
table.key-values th { width: 14rem; }
table.key-values td.number { text-align: left; }
table.key-values td, table.key-values th { overflow-wrap: anywhere; }
table.data td, table.data th { overflow-wrap: break-word; }
.note { color: #555; font-size: .85rem; margin: .2rem 0 .8rem; }
figure { margin: 1rem 0; }
figure svg { max-width: 100%; height: auto; }
figcaption { color: #555; font-size: .85rem; }
pre { background: #f6f6f6; border: 1px solid #ddd; padding: .6rem .8rem; overflow-x: auto; white-space: pre-wrap; word-break: break-all; }
`;

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

function formatValue(value: ReportValue): string {
  if (value === null) return '';
  if (typeof value === 'number') {
    if (Number.isInteger(value)) return formatCount(value);
    return Number.isFinite(value) ? String(Number(value.toPrecision(6))) : String(value);
  }
  return String(value);
}

function cell(tag: 'td' | 'th', value: ReportValue): string {
  const numeric = typeof value === 'number' ? ' class="number"' : '';
  return `<${tag}${numeric}>${escapeHtml(formatValue(value))}</${tag}>`;
}

/** A link target must stay beside the report: a relative path, no scheme (javascript:, https:) and no host. */
function relativeLink(target: string): string {
  if (/^\s*[a-z][a-z0-9+.-]*:/i.test(target) || /^\s*[\\/]/.test(target))
    throw new ZeekseqError(
      `report: the CSV link "${safeText(target)}" is not a relative path; give the file's path relative to the report folder (e.g. sweep.csv).`,
    );
  return escapeHtml(target);
}

function table(block: TableBlock): string {
  const limit = block.maxRows ?? 100;
  block.rows.forEach((row, i) => {
    if (row.length !== block.columns.length)
      throw new ZeekseqError(
        `report: row ${i + 1} of table "${block.title ?? ''}" has ${row.length} cells for ${block.columns.length} columns; give one value per column.`,
      );
  });
  const shown = block.rows.slice(0, limit);
  const head = `<tr>${block.columns.map((c) => cell('th', c)).join('')}</tr>`;
  const body = shown.map((row) => `<tr>${row.map((v) => cell('td', v)).join('')}</tr>`).join('\n');
  const notes: string[] = [];
  if (block.rows.length > shown.length) notes.push(`${shown.length} of ${block.rows.length} rows shown.`);
  if (block.csv) notes.push(`Full table: <a href="${relativeLink(block.csv)}">${escapeHtml(block.csv)}</a>`);
  return `<div class="scroll"><table class="data"><thead>${head}</thead><tbody>\n${body}\n</tbody></table></div>${
    notes.length > 0 ? `<p class="note">${notes.join(' ')}</p>` : ''
  }`;
}

/**
 * Ids in a chart's SVG (gradients, clips) renamed `<prefix><n>` in order of appearance: vega numbers them with a
 * counter that runs on across charts, so the same chart would get other ids after other charts, and on one page
 * two charts must not share an id (url(#id) would paint with the other chart's gradient).
 */
export function scopeIds(svg: string, prefix: string): string {
  const ids = new Map<string, string>();
  for (const [, id] of svg.matchAll(/\sid="([^"]+)"/g)) if (!ids.has(id)) ids.set(id, `${prefix}${ids.size}`);
  if (ids.size === 0) return svg;
  return svg.replace(/(\sid="|url\(#|href="#)([^")]+)/g, (match, lead: string, id: string) =>
    ids.has(id) ? `${lead}${ids.get(id)}` : match,
  );
}

async function block(b: ReportBlock, chartNumber: () => number): Promise<string> {
  const heading = 'title' in b && b.title ? `<h3>${escapeHtml(b.title)}</h3>\n` : '';
  switch (b.kind) {
    case 'paragraph':
      return `<p>${escapeHtml(b.text)}</p>`;
    case 'key-values':
      return `${heading}<div class="scroll"><table class="key-values"><tbody>\n${b.entries
        .map(([key, value]) => `<tr>${cell('th', key)}${cell('td', value)}</tr>`)
        .join('\n')}\n</tbody></table></div>`;
    case 'table':
      return `${heading}${table(b)}`;
    case 'chart': {
      const svg = scopeIds(await renderSvg(b.spec), `chart${chartNumber()}-`);
      const caption = b.caption ? `<figcaption>${escapeHtml(b.caption)}</figcaption>` : '';
      return `${heading}<figure class="scroll">${svg}${caption}</figure>`;
    }
    case 'code':
      // line breaks are the code's own: escaped line by line, so that only the characters within lines are shown as escapes
      return `${heading}<pre><code>${b.code.split('\n').map(escapeHtml).join('\n')}</code></pre>`;
  }
}

/** The document as one HTML page (see the module comment); charts are rendered in order, so the page is stable. */
export async function renderReportHtml(doc: ReportDocument): Promise<string> {
  let charts = 0;
  const next = () => ++charts;
  const sections: string[] = [];
  for (const [i, section] of doc.sections.entries()) {
    const parts: string[] = [];
    for (const b of section.blocks) parts.push(await block(b, next));
    sections.push(
      `<section id="section-${i + 1}">\n<h2>${escapeHtml(section.title)}</h2>\n${parts.join('\n')}\n</section>`,
    );
  }
  const nav =
    doc.sections.length > 1
      ? `<nav><ol>${doc.sections.map((s, i) => `<li><a href="#section-${i + 1}">${escapeHtml(s.title)}</a></li>`).join('')}</ol></nav>\n`
      : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(doc.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${escapeHtml(doc.title)}</h1>
${doc.subtitle ? `<p class="subtitle">${escapeHtml(doc.subtitle)}</p>\n` : ''}</header>
${nav}<main>
${sections.join('\n')}
</main>
</body>
</html>
`;
}
