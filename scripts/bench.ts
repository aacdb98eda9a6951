// `npm run bench`: throughput and latency of a signed-in client's home endpoint against a bare JSON
// route of the same server (autocannon, 32 connections, no pipelining), one run each.
// The API runs as its own process against a database of the benchmark's own, with a Temporal dev server.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { cpus } from 'node:os';
import autocannon from 'autocannon';
import { dropDatabase, ensureDatabase, initORM, migrate, DEFAULT_DATABASE_URL } from '../db/orm.ts';
import { Account } from '../db/entities/account.ts';
import { AccountTeamMember } from '../db/entities/account-team-member.ts';
import { User } from '../db/entities/user.ts';
import { hashPassword } from '../web-api/auth/passwords.ts';
import { startTemporalDevServer } from './lib/temporal-dev-server.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 32;
const PORT = Number(process.env.BENCH_PORT ?? 3999);
const server = new URL(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL);
server.pathname = `/portico_bench_${process.pid}`;
const databaseUrl = server.toString();

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

const api = spawn(process.execPath, ['web-api/main.ts'], {
  cwd: ROOT,
  env: { ...process.env, NODE_ENV: 'production', SESSION_SECRET: 'bench-'.repeat(8), SMTP_URL: 'smtp://127.0.0.1:2525', SECURE_COOKIES: 'false', PUBLIC_URL: `http://127.0.0.1:${PORT}`, DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: temporal.address, PORT: String(PORT), HOST: '127.0.0.1', LOG_LEVEL: 'warn', UI_DIR: '' },
  stdio: ['ignore', 'inherit', 'inherit'],
});
const base = `http://127.0.0.1:${PORT}`;
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

const bare = await load('/healthz');
const homeRes = await load('/api/home', { cookie });
const fmt = (n: number) => n.toFixed(n < 10 ? 1 : 0);
console.log(`\nPortico benchmark — ${cpus().length} cores, ${CONNECTIONS} connections, ${DURATION} s each, no pipelining`);
console.log('| route | requests/s | p50 ms | p99 ms | requests |');
console.log('|---|---:|---:|---:|---:|');
console.log(`| GET /healthz (bare JSON) | ${fmt(bare.rps)} | ${bare.p50} | ${bare.p99} | ${bare.total} |`);
console.log(`| GET /api/home (signed-in client) | ${fmt(homeRes.rps)} | ${homeRes.p50} | ${homeRes.p99} | ${homeRes.total} |`);
console.log(`home / bare throughput: ${((homeRes.rps / bare.rps) * 100).toFixed(0)}% (aim ≥ 25%); home p99 ${homeRes.p99} ms (aim < 50 ms)`);

api.kill('SIGTERM');
await new Promise((r) => api.once('exit', r));
await orm.close();
await dropDatabase(databaseUrl);
await temporal.stop();
