/**
 * Saves a chart the three ways its readers want it: the Vega-Lite spec (`.vl.json`, to open in an editor or
 * re-render), an SVG (for HTML reports) and a PNG (for README files, issues and notebooks).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { safeJson } from '../util/escape.js';
import path from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { renderPng, renderSvg } from './render.js';

export interface SavedChart {
  spec: string;
  svg: string;
  png: string;
}

/** Writes `<base>.vl.json`, `<base>.svg` and `<base>.png`; `base` is a path without extension. */
export async function saveChart(spec: TopLevelSpec, base: string): Promise<SavedChart> {
  await mkdir(path.dirname(base), { recursive: true });
  const files = { spec: `${base}.vl.json`, svg: `${base}.svg`, png: `${base}.png` };
  const [svg, png] = await Promise.all([renderSvg(spec), renderPng(spec)]);
  await Promise.all([
    writeFile(files.spec, `${safeJson(spec, 2)}\n`),
    writeFile(files.svg, svg),
    writeFile(files.png, png),
  ]);
  return files;
}
