/**
 * Benchmark of dunning: `count` open invoices, each sent through the API and so running its own
 * dunning workflow; the time to send them all, the worker's memory with all of them running, and
 * the delay between each step's due time and its reminder landing in the outbox (p50/p99).
 * A second API process runs with a "day" of one second so the steps fall due within the run.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { EntityManager } from '@mikro-orm/postgresql';
import { printWorkerMetrics, sampleWorkerMetrics } from './worker-metrics.ts';

type Session = { cookie: string; csrf: string };

export interface DunningBenchDeps {
  em: EntityManager;
  root: string;
  /** Environment of the benchmark's API process (database, Temporal, secrets…). */
  apiEnv: Record<string, string | undefined>;
  port: number;
  workerPid: number;
  /** The worker's Prometheus metrics (host:port). */
  workerMetrics: string;
  signIn(email: string): Promise<Session>;
  pool<T>(items: T[], limit: number, fn: (item: T, i: number) => Promise<void>): Promise<void>;
  pct(xs: number[], p: number): number;
}

const rssMiB = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

export async function dunningBench(deps: DunningBenchDeps, count = Number(process.env.BENCH_INVOICES ?? 2000)): Promise<void> {
  const { em, pool, pct } = deps;
  const conn = em.getConnection();
  const api = spawn(process.execPath, ['web-api/main.ts'], {
    cwd: deps.root, env: { ...deps.apiEnv, PORT: String(deps.port), PORTICO_DAY_MS: '1000' }, stdio: ['ignore', 'inherit', 'inherit'],
  });
  const base = `http://127.0.0.1:${deps.port}`;
  try {
    for (let i = 0; ; i++) {
      try { if ((await fetch(`${base}/healthz`)).ok) break; } catch { /* starting */ }
      if (i > 300) throw new Error('the second API did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
    const staff = await deps.signIn('staff@bench.test');
    const accounts = (await conn.execute<{ id: string }[]>(`select id from account where name like 'Load %' order by name`)).map((a) => a.id);
    if (!accounts.length) throw new Error('no accounts to invoice');
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(base + path, { method, headers: { cookie: staff.cookie, 'x-csrf-token': staff.csrf, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
      return res.json() as Promise<any>;
    };
    // Due today (the due instant is when it is sent); one reminder a "day" (a second) later per 30 invoices
    // sent, so the reminders fall due while the sending goes on and after it.
    const today = new Date().toISOString().slice(0, 10);
    const offset = Math.max(30, Math.ceil(count / 30));
    console.log(`\nsending ${count} invoices (each starts its dunning workflow)…`);
    const t0 = performance.now();
    const sampler = sampleWorkerMetrics(deps.workerMetrics);
    await pool(Array.from({ length: count }, (_, i) => accounts[i % accounts.length]!), 8, async (accountId) => {
      const draft = await call('POST', `/api/accounts/${accountId}/invoices`, {
        currency: 'EUR', taxRateBp: 2000, dueDate: today, lines: [{ description: 'Monthly retainer', unitMinor: 250000 }],
        dunning: { steps: [{ key: 'reminder', offsetDays: offset }] },
      });
      await call('POST', `/api/invoices/${draft.invoice.id}/send`);
    });
    const sendSeconds = (performance.now() - t0) / 1000;
    const running = rssMiB(deps.workerPid);
    console.log(`sent in ${sendSeconds.toFixed(1)} s; waiting for every reminder…`);
    for (let tries = 0; ; tries++) {
      const n = Number((await conn.execute<{ n: string }[]>(`select count(distinct substring(idempotency_key from 10 for 36)) as n from outbox_email where idempotency_key like 'dunning:%:reminder:%'`))[0]!.n);
      if (n >= count) break;
      if (tries > 2400) throw new Error(`only ${n} of ${count} reminders after 10 minutes`);
      await new Promise((r) => setTimeout(r, 250));
    }
    const worker = await sampler.stop();
    const delays = (await conn.execute<{ ms: number }[]>(
      `select extract(epoch from (min(o.created_at) - (i.dunning->'steps'->0->>'at')::timestamptz)) * 1000 as ms
         from invoice i join outbox_email o on o.idempotency_key like 'dunning:' || i.id || ':reminder:%'
        where i.dunning->'steps'->0->>'key' = 'reminder' group by i.id, i.dunning`)).map((r) => Number(r.ms));
    console.log(`\nDunning — ${count} open invoices, each with its dunning workflow running (a "day" is a second here)`);
    console.log('| measure | value |');
    console.log('|---|---:|');
    console.log(`| ${count} invoices created and sent (PDF rendered and kept, client emailed, workflow started), 8 at a time | ${sendSeconds.toFixed(1)} s (${(count / sendSeconds).toFixed(1)} per second) |`);
    console.log(`| worker memory (RSS) with all ${count} dunning workflows running | ${running.toFixed(0)} MiB |`);
    console.log(`| step due → its reminder in the outbox, p50 | ${pct(delays, 50).toFixed(0)} ms |`);
    console.log(`| step due → its reminder in the outbox, p99 | ${pct(delays, 99).toFixed(0)} ms |`);
    console.log(`| step due → its reminder in the outbox, p90 / p95 / max | ${pct(delays, 90).toFixed(0)} / ${pct(delays, 95).toFixed(0)} / ${Math.max(...delays).toFixed(0)} ms |`);
    printWorkerMetrics('while the steps fell due', worker);
  } finally {
    api.kill('SIGTERM');
  }
}
