import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './processes.ts';

function newest(dir: string): number {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'build' || entry.name === '.svelte-kit' || entry.name.endsWith('.test.ts')) continue;
    const p = join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** Builds the UI into ui/build unless the build is newer than every UI source file. */
export async function buildUiIfStale(root: string, log: (m: string) => void): Promise<void> {
  const index = join(root, 'ui/build/index.html');
  if (existsSync(index) && statSync(index).mtimeMs >= newest(join(root, 'ui'))) return;
  log('building the UI…');
  // SvelteKit takes the working directory as the project root, so the build runs inside ui/.
  await run(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: join(root, 'ui') });
}
