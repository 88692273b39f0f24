/**
 * A report as its readers see it: opened from its file in headless Chromium with every other request blocked,
 * what the page did (requests, console errors, dialogs) and holds (charts and their marks, elements and event
 * handlers that must never come from data, its text). Chromium is Debian's (scripts/install-chromium.sh).
 */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** Whether Chromium is installed; when not, says how to install it (the browser tests then skip). */
export function chromiumPresent(): boolean {
  const present = existsSync(CHROMIUM);
  if (!present)
    console.warn(
      `skipping the browser tests: ${CHROMIUM} is absent; install it with \`apt-get install chromium\` (bash scripts/install-chromium.sh).`,
    );
  return present;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
}

/** The page's DOM as far as the checks use it: the project compiles without the DOM library. */
interface PageElement {
  tagName: string;
  outerHTML: string;
  attributes: ArrayLike<{ name: string }> & Iterable<{ name: string }>;
  querySelectorAll(selector: string): ArrayLike<PageElement> & Iterable<PageElement>;
  getBoundingClientRect(): { width: number };
}
declare const document: { querySelectorAll(selector: string): Iterable<PageElement>; body: { textContent: string } };

export interface PageCheck {
  /** Every request the page made; only its own file when it is self-contained. */
  requests: string[];
  errors: string[];
  dialogs: string[];
  /** Per chart: its data marks (vega's mark groups: bars and cells are paths, rules lines, labels text). */
  charts: Array<{ marks: number; width: number }>;
  /** Elements that would load or run something; none may be on a report page. */
  forbidden: string[];
  /** Event handler attributes, as `TAG onsomething`. */
  handlers: string[];
  text: string;
}

/** Opens the report `file`, lets only that file through, and collects what the page did and holds. */
export async function openReport(browser: Browser, file: string, screenshot?: string): Promise<PageCheck> {
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
