import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Temporal's native core does not survive worker threads; each test file gets a process.
    pool: 'forks',
    maxWorkers: 2,
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'ui/build/**', 'ui/.svelte-kit/**', 'data/**'],
    globalSetup: ['tests/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    teardownTimeout: 30_000,
    reporters: ['default', './tests/support/summary-reporter.ts'],
  },
});
