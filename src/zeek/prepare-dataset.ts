/**
 * The standard preparation of a dataset before training, as the original project did it: each
 * connection once, connections that only conn mentions dropped (unless asked to keep them), and
 * every log in time order so sequences read in the order things happened.
 */
import type { ZeekDataset } from './dataset.js';
import { removeConnOnly } from './remove-conn-only.js';
import { removeDuplicateUids } from './remove-duplicate-uids.js';
import { sortByTs } from './sort-by-ts.js';

export interface PrepareOptions {
  /** Keep connections that appear only in conn. Default false: they are removed, as the original did. */
  keepConnOnly?: boolean;
}

/** Duplicate conn uids removed (first kept), conn-only connections removed unless keepConnOnly, logs sorted by ts. */
export function prepareDataset(dataset: ZeekDataset, options: PrepareOptions = {}): ZeekDataset {
  const unique = removeDuplicateUids(dataset);
  return sortByTs(options.keepConnOnly ? unique : removeConnOnly(unique));
}
