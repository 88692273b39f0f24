import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Cleaner } from '../../src/cleaners/cleaner.js';
import { featureDocsMarkdown } from '../../src/cleaners/feature-docs.js';
import { booleanFeature, categoricalFeature } from '../../src/cleaners/features.js';
import { isSet } from '../../src/cleaners/predicates.js';
import { builtInCleaners } from '../../src/cleaners/registry.js';
import { projectRoot } from '../support/shared.js';

const docsFile = path.join(projectRoot, 'docs', 'features.md');
const generated = featureDocsMarkdown(Object.values(builtInCleaners).map((factory) => factory()));

describe('docs/features.md', () => {
  if (process.env.ZEEKSEQ_WRITE_DOCS === '1') writeFileSync(docsFile, generated);

  it('is exactly what the cleaners describe (regenerate with ZEEKSEQ_WRITE_DOCS=1)', () => {
    expect(readFileSync(docsFile, 'utf8')).toBe(generated);
  });

  it("has a table for each built-in cleaner with every feature's why", () => {
    for (const [type, factory] of Object.entries(builtInCleaners)) {
      expect(generated).toContain(`\n## ${type}\n`);
      for (const d of factory().describe()) expect(generated).toContain(`| ${d.name} | `);
    }
  });
});

describe('featureDocsMarkdown', () => {
  it('renders kinds, sources and whys, escaping table pipes', () => {
    const cleaner = new Cleaner('demo', [
      booleanFeature({ name: 'has_a', test: isSet('a'), why: 'A | B.' }),
      categoricalFeature({ name: 'p', column: 'p', encoding: 'one-hot', why: 'P.' }),
    ]);
    const text = featureDocsMarkdown([cleaner]);
    expect(text).toContain(
      '## demo\n\n| feature | kind | from | why |\n|---|---|---|---|\n| has_a | boolean | a | A \\| B. |\n| p | categorical (one-hot) | p | P. |\n',
    );
  });
});
