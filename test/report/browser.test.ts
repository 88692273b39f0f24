/**
 * The rendered report as its readers see it: opened from a file in headless Chromium, every chart must have
 * drawn, nothing may be requested beyond the page itself, nothing may log an error, and markup carried by the
 * data (host names, URIs, user agents) must stay text — no element, no event handler, no dialog. Skips with a
 * message where Chromium is not installed (scripts/install-chromium.sh installs it).
 */
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReport } from '../../src/report/write-report.js';
import { chromiumPresent, launchChromium, openReport } from '../support/browser-page.js';
import { PAYLOADS, withPayload } from '../support/chart-fixtures.js';
import { FIXTURE_CHARTS, fixtureReport } from '../support/report-fixtures.js';
import { projectRoot } from '../support/shared.js';

const present = chromiumPresent();

describe.skipIf(!present)('the HTML report in Chromium', () => {
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    browser = await launchChromium();
    dir = await mkdtemp(path.join(tmpdir(), 'zeekseq-browser-'));
  });

  afterAll(async () => {
    await browser?.close();
  });

  const open = (file: string, screenshot?: string) => openReport(browser, file, screenshot);

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
