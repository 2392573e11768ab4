import { defineConfig } from 'vitest/config';

// Three projects, so one layer's tests run alone: npm run test:unit, test:integration, test:e2e.
// npm test runs them all.
export default defineConfig({
  test: {
    pool: 'forks',
    // Generous: E2E steps and command-line runs are slow on a loaded 2-core machine; a hang still fails.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // E2E files each start a browser; two cores run two at a time.
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] } },
      { extends: true, test: { name: 'integration', include: ['tests/integration/**/*.test.ts'] } },
      { extends: true, test: { name: 'e2e', include: ['tests/e2e/**/*.test.ts'] } },
    ],
  },
});
