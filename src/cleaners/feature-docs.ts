/**
 * The feature tables of docs/features.md, generated from the cleaners' own descriptions so that the
 * documentation cannot drift from the code (a test compares the file with this output).
 */
import type { Cleaner, FeatureDescription } from './cleaner.js';

const INTRO = `# Features per log type

Each log type with a cleaner is turned into the features below; the rows are then clustered, and each
cluster becomes one token of the sequence model. Log types without a cleaner are not clustered: all their
rows are one token.

This file is generated from each built-in cleaner's \`describe()\`; do not edit it by hand. After changing a
cleaner, regenerate it with \`ZEEKSEQ_WRITE_DOCS=1 npx vitest run test/cleaners/feature-docs.test.ts\`.

## How features are computed
- **numeric**: an expression over log columns (a column, a ratio, \`log1p\`, a length), min-max scaled on the
  training rows exactly as scikit-learn's MinMaxScaler does. New values beyond the training range are clipped
  to [0, 1] (a cleaner built with \`{ clip: false }\` keeps them outside). Unset values are missing (NaN) unless
  the expression fills them (byte and packet counts count as 0).
- **boolean**: a predicate on the row, output as 0/1. On a set/vector column a test holds if it holds for any
  element; an unset value never satisfies a test (features such as \`no_user_agent\` negate one on purpose).
- **categorical**: the k most frequent training values plus \`other\` for the rest and for values first seen
  after fitting; unset stays missing. Label-encoded (one string column) unless marked one-hot (one 0/1 column
  per training value, sorted, with an \`_other\` column only when training saw more than k values).
- A feature whose columns a site's log lacks at fit time is dropped with a warning; transforming rows that lack
  a column the fit used is an error. Output rows are one per (log row, connection): dhcp rows (\`uids\`) and old
  files rows (\`conn_uids\`) that name several connections appear once for each.

## Where zeekseq departs from the original project
The conn features are the original's to the formula (they reproduce its feature matrix on trickbot-1week to
5e-13). Elsewhere:
- dns: a query that got no reply is \`unanswered\`, not a \`weird_rcode\` (the original counted it as both).
- http: \`file_sent\` needs a response body other than HTML or plain text (the original also raised it for
  responses without a body); body lengths are log-scaled (raw min-max scaling puts nearly every request at 0).
- files: executables are named by MIME type and file name (the original matched "sh" or "exe" anywhere in the
  MIME type, which also caught x-shockwave-flash); sizes are log-scaled.
- ssl: an unset version is not \`odd_version\`; TLS 1.3 suites count as ECDHE+GCM.
- dce_rpc, smb_files, smb_mapping, ntlm, rdp, ssh, ldap, dhcp: the original listed the fields it needed but never
  built these cleaners; their features are new.
`;

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function kindText(d: FeatureDescription): string {
  return d.encoding === 'one-hot' ? 'categorical (one-hot)' : d.kind;
}

/** Markdown: the introduction, then one table per cleaner in the order given. */
export function featureDocsMarkdown(cleaners: readonly Cleaner[]): string {
  const sections = cleaners.map((cleaner) => {
    const rows = cleaner
      .describe()
      .map((d) => `| ${cell(d.name)} | ${kindText(d)} | ${cell(d.source.join(', '))} | ${cell(d.why)} |`);
    return [`## ${cleaner.logType}`, '', '| feature | kind | from | why |', '|---|---|---|---|', ...rows].join('\n');
  });
  return `${INTRO}\n${sections.join('\n\n')}\n`;
}
