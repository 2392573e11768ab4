import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    pool: 'forks',
    // Generous: E2E steps and command-line runs are slow on a loaded 2-core machine; a hang still fails.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // E2E files each start a browser; two cores run two at a time.
    maxWorkers: 2,
  },
});
