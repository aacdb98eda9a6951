// `npm start`: the whole portal on one machine. Creates and migrates the database, starts the
// Temporal dev server (state in data/), builds the UI, runs the worker and the API under a
// supervisor, seeds the demo data once and prints where to sign in. `--dev` adds hot reload.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DEFAULT_DATABASE_URL, ensureDatabase, initORM, migrate } from '../db/orm.ts';
import { resolveTemporalCli } from './lib/temporal-cli.ts';
import { startTemporalDevServer, type DevServer } from './lib/temporal-dev-server.ts';
import { supervise, type Supervised } from './lib/processes.ts';
import { buildUiIfStale } from './lib/ui-build.ts';
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from './lib/seed-demo.ts';
import { createFileStorage, readStorageSettings } from '../db/files/create-storage.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const dev = process.argv.includes('--dev');
const t0 = Date.now();
const log = (m: string) => console.log(`\x1b[36mportico\x1b[0m  │ ${m}`);

const port = Number(process.env.PORT ?? 3000);
const databaseUrl = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
const taskQueue = process.env.TEMPORAL_TASK_QUEUE ?? 'portico';
const publicUrl = process.env.PUBLIC_URL ?? `http://localhost:${dev ? 5173 : port}`;

const children: Supervised[] = [];
let temporal: DevServer | null = null;
let stopping = false;
async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  log('stopping…');
  await Promise.all(children.map((c) => c.stop()));
  await temporal?.stop();
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

try {
  log(`database ${new URL(databaseUrl).pathname.slice(1)}: creating if missing and migrating`);
  await ensureDatabase(databaseUrl);
  const orm = await initORM(databaseUrl);
  const ran = await migrate(orm);
  if (ran.length) log(`migrated: ${ran.join(', ')}`);

  let temporalAddress = process.env.TEMPORAL_ADDRESS;
  let temporalUi: string | null = null;
  if (!temporalAddress) {
    mkdirSync(join(ROOT, 'data'), { recursive: true });
    await resolveTemporalCli(log);
    temporal = await startTemporalDevServer({
      port: Number(process.env.TEMPORAL_PORT ?? 7233),
      uiPort: Number(process.env.TEMPORAL_UI_PORT ?? 8233),
      dbFile: join(ROOT, 'data/temporal.sqlite'),
      ui: true,
      log,
    });
    temporalAddress = temporal.address;
    temporalUi = temporal.uiUrl;
    log(`Temporal dev server at ${temporalAddress}${temporalUi ? `, Web UI at ${temporalUi}` : ''}`);
  }

  await buildUiIfStale(ROOT, log);

  const env = { ...process.env, DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: temporalAddress, TEMPORAL_TASK_QUEUE: taskQueue, PORT: String(port), PUBLIC_URL: publicUrl };
  const watch = dev ? ['--watch'] : [];
  children.push(supervise('worker', [...watch, 'worker/main.ts'], { cwd: ROOT, env, color: '\x1b[35m' }));
  children.push(supervise('api', [...watch, 'web-api/main.ts'], { cwd: ROOT, env, color: '\x1b[32m' }));
  if (dev) {
    children.push(supervise('ui', [join(ROOT, 'node_modules/vite/bin/vite.js'), '--port', '5173', '--strictPort'], {
      cwd: join(ROOT, 'ui'), env: { ...env, PORTICO_API_URL: `http://127.0.0.1:${port}` }, color: '\x1b[33m',
    }));
  }

  const connection = await Connection.connect({ address: temporalAddress });
  const storage = createFileStorage(readStorageSettings(process.env, process.env.PORTICO_FILES_DIR || join(ROOT, 'data/files'), Number(process.env.PORTICO_UPLOAD_MAX_BYTES) || 25 * 1024 * 1024));
  const seeded = await seedDemo({ orm, temporal: new Client({ connection }), taskQueue, publicUrl, storage }, log);
  await connection.close();
  await orm.close();

  // Wait until the API answers before saying it is ready.
  for (let i = 0; i < 300; i++) {
    try { if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break; } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  log(`\x1b[1mPortico is running at ${publicUrl}\x1b[0m  (ready in ${seconds} s${seeded ? ', demo data seeded' : ''})`);
  if (temporalUi) log(`Temporal Web UI: ${temporalUi}`);
  log(`Demo sign-ins (password "${DEMO_PASSWORD}"):`);
  for (const u of DEMO_USERS) log(`  ${u.role.padEnd(20)} ${u.email.padEnd(28)} ${u.name}${u.account ? ` (${u.account})` : ''}`);
  log('Mail is kept in the outbox unless SMTP_URL is set: read it as the admin under Admin → Outbox (links with tokens and one-time codes redacted; use a local mail catcher to follow them).');
  log('Press Ctrl+C to stop.');
} catch (err) {
  console.error(err);
  await shutdown(1);
}
