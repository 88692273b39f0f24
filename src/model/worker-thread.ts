/**
 * Starting the model's worker threads (scoring and training), each with its own tfjs instance. Built, a worker
 * runs the .js file next to this one; from the TypeScript sources (tests, tsx scripts) it is the .ts file, which a
 * worker can only load after registering tsx's loader in that worker itself.
 */
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export function startModelWorker(entry: 'score-worker' | 'train-worker', workerData: unknown): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL(`./${entry}.js`, import.meta.url), { workerData });
  const require = createRequire(import.meta.url);
  const tsxApi = pathToFileURL(
    path.join(path.dirname(require.resolve('tsx/package.json')), 'dist/esm/api/index.mjs'),
  ).href;
  const source = new URL(`./${entry}.ts`, import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); });`;
  return new Worker(bootstrap, { eval: true, workerData });
}
