#!/usr/bin/env node
// The package's command: runs the compiled CLI (built by `npm install` through the prepare script).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
if (!existsSync(main)) {
  console.error(
    'zeekseq: the compiled program (dist/cli/main.js) is missing. Run `npm install` or `npm run build` in the zeekseq folder first.',
  );
  process.exit(2);
}
const { run } = await import(main);
await run(process.argv);
