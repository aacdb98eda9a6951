// `npm run bench`, two parts, one run each:
// 1. throughput and latency of a signed-in client's home endpoint against a bare JSON route of the same
//    server (autocannon, 32 connections, no pipelining);
// 2. engagements: start BENCH_ENGAGEMENTS (1,000) engagements from a 20-item template through the API
//    (starts per second), then complete one checklist item in each through the API and time each from
//    the request to the client's home showing it done (p50/p99); the worker's memory afterwards.
// 3. library uploads: generated files of 10, 50 and 200 MB streamed to the file library, MB/s and the
//    API's peak memory during each (scripts/lib/bench-upload.ts).
// 4. the audit trail at 1,000,000 events in a database of its own (scripts/lib/bench-audit.ts): writing them,
//    verifying the chain, and the compliance console's filtered queries (p50/p99).
// BENCH_ONLY=home, engagements, upload, seal, dunning or audit runs that part alone (dunning with the engagements part first: set BENCH_ENGAGEMENTS low;
// audit needs neither Temporal nor the API and starts neither).
// The API and the worker run as their own processes against a database of the benchmark's own, with a
// Temporal dev server.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { cpus } from 'node:os';
import autocannon from 'autocannon';
import { dropDatabase, ensureDatabase, initORM, migrate, DEFAULT_DATABASE_URL } from '../db/orm.ts';
import { Account } from '../db/entities/account.ts';
import { AccountTeamMember } from '../db/entities/account-team-member.ts';
import { User } from '../db/entities/user.ts';
import { hashPassword } from '../web-api/auth/passwords.ts';
import { freePort, startTemporalDevServer } from './lib/temporal-dev-server.ts';
import { benchUpload } from './lib/bench-upload.ts';
import { reviewBench } from './lib/bench-review.ts';
import { sealBench } from './lib/bench-seal.ts';
import { dunningBench } from './lib/bench-dunning.ts';
import { auditBench } from './lib/bench-audit.ts';
import { printWorkerMetrics, sampleWorkerMetrics } from './lib/worker-metrics.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 32;
// A free port of its own: a leftover server on a fixed port would silently answer instead.
const PORT = Number(process.env.BENCH_PORT ?? await freePort());
const server = new URL(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL);
server.pathname = `/portico_bench_${process.pid}`;
const databaseUrl = server.toString();
const ONLY = process.env.BENCH_ONLY ?? '';
// The audit part has a database of its own and needs neither Temporal nor the API.
if (ONLY === 'audit') {
  await auditBench();
  process.exit(0);
}
// Uploaded files go to a folder of the benchmark's own, removed at the end.
const filesDir = mkdtempSync(join(tmpdir(), 'portico-bench-files-'));

const temporal = await startTemporalDevServer({ ui: false });
await ensureDatabase(databaseUrl);
const orm = await initORM(databaseUrl);
await migrate(orm);

// A lived-in account: a client, an account team of two and five engagements in the read model.
const em = orm.em.fork();
const password = 'benchmark passphrase 2026';
const account = em.create(Account, { name: 'Bench Client Ltd', stage: 'active' });
const client = em.create(User, { email: 'client@bench.test', name: 'Bench Client', role: 'client_member', account, passwordHash: await hashPassword(password) });
for (const n of [1, 2]) {
  const staff = em.create(User, { email: `staff${n}@bench.test`, name: `Staff ${n}`, role: 'staff', title: 'Engineer' });
  em.create(AccountTeamMember, { account, user: staff, teamRole: n === 1 ? 'Account manager' : 'Engineer', isManager: n === 1 });
}
await em.flush();
for (let i = 0; i < 5; i++) {
  const milestones = Array.from({ length: 6 }, (_, j) => ({ id: `m${j + 1}`, title: `Milestone ${j + 1}`, owner: j % 2 ? 'client' : 'staff', status: j < i ? 'done' : j === i ? 'current' : 'pending', completedAt: null, completedBy: null }));
  await em.getConnection().execute(
    `insert into engagement (id, created_at, account_id, title, workflow_id, status, milestones, progress_done, progress_total, current_milestone, waiting_on, version, updated_at)
     values (gen_random_uuid(), now(), ?, ?, gen_random_uuid()::text, 'active', ?, ?, 6, ?, ?, 1, now())`,
    [account.id, `Engagement ${i + 1}`, JSON.stringify(milestones), i, `Milestone ${i + 1}`, i % 2 ? 'client' : 'staff']);
}
void client;

