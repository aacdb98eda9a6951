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
    // Workflow code is replayed: it must be deterministic and free of I/O. It imports
    // @temporalio/workflow, @temporalio/common and its own directory; from anywhere else, types only.
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
          {
            // Anything else that is neither Temporal's workflow packages, a Node built-in (named above)
            // nor a file of workflows/ itself: types only.
            regex: `^(?!\\./|@temporalio/(workflow|common)$|(node:)?(${NODE_BUILTINS.join('|')})$|pdf-lib$|pg$|@temporalio/(client|activity)$|@mikro-orm/)`,
            allowTypeImports: true,
            message: 'Workflows may import only types from outside workflows/ (activities, domain, db, the API: use proxyActivities).',
          },
        ],
      }],
      'no-restricted-syntax': ['error', { selector: 'ImportExpression', message: 'Workflows load no code at run time (not deterministic).' }],
      'no-restricted-globals': ['error',
        { name: 'setInterval', message: 'Use sleep() or condition() in workflows.' },
        { name: 'fetch', message: 'Network calls belong in activities.' },
        { name: 'process', message: 'Workflows must not read the process environment.' }],
    },
  },
  // ARCHITECTURE.md, "Folders": who may import what. One entry per folder (a later entry for the
  // same files would replace these options, not add to them); dynamic import() is checked too.
  ...importTable({
    files: ['web-api/**/*.ts'],
    forbidden: ['activities', 'worker'],
    message: 'The API never imports activities/ or worker/: code both need lives in domain/.',
  }),
  ...importTable({
    files: ['domain/**/*.ts'],
    forbidden: ['web-api', 'activities', 'worker', 'ui'],
    typesOnly: ['workflows'],
    message: 'domain/ is used by the API and the activities and imports neither (nor the worker or the UI); from workflows/, types only.',
  }),
  ...importTable({
    files: ['db/**/*.ts'],
    forbidden: ['web-api', 'activities', 'worker', 'ui'],
    message: 'db/ is used by every process and imports none of them.',
  }),
);

/**
 * One folder's row of the import table: static imports and re-exports of `forbidden` folders (and
 * value imports of `typesOnly` ones) fail `no-restricted-imports`; `import('…')` of either fails
 * `no-restricted-syntax`.
 */
function importTable({ files, forbidden, typesOnly = [], message }) {
  const globs = (dirs) => dirs.flatMap((d) => [`${d}/**`, `**/${d}/**`]);
  const patterns = [{ group: globs(forbidden), message }];
  if (typesOnly.length) patterns.push({ group: globs(typesOnly), allowTypeImports: true, message });
  const dynamic = [...forbidden, ...typesOnly].join('|');
  return [{
    files,
    rules: {
      'no-restricted-imports': ['error', { patterns }],
      'no-restricted-syntax': ['error', { selector: `ImportExpression[source.value=/(^|\\/)(${dynamic})\\//]`, message }],
    },
  }];
}
