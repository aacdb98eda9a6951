/** Starts `temporal server start-dev` and waits until its frontend answers. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname } from 'node:path';
import { Connection } from '@temporalio/client';
import { resolveTemporalCli } from './temporal-cli.ts';

/** The portal's custom search attributes, registered at start. */
export const SEARCH_ATTRIBUTES = { PorticoAccountId: 'Keyword', PorticoStatus: 'Keyword', PorticoWaitingOn: 'Keyword' } as const;

export interface DevServer {
  address: string;
  namespace: string;
  uiUrl: string | null;
  pid: number;
  stop(): Promise<void>;
}

export interface DevServerOptions {
  port?: number;
  uiPort?: number;
  /** SQLite file: state survives restarts. Without it the server keeps everything in memory. */
  dbFile?: string;
  ui?: boolean;
  log?: (line: string) => void;
  namespace?: string;
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

export async function startTemporalDevServer(opts: DevServerOptions = {}): Promise<DevServer> {
  const cli = await resolveTemporalCli(opts.log);
  const port = opts.port ?? (await freePort());
  const uiPort = opts.ui ? (opts.uiPort ?? port + 1000) : null;
  const namespace = opts.namespace ?? 'default';
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--log-level', 'error', '--namespace', namespace];
  args.push(...(uiPort ? ['--ui-port', String(uiPort)] : ['--headless']));
  if (opts.dbFile) {
    mkdirSync(dirname(opts.dbFile), { recursive: true });
    args.push('--db-filename', opts.dbFile);
  }
  for (const [name, type] of Object.entries(SEARCH_ATTRIBUTES)) args.push('--search-attribute', `${name}=${type}`);
  const child: ChildProcess = spawn(cli, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => { output = (output + d.toString()).slice(-8000); });
  child.stderr!.on('data', (d: Buffer) => { output = (output + d.toString()).slice(-8000); });
  const address = `127.0.0.1:${port}`;

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.once('exit', () => { clearTimeout(t); resolve(); });
      child.kill('SIGTERM');
    });
  };
  // Do not leave a server behind if this process exits without stopping it.
  const onExit = () => child.kill('SIGKILL');
  process.once('exit', onExit);

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`temporal server start-dev exited with ${child.exitCode}:\n${output}`);
    try {
      const conn = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await conn.workflowService.getSystemInfo({});
        // Registered search attributes show that the namespace is fully up.
        const attrs = await conn.operatorService.listSearchAttributes({ namespace });
        if (Object.keys(SEARCH_ATTRIBUTES).every((k) => k in (attrs.customAttributes ?? {}))) break;
      } finally {
        await conn.close();
      }
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`Temporal dev server did not answer on ${address} within 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    address, namespace, pid: child.pid!,
    uiUrl: uiPort ? `http://localhost:${uiPort}` : null,
    async stop() {
      process.removeListener('exit', onExit);
      await stop();
    },
  };
}