// BENCH_CPU_PROF=<folder>: the API and the worker write V8 CPU profiles there when they stop
// (read them with `node scripts/profile-summary.ts <file>` or Chrome's DevTools).
const PROFILE_DIR = process.env.BENCH_CPU_PROF ?? '';
const profile = (name: string) => (PROFILE_DIR ? ['--cpu-prof', '--cpu-prof-dir', PROFILE_DIR, '--cpu-prof-name', `${name}.cpuprofile`] : []);
// The worker's own metrics (task slots, sticky cache, task wait), sampled during the bursts.
const WORKER_METRICS = `127.0.0.1:${await freePort()}`;
const worker = spawn(process.execPath, [...profile('worker'), 'worker/main.ts'], {
  cwd: ROOT,
  // SESSION_SECRET: the worker seals the signing certificate's key with it, as in production.
  env: { ...process.env, NODE_ENV: 'production', SESSION_SECRET: 'bench-'.repeat(8), SMTP_URL: 'smtp://127.0.0.1:2525', DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: temporal.address, PUBLIC_URL: `http://127.0.0.1:${PORT}`, LOG_LEVEL: 'warn', PORTICO_FILES_DIR: filesDir, PORTICO_WORKER_METRICS_ADDRESS: WORKER_METRICS },
  stdio: ['ignore', 'ignore', 'inherit'],
});
const apiEnv = { ...process.env, NODE_ENV: 'production', SESSION_SECRET: 'bench-'.repeat(8), SMTP_URL: 'smtp://127.0.0.1:2525', SECURE_COOKIES: 'false', PUBLIC_URL: `http://127.0.0.1:${PORT}`, DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: temporal.address, PORT: String(PORT), HOST: '127.0.0.1', LOG_LEVEL: 'warn', UI_DIR: '', PORTICO_UPLOAD_MAX_BYTES: String(256 * 1024 * 1024), PORTICO_FILES_DIR: filesDir };
const api = spawn(process.execPath, [...profile('api'), 'web-api/main.ts'], {
  cwd: ROOT,
  env: apiEnv,
  stdio: ['ignore', 'inherit', 'inherit'],
});
const base = `http://127.0.0.1:${PORT}`;
// Never leave the API or the worker behind, whatever happens.
process.on('exit', () => { api.kill('SIGKILL'); worker.kill('SIGKILL'); });
for (let i = 0; ; i++) {
  try { if ((await fetch(`${base}/healthz`)).ok) break; } catch { /* starting */ }
  if (i > 300) throw new Error('API did not start');
  await new Promise((r) => setTimeout(r, 100));
}

// Sign in like a browser: session cookie, CSRF token, then the login.
const s = await fetch(`${base}/api/session`);
let cookie = s.headers.getSetCookie()[0]!.split(';')[0]!;
const { csrfToken } = (await s.json()) as { csrfToken: string };
const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { cookie, 'content-type': 'application/json', 'x-csrf-token': csrfToken }, body: JSON.stringify({ email: 'client@bench.test', password }) });
if (login.status !== 200) throw new Error(`login failed: ${login.status} ${await login.text()}`);
cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
const home = await fetch(`${base}/api/home`, { headers: { cookie } });
if (home.status !== 200) throw new Error(`home failed: ${home.status}`);
const homeBody = (await home.json()) as { engagements: unknown[] };
if (homeBody.engagements.length !== 5) throw new Error('home does not show the five engagements');

