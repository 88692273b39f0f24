/**
 * The declarative feature kit. A feature has a name, the kind of value it yields, the log columns it
 * reads and a `why`: the sentence an analyst would give for looking at it. Four ways to compute one:
 * a numeric expression (min-max scaled), a boolean predicate, a top-k categorical, or custom code.
 * Definitions are plain data, so a cleaner saves them with what it learned.
 */
import { ZeekseqError } from '../util/errors.js';
import type { Encoding } from './categorical.js';
import { customFeatureCode, registerCustomFeature, type CustomFeatureCode } from './custom.js';
import { exprColumns, validateExpr, type NumericExpr } from './numeric.js';
import { predicateColumns, validatePredicate, type Predicate } from './predicates.js';

export type FeatureKind = 'numeric' | 'boolean' | 'categorical';

interface FeatureBase {
  name: string;
  /** Why an analyst looks at this: one sentence. */
  why: string;
}

export interface NumericFeature extends FeatureBase {
  type: 'numeric';
  value: NumericExpr;
}

export interface BooleanFeature extends FeatureBase {
  type: 'boolean';
  test: Predicate;
}

export interface CategoricalFeature extends FeatureBase {
  type: 'categorical';
  column: string;
  /** How many of the most frequent values to keep; null keeps them all. */
  topK: number | null;
  encoding: Encoding;
}

export interface CustomFeature extends FeatureBase {
  type: 'custom';
  /** Id of the registered code. */
  code: string;
}

export type FeatureDef = NumericFeature | BooleanFeature | CategoricalFeature | CustomFeature;

/** A min-max scaled number in [0, 1]. */
export function numericFeature(spec: { name: string; value: NumericExpr; why: string }): NumericFeature {
  return { type: 'numeric', name: spec.name, why: spec.why, value: spec.value };
}

/** 0/1 from a predicate on the row. */
export function booleanFeature(spec: { name: string; test: Predicate; why: string }): BooleanFeature {
  return { type: 'boolean', name: spec.name, why: spec.why, test: spec.test };
}

/** The top-k values of a column plus "other"; label-encoded unless `encoding: 'one-hot'`. */
export function categoricalFeature(spec: {
  name: string;
  column: string;
  topK?: number | null;
  encoding?: Encoding;
  why: string;
}): CategoricalFeature {
  return {
    type: 'categorical',
    name: spec.name,
    why: spec.why,
    column: spec.column,
    topK: spec.topK === undefined ? null : spec.topK,
    encoding: spec.encoding ?? 'label',
  };
}

/** A feature computed by code; the code is registered so that a saved cleaner can re-attach it. */
export function customFeature(spec: { name: string; code: CustomFeatureCode; why: string }): CustomFeature {
  registerCustomFeature(spec.code);
  return { type: 'custom', name: spec.name, why: spec.why, code: spec.code.id };
}

/** The kind of value a feature yields (one-hot columns are each boolean). */
export function featureKind(def: FeatureDef, where: string): FeatureKind {
  return def.type === 'custom' ? customFeatureCode(def.code, where).kind : def.type;
}

/** The log columns a feature reads. */
export function featureSource(def: FeatureDef, where: string): string[] {
  switch (def.type) {
    case 'numeric':
      return exprColumns(def.value);
    case 'boolean':
      return predicateColumns(def.test);
    case 'categorical':
      return [def.column];
    case 'custom':
      return [...customFeatureCode(def.code, where).source];
  }
}

/** Checks a definition (built by hand or read from JSON); `where` names the cleaner for messages. */
export function validateFeature(def: FeatureDef, where: string): void {
  if (def === null || typeof def !== 'object')
    throw new ZeekseqError(`${where}: a feature definition must be an object.`);
  const at = `${where} feature ${typeof def.name === 'string' ? def.name : '?'}`;
  if (typeof def.name !== 'string' || !/^[A-Za-z0-9_.:-]+$/.test(def.name)) {
    throw new ZeekseqError(`${at}: the name must be letters, digits and _ . : - (it becomes a column name).`);
  }
  if (def.name === 'ts' || def.name === 'uid')
    throw new ZeekseqError(`${at}: ts and uid are reserved for the row keys; rename the feature.`);
  if (typeof def.why !== 'string' || def.why.trim() === '') {
    throw new ZeekseqError(`${at}: give a why, the sentence an analyst would use to defend the feature.`);
  }
  switch (def.type) {
    case 'numeric':
      validateExpr(def.value, at);
      return;
    case 'boolean':
      validatePredicate(def.test, at);
      return;
    case 'categorical':
      if (typeof def.column !== 'string' || def.column === '')
        throw new ZeekseqError(`${at}: a categorical feature needs a column.`);
      if (def.topK !== null && !(Number.isInteger(def.topK) && def.topK >= 1)) {
        throw new ZeekseqError(
          `${at}: topK must be a whole number >= 1 (or null to keep every value), got ${JSON.stringify(def.topK)}.`,
        );
      }
      if (def.encoding !== 'label' && def.encoding !== 'one-hot') {
        throw new ZeekseqError(`${at}: encoding must be 'label' or 'one-hot', got ${JSON.stringify(def.encoding)}.`);
      }
      return;
    case 'custom':
      customFeatureCode(def.code, at);
      return;
    default:
      throw new ZeekseqError(
        `${at}: unknown feature type ${JSON.stringify((def as { type: unknown }).type)}; use numeric, boolean, categorical or custom.`,
      );
  }
}
