import { afterEach, describe, expect, it } from 'vitest';
import { Cleaner } from '../../src/cleaners/cleaner.js';
import { booleanFeature } from '../../src/cleaners/features.js';
import { isSet } from '../../src/cleaners/predicates.js';
import {
  builtInCleaners,
  cleanedLogTypes,
  cleanerFor,
  registerCleaner,
  restoreBuiltInCleaners,
  unregisterCleaner,
} from '../../src/cleaners/registry.js';

afterEach(() => restoreBuiltInCleaners());

const BUILT_IN = [
  'conn',
  'dce_rpc',
  'dhcp',
  'dns',
  'files',
  'http',
  'kerberos',
  'ldap',
  'ntlm',
  'rdp',
  'smb_files',
  'smb_mapping',
  'ssh',
  'ssl',
  'weird',
];

describe('cleaner registry', () => {
  it('has a cleaner for each of the 15 log types the task names', () => {
    expect(cleanedLogTypes()).toEqual(BUILT_IN);
    expect(Object.keys(builtInCleaners).sort()).toEqual(BUILT_IN);
    for (const type of BUILT_IN) {
      const cleaner = cleanerFor(type)!;
      expect(cleaner.logType).toBe(type);
      expect(cleaner.fitted).toBe(false);
    }
  });

  it('makes a fresh cleaner each time, with the options given', () => {
    expect(cleanerFor('conn')).not.toBe(cleanerFor('conn'));
    expect(cleanerFor('conn', { clip: false })!.clip).toBe(false);
  });

  it('has no cleaner for other log types: their rows are one token', () => {
    expect(cleanerFor('ntp')).toBeUndefined();
    expect(cleanerFor('x509')).toBeUndefined();
  });

  it('lets a notebook add, replace and remove cleaners, and restore the built-ins', () => {
    const ntp = () =>
      new Cleaner('ntp', [booleanFeature({ name: 'has_ref', test: isSet('ref_id'), why: 'Synchronised.' })]);
    registerCleaner('ntp', ntp);
    expect(
      cleanerFor('ntp')!
        .describe()
        .map((d) => d.name),
    ).toEqual(['has_ref']);
    const dns = () =>
      new Cleaner('dns', [booleanFeature({ name: 'answered', test: isSet('rcode'), why: 'Answered.' })]);
    registerCleaner('dns', dns);
    expect(
      cleanerFor('dns')!
        .describe()
        .map((d) => d.name),
    ).toEqual(['answered']);
    expect(unregisterCleaner('weird')).toBe(true);
    expect(unregisterCleaner('weird')).toBe(false);
    expect(cleanerFor('weird')).toBeUndefined();
    expect(cleanedLogTypes()).toContain('ntp');
    restoreBuiltInCleaners();
    expect(cleanedLogTypes()).toEqual(BUILT_IN);
    expect(
      cleanerFor('dns')!
        .describe()
        .map((d) => d.name),
    ).toContain('safe_port');
  });

  it('rejects a factory that is not a function, or makes a cleaner for another type', () => {
    expect(() => registerCleaner('ntp', 'nope' as never)).toThrow(/give a function that returns a new Cleaner/);
    expect(() => registerCleaner('', () => cleanerFor('dns')!)).toThrow(/give the log type/);
    registerCleaner('ntp', () => cleanerFor('dns')!);
    expect(() => cleanerFor('ntp')).toThrow(
      /the cleaner registered for ntp made a cleaner for dns; register a factory that returns new Cleaner\('ntp', \.\.\.\)/,
    );
    registerCleaner('ntp', () => ({}) as Cleaner);
    expect(() => cleanerFor('ntp')).toThrow(/made a cleaner for no log type \(not a Cleaner\)/);
  });
});
