import { describe, expect, it } from 'vitest';
import { parseClfTime, parseIsoTime, parseLogTime } from '../../src/weblog/timestamp.js';

const utc = (...parts: [number, number, number, number, number, number]) => Date.UTC(...parts) / 1000;

describe('access-log timestamps', () => {
  it('parses the Common Log Format with its UTC offset', () => {
    expect(parseClfTime('17/May/2015:10:05:03 +0000')).toBe(1431857103);
    expect(parseClfTime('17/May/2015:10:05:03 +0000')).toBe(utc(2015, 4, 17, 10, 5, 3));
    // +0100 is an hour ahead of UTC, +0300 three: the same instant is earlier in UTC.
    expect(parseClfTime('25/Oct/2015:04:11:25 +0100')).toBe(utc(2015, 9, 25, 3, 11, 25));
    expect(parseClfTime('22/Dec/2016:16:11:00 +0300')).toBe(utc(2016, 11, 22, 13, 11, 0));
    expect(parseClfTime('31/Dec/2016:22:30:00 -0530')).toBe(utc(2017, 0, 1, 4, 0, 0));
    expect(parseClfTime('1/jan/2020:00:00:00 +0000')).toBe(utc(2020, 0, 1, 0, 0, 0));
    expect(parseClfTime('29/Feb/2016:12:00:00 +0000')).toBe(utc(2016, 1, 29, 12, 0, 0));
    expect(parseClfTime('17/May/2015:10:05:03.250 +0000')).toBe(1431857103.25);
    expect(parseClfTime('17/May/2015:10:05:03 +02:00')).toBe(1431857103 - 7200);
  });

  it('refuses times without an offset and calendar dates that do not exist', () => {
    expect(parseClfTime('17/May/2015:10:05:03')).toBeNull();
    expect(parseClfTime('29/Feb/2015:12:00:00 +0000')).toBeNull();
    expect(parseClfTime('32/May/2015:10:05:03 +0000')).toBeNull();
    expect(parseClfTime('00/May/2015:10:05:03 +0000')).toBeNull();
    expect(parseClfTime('17/Mai/2015:10:05:03 +0000')).toBeNull();
    expect(parseClfTime('17/May/2015:24:00:00 +0000')).toBeNull();
    expect(parseClfTime('17/May/2015:10:60:00 +0000')).toBeNull();
    expect(parseClfTime('17/May/2015:10:05:03 +2500')).toBeNull();
    expect(parseClfTime('[17/May/2015:10:05:03 +0000]')).toBeNull();
  });

  it('parses ISO 8601 and epoch seconds', () => {
    expect(parseIsoTime('2015-05-17T10:05:03+00:00')).toBe(1431857103);
    expect(parseIsoTime('2015-05-17T12:05:03+0200')).toBe(1431857103);
    expect(parseIsoTime('2015-05-17T10:05:03.5Z')).toBe(1431857103.5);
    expect(parseIsoTime('2015-13-01T00:00:00Z')).toBeNull();
    expect(parseIsoTime('2015-05-17T10:05:03')).toBeNull();
    expect(parseLogTime('1431857103.123', 'epoch')).toBe(1431857103.123);
    expect(parseLogTime('-5', 'epoch')).toBeNull();
    expect(parseLogTime('2015-05-17T10:05:03Z', 'iso8601')).toBe(1431857103);
    expect(parseLogTime('17/May/2015:10:05:03 +0000', 'clf')).toBe(1431857103);
  });
});
