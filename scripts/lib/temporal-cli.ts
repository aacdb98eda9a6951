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
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheRoot, findGo, goInstall, onPath, runs, type Log } from './go-tool.ts';

export const TEMPORAL_CLI_VERSION = '1.5.1';
export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal';

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

const works = (bin: string): boolean => runs(bin, '--version');

/** Builds the CLI into the cache folder, once. */
const buildWithGo = (go: string, log: Log): Promise<string> =>
  goInstall(go, { what: 'the Temporal CLI', module: TEMPORAL_CLI_MODULE, version: TEMPORAL_CLI_VERSION, dir: cliCacheDir(), binary: 'temporal', versionFlag: '--version' }, log);

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
