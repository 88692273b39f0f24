/**
 * The CLI starts without TensorFlow.js: main.ts and what it imports at the top level (type-only imports aside)
 * must not reach @tensorflow, or every command, `--help` included, pays the 0.4 s of loading it (start-up went
 * from 0.88 s to 0.51 s when `quality` and `report` stopped importing the Detector at the top). Commands load
 * their heavy work with `await import(...)` inside their action.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src');

/** The modules a source file imports for their values at load time (type-only imports and dynamic imports left out). */
function valueImports(text: string): string[] {
  const found: string[] = [];
  const statement = /^\s*(import|export)\s+([^;]*?)\s+from\s+'([^']+)'|^\s*import\s+'([^']+)'/gm;
  for (const m of text.matchAll(statement)) {
    if (m[4]) {
      found.push(m[4]);
      continue;
    }
    const clause = m[2];
    if (/^type\s/.test(clause)) continue;
    const braces = /^\{([^}]*)\}$/s.exec(clause.trim());
    // `import { type A, type B } from` loads nothing either
    if (braces?.[1].split(',').every((part) => part.trim() === '' || /^type\s/.test(part.trim()))) continue;
    found.push(m[3]);
  }
  return found;
}

/** The chain of files from `entry` to the first package whose name starts with `target`, or null. */
function chainTo(entry: string, target: string): string[] | null {
  const parent = new Map<string, string | null>([[entry, null]]);
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.shift()!;
    for (const spec of valueImports(readFileSync(file, 'utf8'))) {
      if (!spec.startsWith('.')) {
        if (!spec.startsWith(target)) continue;
        const chain = [spec];
        for (let f: string | null = file; f; f = parent.get(f) ?? null) chain.push(path.relative(src, f));
        return chain;
      }
      const next = path.resolve(path.dirname(file), spec.replace(/\.js$/, '.ts'));
      if (!parent.has(next)) {
        parent.set(next, file);
        queue.push(next);
      }
    }
  }
  return null;
}

describe('CLI start-up', () => {
  it('does not load TensorFlow.js before a command needs it', () => {
    expect(chainTo(path.join(src, 'cli/main.ts'), '@tensorflow')).toBeNull();
  });

  it('finds such a chain where there is one (the Detector loads TensorFlow.js)', () => {
    expect(chainTo(path.join(src, 'pipeline/detector.ts'), '@tensorflow')?.[0]).toMatch(/^@tensorflow\//);
    expect(valueImports("import type { A } from './a.js';\nimport { type B, C } from './c.js';")).toEqual(['./c.js']);
  });
});
