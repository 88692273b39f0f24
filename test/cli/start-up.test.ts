/**
 * The CLI starts without loading what its command does not need: main.ts imports no command module at the top
 * level (each loads when its command runs), and no command's top-level imports (type-only imports aside) reach
 * TensorFlow.js, or every run of it, `--help` included, pays the 0.4 s of loading it. Start-up went from 0.88 s
 * to 0.51 s when `quality` and `report` stopped importing the Detector at the top, and to 0.17 s (`--version`,
 * `inspect --help`) when main.ts stopped importing every command. Commands load their heavy work with
 * `await import(...)` inside their action.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { commandsFor } from '../../src/cli/main.js';

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

/**
 * The chain of files from `entry` to the first package whose name starts with `target`, or to the source file
 * `target` (a path under src/), or null.
 */
function chainTo(entry: string, target: string): string[] | null {
  const parent = new Map<string, string | null>([[entry, null]]);
  const chainFrom = (last: string, file: string) => {
    const chain = [last];
    for (let f: string | null = file; f; f = parent.get(f) ?? null) chain.push(path.relative(src, f));
    return chain;
  };
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.shift()!;
    for (const spec of valueImports(readFileSync(file, 'utf8'))) {
      if (!spec.startsWith('.')) {
        if (spec.startsWith(target)) return chainFrom(spec, file);
        continue;
      }
      const next = path.resolve(path.dirname(file), spec.replace(/\.js$/, '.ts'));
      if (next === path.join(src, target)) return chainFrom(target, file);
      if (!parent.has(next)) {
        parent.set(next, file);
        queue.push(next);
      }
    }
  }
  return null;
}

const commandFiles = readdirSync(path.join(src, 'cli')).filter((file) =>
  /export function build\w+Command/.test(readFileSync(path.join(src, 'cli', file), 'utf8')),
);

describe('CLI start-up', () => {
  it('loads no command and no package but commander before it knows the command', () => {
    expect(commandFiles.length).toBeGreaterThan(10);
    for (const file of commandFiles) expect(chainTo(path.join(src, 'cli/main.ts'), `cli/${file}`)).toBeNull();
    for (const name of ['arquero', 'zod', 'hyparquet', '@duckdb', '@tensorflow', 'vega'])
      expect(chainTo(path.join(src, 'cli/main.ts'), name)).toBeNull();
  });

  it('does not load TensorFlow.js before a command needs it', () => {
    for (const file of commandFiles) expect(chainTo(path.join(src, 'cli', file), '@tensorflow')).toBeNull();
  });

  it('loads the progress bar library only to draw a bar (16 ms that pipes and CI would pay for nothing)', () => {
    for (const file of commandFiles) expect(chainTo(path.join(src, 'cli', file), 'cli-progress')).toBeNull();
  });

  it('inspects a folder without loading tables or schemas, at start-up or while it reads', () => {
    for (const name of ['arquero', 'zod', 'hyparquet'])
      expect(chainTo(path.join(src, 'cli/inspect.ts'), name)).toBeNull();
    // inspect summarises the columns as read: loading arquero (0.14 s) was a tenth of inspecting a 1M-row conn.log
    for (const name of ['arquero', 'zod']) expect(chainTo(path.join(src, 'zeek/inspect.ts'), name)).toBeNull();
  });

  it('reads text logs without loading the Parquet libraries (they load with the first Parquet file)', () => {
    for (const entry of ['zeek/read-dir.ts', 'zeek/read-chunks.ts', 'zeek/inspect.ts'])
      for (const name of ['hyparquet', 'hyparquet-writer']) expect(chainTo(path.join(src, entry), name)).toBeNull();
  });

  it('builds only the command a command line names', () => {
    expect(commandsFor(['inspect', 'logs/', '--json'])).toEqual(['inspect']);
    expect(commandsFor(['--debug', 'train', '--data', 'd'])).toEqual(['train']);
    expect(commandsFor(['--version'])).toEqual([]);
    // help, no command or a mistyped one: all, so that help lists them and commander can suggest the closest
    for (const args of [['--help'], [], ['help', 'train'], ['trian'], ['--version', 'trian']])
      expect(commandsFor(args).length).toBe(commandFiles.length);
  });

  it('finds such a chain where there is one (the Detector loads TensorFlow.js)', () => {
    expect(chainTo(path.join(src, 'pipeline/detector.ts'), '@tensorflow')?.[0]).toMatch(/^@tensorflow\//);
    expect(chainTo(path.join(src, 'cli/quality.ts'), 'cli/train.ts')).toEqual(['cli/train.ts', 'cli/quality.ts']);
    expect(valueImports("import type { A } from './a.js';\nimport { type B, C } from './c.js';")).toEqual(['./c.js']);
  });
});
