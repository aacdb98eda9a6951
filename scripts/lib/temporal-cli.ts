/**
 * Provides the Temporal CLI (which runs the dev server), trying in this order:
 *  1. `TEMPORAL_CLI`;
 *  2. `temporal` on PATH;
 *  3. a copy made earlier into the user's cache folder — outside the clone, so fresh clones and CI
 *     reuse it — either built with Go or fetched by the SDK's download;
 *  4. a build with `go install` at a pinned version (later tags of the CLI carry a `replace`
 *     directive, which `go install pkg@version` refuses, hence v1.5.1);
 *  5. the dev-server download built into the Temporal SDK (`@temporalio/worker`'s native core,
 *     which fetches a release binary from temporal.download).
 *
 * Run as a script with `--sdk-download <dir>` it performs step 5 in its own process (see below).
 */
import { execFileSync, spawn } from 'node:child_process';
import { accessSync, closeSync, constants, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const TEMPORAL_CLI_VERSION = '1.5.1';
export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal';

type Log = (msg: string) => void;

function cacheRoot(): string {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'portico');
}

/** Where `go install` puts the CLI. */
export function cliCacheDir(): string {
  return join(cacheRoot(), `temporal-cli-${TEMPORAL_CLI_VERSION}`);
}

/** Where the SDK's download puts the CLI (its version is whatever the SDK release asks for). */
function sdkDownloadDir(): string {
  return join(cacheRoot(), 'temporal-cli-sdk');
}

function sdkVersion(): string {
  // Resolved from @temporalio/worker so the version matches the native core that does the download.
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('@temporalio/worker/package.json');
  return (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
}

function sdkDownloadedBinary(): string {
  // The file name the SDK core gives a download of version "default" (prefix-sdkName-sdkVersion).
  return join(sdkDownloadDir(), `temporal-sdk-typescript-${sdkVersion()}${process.platform === 'win32' ? '.exe' : ''}`);
}

function works(bin: string): boolean {
  try {
    execFileSync(bin, ['--version'], { stdio: 'ignore', timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
}

export function onPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, name);
    try {
      accessSync(p, constants.X_OK);
      if (statSync(p).isFile()) return p;
    } catch {
      /* not here */
    }
  }
  return null;
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
 * Takes `lock` (created exclusively, holding our pid). While another live process holds it, waits
 * and returns false if `done()` becomes true meanwhile (the other process finished the job).
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
      log(`another process (pid ${holder || '?'}) is already providing the Temporal CLI; waiting for it…`);
      announced = true;
    }
    await sleep(2000);
  }
}

/** Builds the CLI into the cache folder: into a temporary folder, then renamed into place. */
async function buildWithGo(go: string, log: Log): Promise<string> {
  const dir = cliCacheDir();
  const target = join(dir, 'temporal');
  mkdirSync(dir, { recursive: true });
  const lock = join(dir, '.build.lock');
  if (!(await acquireLock(lock, () => works(target), log))) return target;
  const tmp = join(dir, `.build-${process.pid}`);
  try {
    if (works(target)) return target;
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    log(`building the Temporal CLI v${TEMPORAL_CLI_VERSION} with ${go} into ${dir} (once; a cold build takes several minutes)…`);
    const started = Date.now();
    let packages = 0;
    let tail = '';
    await new Promise<void>((resolve, reject) => {
      // -v lists each package as it compiles, which gives a progress count.
      const child = spawn(go, ['install', '-v', `${TEMPORAL_CLI_MODULE}@v${TEMPORAL_CLI_VERSION}`], {
        env: { ...process.env, GOBIN: tmp },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const onData = (d: Buffer) => {
        const s = d.toString();
        tail = (tail + s).slice(-4000);
        packages += s.split('\n').filter((l) => l && !l.startsWith('go: ')).length;
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      const ticker = setInterval(() => log(`  still building the Temporal CLI: ${Math.round((Date.now() - started) / 1000)} s, ${packages} packages compiled`), 20_000);
      child.on('error', (err) => { clearInterval(ticker); reject(err); });
      child.on('exit', (code, signal) => {
        clearInterval(ticker);
        if (code === 0) resolve();
        else reject(new Error(`go install exited with ${signal ?? code}:\n${tail}`));
      });
    });
    renameSync(join(tmp, 'temporal'), target);
    if (!works(target)) throw new Error(`the built ${target} does not run`);
    log(`built the Temporal CLI in ${Math.round((Date.now() - started) / 1000)} s: ${target}`);
    return target;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
    rmSync(lock, { force: true });
  }
}

/**
 * Fetches the CLI with the SDK's dev-server download. That download only happens as part of
 * starting a dev server through the SDK's native core, so this starts one and stops it again. It
 * runs in a child process: the SDK runtime it needs installs signal handlers and native threads the
 * caller (e.g. `npm start`) should not inherit.
 */
async function downloadWithSdk(log: Log): Promise<string> {
  const target = sdkDownloadedBinary();
  log('fetching the Temporal CLI with the Temporal SDK\'s dev-server download (temporal.download)…');
  let tail = '';
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--sdk-download', sdkDownloadDir()], { stdio: ['ignore', 'pipe', 'pipe'] });
    const onData = (d: Buffer) => { tail = (tail + d.toString()).slice(-4000); };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const timer = setTimeout(() => child.kill('SIGKILL'), 10 * 60_000);
    child.on('error', (err) => { clearTimeout(timer); reject(err); });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`exited with ${signal ?? code}: ${tail.trim().split('\n').slice(-5).join(' | ')}`));
    });
  });
  if (!works(target)) throw new Error(`the SDK reported success but ${target} does not run`);
  log(`fetched the Temporal CLI: ${target}`);
  return target;
}

