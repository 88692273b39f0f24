import os from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Real-data tests read tens of MB of logs on a 2-core machine.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // commands run in tests are tracked runs: record them outside the project
    env: { ZEEKSEQ_RUNS_DIR: path.join(os.tmpdir(), `zeekseq-test-runs-${process.pid}`) },
  },
});
