import { describe, expect, it } from 'vitest';
import { ZeekseqError } from '../../src/util/errors.js';
import { removeConnections } from '../../src/zeek/remove-connections.js';
import { smallDataset, values } from '../support/datasets.js';

describe('removeConnections', () => {
  it('removes a uid matched in one log from every log', () => {
    const dataset = smallDataset();
    const result = removeConnections(dataset, { query: ['evil.test'] });
    expect(values(result, 'conn', 'uid')).toEqual(['C1', 'C2', 'C3', 'C4', 'C6']);
    expect(values(result, 'dns', 'uid')).toEqual(['C1', 'D9']);
    expect(result.log('conn').column('ts')).toBeInstanceOf(Float64Array);
    expect(result.log('x509')).toBe(dataset.log('x509'));
  });

  it('matches any listed column, in every log that has it; numbers match numbers only', () => {
    const dataset = smallDataset();
    const byHost = removeConnections(dataset, { 'id.orig_h': ['10.0.0.5', '10.0.0.66'] });
    expect(values(byHost, 'conn', 'uid')).toEqual(['C2', 'C3', 'C4', 'C5', 'C6']);
    expect(values(byHost, 'dns', 'uid')).toEqual(['C5', 'C5']);
    const either = removeConnections(dataset, { service: ['http'], 'id.resp_p': [22] });
    expect(values(either, 'conn', 'uid')).toEqual(['C1', 'C2', 'C4', 'C5']);
    expect(either.log('http').numRows()).toBe(0);
    expect(values(removeConnections(dataset, { 'id.resp_p': ['53'] }), 'conn', 'uid')).toHaveLength(6);
    expect(values(removeConnections(dataset, {}), 'conn', 'uid')).toHaveLength(6);
  });

  it('matches set/vector columns by any element', () => {
    const result = removeConnections(smallDataset(), { answers: ['10.1.1.2'] });
    expect(values(result, 'dns', 'uid')).toEqual(['C1', 'C5', 'C5']);
    expect(values(result, 'conn', 'uid')).toHaveLength(6);
  });

  it('takes a predicate over the rows of every log', () => {
    const dataset = smallDataset();
    const seen = new Set<string>();
    const result = dataset.removeConnections((row, type) => {
      seen.add(type);
      return type === 'http' && row.uri === '/index.html';
    });
    expect([...seen].sort()).toEqual(['conn', 'dns', 'http', 'x509']);
    expect(values(result, 'conn', 'uid')).toEqual(['C1', 'C2', 'C4', 'C5', 'C6']);
    expect(result.log('http').numRows()).toBe(0);
    // a matching row in a log without uid goes alone: it names no connection
    const certs = removeConnections(dataset, (row) => row['certificate.subject'] === 'CN=a');
    expect(values(certs, 'x509', 'id')).toEqual(['F2']);
    expect(values(certs, 'conn', 'uid')).toHaveLength(6);
  });

  it('rejects a column no log has, and values that are not a list', () => {
    const dataset = smallDataset();
    expect(() => removeConnections(dataset, { 'id.orig_host': ['x'], query: ['y'] })).toThrow(ZeekseqError);
    expect(() => removeConnections(dataset, { 'id.orig_host': ['x'] })).toThrow(
      /no log of small test dataset has the column id\.orig_host; check the spelling.*id\.orig_h/,
    );
    expect(() => removeConnections(dataset, { query: 'evil.test' as unknown as string[] })).toThrow(
      /the values for column query must be an array, got string/,
    );
  });
});
