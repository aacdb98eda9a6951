/** Starts `temporal server start-dev` and waits until its frontend answers. */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { Connection } from '@temporalio/client';
import { onPath } from './go-tool.ts';
import { resolveTemporalCli } from './temporal-cli.ts';

/** The portal's custom search attributes, registered at start. */
export const SEARCH_ATTRIBUTES = { PorticoAccountId: 'Keyword', PorticoStatus: 'Keyword', PorticoWaitingOn: 'Keyword' } as const;

/**
 * Workflow update is on by default in the bundled server (1.29), but these are what the SDK's own
 * test server passes, so tests behave the same whichever CLI runs. The version check would phone
 * home to temporal.io on every start.
 */
const DYNAMIC_CONFIG = {
  'frontend.enableUpdateWorkflowExecution': true,
  'frontend.enableUpdateWorkflowExecutionAsyncAccepted': true,
  'frontend.enableServerVersionCheck': false,
};

const START_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 10_000;

export interface DevServerOptions {
  /** gRPC port; a free one when not given. */
  port?: number;
  /** Web UI port (with `ui`); defaults to port + 1000 when the port is given, else a free one. */
  uiPort?: number;
  /** SQLite file: state survives restarts. Without it the server keeps everything in memory. */
  dbFile?: string;
  ui?: boolean;
  /** Receives progress messages and the server's own output (warnings and errors). */
  log?: (line: string) => void;
  /** Created at start in addition to "default", which always exists. */
  namespace?: string;
  /** Extra dynamic configuration, e.g. a low `limit.historyCount.suggestContinueAsNew` in tests. */
  dynamicConfig?: Record<string, unknown>;
}