async function load(path: string, headers: Record<string, string> = {}) {
  // Warm up, then measure.
  await autocannon({ url: base + path, connections: CONNECTIONS, duration: 2, headers });
  const r = await autocannon({ url: base + path, connections: CONNECTIONS, pipelining: 1, duration: DURATION, headers });
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${path}: ${r.non2xx} non-2xx answers, ${r.errors} errors`);
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, total: r.requests.total };
}

if (!ONLY || ONLY === 'home') {
// Profiling, the bare route is left out so the profile holds the home route's requests alone.
const bare = PROFILE_DIR ? { rps: Number.NaN, p50: Number.NaN, p99: Number.NaN, total: 0 } : await load('/healthz');
const homeRes = await load('/api/home', { cookie });
const fmt = (n: number) => n.toFixed(n < 10 ? 1 : 0);
console.log(`\nPortico benchmark — ${cpus().length} cores, ${CONNECTIONS} connections, ${DURATION} s each, no pipelining`);
console.log('| route | requests/s | p50 ms | p99 ms | requests |');
console.log('|---|---:|---:|---:|---:|');
console.log(`| GET /healthz (bare JSON) | ${fmt(bare.rps)} | ${bare.p50} | ${bare.p99} | ${bare.total} |`);
console.log(`| GET /api/home (signed-in client) | ${fmt(homeRes.rps)} | ${homeRes.p50} | ${homeRes.p99} | ${homeRes.total} |`);
console.log(`home / bare throughput: ${((homeRes.rps / bare.rps) * 100).toFixed(0)}% (aim ≥ 25%); home p99 ${homeRes.p99} ms (aim < 50 ms)`);
}

if (!ONLY || ONLY === 'engagements') await engagementsBench();

if (!ONLY || ONLY === 'upload') await benchUpload({ base, session: await signIn('client@bench.test'), accountId: account.id, apiPid: api.pid! });
if (!ONLY) await reviewBench({ base, em: orm.em, signIn, call, pool, pct });
if (!ONLY || ONLY === 'seal') await sealBench();
if (!ONLY || ONLY === 'dunning') {
  if (ONLY === 'dunning') await engagementsBench();
  await dunningBench({ em: orm.em, root: ROOT, apiEnv, port: await freePort(), workerPid: worker.pid!, workerMetrics: WORKER_METRICS, signIn, pool, pct });
}

if (!ONLY) await auditBench();

api.kill('SIGTERM');
worker.kill('SIGTERM');
await new Promise((r) => api.once('exit', r));
await new Promise((r) => worker.once('exit', r));
await orm.close();
await dropDatabase(databaseUrl);
await temporal.stop();
rmSync(filesDir, { recursive: true, force: true });

function workerRssKiB(): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${worker.pid}/status`, 'utf8'))?.[1] ?? 0);
}

/** A browser-like session for the benchmark's own requests. */
async function signIn(email: string): Promise<{ cookie: string; csrf: string }> {
  const first = await fetch(`${base}/api/session`);
  const pre = first.headers.getSetCookie()[0]!.split(';')[0]!;
  const { csrfToken } = (await first.json()) as { csrfToken: string };
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { cookie: pre, 'content-type': 'application/json', 'x-csrf-token': csrfToken }, body: JSON.stringify({ email, password }) });
  if (res.status !== 200) throw new Error(`login ${email}: ${res.status}`);
  const body = (await res.json()) as { csrfToken: string };
  return { cookie: res.headers.getSetCookie()[0]!.split(';')[0]!, csrf: body.csrfToken };
}

async function call(s: { cookie: string; csrf: string }, method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(base + path, { method, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.status === 204 ? null : res.json();
}

/** Runs `fn` over `items` with at most `limit` at a time. */
async function pool<T>(items: T[], limit: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < items.length) { const i = next++; await fn(items[i]!, i); }
  }));
}

