import { describe, expect, it } from 'vitest';
import { renderReportHtml } from '../../src/report/html.js';
import { escapeHtml } from '../../src/report/escape-html.js';
import { PAYLOADS, withPayload } from '../support/chart-fixtures.js';
import { FIXTURE_CHARTS, fixtureReport } from '../support/report-fixtures.js';

const FORBIDDEN = new Set(['script', 'img', 'iframe', 'object', 'embed', 'link', 'image', 'foreignobject', 'use']);

describe('escapeHtml', () => {
  it('makes markup inert and shows control and bidi characters escaped', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
    expect(escapeHtml('a\u0000b\u202ec')).toBe('a\\x00b\\u202ec');
  });
});

describe('renderReportHtml', () => {
  it('renders every block: title, contents, key-value and data tables, inline charts, the command', async () => {
    const html = await renderReportHtml(fixtureReport());
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<title>Run 2026-01-07 transformer</title>');
    expect(html.match(/<section id="section-\d">/g)).toHaveLength(4);
    expect(html).toContain('<a href="#section-3">Detection</a>');
    expect(html.match(/<figure class="scroll"><svg /g)).toHaveLength(FIXTURE_CHARTS);
    expect(html).toContain('<tr><th>acceptance rate</th><td class="number">0.01</td></tr>');
    expect(html).toContain('<tr><th>keep conn-only</th><td>true</td></tr>');
    // 5 of the 8 notables, and the link to all of them
    expect(html).toContain('5 of 8 rows shown. Full table: <a href="notables.csv">notables.csv</a>');
    expect(html).toContain('<pre><code>npx zeekseq infer --data datasets/synthetic/day3 --model m</code></pre>');
    expect(html).toContain('<figcaption>dashed: kept epoch</figcaption>');
  });

  it('is self-contained: no script, no external request, a policy that forbids both', async () => {
    const html = await renderReportHtml(fixtureReport());
    expect(html).not.toMatch(/<script|<link|<img|<iframe|<object|@import|url\((?!#)/i);
    // the only absolute URLs are the SVG namespace names, which are never fetched
    const urls = [...html.matchAll(/https?:\/\/[^\s"')<]+/g)].map((m) => m[0]);
    expect(new Set(urls)).toEqual(new Set(['http://www.w3.org/2000/svg', 'http://www.w3.org/1999/xlink']));
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'`);
  });

  it('gives each chart its own SVG ids, so that gradients and clips do not cross charts', async () => {
    const html = await renderReportHtml(fixtureReport());
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.filter((id) => id.startsWith('chart')).length).toBeGreaterThan(2);
    expect(new Set(ids).size).toBe(ids.length);
    for (const [, id] of html.matchAll(/url\(#([^)]+)\)/g)) expect(ids).toContain(id);
    expect(html).toContain('fill="url(#chart7-0)"');
  });

  it('leaves no markup from data as markup: escaped in HTML, escaped by vega in SVG', async () => {
    const html = await renderReportHtml(fixtureReport(withPayload));
    for (const payload of PAYLOADS) expect(html).not.toContain(payload);
    // every tag is one the renderer or vega writes, and none has an event handler (quoted values set aside)
    const tags = [...html.matchAll(/<([a-zA-Z][\w-]*)([^>]*)>/g)];
    expect(tags.map((t) => t[1].toLowerCase()).filter((name) => FORBIDDEN.has(name))).toEqual([]);
    expect(tags.filter((t) => /\son\w+\s*=/i.test(t[2].replace(/"[^"]*"|'[^']*'/g, '""')))).toEqual([]);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&quot;&gt;&lt;svg onload=alert(1)&gt;');
    // control and bidi characters from data are shown, never emitted
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters is the point
    expect(html).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(html).toContain('\\x07\\u202e');
    expect(html.match(/<svg /g)).toHaveLength(FIXTURE_CHARTS);
  });

  it('keeps the line breaks of a code block and shows other control characters escaped', async () => {
    const html = await renderReportHtml({
      title: 't',
      sections: [{ title: 's', blocks: [{ kind: 'code', code: 'cd /x\nzeekseq report a\u0007<b>' }] }],
    });
    expect(html).toContain('<pre><code>cd /x\nzeekseq report a\\x07&lt;b&gt;</code></pre>');
  });

  it('refuses a CSV link that leaves the report folder by scheme or absolute path, and ragged rows', async () => {
    const table = (csv: string, rows = [[1]]) =>
      renderReportHtml({
        title: 't',
        sections: [{ title: 's', blocks: [{ kind: 'table', columns: ['a'], rows, csv }] }],
      });
    await expect(table('javascript:alert(1)')).rejects.toThrow(/not a relative path/);
    await expect(table('https://example.com/x.csv')).rejects.toThrow(/not a relative path/);
    await expect(table('/etc/passwd')).rejects.toThrow(/not a relative path/);
    await expect(table('x.csv', [[1, 2]])).rejects.toThrow(/row 1 .* has 2 cells for 1 columns/);
    await expect(table('runs/a b.csv')).resolves.toContain('<a href="runs/a b.csv">');
  });
});