export interface DevServer {
  address: string;
  namespace: string;
  uiUrl: string | null;
  pid: number;
  port: number;
  /** The options it was started with, ports filled in: what restartTemporalDevServer reuses. */
  options: DevServerOptions & { port: number };
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

let pdeathsigSupport: boolean | undefined;
/**
 * On Linux, `setpriv --pdeathsig` makes the kernel send the server SIGTERM when we die, even by
 * SIGKILL (an 'exit' handler covers only orderly exits). setpriv execs, so the pid stays the
 * server's. util-linux before 2.33 lacks the option, hence the probe.
 */
function pdeathsigPrefix(): string[] {
  if (process.platform !== 'linux') return [];
  const setpriv = onPath('setpriv');
  if (!setpriv) return [];
  if (pdeathsigSupport === undefined) {
    try {
      execFileSync(setpriv, ['--pdeathsig', 'TERM', 'true'], { stdio: 'ignore', timeout: 5000 });
      pdeathsigSupport = true;
    } catch {
      pdeathsigSupport = false;
    }
  }
  return pdeathsigSupport ? [setpriv, '--pdeathsig', 'TERM'] : [];
}

/** The frontend is up and the namespace is ready once it lists our search attributes. */
async function ready(address: string, namespace: string): Promise<boolean> {
  let conn: Connection | undefined;
  try {
    conn = await Connection.connect({ address, connectTimeout: 2000 });
    await conn.workflowService.getSystemInfo({});
    const attrs = await conn.operatorService.listSearchAttributes({ namespace });
    return Object.keys(SEARCH_ATTRIBUTES).every((k) => k in (attrs.customAttributes ?? {}));
  } catch {
    return false;
  } finally {
    await conn?.close().catch(() => {});
  }
}

export async function startTemporalDevServer(opts: DevServerOptions = {}): Promise<DevServer> {
  const log = opts.log ?? (() => {});
  const cli = await resolveTemporalCli(log);
  const port = opts.port ?? (await freePort());
  const uiPort = opts.ui ? (opts.uiPort ?? (opts.port ? port + 1000 : await freePort())) : null;
  const namespace = opts.namespace ?? 'default';
  const address = `127.0.0.1:${port}`;

  // Otherwise the readiness check below could succeed against a server left over from an earlier
  // run while ours fails to bind.
  if (!(await portIsFree(port))) throw new Error(`cannot start the Temporal dev server: port ${port} on 127.0.0.1 is in use (an earlier dev server still running?)`);
  if (uiPort && !(await portIsFree(uiPort))) throw new Error(`cannot start the Temporal dev server: Web UI port ${uiPort} on 127.0.0.1 is in use`);

  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--log-level', 'warn'];
  if (namespace !== 'default') args.push('--namespace', namespace);
  args.push(...(uiPort ? ['--ui-port', String(uiPort)] : ['--headless']));
  let dbFile: string | undefined;
  if (opts.dbFile) {
    dbFile = resolve(opts.dbFile);
    mkdirSync(dirname(dbFile), { recursive: true });
    args.push('--db-filename', dbFile);
  }
  // Registering again on a restart with the same database is accepted (checked with v1.5.1).
  for (const [name, type] of Object.entries(SEARCH_ATTRIBUTES)) args.push('--search-attribute', `${name}=${type}`);
  for (const [key, value] of Object.entries({ ...DYNAMIC_CONFIG, ...opts.dynamicConfig })) args.push('--dynamic-config-value', `${key}=${JSON.stringify(value)}`);

  const [cmd, ...argv] = [...pdeathsigPrefix(), cli, ...args];
  const started = Date.now();
  // Not detached: it stays in our process group, so a Ctrl-C in the terminal reaches it too.
  const child = spawn(cmd!, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  let spawnError: Error | null = null;
  child.on('error', (err) => { spawnError = err; });
  let stopping = false;
  const tail: string[] = [];
  const onOutput = () => {
    let partial = '';
    return (d: Buffer) => {
      const lines = (partial + d.toString()).split('\n');
      partial = lines.pop()!;
      for (const line of lines) {
        if (!line.trim()) continue;
        tail.push(line);
        if (tail.length > 40) tail.shift();
        // Shutting down, the server logs a burst of "connection refused" warnings from its own
        // internal clients; they mean nothing.
        if (!stopping) log(`temporal: ${line}`);
      }
    };
  };
  child.stdout.on('data', onOutput());
  child.stderr.on('data', onOutput());
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const hasExited = () => child.exitCode !== null || child.signalCode !== null;

  const stop = async () => {
    stopping = true;
    process.removeListener('exit', onParentExit);
    if (hasExited() || spawnError) return;
    const killer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    child.kill('SIGTERM');
    await exited;
    clearTimeout(killer);
  };
  // SIGTERM rather than SIGKILL lets it close the SQLite file cleanly after we are gone.
  const onParentExit = () => { child.kill('SIGTERM'); };
  process.on('exit', onParentExit);

  const fail = async (why: string) => {
    await stop();
    return new Error(`Temporal dev server (${cmd} ${argv.join(' ')}) ${why}. Its last output:\n${tail.join('\n') || '(none)'}`);
  };
  for (;;) {
    if (spawnError) throw await fail(`could not be started: ${(spawnError as Error).message}`);
    if (hasExited()) throw await fail(`exited with ${child.signalCode ?? child.exitCode} during startup`);
    if (await ready(address, namespace)) break;
    if (Date.now() - started > START_TIMEOUT_MS) throw await fail(`did not answer on ${address} within ${START_TIMEOUT_MS / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
  log(`Temporal dev server ready on ${address} in ${((Date.now() - started) / 1000).toFixed(1)} s${dbFile ? ` (state in ${dbFile})` : ''}`);

  return {
    address,
    namespace,
    port,
    pid: child.pid!,
    uiUrl: uiPort ? `http://127.0.0.1:${uiPort}` : null,
    options: { ...opts, port, ...(uiPort ? { uiPort } : {}), ...(dbFile ? { dbFile } : {}) },
    stop,
  };
}

/**
 * Stops the server and starts it again on the same ports and database file (which is what makes
 * state survive: without `dbFile` the new server starts empty). `overrides` adjust the options.
 */
export async function restartTemporalDevServer(server: DevServer, overrides: DevServerOptions = {}): Promise<DevServer> {
  await server.stop();
  return startTemporalDevServer({ ...server.options, ...overrides });
}
