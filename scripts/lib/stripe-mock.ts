/**
 * Provides stripe-mock, Stripe's own mock of its API (it validates each request against Stripe's
 * OpenAPI spec and answers with fixture objects), for the payment tests. Tries in this order:
 *  1. `STRIPE_MOCK`, a path to the binary;
 *  2. `stripe-mock` on PATH;
 *  3. a copy built earlier into the user's cache folder, outside the clone so fresh clones and CI
 *     reuse it;
 *  4. a build with `go install` at a pinned version into that folder (a lock keeps parallel test
 *     processes from building it twice).
 *
 * Run as a script (`node scripts/lib/stripe-mock.ts`) it does the same and prints the path.
 */
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { onPath } from './temporal-cli.ts';

export const STRIPE_MOCK_VERSION = '0.203.0';
export const STRIPE_MOCK_MODULE = 'github.com/stripe/stripe-mock';

type Log = (msg: string) => void;

/** Where `go install` puts stripe-mock. */
export function stripeMockCacheDir(): string {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'portico', `stripe-mock-${STRIPE_MOCK_VERSION}`);
}

function works(bin: string): boolean {
  try {
    execFileSync(bin, ['-version'], { stdio: 'ignore', timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
}

function findGo(): string | null {
  // The official tarball installs to /usr/local/go, which non-login shells often lack on PATH.
  return onPath('go') ?? (existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : null);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes `lock` (created exclusively, holding our pid). While another live process holds it, waits;
 * returns false if `done()` becomes true meanwhile (the other process finished the build).
 */
async function acquireLock(lock: string, done: () => boolean, log: Log): Promise<boolean> {
  let announced = false;
  for (;;) {
    try {
      const fd = openSync(lock, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    if (done()) return false;
    let holder = NaN;
    try {
      holder = Number(readFileSync(lock, 'utf8'));
    } catch {
      continue; // released between our open and read
    }
    // A holder that crashed leaves its lock behind; an empty lock is one being written right now.
    if (holder && !pidAlive(holder)) {
      rmSync(lock, { force: true });
      continue;
    }
    if (!announced) {
      log(`another process (pid ${holder || '?'}) is already building stripe-mock; waiting for it…`);
      announced = true;
    }
    await sleep(1000);
  }
}

/** Builds stripe-mock into the cache folder: into a temporary folder, then renamed into place. */
async function buildWithGo(go: string, log: Log): Promise<string> {
  const dir = stripeMockCacheDir();
  const target = join(dir, 'stripe-mock');
  mkdirSync(dir, { recursive: true });
  const lock = join(dir, '.build.lock');
  if (!(await acquireLock(lock, () => works(target), log))) return target;
  const tmp = join(dir, `.build-${process.pid}`);
  try {
    if (works(target)) return target;
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    log(`building stripe-mock v${STRIPE_MOCK_VERSION} with ${go} into ${dir} (once)…`);
    const started = Date.now();
    let tail = '';
    await new Promise<void>((resolve, reject) => {
      const child = spawn(go, ['install', `${STRIPE_MOCK_MODULE}@v${STRIPE_MOCK_VERSION}`], {
        env: { ...process.env, GOBIN: tmp },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const onData = (d: Buffer) => { tail = (tail + d.toString()).slice(-4000); };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      const timer = setTimeout(() => child.kill('SIGKILL'), 9 * 60_000);
      child.on('error', (err) => { clearTimeout(timer); reject(err); });
      child.on('exit', (code, signal) => {
        clearTimeout(timer);
        if (code === 0) resolve();
        else reject(new Error(`go install exited with ${signal ?? code}:\n${tail}`));
      });
    });
    renameSync(join(tmp, 'stripe-mock'), target);
    if (!works(target)) throw new Error(`the built ${target} does not run`);
    log(`built stripe-mock in ${Math.round((Date.now() - started) / 1000)} s: ${target}`);
    return target;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
    rmSync(lock, { force: true });
  }
}

/** The path of a working `stripe-mock` binary; builds it once when none is available. */
export async function resolveStripeMock(log: Log = () => {}): Promise<string> {
  const fromEnv = process.env.STRIPE_MOCK;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`STRIPE_MOCK=${fromEnv} does not exist`);
    if (!works(fromEnv)) throw new Error(`STRIPE_MOCK=${fromEnv} does not run (\`${fromEnv} -version\` failed)`);
    return fromEnv;
  }
  const tried: string[] = ['STRIPE_MOCK (unset)'];

  const path = onPath('stripe-mock');
  if (path && works(path)) return path;
  tried.push(path ? `${path} on PATH (does not run)` : '`stripe-mock` on PATH (none)');

  const built = join(stripeMockCacheDir(), 'stripe-mock');
  if (works(built)) return built;
  tried.push(`${built} (none)`);

  const go = findGo();
  if (go) {
    try {
      return await buildWithGo(go, log);
    } catch (err) {
      tried.push(`go install ${STRIPE_MOCK_MODULE}@v${STRIPE_MOCK_VERSION} (failed: ${(err as Error).message})`);
    }
  } else {
    tried.push('go install (no Go toolchain on PATH or in /usr/local/go)');
  }
  throw new Error(
    `No stripe-mock available. Tried: ${tried.join('; ')}. ` +
      `Install Go (https://go.dev/dl/) so it can be built, or build it yourself with \`go install ${STRIPE_MOCK_MODULE}@v${STRIPE_MOCK_VERSION}\` and set STRIPE_MOCK to the binary.`,
  );
}

if (import.meta.main) {
  try {
    console.log(await resolveStripeMock((m) => console.error(`[stripe-mock] ${m}`)));
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
}
