/** The Prefaulter's helper (see prefault.ts): touches the pages of each buffer it is sent. */
import { parentPort } from 'node:worker_threads';
import { touchPages } from './prefault.js';

parentPort!.on('message', ({ buffer, from }: { buffer: SharedArrayBuffer; from: number }) => touchPages(buffer, from));
