/**
 * smb_files: files touched on a remote share. Reading Group Policy from SYSVOL is what every domain
 * member does; writing executables into another machine's Windows folder is what an intruder does.
 */
import { Cleaner, type CleanerOptions } from './cleaner.js';
import { booleanFeature, categoricalFeature, numericFeature, type FeatureDef } from './features.js';
import { EXECUTABLE_NAME } from './files.js';
import { col, lengthOf, log1p } from './numeric.js';
import { matchesPattern } from './predicates.js';
import { adminShare } from './smb_mapping.js';

export const smbFilesFeatures: readonly FeatureDef[] = [
  categoricalFeature({
    name: 'action',
    column: 'action',
    topK: 8,
    why: 'Open, read, write, delete or rename: writes and deletes on remote shares change other machines.',
  }),
  booleanFeature({
    name: 'admin_share',
    test: adminShare,
    why: 'The file is on an administrative share (C$, ADMIN$), which only administrators and lateral-movement tools use.',
  }),
  booleanFeature({
    name: 'policy_share',
    test: matchesPattern('path', /\\(sysvol|netlogon)$/i),
    why: 'SYSVOL and NETLOGON hold Group Policy and logon scripts that every domain member reads: the normal background of SMB.',
  }),
  booleanFeature({
    name: 'executable',
    test: matchesPattern('name', EXECUTABLE_NAME),
    why: 'An executable or script on a remote share is how tools are staged for remote execution.',
  }),
  booleanFeature({
    name: 'system_folder',
    test: matchesPattern('name', /^\\?(windows|winnt)\\|\\system32\\/i),
    why: "Files placed in another machine's Windows or System32 folder are service binaries of remote execution (Trickbot drops its copies there).",
  }),
  numericFeature({
    name: 'name_length',
    value: lengthOf('name'),
    why: 'Tools and malware often use long random names, unlike the short policy and pipe names of routine SMB.',
  }),
  numericFeature({
    name: 'size',
    value: log1p(col('size', { fill: 0 })),
    why: 'How big the file is: payloads and collected data stand out from the small policy files of routine traffic.',
  }),
];

export function smbFilesCleaner(options: CleanerOptions = {}): Cleaner {
  return new Cleaner('smb_files', smbFilesFeatures, options);
}
