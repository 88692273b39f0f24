/**
 * Renders Vega-Lite chart specs to SVG and PNG in Node, offline: vega-lite compiles the spec, vega's headless
 * View draws SVG, and resvg rasterises it. vega and vega-lite are ES modules with top-level await, so they are
 * loaded here with dynamic import (a real module file) rather than from notebook cell code.
 */
import type { TopLevelSpec } from 'vega-lite';

/** Compiles a Vega-Lite spec and draws it as an SVG string. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
  const compiled = vegaLite.compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Draws a Vega-Lite spec as a PNG image (`scale` 2 gives crisp charts in reports). */
export async function renderPng(spec: TopLevelSpec, scale = 2): Promise<Buffer> {
  const svg = await renderSvg(spec);
  const { Resvg } = await import('@resvg/resvg-js');
  const image = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  });
  return image.render().asPng();
}
