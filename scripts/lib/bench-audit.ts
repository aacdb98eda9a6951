/**
 * Benchmark of the audit trail at scale (`BENCH_ONLY=audit`, or last in a full run), in a database of
 * its own: `BENCH_AUDIT_EVENTS` (1,000,000) events written in bulk — generated here, each hashed with
 * the real `hashAuditEvent` over its stored form and chained to the one before, inserted with
 * `unnest` in batches — then
 * - `verifyAuditChain()` over all of them (time, and the process's memory before and after: it reads
 *   in batches), which must find the chain intact;
 * - the console's filtered queries (`listAuditEvents()`, what `GET /api/audit/events` runs): for each
 *   filter combination the first page and four older pages by key, repeated, p50/p99.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { dropDatabase, ensureDatabase, initORM, migrate, DEFAULT_DATABASE_URL } from '../../db/orm.ts';
import { GENESIS_HASH, hashAuditEvent, verifyAuditChain, type StoredEvent } from '../../db/audit.ts';
import { AUDIT_SEARCH_TEXT } from '../../db/entities/audit-event.ts';
import { listAuditEvents, type EventFilters } from '../../web-api/services/audit-console.ts';

const BATCH = 5_000;

/** jsonb's text form of a flat object: keys by length, then bytes; `": "` and `", "` between. */
function jsonbText(data: Record<string, string | number>): string {
  const keys = Object.keys(data).sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
  return `{${keys.map((k) => `${JSON.stringify(k)}: ${JSON.stringify(data[k])}`).join(', ')}}`;
}

