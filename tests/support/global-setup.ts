/**
 * Starts what every integration and end-to-end test talks to: a migrated PostgreSQL database of
 * the run's own, a Temporal dev server on a free port, and the worker as its own process.
 * All are torn down at the end; the database is dropped.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { createTestDatabase } from './db.ts';
import { startTemporalDevServer } from '../../scripts/lib/temporal-dev-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    temporalAddress: string;
    taskQueue: string;
    /** The file storage folder the run's worker uses (tests whose files the worker reads share it). */
    filesDir: string;
  }
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export async function waitForWorker(child: ChildProcess, output: () => string, timeoutMs = 120_000): Promise<void> {
  const started = Date.now();
  while (!output().includes('worker started')) {
    if (child.exitCode !== null) throw new Error(`worker exited with ${child.exitCode}:\n${output().slice(-4000)}`);
    if (Date.now() - started > timeoutMs) throw new Error(`worker did not start in ${timeoutMs} ms:\n${output().slice(-4000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function spawnWorker(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  let out = '';
  const child = spawn(process.execPath, ['worker/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'info', NODE_ENV: 'test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { out += d.toString(); });
  return { child, output: () => out };
}

export default async function setup(project: TestProject) {
  const db = await createTestDatabase('run');
  const temporal = await startTemporalDevServer({ ui: false });
  const taskQueue = `portico-test-${process.pid}`;
  const filesDir = mkdtempSync(join(tmpdir(), 'portico-run-files-'));
  const worker = spawnWorker({ DATABASE_URL: db.url, TEMPORAL_ADDRESS: temporal.address, TEMPORAL_TASK_QUEUE: taskQueue, PORTICO_FILES_DIR: filesDir });
  await waitForWorker(worker.child, worker.output);

  project.provide('databaseUrl', db.url);
  project.provide('temporalAddress', temporal.address);
  project.provide('taskQueue', taskQueue);
  project.provide('filesDir', filesDir);

  return async () => {
    worker.child.kill('SIGTERM');
    await new Promise((r) => { if (worker.child.exitCode !== null) r(null); else worker.child.once('exit', r); });
    await temporal.stop();
    await db.drop();
    rmSync(filesDir, { recursive: true, force: true });
  };
}
