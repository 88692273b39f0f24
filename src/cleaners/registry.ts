/**
 * Which cleaner handles which log type. The built-in cleaners are registered at start; a notebook may
 * replace one (`registerCleaner('dns', myDnsCleaner)`), add one for a new log type, or remove one. A log
 * type without a cleaner is not clustered: all its rows become a single token, so `cleanerFor` returns
 * undefined and callers give the type one word of the vocabulary.
 */
import { ZeekseqError } from '../util/errors.js';
import type { Cleaner, CleanerOptions } from './cleaner.js';
import { connCleaner } from './conn.js';
import { dceRpcCleaner } from './dce_rpc.js';
import { dhcpCleaner } from './dhcp.js';
import { dnsCleaner } from './dns.js';
import { filesCleaner } from './files.js';
import { httpCleaner } from './http.js';
import { kerberosCleaner } from './kerberos.js';
import { ldapCleaner } from './ldap.js';
import { ntlmCleaner } from './ntlm.js';
import { rdpCleaner } from './rdp.js';
import { smbFilesCleaner } from './smb_files.js';
import { smbMappingCleaner } from './smb_mapping.js';
import { sshCleaner } from './ssh.js';
import { sslCleaner } from './ssl.js';
import { weirdCleaner } from './weird.js';

/** Makes a fresh, unfitted cleaner. */
export type CleanerFactory = (options?: CleanerOptions) => Cleaner;

/** In the order docs/features.md lists them: the original's cleaners first, then the ones it never built. */
export const builtInCleaners: Readonly<Record<string, CleanerFactory>> = Object.freeze({
  conn: connCleaner,
  dns: dnsCleaner,
  http: httpCleaner,
  files: filesCleaner,
  ssl: sslCleaner,
  kerberos: kerberosCleaner,
  weird: weirdCleaner,
  dce_rpc: dceRpcCleaner,
  smb_files: smbFilesCleaner,
  smb_mapping: smbMappingCleaner,
  ntlm: ntlmCleaner,
  rdp: rdpCleaner,
  ssh: sshCleaner,
  ldap: ldapCleaner,
  dhcp: dhcpCleaner,
});

const factories = new Map<string, CleanerFactory>(Object.entries(builtInCleaners));

/** A fresh cleaner for a log type, or undefined when the type has none (its rows are one token). */
export function cleanerFor(logType: string, options: CleanerOptions = {}): Cleaner | undefined {
  const factory = factories.get(logType);
  if (!factory) return undefined;
  const cleaner = factory(options);
  if (cleaner?.logType !== logType) {
    throw new ZeekseqError(
      `the cleaner registered for ${logType} made a cleaner for ${describeType(cleaner)}; ` +
        `register a factory that returns new Cleaner('${logType}', ...).`,
    );
  }
  return cleaner;
}

function describeType(cleaner: unknown): string {
  const type = (cleaner as Cleaner | undefined)?.logType;
  return typeof type === 'string' ? type : 'no log type (not a Cleaner)';
}

/** Uses `factory` for a log type from now on, replacing any cleaner it had. */
export function registerCleaner(logType: string, factory: CleanerFactory): void {
  if (typeof logType !== 'string' || logType === '')
    throw new ZeekseqError('registerCleaner: give the log type (conn, dns, ...) the cleaner is for.');
  if (typeof factory !== 'function') {
    throw new ZeekseqError(
      `registerCleaner(${logType}): give a function that returns a new Cleaner, e.g. () => new Cleaner('${logType}', features).`,
    );
  }
  factories.set(logType, factory);
}

/** Removes a log type's cleaner, so that its rows become one token; false when it had none. */
export function unregisterCleaner(logType: string): boolean {
  return factories.delete(logType);
}

/** Back to the built-in cleaners only. */
export function restoreBuiltInCleaners(): void {
  factories.clear();
  for (const [type, factory] of Object.entries(builtInCleaners)) factories.set(type, factory);
}

/** Log types that have a cleaner, sorted. */
export function cleanedLogTypes(): string[] {
  return [...factories.keys()].sort();
}