const rssMiB = () => process.memoryUsage().rss / 1024 / 1024;
function pct(xs: number[], p: number): number {
  return [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
}

/** A small deterministic generator, so two runs write the same chain shape. */
function rng(seed: number): () => number {
  let x = seed >>> 0;
  return () => { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; return x / 2 ** 32; };
}

export async function auditBench(count = Number(process.env.BENCH_AUDIT_EVENTS ?? 1_000_000)): Promise<void> {
  const url = new URL(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL);
  url.pathname = `/portico_bench_audit_${process.pid}`;
  const databaseUrl = url.toString();
  await ensureDatabase(databaseUrl);
  const orm = await initORM(databaseUrl);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  try {
    await migrate(orm);
    const random = rng(12_345);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;

    // The world the events talk about: 100 accounts with 10 engagements each, one deliverable per engagement.
    await pool.query(`insert into account (id, created_at, name, stage) select gen_random_uuid(), now(), 'Audit ' || n, 'active' from generate_series(1, 100) n`);
    await pool.query(`insert into engagement (id, created_at, account_id, title, workflow_id, status, milestones, progress_done, progress_total, current_milestone, waiting_on, version, updated_at)
      select gen_random_uuid(), now(), a.id, 'Engagement ' || a.name || ' #' || n, gen_random_uuid()::text, 'active', '[]', 0, 1, null, null, 1, now()
      from account a, generate_series(1, 10) n`);
    await pool.query(`insert into deliverable (id, created_at, account_id, engagement_id, title, policy, workflow_id, created_by_id, updated_at)
      select gen_random_uuid(), now(), e.account_id, e.id, 'Deliverable of ' || e.title, '{}', gen_random_uuid()::text, gen_random_uuid(), now() from engagement e`);
    const engagements = (await pool.query<{ id: string; account_id: string; deliverable: string }>(
      'select e.id, e.account_id, d.id as deliverable from engagement e join deliverable d on d.engagement_id = e.id order by e.id')).rows;
    const people = Array.from({ length: 300 }, (_, i) => ({ id: randomUUID(), email: `person${i}@bench.test`, role: pick(['client_member', 'client_admin', 'staff', 'admin'] as const) }));
    const words = ['quarterly report', 'homepage', 'brand book', 'security review', 'migration plan', 'onboarding pack', 'invoice run'];
    const kinds = [
      { action: 'login.succeeded', target: null },
      { action: 'permission.denied', target: null },
      { action: 'engagement.milestone_completed', target: 'engagement' },
      { action: 'checklist.item_completed', target: 'engagement' },
      { action: 'checklist.reminder_sent', target: 'engagement' },
      { action: 'review.version_submitted', target: 'deliverable' },
      { action: 'review.decision', target: 'deliverable' },
      { action: 'review.reminder_sent', target: 'deliverable' },
      { action: 'document.viewed', target: 'document' },
      { action: 'document.signed', target: 'document' },
      { action: 'invoice.sent', target: 'invoice' },
      { action: 'payment.confirmed', target: 'invoice' },
      { action: 'library.file_uploaded', target: 'library_file' },
    ] as const;

    // Bulk insert: the trigram index is built once afterwards (as a restore would), the others as rows come.
    await pool.query('drop index audit_event_search_trgm_index');
    const start = Date.now() - 365 * 86_400_000;
    const step = (365 * 86_400_000) / count;
    let prevHash = GENESIS_HASH;
    console.log(`\nwriting ${count.toLocaleString('en')} audit events…`);
    const t0 = performance.now();
    let hashMs = 0;
    for (let first = 1; first <= count; first += BATCH) {
      const n = Math.min(BATCH, count - first + 1);
      const cols: unknown[][] = Array.from({ length: 15 }, () => []);
      const th = performance.now();
      for (let i = 0; i < n; i++) {
        const seq = first + i;
        const kind = pick(kinds);
        const eng = pick(engagements);
        const who = pick(people);
        const targetId = kind.target === 'engagement' ? eng.id : kind.target === 'deliverable' ? eng.deliverable : kind.target ? randomUUID() : null;
        const data: Record<string, string | number> = kind.target === 'deliverable'
          ? { deliverable: `${pick(words)} ${seq % 97}`, version: 1 + (seq % 5), sha256: seq.toString(16).padStart(64, 'a'), decision: 'approved' }
          : kind.target ? { item: `${pick(words)} ${seq % 89}`, step: seq % 7 } : { method: 'password' };
        const event: StoredEvent = {
          eventKey: `bench:${seq}`,
          occurredAt: new Date(start + seq * step).toISOString(),
          action: kind.action,
          actorId: who.id, actorEmail: who.email, actorRole: who.role,
          accountId: kind.action === 'login.succeeded' && random() < 0.3 ? null : eng.account_id,
          targetType: kind.target, targetId,
          ip: '127.0.0.1', userAgent: 'bench',
          dataText: jsonbText(data),
          prevHash,
        };
        const hash = hashAuditEvent(event);
        const row = [seq, event.eventKey, event.occurredAt, event.action, event.actorId, event.actorEmail, event.actorRole, event.accountId,
          event.targetType, event.targetId, event.ip, event.userAgent, event.dataText, prevHash, hash];
        row.forEach((v, c) => cols[c]!.push(v));
        prevHash = hash;
      }
      hashMs += performance.now() - th;
      await pool.query(
        `insert into audit_event (seq, event_key, occurred_at, action, actor_id, actor_email, actor_role, account_id, target_type, target_id, ip, user_agent, data, prev_hash, hash)
         select * from unnest($1::bigint[], $2::text[], $3::timestamptz[], $4::text[], $5::uuid[], $6::text[], $7::text[], $8::uuid[], $9::text[], $10::text[], $11::text[], $12::text[], $13::jsonb[], $14::text[], $15::text[])`,
        cols);
      if (first === 1) {
        // The generated stored forms must be PostgreSQL's own, or every row would fail: check the first batch at once.
        const early = await verifyAuditChain(orm.em.fork());
        if (!early.ok) throw new Error(`bench events do not verify: ${JSON.stringify(early.problems.slice(0, 3))}`);
      }
      if ((first - 1) % 100_000 === 0 && first > 1) console.log(`  ${(first - 1).toLocaleString('en')} events, ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    }
    await pool.query(`select setval(pg_get_serial_sequence('audit_event', 'seq'), $1)`, [count]);
    const writeSeconds = (performance.now() - t0) / 1000;
    const ti = performance.now();
    await pool.query(`create index "audit_event_search_trgm_index" on "audit_event" using gin (${AUDIT_SEARCH_TEXT} gin_trgm_ops)`);
    const indexSeconds = (performance.now() - ti) / 1000;
    await pool.query('vacuum analyze audit_event');
    const size = (await pool.query<{ table: string; indexes: string }>(
      `select pg_size_pretty(pg_table_size('audit_event')) as table, pg_size_pretty(pg_indexes_size('audit_event')) as indexes`)).rows[0]!;

    // Verification of the whole chain.
    global.gc?.();
    const rssBefore = rssMiB();
    let rssPeak = rssBefore;
    const sampler = setInterval(() => { rssPeak = Math.max(rssPeak, rssMiB()); }, 50);
    const tv = performance.now();
    const verified = await verifyAuditChain(orm.em.fork(), { batchSize: 5_000 });
    const verifySeconds = (performance.now() - tv) / 1000;
    clearInterval(sampler);
    if (!verified.ok || verified.count !== count) throw new Error(`the bench chain does not verify: ${JSON.stringify({ ok: verified.ok, count: verified.count, problems: verified.problems.slice(0, 3) })}`);

    // The console's queries.
    const sample = engagements[Math.floor(engagements.length / 2)]!;
    const day = new Date(start + 180 * 86_400_000);
    const dayFrom = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate())).toISOString();
    const dayTo = new Date(Date.parse(dayFrom) + 86_400_000).toISOString();
    const monthTo = new Date(Date.parse(dayFrom) + 30 * 86_400_000).toISOString();
    const combos: [string, EventFilters][] = [
      ['no filter', {}],
      ['account', { accountId: sample.account_id }],
      ['engagement (its deliverable\'s events too)', { engagementId: sample.id }],
      ['person (email)', { person: people[7]!.email.toUpperCase() }],
      ['action', { action: 'document.signed' }],
      ['action prefix', { action: 'review.' }],
      ['one day', { from: dayFrom, to: dayTo }],
      ['account + action prefix + 30 days', { accountId: sample.account_id, action: 'review.', from: dayFrom, to: monthTo }],
      ['text, common ("homepage")', { q: 'homepage' }],
      ['text, rare ("brand book 42")', { q: 'brand book 42' }],
      ['text + account', { q: 'security review', accountId: sample.account_id }],
    ];
    const em = orm.em.fork();
    const rows: { label: string; p50: number; p99: number; first: number }[] = [];
    const all: number[] = [];
    const REPEAT = Number(process.env.BENCH_AUDIT_REPEAT ?? 10);
    for (const [label, filters] of combos) {
      const times: number[] = [];
      let firstCount = 0;
      for (let r = 0; r < REPEAT; r++) {
        let before: number | undefined;
        for (let p = 0; p < 5; p++) {
          const t = performance.now();
          const page = await listAuditEvents(em, { ...filters, ...(before ? { before } : {}), limit: 50 });
          times.push(performance.now() - t);
          if (p === 0) firstCount = page.events.length;
          if (!page.nextBefore) break;
          before = page.nextBefore;
        }
      }
      all.push(...times);
      rows.push({ label, p50: pct(times, 50), p99: pct(times, 99), first: firstCount });
    }

    console.log(`\nAudit trail — ${count.toLocaleString('en')} events (table ${size.table}, indexes ${size.indexes})`);
    console.log('| measure | value |');
    console.log('|---|---:|');
    console.log(`| write ${count.toLocaleString('en')} events (generated, hashed and chained here, inserted ${BATCH.toLocaleString('en')} a statement) | ${writeSeconds.toFixed(1)} s (hashing ${(hashMs / 1000).toFixed(1)} s) |`);
    console.log(`| build the trigram text index afterwards | ${indexSeconds.toFixed(1)} s |`);
    console.log(`| verifyAuditChain over all ${count.toLocaleString('en')} events (intact) | ${verifySeconds.toFixed(1)} s (${Math.round(count / verifySeconds).toLocaleString('en')} events/s) |`);
    console.log(`| process memory during verification (RSS before → peak) | ${rssBefore.toFixed(0)} → ${rssPeak.toFixed(0)} MiB |`);
    console.log(`\nConsole queries (listAuditEvents, 50 a page: the first page and up to four older pages by key, ${REPEAT} times each)`);
    console.log('| filters | first page rows | p50 ms | p99 ms |');
    console.log('|---|---:|---:|---:|');
    for (const r of rows) console.log(`| ${r.label} | ${r.first} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} |`);
    console.log(`| all of them | | ${pct(all, 50).toFixed(1)} | ${pct(all, 99).toFixed(1)} |`);
  } finally {
    await pool.end();
    await orm.close();
    await dropDatabase(databaseUrl);
  }
}
