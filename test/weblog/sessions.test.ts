import { describe, expect, it } from 'vitest';
import { DEFAULT_SESSION_TIMEOUT, sessionize } from '../../src/weblog/sessions.js';
import { req } from './fixtures.js';

const shape = (sessions: ReturnType<typeof sessionize>) => sessions.map((s) => [s.id, s.records.map((r) => r.time)]);

describe('sessionize', () => {
  it('starts a new session when the gap is exactly the timeout, not a moment before', () => {
    expect(DEFAULT_SESSION_TIMEOUT).toBe(1800);
    const records = [req('a', 0, '/'), req('a', 1799.5, '/x'), req('a', 3599.5, '/y')];
    expect(shape(sessionize(records))).toEqual([
      ['a#1', [0, 1799.5]],
      ['a#2', [3599.5]],
    ]);
    expect(shape(sessionize([req('a', 0, '/'), req('a', 1799.5, '/x'), req('a', 3599, '/y')]))).toEqual([
      ['a#1', [0, 1799.5, 3599]],
    ]);
    expect(shape(sessionize([req('a', 0, '/'), req('a', 60, '/x')], { timeout: 60 }))).toEqual([
      ['a#1', [0]],
      ['a#2', [60]],
    ]);
  });

  it('orders each client by time (file order among equal times) and sessions by start', () => {
    const records = [
      req('b', 50, '/b2', { line: 1 }),
      req('a', 100, '/a', { line: 2 }),
      req('b', 10, '/b1', { line: 3 }),
      req('b', 50, '/b3', { line: 4 }),
    ];
    const sessions = sessionize(records);
    expect(sessions.map((s) => [s.id, s.client, s.start, s.end, s.records.map((r) => r.target)])).toEqual([
      ['b#1', 'b', 10, 50, ['/b1', '/b2', '/b3']],
      ['a#1', 'a', 100, 100, ['/a']],
    ]);
  });

  it('tells clients apart by address and user agent, or by address alone', () => {
    const records = [
      req('a', 0, '/1', { userAgent: 'bot' }),
      req('a', 10, '/2', { userAgent: 'browser' }),
      req('a', 20, '/3', { userAgent: 'bot' }),
      req('a', 30, '/4', { userAgent: null }),
    ];
    const byAgent = sessionize(records);
    expect(byAgent.map((s) => [s.id, s.userAgent, s.records.map((r) => r.target)])).toEqual([
      ['a#1', 'bot', ['/1', '/3']],
      ['a#2', 'browser', ['/2']],
      ['a#3', null, ['/4']],
    ]);
    const byAddress = sessionize(records, { clientKey: 'ip' });
    expect(byAddress.map((s) => [s.id, s.userAgent, s.records.length])).toEqual([['a#1', 'bot', 4]]);
  });

  it('returns no sessions for no records and rejects bad settings', () => {
    expect(sessionize([])).toEqual([]);
    expect(() => sessionize([], { timeout: 0 })).toThrow(
      /timeout must be a number of seconds > 0, got 0; pass e.g. --timeout 30m/,
    );
    expect(() => sessionize([], { timeout: Infinity })).toThrow(/timeout/);
    expect(() => sessionize([], { clientKey: 'mac' as never })).toThrow(/'ip\+ua' or 'ip', got 'mac'/);
  });
});
