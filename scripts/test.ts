// `npm test`: every test on a fresh clone. Type-checks and lints, builds the UI the end-to-end tests
// drive, provides the Temporal CLI (built once into the user's cache), then runs Vitest: unit,
// integration (real PostgreSQL and Temporal dev server, started by the tests) and end-to-end.
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { run } from './lib/processes.ts';
import { resolveTemporalCli } from './lib/temporal-cli.ts';
import { resolveStripeMock } from './lib/stripe-mock.ts';
import { buildUiIfStale } from './lib/ui-build.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const log = (m: string) => console.log(`[test] ${m}`);
const bin = (name: string) => join(ROOT, 'node_modules/.bin', name);
const step = async (name: string, fn: () => Promise<void>) => {
  const t = Date.now();
  log(`${name}…`);
  await fn();
  log(`${name}: ok (${((Date.now() - t) / 1000).toFixed(1)} s)`);
};

try {
  await step('typecheck', () => run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: ROOT }));
  await step('lint', () => run(bin('eslint'), ['.'], { cwd: ROOT }));
  // The build also generates SvelteKit's types, which svelte-check reads.
  await step('build UI', () => buildUiIfStale(ROOT, log));
  await step('svelte-check', () => run(bin('svelte-check'), ['--tsconfig', 'ui/tsconfig.json', '--fail-on-warnings', '--output', 'human'], { cwd: ROOT }));
  await step('Temporal CLI', async () => { log(`using ${await resolveTemporalCli(log)}`); });
  await step('stripe-mock', async () => { log(`using ${await resolveStripeMock(log)}`); });
  await run(bin('vitest'), ['run', ...process.argv.slice(2)], { cwd: ROOT });
} catch (err) {
  console.error(`[test] ${(err as Error).message}`);
  process.exit(1);
}
