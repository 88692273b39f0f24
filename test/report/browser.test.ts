/**
 * The rendered report as its readers see it: opened from a file in headless Chromium, every chart must have
 * drawn, nothing may be requested beyond the page itself, nothing may log an error, and markup carried by the
 * data (host names, URIs, user agents) must stay text — no element, no event handler, no dialog. Skips with a
 * message where Chromium is not installed (scripts/install-chromium.sh installs it).
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReport } from '../../src/report/write-report.js';
import { PAYLOADS, withPayload } from '../support/chart-fixtures.js';
import { FIXTURE_CHARTS, fixtureReport } from '../support/report-fixtures.js';
import { projectRoot } from '../support/shared.js';

const CHROMIUM = '/usr/bin/chromium';
const present = existsSync(CHROMIUM);
if (!present)
  console.warn(
    `skipping the browser tests: ${CHROMIUM} is absent; install it with \`apt-get install chromium\` (bash scripts/install-chromium.sh).`,
  );

/** The page's DOM as far as the checks use it: the project compiles without the DOM library. */
interface PageElement {
  tagName: string;
  outerHTML: string;
  attributes: ArrayLike<{ name: string }> & Iterable<{ name: string }>;
  querySelectorAll(selector: string): ArrayLike<PageElement> & Iterable<PageElement>;
  getBoundingClientRect(): { width: number };
}
declare const document: { querySelectorAll(selector: string): Iterable<PageElement>; body: { textContent: string } };

interface PageCheck {
  requests: string[];
  errors: string[];
  dialogs: string[];
  charts: Array<{ marks: number; width: number }>;
  forbidden: string[];
  handlers: string[];
  text: string;
}

describe.skipIf(!present)('the HTML report in Chromium', () => {
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    });
    dir = await mkdtemp(path.join(tmpdir(), 'zeekseq-browser-'));
  });

  afterAll(async () => {
    await browser?.close();
  });

  /** Opens the report, lets only its own file through, and collects what the page did and holds. */
  async function open(file: string, screenshot?: string): Promise<PageCheck> {
    const url = pathToFileURL(file).href;
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const check: PageCheck = {
      requests: [],
      errors: [],
      dialogs: [],
      charts: [],
      forbidden: [],
      handlers: [],
      text: '',
    };
    page.on('request', (request) => check.requests.push(request.url()));
    page.on('console', (message) => message.type() === 'error' && check.errors.push(message.text()));
    page.on('pageerror', (error) => check.errors.push(error.message));
    page.on('dialog', async (dialog) => {
      check.dialogs.push(dialog.message());
      await dialog.dismiss();
    });
    await page.route('**/*', (route) => (route.request().url() === url ? route.continue() : route.abort()));
    await page.goto(url, { waitUntil: 'load' });
    const found = await page.evaluate(() => ({
      charts: [...document.querySelectorAll('figure > svg')].map((svg) => ({
        // vega's mark groups hold the data marks: bars and cells are paths, rules lines, labels text
        marks: svg.querySelectorAll('.role-mark path, .role-mark line, .role-mark text').length,
        width: svg.getBoundingClientRect().width,
      })),
      forbidden: [
        ...document.querySelectorAll('img, script, iframe, object, embed, link, foreignObject, svg[onload]'),
      ].map((e) => e.outerHTML.slice(0, 80)),
      handlers: [...document.querySelectorAll('*')].flatMap((e) =>
        [...e.attributes].filter((a) => a.name.toLowerCase().startsWith('on')).map((a) => `${e.tagName} ${a.name}`),
      ),
      text: document.body.textContent,
    }));
    if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
    await page.close();
    return { ...check, ...found };
  }

  it('draws every chart, requests nothing beyond the page and logs no error', async () => {
    const file = await writeReport(fixtureReport(), path.join(dir, 'plain'));
    await mkdir(path.join(projectRoot, 'reports'), { recursive: true });
    const check = await open(file, path.join(projectRoot, 'reports', 'browser-check.png'));
    expect(check.requests).toEqual([pathToFileURL(file).href]);
    expect(check.errors).toEqual([]);
    expect(check.charts).toHaveLength(FIXTURE_CHARTS);
    for (const chart of check.charts) {
      expect(chart.marks).toBeGreaterThan(3);
      expect(chart.width).toBeGreaterThan(200);
    }
    expect(check.text).toContain('5 of 8 rows shown.');
  });

  it('shows markup from the data as text and never runs it', async () => {
    const file = await writeReport(fixtureReport(withPayload), path.join(dir, 'payload'));
    const check = await open(file, path.join(projectRoot, 'reports', 'browser-check-payloads.png'));
    expect(check.forbidden).toEqual([]);
    expect(check.handlers).toEqual([]);
    expect(check.dialogs).toEqual([]);
    expect(check.errors).toEqual([]);
    expect(check.requests).toEqual([pathToFileURL(file).href]);
    expect(check.charts).toHaveLength(FIXTURE_CHARTS);
    for (const payload of PAYLOADS) expect(check.text).toContain(payload);
    expect(check.text).toContain('\\x07\\u202e');
  });
});
