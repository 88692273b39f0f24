import { inferStreamToFiles } from '/work/main/src/pipeline/infer-stream.js';
import { mkdtempSync } from 'node:fs';
const budget = Number(process.argv[2] ?? 200000);
const hours = process.argv[3];
let peak = { rss: 0, heap: 0, ext: 0, ab: 0 };
const t = setInterval(() => {
  const m = process.memoryUsage();
  const mb = (x: number) => Math.round(x / 1048576);
  if (m.rss > peak.rss) peak = { rss: m.rss, heap: m.heapUsed, ext: m.external, ab: m.arrayBuffers };
  console.error(`rss ${mb(m.rss)} heapUsed ${mb(m.heapUsed)} heapTotal ${mb(m.heapTotal)} external ${mb(m.external)} arrayBuffers ${mb(m.arrayBuffers)}`);
}, 3000);
const start = performance.now();
const r = await inferStreamToFiles({ data: hours ?? '/work/main/datasets/bench-5000000-rotated', model: '/work/main/datasets/bench-stream-model/transformer', output: mkdtempSync('/tmp/diagmem-'), all: true, rowBudget: budget });
clearInterval(t);
console.error('done', r.connections, ((performance.now() - start) / 1000).toFixed(1), 's', 'peak', JSON.stringify(Object.fromEntries(Object.entries(peak).map(([k, v]) => [k, Math.round(v / 1048576)]))), 'maxRSS', Math.round(process.resourceUsage().maxRSS / 1024));
