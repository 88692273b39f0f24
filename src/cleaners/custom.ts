/**
 * The escape hatch: a feature computed by code, for what the declarative kit cannot say. The code is
 * registered under an id; a cleaner saves only that id (and the state the code learned), and
 * Cleaner.fromJSON re-attaches the code by id, so the module defining it must be imported first.
 */
import type { ColumnTable } from 'arquero';
import { ZeekseqError } from '../util/errors.js';
import type { FeatureKind } from './features.js';

export interface CustomFeatureCode {
  /** Registry id, saved in a cleaner's JSON. */
  id: string;
  kind: FeatureKind;
  /** Log columns the code reads; a site lacking one drops the feature with a warning. */
  source: readonly string[];
  /** Learns from training rows; the result is saved with the cleaner, so it must survive JSON.stringify. */
  fit?(table: ColumnTable): unknown;
  /**
   * One raw value per row, in the table's row order: numbers (min-max scaled afterwards, NaN missing)
   * for numeric, 0/1 or booleans for boolean, strings (null missing) for categorical.
   */
  transform(table: ColumnTable, state: unknown): ArrayLike<unknown>;
}

const codes = new Map<string, CustomFeatureCode>();

/** Registers (or replaces) custom feature code under its id. */
export function registerCustomFeature(code: CustomFeatureCode): void {
  if (typeof code.id !== 'string' || code.id === '') {
    throw new ZeekseqError(
      'registerCustomFeature: the code needs a non-empty id, under which cleaners save and reload it.',
    );
  }
  if (!['numeric', 'boolean', 'categorical'].includes(code.kind)) {
    throw new ZeekseqError(
      `custom feature code ${code.id}: kind must be numeric, boolean or categorical, got ${JSON.stringify(code.kind)}.`,
    );
  }
  if (!Array.isArray(code.source) || code.source.some((c) => typeof c !== 'string' || c === '')) {
    throw new ZeekseqError(
      `custom feature code ${code.id}: source must list the log columns it reads (non-empty names).`,
    );
  }
  if (typeof code.transform !== 'function') {
    throw new ZeekseqError(`custom feature code ${code.id}: transform(table, state) is required.`);
  }
  codes.set(code.id, code);
}

/** The registered code of an id; a clear error names the feature that needs it when it is missing. */
export function customFeatureCode(id: string, where: string): CustomFeatureCode {
  const code = codes.get(id);
  if (!code) {
    const known = [...codes.keys()].sort().join(', ') || 'none';
    throw new ZeekseqError(
      `${where} uses custom feature code ${JSON.stringify(id)}, which is not registered (registered: ${known}); ` +
        `import the module that calls registerCustomFeature for it before building or loading the cleaner.`,
    );
  }
  return code;
}
