/**
 * Categorical features: the k most frequent values of a column in the training rows (ties broken by
 * name, so fitting is deterministic); every other value, including values first seen after fitting,
 * becomes "other". Output either as the category name (one string column, for Gower distances) or
 * one-hot (a 0/1 column per category, sorted by name as scikit-learn's OneHotEncoder does). One-hot has
 * an `<name>_other` column only when training saw more than k values; without it, a value unseen in
 * training is all zeros, as OneHotEncoder(handle_unknown="ignore") gives. Unset stays null (missing);
 * in one-hot it is all zeros. Numbers are named by their decimal text, sets/vectors by their elements
 * joined with commas (as Zeek writes them).
 */
import { ZeekseqError } from '../util/errors.js';
import { describeValue, isUnset } from './cells.js';

/** The label of values outside the fitted categories. */
export const OTHER = 'other';

export type Encoding = 'label' | 'one-hot';

/** The learned categories of one feature. */
export interface CategoryState {
  /** Fitted categories, sorted by name. */
  categories: string[];
  /** Whether training saw values beyond the top k (then one-hot has an `_other` column). */
  other: boolean;
}

/** A cell as category text, or null when unset. */
export function categoryText(value: unknown): string | null {
  if (isUnset(value)) return null;
  if (Array.isArray(value)) return value.map((v) => categoryText(v) ?? '-').join(',');
  if (typeof value === 'boolean') return value ? 'T' : 'F';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint') return String(value);
  throw new ZeekseqError(
    `a categorical feature cannot name the value ${describeValue(value)}; clean the column before fitting.`,
  );
}

/** The top-k categories of the training cells; `topK` null keeps every value. */
export function fitCategories(cells: ArrayLike<unknown>, topK: number | null): CategoryState {
  const counts = new Map<string, number>();
  for (let i = 0; i < cells.length; i++) {
    const text = categoryText(cells[i]);
    if (text !== null) counts.set(text, (counts.get(text) ?? 0) + 1);
  }
  const ranked = [...counts].sort((a, b) => b[1] - a[1] || compareText(a[0], b[0]));
  const kept = topK === null ? ranked : ranked.slice(0, topK);
  return { categories: kept.map(([text]) => text).sort(compareText), other: kept.length < ranked.length };
}

/** Plain string order (UTF-16 code units), which is numpy's order for the text in Zeek logs. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Category names of the cells: fitted categories kept, other values as OTHER, unset as null. */
export function labelCategories(cells: ArrayLike<unknown>, state: CategoryState): (string | null)[] {
  const known = new Set(state.categories);
  const out: (string | null)[] = new Array(cells.length);
  for (let i = 0; i < cells.length; i++) {
    const text = categoryText(cells[i]);
    out[i] = text === null ? null : known.has(text) ? text : OTHER;
  }
  return out;
}

/** The one-hot column names of a fitted feature. */
export function oneHotNames(name: string, state: CategoryState): string[] {
  const names = state.categories.map((c) => `${name}_${c}`);
  if (hasExtraOther(state)) names.push(`${name}_${OTHER}`);
  return names;
}

/** A value literally named "other" is the other column itself: unseen values join it. */
function hasExtraOther(state: CategoryState): boolean {
  return state.other && !state.categories.includes(OTHER);
}

/** One 0/1 column per fitted category (and `other` when fitted with one); see oneHotNames for the order. */
export function oneHotCategories(cells: ArrayLike<unknown>, state: CategoryState): Float64Array[] {
  const index = new Map(state.categories.map((c, i) => [c, i]));
  const width = state.categories.length + (hasExtraOther(state) ? 1 : 0);
  const otherAt = hasExtraOther(state) ? width - 1 : state.categories.indexOf(OTHER);
  const columns = Array.from({ length: width }, () => new Float64Array(cells.length));
  for (let i = 0; i < cells.length; i++) {
    const text = categoryText(cells[i]);
    if (text === null) continue;
    const at = index.get(text) ?? otherAt;
    if (at >= 0) columns[at][i] = 1;
  }
  return columns;
}
