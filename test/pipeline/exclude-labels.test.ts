import { describe, expect, it } from 'vitest';
import * as aq from 'arquero';
import { prepareForModel } from '../../src/pipeline/detector.js';
import { ZeekDataset } from '../../src/zeek/dataset.js';

function labeled(withLabels = true): ZeekDataset {
  const conn = aq.table({
    ts: Float64Array.from([1, 2, 3, 4]),
    uid: ['C1', 'C2', 'C3', 'C4'],
    'id.orig_h': ['10.0.0.1', '1.2.3.4', '10.0.0.1', '5.6.7.8'],
    'id.resp_h': ['8.8.8.8', '10.0.0.1', '8.8.8.8', '10.0.0.1'],
    ...(withLabels ? { label: ['Benign', 'Malicious', 'Benign', 'Background'] } : {}),
  });
  const ssl = aq.table({
    ts: Float64Array.from([1.5, 2.5]),
    uid: ['C1', 'C2'],
    server_name: ['a.example', 'b.example'],
  });
  return new ZeekDataset({
    logs: new Map([
      ['conn', conn],
      ['ssl', ssl],
    ]),
    origin: 'test',
  });
}

describe('prepareForModel with excludeLabels', () => {
  it('keeps only the connections whose label is not excluded, in every log', () => {
    const prepared = prepareForModel(labeled(), {
      keepConnOnly: true,
      excludeIps: [],
      excludeLabels: ['Malicious', 'Background'],
    });
    expect(Array.from(prepared.log('conn').array('uid') as ArrayLike<string>)).toEqual(['C1', 'C3']);
    expect(Array.from(prepared.log('ssl').array('uid') as ArrayLike<string>)).toEqual(['C1']);
  });

  it('says what is wrong when the conn log has no label column', () => {
    expect(() =>
      prepareForModel(labeled(false), { keepConnOnly: true, excludeIps: [], excludeLabels: ['Malicious'] }),
    ).toThrow(/the conn log of test has no label column/);
  });
});
