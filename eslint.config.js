// Lint: type-aware TypeScript rules everywhere, and determinism rules for workflow code.
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = ['assert', 'buffer', 'child_process', 'cluster', 'crypto', 'dgram', 'dns', 'events', 'fs', 'fs/promises', 'http', 'http2', 'https', 'net', 'os', 'path', 'perf_hooks', 'process', 'readline', 'stream', 'timers', 'tls', 'url', 'util', 'v8', 'vm', 'worker_threads', 'zlib'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'ui/**', 'data/**', 'db/migrations/**', 'coverage/**', 'test-results/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    // Workflow code is replayed: it must be deterministic and free of I/O.
    files: ['workflows/**/*.ts'],
    ignores: ['workflows/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          ...NODE_BUILTINS.flatMap((m) => [{ name: m, message: 'Workflows must not use Node built-ins (not deterministic).' }, { name: `node:${m}`, message: 'Workflows must not use Node built-ins (not deterministic).' }]),
          { name: 'pdf-lib', message: 'PDF work belongs in activities.' },
          { name: 'pg', message: 'Database access belongs in activities.' },
          { name: '@temporalio/client', message: 'Workflows talk to Temporal through @temporalio/workflow.' },
          { name: '@temporalio/activity', message: 'Activity code belongs in activities/.' },
        ],
        patterns: [
          { group: ['@mikro-orm/*'], message: 'The ORM belongs in activities.' },
          { group: ['**/activities/**', '**/db/**', '**/web-api/**'], allowTypeImports: true, message: 'Workflows may import only types from activities, db or the API (use proxyActivities).' },
        ],
      }],
      'no-restricted-globals': ['error',
        { name: 'setInterval', message: 'Use sleep() or condition() in workflows.' },
        { name: 'fetch', message: 'Network calls belong in activities.' },
        { name: 'process', message: 'Workflows must not read the process environment.' }],
    },
  },
);
