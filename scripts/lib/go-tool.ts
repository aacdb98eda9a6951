/**
 * Tools the project builds from the Go module proxy (the Temporal CLI, stripe-mock): found on PATH,
 * or built once with `go install` into the user's cache folder, outside the clone, so fresh clones
 * and CI reuse them. A lock file keeps parallel processes (test workers, `npm start` beside
 * `npm test`) from building the same tool twice.
 */
import { execFileSync, spawn } from 'node:child_process';
import { accessSync, closeSync, constants, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

export type Log = (msg: string) => void;

/** `<cache>/portico`, where the built tools are kept. */
export function cacheRoot(): string {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'portico');
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

/** Whether `bin` runs and answers its version flag. */
export function runs(bin: string, versionFlag: string): boolean {
  try {
    execFileSync(bin, [versionFlag], { stdio: 'ignore', timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
}

export function findGo(): string | null {
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
export async function acquireLock(lock: string, done: () => boolean, log: Log, what: string): Promise<boolean> {
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
      log(`another process (pid ${holder || '?'}) is already providing ${what}; waiting for it…`);
      announced = true;
    }
    await sleep(1000);
  }
}

export interface GoTool {
  /** How the log names it, e.g. "the Temporal CLI". */
  what: string;
  /** The package to install, e.g. github.com/stripe/stripe-mock. */
  module: string;
  /** Without the leading "v". */
  version: string;
  /** The folder it is built into; the binary is `dir/binary`. */
  dir: string;
  binary: string;
  versionFlag: string;
}

/** Builds a tool into its cache folder: into a temporary folder, then renamed into place. */
export async function goInstall(go: string, tool: GoTool, log: Log): Promise<string> {
  const target = join(tool.dir, tool.binary);
  mkdirSync(tool.dir, { recursive: true });
  const lock = join(tool.dir, '.build.lock');
  if (!(await acquireLock(lock, () => runs(target, tool.versionFlag), log, tool.what))) return target;
  const tmp = join(tool.dir, `.build-${process.pid}`);
  try {
    if (runs(target, tool.versionFlag)) return target;
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    log(`building ${tool.what} v${tool.version} with ${go} into ${tool.dir} (once; a cold build can take several minutes)…`);
    const started = Date.now();
    let packages = 0;
    let tail = '';
    await new Promise<void>((resolve, reject) => {
      // -v lists each package as it compiles, which gives a progress count.
      const child = spawn(go, ['install', '-v', `${tool.module}@v${tool.version}`], {
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
      const ticker = setInterval(() => log(`  still building ${tool.what}: ${Math.round((Date.now() - started) / 1000)} s, ${packages} packages compiled`), 20_000);
      const timer = setTimeout(() => child.kill('SIGKILL'), 15 * 60_000);
      const stop = () => { clearInterval(ticker); clearTimeout(timer); };
      child.on('error', (err) => { stop(); reject(err); });
      child.on('exit', (code, signal) => {
        stop();
        if (code === 0) resolve();
        else reject(new Error(`go install exited with ${signal ?? code}:\n${tail}`));
      });
    });
    renameSync(join(tmp, tool.binary), target);
    if (!runs(target, tool.versionFlag)) throw new Error(`the built ${target} does not run`);
    log(`built ${tool.what} in ${Math.round((Date.now() - started) / 1000)} s: ${target}`);
    return target;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
    rmSync(lock, { force: true });
  }
}
