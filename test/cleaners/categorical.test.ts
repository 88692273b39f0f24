import { describe, expect, it } from 'vitest';
import {
  categoryText,
  fitCategories,
  labelCategories,
  oneHotCategories,
  oneHotNames,
  OTHER,
} from '../../src/cleaners/categorical.js';

describe('categorical features', () => {
  it('keeps the k most frequent values, ties broken by name, and notes that others exist', () => {
    const cells = ['b', 'a', 'c', 'b', 'c', 'd', null];
    expect(fitCategories(cells, 2)).toEqual({ categories: ['b', 'c'], other: true });
    expect(fitCategories(cells, null)).toEqual({ categories: ['a', 'b', 'c', 'd'], other: false });
    expect(fitCategories(cells, 10)).toEqual({ categories: ['a', 'b', 'c', 'd'], other: false });
  });

  it('names numbers, bools and sets as Zeek writes them', () => {
    expect([
      categoryText(135),
      categoryText(true),
      categoryText(['INFORM', 'ACK']),
      categoryText(NaN),
      categoryText(null),
    ]).toEqual(['135', 'T', 'INFORM,ACK', null, null]);
    expect(() => categoryText({ a: 1 })).toThrow(/cannot name the value/);
  });

  it('labels unseen values "other" and keeps unset missing', () => {
    const state = fitCategories(['tcp', 'udp'], null);
    expect(labelCategories(['udp', 'icmp', null], state)).toEqual(['udp', OTHER, null]);
  });

  it('one-hot: a column per category in sorted order, unseen values all zeros without an other column', () => {
    const state = fitCategories(['udp', 'tcp', 'tcp'], null);
    expect(oneHotNames('proto', state)).toEqual(['proto_tcp', 'proto_udp']);
    expect(oneHotCategories(['tcp', 'icmp', null], state).map((c) => Array.from(c))).toEqual([
      [1, 0, 0],
      [0, 0, 0],
    ]);
  });

  it('one-hot: an other column when training saw more than k values', () => {
    const state = fitCategories(['a', 'a', 'b', 'c'], 1);
    expect(oneHotNames('x', state)).toEqual(['x_a', 'x_other']);
    expect(oneHotCategories(['a', 'b', 'z'], state).map((c) => Array.from(c))).toEqual([
      [1, 0, 0],
      [0, 1, 1],
    ]);
  });

  it('one-hot: a value literally named other is the other column', () => {
    const state = fitCategories(['other', 'other', 'a', 'b'], 2);
    expect(state).toEqual({ categories: ['a', 'other'], other: true });
    expect(oneHotNames('x', state)).toEqual(['x_a', 'x_other']);
    expect(oneHotCategories(['b', 'other'], state).map((c) => Array.from(c))).toEqual([
      [0, 0],
      [1, 1],
    ]);
  });
});