/** Child-process side of downloadWithSdk. */
async function sdkDownloadMain(dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const { Runtime } = await import('@temporalio/worker');
  const runtime = Runtime.instance();
  const server = await runtime.createEphemeralServer({
    type: 'dev-server',
    exe: {
      type: 'cached-download',
      downloadDir: dir,
      version: 'default',
      // The core deletes a download older than this and fetches again; we pin what we have.
      ttl: 10 * 365 * 24 * 3600_000,
      sdkName: 'sdk-typescript',
      sdkVersion: sdkVersion(),
    },
    namespace: 'default',
    ip: '127.0.0.1',
    port: null,
    uiPort: null,
    dbFilename: null,
    ui: false,
    log: { format: 'pretty', level: 'error' },
    extraArgs: [],
  });
  await runtime.shutdownEphemeralServer(server);
}

/** The path of a working `temporal` binary; builds or downloads it once when none is available. */
export async function resolveTemporalCli(log: Log = () => {}): Promise<string> {
  const fromEnv = process.env.TEMPORAL_CLI;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`TEMPORAL_CLI=${fromEnv} does not exist`);
    if (!works(fromEnv)) throw new Error(`TEMPORAL_CLI=${fromEnv} does not run (\`${fromEnv} --version\` failed)`);
    return fromEnv;
  }
  const tried: string[] = ['TEMPORAL_CLI (unset)'];

  const path = onPath('temporal');
  if (path && works(path)) return path;
  tried.push(path ? `${path} on PATH (does not run)` : '`temporal` on PATH (none)');

  const built = join(cliCacheDir(), 'temporal');
  if (works(built)) return built;
  tried.push(`${built} (none)`);
  const downloaded = sdkDownloadedBinary();
  if (works(downloaded)) return downloaded;
  tried.push(`${downloaded} (none)`);

  const go = findGo();
  if (go) {
    try {
      return await buildWithGo(go, log);
    } catch (err) {
      log(`building the Temporal CLI with Go failed: ${(err as Error).message}`);
      tried.push(`go install ${TEMPORAL_CLI_MODULE}@v${TEMPORAL_CLI_VERSION} (failed: ${(err as Error).message.split('\n')[0]})`);
    }
  } else {
    tried.push('go install (no Go toolchain on PATH or in /usr/local/go)');
  }

  try {
    return await downloadWithSdk(log);
  } catch (err) {
    tried.push(`the Temporal SDK's dev-server download into ${sdkDownloadDir()} (failed: ${(err as Error).message})`);
  }
  throw new Error(
    `No Temporal CLI available. Tried: ${tried.join('; ')}. ` +
      'Install the Temporal CLI (https://docs.temporal.io/cli) and put it on PATH, set TEMPORAL_CLI to a temporal binary, or install Go.',
  );
}

if (import.meta.main && process.argv[2] === '--sdk-download' && process.argv[3]) {
  try {
    await sdkDownloadMain(process.argv[3]);
    process.exit(0);
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
}
