/**
 * Provides the Temporal CLI (which runs the dev server), in this order:
 * `TEMPORAL_CLI`; `temporal` on PATH; a copy built earlier into the user's cache folder (outside
 * the clone, so fresh clones and CI reuse it); a build with `go install` from the Go module proxy
 * at a pinned version. Later tags of the CLI carry a `replace` directive that `go install` refuses,
 * hence v1.5.1.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, openSync, closeSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

export const TEMPORAL_CLI_VERSION = 'v1.5.1';
export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal';

export function cliCacheDir(): string {
  const cache = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(cache, 'portico', `temporal-cli-${TEMPORAL_CLI_VERSION.slice(1)}`);
}

function works(bin: string): boolean {
  try {
    execFileSync(bin, ['--version'], { stdio: 'ignore', timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const p = join(dir, name);
    if (dir && existsSync(p)) return p;
  }
  return null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Builds the CLI into the cache folder; a lock file keeps concurrent callers from building twice. */
async function buildWithGo(dir: string, log: (m: string) => void): Promise<string> {
  const target = join(dir, 'temporal');
  const go = process.env.GO ?? onPath('go') ?? (existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : null);
  if (!go) throw new Error('no Go toolchain found');
  mkdirSync(dir, { recursive: true });
  const lock = join(dir, '.build.lock');
  for (;;) {
    try {
      closeSync(openSync(lock, 'wx'));
      break;
    } catch {
      // Someone else is building: wait for them (a lock older than 30 minutes is stale).
      if (existsSync(target) && works(target)) return target;
      if (Date.now() - statSync(lock, { throwIfNoEntry: false })!.mtimeMs > 30 * 60_000) rmSync(lock, { force: true });
      await sleep(2000);
    }
  }
  try {
    if (existsSync(target) && works(target)) return target;
    const tmp = join(dir, `.build-${process.pid}`);
    mkdirSync(tmp, { recursive: true });
    log(`building the Temporal CLI ${TEMPORAL_CLI_VERSION} with Go (once; a cold build takes several minutes)…`);
    await new Promise<void>((resolve, reject) => {
      const child = spawn(go, ['install', `${TEMPORAL_CLI_MODULE}@${TEMPORAL_CLI_VERSION}`], {
        env: { ...process.env, GOBIN: tmp, GOFLAGS: '-mod=mod' },
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`go install exited with ${code}`))));
    });
    renameSync(join(tmp, 'temporal'), target);
    rmSync(tmp, { recursive: true, force: true });
    return target;
  } finally {
    rmSync(lock, { force: true });
  }
}

/** The path of a working `temporal` binary; builds it once when none is available. */
export async function resolveTemporalCli(log: (m: string) => void = () => {}): Promise<string> {
  const fromEnv = process.env.TEMPORAL_CLI;
  if (fromEnv) {
    if (!works(fromEnv)) throw new Error(`TEMPORAL_CLI=${fromEnv} does not run`);
    return fromEnv;
  }
  const path = onPath('temporal');
  if (path && works(path)) return path;
  const dir = cliCacheDir();
  const cached = join(dir, 'temporal');
  if (existsSync(cached) && works(cached)) return cached;
  const tried: string[] = ['TEMPORAL_CLI (unset)', 'temporal on PATH (none)', `${cached} (none)`];
  try {
    return await buildWithGo(dir, log);
  } catch (err) {
    tried.push(`go install ${TEMPORAL_CLI_MODULE}@${TEMPORAL_CLI_VERSION} (${(err as Error).message})`);
  }
  throw new Error(`No Temporal CLI available. Tried: ${tried.join('; ')}. Install Go or set TEMPORAL_CLI to a temporal binary.`);
}
