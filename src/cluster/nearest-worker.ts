/**
 * A nearest-core search helper (nearest-threads.ts): holds the indexes it is sent, by id, and searches the blocks
 * of a job it can take until none are left.
 */
import { parentPort } from 'node:worker_threads';
import { buildNearestIndex, type CoreSamples, type NearestIndex } from './nearest-core.js';
import { type SearchJob, searchBlocks } from './nearest-threads.js';

type Message =
  | { type: 'index'; id: number; samples: CoreSamples }
  | { type: 'drop'; id: number }
  | { type: 'search'; id: number; job: SearchJob };

const indexes = new Map<number, NearestIndex>();
parentPort!.on('message', (message: Message) => {
  if (message.type === 'index') indexes.set(message.id, buildNearestIndex(message.samples));
  else if (message.type === 'drop') indexes.delete(message.id);
  else {
    const index = indexes.get(message.id);
    if (index) searchBlocks(index, message.job);
  }
});