function pct(xs: number[], p: number): number {
  return [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
}

async function engagementsBench(): Promise<void> {
  const count = Number(process.env.BENCH_ENGAGEMENTS ?? 1000);
  const accountsN = Math.max(1, Math.ceil(count / 10));
  const conn = orm.em.getConnection();
  const hash = (await conn.execute<{ password_hash: string }[]>(`select password_hash from app_user where email = 'client@bench.test'`))[0]!.password_hash;
  // The business: one admin, one staff member on every account, and a client user per account.
  await conn.execute(`insert into app_user (id, created_at, email, name, role, password_hash) values
    (gen_random_uuid(), now(), 'admin@bench.test', 'Bench Admin', 'admin', ?), (gen_random_uuid(), now(), 'staff@bench.test', 'Bench Staff', 'staff', ?)`, [hash, hash]);
  await conn.execute(`insert into account (id, created_at, name, stage) select gen_random_uuid(), now(), 'Load ' || n, 'active' from generate_series(1, ?) n`, [accountsN]);
  await conn.execute(`insert into app_user (id, created_at, email, name, role, account_id, password_hash)
    select gen_random_uuid(), now(), 'client-' || a.id || '@bench.test', 'Client ' || a.name, 'client_member', a.id, ? from account a where a.name like 'Load %'`, [hash]);
  await conn.execute(`insert into account_team_member (id, created_at, account_id, user_id, team_role, is_manager)
    select gen_random_uuid(), now(), a.id, u.id, 'Account manager', true from account a, app_user u where a.name like 'Load %' and u.email = 'staff@bench.test'`);
  const accounts = await conn.execute<{ id: string }[]>(`select id from account where name like 'Load %' order by name`);

  const admin = await signIn('admin@bench.test');
  const template = await call(admin, 'POST', '/api/templates', {
    formatVersion: 1, name: 'Twenty items', description: '',
    phases: [{ key: 'onboarding', title: 'Onboarding', milestones: [{ key: 'ready', title: 'Ready', owner: 'staff' }] }],
    checklist: Array.from({ length: 20 }, (_, i) => ({
      key: `item-${i + 1}`, title: `Item ${i + 1}`, assignee: 'client', due: `P${10 + i}D`,
      reminders: { before: ['P1D'], after: ['P1D'] }, completion: { type: 'tick' },
    })),
  });
  const staff = await signIn('staff@bench.test');

  console.log(`starting ${count} engagements…`);
  const rssBeforeKiB = workerRssKiB();
  const t0 = performance.now();
  const started: { id: string; account: string }[] = [];
  await pool(Array.from({ length: count }, (_, i) => accounts[i % accounts.length]!.id), 16, async (account) => {
    const r = await call(staff, 'POST', `/api/accounts/${account}/engagements`, { templateId: template.template.id });
    started.push({ id: r.engagement.id, account });
  });
  const startSeconds = (performance.now() - t0) / 1000;
  // Until every checklist is recorded (the child workflows have run their first step).
  console.log(`started in ${startSeconds.toFixed(1)} s; waiting for the checklists…`);
  for (let tries = 0; ; tries++) {
    if (tries > 2400) throw new Error('checklists not recorded within 10 minutes');
    const n = Number((await conn.execute<{ n: string }[]>(`select count(*) as n from engagement where checklist_version >= 1`))[0]!.n);
    if (n >= count) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const readySeconds = (performance.now() - t0) / 1000;
  const rssKiB = workerRssKiB();

  // One client per account; each completes item 1 of each of its engagements.
  const clients = new Map<string, { cookie: string; csrf: string }>();
  const users = await conn.execute<{ email: string; account_id: string }[]>(`select email, account_id from app_user where email like 'client-%@bench.test'`);
  await pool(users, 8, async (u) => { clients.set(u.account_id, await signIn(u.email)); });
  /** Completes one item of each engagement, `concurrency` clients at a time; the latency of each, to its home showing it done. */
  const complete = async (itemKey: string, concurrency: number): Promise<number[]> => {
    const latencies: number[] = [];
    await pool(started, concurrency, async (e) => {
      const c = clients.get(e.account)!;
      const t = performance.now();
      await call(c, 'POST', `/api/engagements/${e.id}/items/${itemKey}/complete`, {});
      const home = await call(c, 'GET', '/api/home');
      const item = home.engagements.find((x: { id: string }) => x.id === e.id)?.checklist.find((i: { key: string }) => i.key === itemKey);
      if (item?.status !== 'done') throw new Error(`home does not show ${itemKey} of ${e.id} done`);
      latencies.push(performance.now() - t);
    });
    return latencies;
  };
  const one = await complete('item-1', 1);
  const sampler = sampleWorkerMetrics(WORKER_METRICS);
  const eight = await complete('item-2', 8);
  const burst = await sampler.stop();

  console.log(`\nEngagements — ${count} from a 20-item template across ${accounts.length} accounts (16 concurrent starts; ${count} completions one client at a time, then ${count} more by 8 clients at once)`);
  console.log('| measure | value |');
  console.log('|---|---:|');
  console.log(`| starts per second (API answered) | ${(count / startSeconds).toFixed(1)} |`);
  console.log(`| all ${count} checklists recorded after | ${readySeconds.toFixed(1)} s |`);
  console.log(`| worker memory (RSS) before → after ${count} engagements (${2 * count} workflows, each engagement and its checklist, all cached) | ${(rssBeforeKiB / 1024).toFixed(0)} → ${(rssKiB / 1024).toFixed(0)} MiB |`);
  console.log(`| worker memory per cached workflow (RSS growth / workflows) | ${((rssKiB - rssBeforeKiB) / 1024 / (2 * count)).toFixed(2)} MiB |`);
  for (const [label, xs] of [['one client at a time', one], ['8 clients at once', eight]] as const) {
    console.log(`| item done → client's home shows it, ${label}, p50 | ${pct(xs, 50).toFixed(0)} ms |`);
    console.log(`| item done → client's home shows it, ${label}, p99 | ${pct(xs, 99).toFixed(0)} ms (aim < 250 ms) |`);
  }
  printWorkerMetrics('during the 8 clients at once', burst);
}

