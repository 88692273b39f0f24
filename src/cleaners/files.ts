/**
 * files: what was transferred, whichever protocol carried it. The original flagged any MIME type
 * containing "sh" or "exe" (which also catches x-shockwave-flash); here executables and scripts are
 * named explicitly, by MIME type and by file name. Sizes are log-scaled: they span bytes to gigabytes.
 */
import { Cleaner, type CleanerOptions } from './cleaner.js';
import { booleanFeature, categoricalFeature, numericFeature, type FeatureDef } from './features.js';
import { col, log1p } from './numeric.js';
import { greaterThan, isIn, isTrue, matchesPattern } from './predicates.js';

/** File names that run code when opened on Windows or Unix. */
export const EXECUTABLE_NAME =
  /\.(exe|dll|scr|sys|com|pif|bat|cmd|ps1|psm1|vbs|vbe|js|jse|wsf|hta|jar|msi|lnk|sh|elf)$/i;

/** MIME types of executables, installers and scripts. */
export const EXECUTABLE_MIME_TYPES = [
  'application/x-dosexec',
  'application/x-msdownload',
  'application/x-executable',
  'application/x-elf',
  'application/x-mach-o-executable',
  'application/x-sharedlib',
  'application/x-msi',
  'application/vnd.ms-cab-compressed',
  'application/java-archive',
  'application/x-java-applet',
  'application/x-sh',
  'application/x-shellscript',
  'application/x-bat',
  'application/hta',
  'text/x-powershell',
  'text/x-python',
];

export const filesFeatures: readonly FeatureDef[] = [
  categoricalFeature({
    name: 'source',
    column: 'source',
    topK: 6,
    why: 'Which protocol carried the file: files moving over SMB between workstations are lateral movement, over HTTP they are downloads.',
  }),
  booleanFeature({
    name: 'is_orig',
    test: isTrue('is_orig'),
    why: 'The originator sent the file, i.e. an upload: a client pushing files out is exfiltration or staging.',
  }),
  booleanFeature({
    name: 'sus_mime',
    test: isIn('mime_type', EXECUTABLE_MIME_TYPES),
    why: 'The content is an executable, installer or script by its magic bytes, whatever it is called.',
  }),
  booleanFeature({
    name: 'sus_extension',
    test: matchesPattern('filename', EXECUTABLE_NAME),
    why: 'The file is named like something that runs when opened (.exe, .dll, .ps1, .hta ...).',
  }),
  numericFeature({
    name: 'seen_bytes',
    value: log1p(col('seen_bytes', { fill: 0 })),
    why: 'How much of the file crossed the wire: payloads and exfiltrated archives are large next to the small text files of normal traffic.',
  }),
  numericFeature({
    name: 'total_bytes',
    value: log1p(col('total_bytes')),
    why: 'The announced size (missing when the protocol did not say): with seen_bytes it shows partial and resumed transfers.',
  }),
  booleanFeature({
    name: 'incomplete',
    test: greaterThan('missing_bytes', 0),
    why: 'Bytes missing from the transfer: capture loss, or a transfer cut short.',
  }),
  numericFeature({
    name: 'entropy',
    value: col('entropy'),
    why: 'Entropy near 8 bits per byte means compressed or encrypted content, as in packed malware and encrypted archives (needs the entropy script).',
  }),
  numericFeature({
    name: 'extracted_size',
    value: log1p(col('extracted_size')),
    why: 'Size of the copy the sensor extracted, where file extraction is on: what an analyst can examine afterwards.',
  }),
];

export function filesCleaner(options: CleanerOptions = {}): Cleaner {
  return new Cleaner('files', filesFeatures, options);
}
