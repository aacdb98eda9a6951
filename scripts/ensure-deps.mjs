// First step of `npm start`, `npm test` and `npm run bench`. It runs on whatever Node the machine has
// (a fresh clone has no node_modules yet, so the pinned Node 24 is not installed), so it is plain ESM
// JavaScript with no dependencies. It installs the locked dependencies when they are missing or stale;
// every later script then runs on the pinned Node 24 from node_modules/.bin.
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const lock = join(root, 'package-lock.json');
const installed = join(root, 'node_modules', '.package-lock.json');
const pinnedNode = join(root, 'node_modules', '.bin', 'node');

const stale = !existsSync(installed) || !existsSync(pinnedNode) || statSync(lock).mtimeMs > statSync(installed).mtimeMs;
if (stale) {
  console.log('[portico] installing dependencies (npm ci)…');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
}
