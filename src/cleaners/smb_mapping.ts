/**
 * smb_mapping: a host connecting to a share of another. Which share matters: administrative shares
 * give full access to a disk, IPC$ carries remote procedure calls, and a share addressed by IP address
 * rather than by name bypasses Kerberos.
 */
import { Cleaner, type CleanerOptions } from './cleaner.js';
import { booleanFeature, categoricalFeature, type FeatureDef } from './features.js';
import { matchesPattern, type Predicate } from './predicates.js';

/** \\host\C$, \\host\ADMIN$ ...: administrative shares. */
export const adminShare: Predicate = matchesPattern('path', /\\(ADMIN|[A-Z])\$$/i);

export const smbMappingFeatures: readonly FeatureDef[] = [
  booleanFeature({
    name: 'admin_share',
    test: adminShare,
    why: 'C$ and ADMIN$ give an administrator the whole disk of another machine; copying tools there is the first step of PsExec-style lateral movement.',
  }),
  booleanFeature({
    name: 'ipc_share',
    test: matchesPattern('path', /\\IPC\$$/i),
    why: 'IPC$ carries named pipes, i.e. remote procedure calls into services, the registry and the SAM.',
  }),
  booleanFeature({
    name: 'by_ip',
    test: matchesPattern('path', /^\\\\(\d{1,3}\.){3}\d{1,3}\\/),
    why: 'Windows maps shares by host name; a share addressed by IP falls back to NTLM and is typical of scripts and malware.',
  }),
  categoricalFeature({
    name: 'share_type',
    column: 'share_type',
    topK: 4,
    why: 'Disk, pipe or printer: what kind of resource was mapped.',
  }),
];

export function smbMappingCleaner(options: CleanerOptions = {}): Cleaner {
  return new Cleaner('smb_mapping', smbMappingFeatures, options);
}
