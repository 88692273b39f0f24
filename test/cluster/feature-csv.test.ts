import { describe, expect, it } from 'vitest';
import { parseFeatureCsv } from '../../src/cluster/feature-csv.js';
import { featureValue, type FeatureMatrix } from '../../src/distance/feature-matrix.js';

function values(m: FeatureMatrix): unknown[][] {
  return Array.from({ length: m.rows }, (_, r) => m.columns.map((c) => featureValue(m, r, c)));
}

describe('parseFeatureCsv', () => {
  it('reads numbers, categories, missing values, quotes and CRLF line ends', () => {
    const text = 'n,"proto name",note\r\n1e3,tcp,"a, b"\r\n-.5,"udp",-\r\n\r\n+2,,"say ""hi""\nthere"\r\n';
    const { matrix, weights } = parseFeatureCsv(text, 'f.csv');
    expect(weights).toBeNull();
    expect(matrix.columns.map((c) => [c.name, c.kind])).toEqual([
      ['n', 'numeric'],
      ['proto name', 'categorical'],
      ['note', 'categorical'],
    ]);
    expect(values(matrix)).toEqual([
      [1000, 'tcp', 'a, b'],
      [-0.5, 'udp', null],
      [2, null, 'say "hi"\nthere'],
    ]);
  });

  it('takes the weights column out of the features', () => {
    const { matrix, weights } = parseFeatureCsv('a,w\n1,2\n3,0.5\n', 'f.csv', { weights: 'w' });
    expect(matrix.columns.map((c) => c.name)).toEqual(['a']);
    expect(Array.from(weights!)).toEqual([2, 0.5]);
  });

  it('counts lines across quoted line breaks when it reports a problem', () => {
    expect(() => parseFeatureCsv('a,b\n"x\ny",1\n2\n', 'f.csv')).toThrow(/f\.csv:4: 1 fields but the header has 2/);
    expect(() => parseFeatureCsv('a\n1\n0x10\n', 'f.csv', { numericOnly: 'manhattan' })).toThrow(
      /f\.csv:3: column 'a' holds "0x10", not a number; the manhattan metric/,
    );
    expect(() => parseFeatureCsv(',b\n1,2\n', 'f.csv')).toThrow(/f\.csv:1: column 1 of the header has no name/);
  });

  it('leaves missing values to gower but refuses them for numeric-only metrics', () => {
    expect(values(parseFeatureCsv('a\n1\n-\n', 'f.csv').matrix)).toEqual([[1], [null]]);
    expect(() => parseFeatureCsv('a\n1\n-\n', 'f.csv', { numericOnly: 'euclidean' })).toThrow(
      /f\.csv:3: column 'a' is empty; the euclidean metric needs every value/,
    );
  });
});
