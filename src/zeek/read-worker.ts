/**
 * A read worker: parses the units the main thread posts (see read-unit.ts) and posts each result back, its
 * columns' buffers transferred.
 */
import { parentPort } from 'node:worker_threads';
import { type ReadUnit, encodeResult, parseUnit } from './read-unit.js';

const port = parentPort!;
port.postMessage({ ready: true });
port.on('message', (unit: ReadUnit) => {
  parseUnit(unit).then(
    (result) => {
      const { message, transfer } = encodeResult(result);
      port.postMessage({ ok: true, result: message }, transfer);
    },
    (error: unknown) =>
      port.postMessage({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});
