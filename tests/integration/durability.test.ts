/**
 * Faults: the worker killed in the middle of an activity, and the Temporal server restarted in the
 * middle of an engagement. Nothing is lost and nothing is recorded twice. This file runs its own
 * Temporal server (with a SQLite file, so a restart keeps state) and its own worker process.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { ApiClient, startTestApp, type TestApp } from '../support/app.ts';
import { makeWorld, PASSWORD } from '../support/fixtures.ts';
import { createTestDatabase } from '../support/db.ts';
import { caughtUp } from '../support/temporal.ts';
import { spawnWorker, waitForWorker } from '../support/global-setup.ts';
import { restartTemporalDevServer, startTemporalDevServer, type DevServer } from '../../scripts/lib/temporal-dev-server.ts';
import { engagementStateQuery, engagementWorkflowId } from '../../workflows/engagement.ts';
import { onboardingStateQuery, onboardingWorkflowId } from '../../workflows/onboarding.ts';
import { PDFDocument } from 'pdf-lib';

const dir = mkdtempSync(join(tmpdir(), 'portico-durability-'));
const taskQueue = `portico-durability-${process.pid}`;
let temporal: DevServer;
/** A database of its own: one database belongs to one Temporal server (the run's worker relays the run database's commands to the run's server). */
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let worker: ReturnType<typeof spawnWorker>;
let app: TestApp;
let world: Awaited<ReturnType<typeof makeWorld>>;
let staff: ApiClient;

async function startWorker() {
  worker = spawnWorker({ DATABASE_URL: database.url, TEMPORAL_ADDRESS: temporal.address, TEMPORAL_TASK_QUEUE: taskQueue, PORTICO_FILES_DIR: join(dir, 'files') });
  await waitForWorker(worker.child, worker.output);
}

beforeAll(async () => {
  database = await createTestDatabase('durability');
  temporal = await startTemporalDevServer({ dbFile: join(dir, 'temporal.sqlite') });
  await startWorker();
  // A checklist "day" is a second here, so reminders fall due within the test.
  // The worker seals signed documents: it shares this app's file storage.
  app = await startTestApp({ env: { DATABASE_URL: database.url, TEMPORAL_ADDRESS: temporal.address, TEMPORAL_TASK_QUEUE: taskQueue, PORTICO_DAY_MS: '1000', PORTICO_FILES_DIR: join(dir, 'files') } });
  world = await makeWorld(app.deps.orm.em.fork());
  staff = new ApiClient(app.url);
  await staff.login(world.users.staffA.email, PASSWORD);
});
afterAll(async () => {
  worker?.child.kill('SIGKILL');
  await app?.close();
  await temporal?.stop();
  await database?.drop();
  rmSync(dir, { recursive: true, force: true });
});

const auditCount = async (key: string) => Number((await app.deps.orm.em.getConnection().execute<{ n: string }[]>(
  'select count(*) as n from audit_event where event_key = ?', [key]))[0]!.n);

describe('durability', () => {
  it('a worker killed in the middle of recording a decision loses nothing and records it once', async () => {
    const started = await staff.post(`/api/accounts/${world.a.id}/engagements`, { title: 'Crash test', milestones: ['One', 'Two', 'Three'] });
    const id = started.body.engagement.id as string;
    await expect.poll(async () => (await staff.get(`/api/engagements/${id}`)).body.engagement.progress.total, { timeout: 10_000 }).toBe(3);

    // Hold the read-model row so the activity blocks inside its transaction, after it has started.
    const blocker = new pg.Client({ connectionString: database.url });
    await blocker.connect();
    await blocker.query('begin');
    await blocker.query('select 1 from engagement where id = $1 for update', [id]);
    const blockerPid = Number((await blocker.query('select pg_backend_pid() as pid')).rows[0].pid);

    const completing = staff.post(`/api/engagements/${id}/milestones/m1/complete`);
    // Awaited below; this only keeps a failure earlier in the test from leaving it unhandled.
    completing.catch(() => {});
    // (Polled through the app's pool: inside the blocker's transaction pg_stat_activity is a frozen snapshot.)
    // Exactly the activity's write waits on this blocker (other test files share the server).
    await expect.poll(async () => Number((await app.deps.sessionPool.query(
      `select count(*) as n from pg_stat_activity where $1 = any(pg_blocking_pids(pid)) and query ilike '%insert into engagement%'`, [blockerPid])).rows[0].n), { timeout: 10_000 }).toBe(1);

    worker.child.kill('SIGKILL');
    await new Promise((r) => worker.child.once('exit', r));
    await blocker.query('rollback');
    await blocker.end();
    await startWorker();

    // The Update reached the workflow before the crash: the API answers 200 if the new worker finished it within
    // the deadline, 202 if it was accepted but not finished, 503 if not even accepted in time; in every case the
    // workflow takes it whole, once, on the new worker.
    const res = await completing;
    expect([200, 202, 503]).toContain(res.status);
    await expect.poll(async () => (await staff.get(`/api/engagements/${id}`)).body.engagement.progress, { timeout: 30_000 }).toEqual({ done: 1, total: 3 });
    expect(await auditCount(`engagement:${id}:milestone:m1:completed`)).toBe(1);
    const state = await app.deps.temporal.workflow.getHandle(engagementWorkflowId(id)).query(engagementStateQuery);
    expect(state.milestones.map((m) => m.status)).toEqual(['done', 'current', 'pending']);
  }, 90_000);

  it('a worker killed between a completion and its reminder sends no stale reminder', async () => {
    const admin = new ApiClient(app.url);
    await admin.login(world.users.admin.email, PASSWORD);
    const template = await admin.post('/api/templates', {
      formatVersion: 1, name: 'Reminder crash', phases: [{ key: 'p', title: 'Phase', milestones: [{ key: 'm', title: 'Done', owner: 'staff' }] }],
      // Reminded at day 3 (3 s), escalated at day 4, reminded again at day 5.
      checklist: [{ key: 'sign', title: 'Sign the order', assignee: 'client', due: 'P4D', reminders: { before: ['P1D'], after: ['P1D'] }, completion: { type: 'tick' } }],
    });
    const started = await staff.post(`/api/accounts/${world.a.id}/engagements`, { templateId: template.body.template.id });
    const id = started.body.engagement.id as string;
    const checklist = app.deps.temporal.workflow.getHandle(onboardingWorkflowId(id));
    await expect.poll(async () => (await checklist.query(onboardingStateQuery).catch(() => null))?.version ?? 0, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    await expect.poll(async () => Number((await app.deps.sessionPool.query('select checklist_version as v from engagement where id = $1', [id])).rows[0]?.v), { timeout: 10_000 }).toBeGreaterThanOrEqual(1);

    // The completion is accepted by the workflow, whose recording activity then blocks on the row…
    const blocker = new pg.Client({ connectionString: database.url });
    await blocker.connect();
    await blocker.query('begin');
    await blocker.query('select 1 from engagement where id = $1 for update', [id]);
    const blockerPid = Number((await blocker.query('select pg_backend_pid() as pid')).rows[0].pid);
    const client = new ApiClient(app.url);
    await client.login(world.users.memberA.email, PASSWORD);
    const completing = client.post(`/api/engagements/${id}/items/sign/complete`);
    completing.catch(() => {});
    await expect.poll(async () => Number((await app.deps.sessionPool.query(
      `select count(*) as n from pg_stat_activity where $1 = any(pg_blocking_pids(pid)) and query ilike '%update engagement set checklist%'`, [blockerPid])).rows[0].n), { timeout: 10_000 }).toBe(1);

    // …and the worker dies there. Every reminder step of the item falls due while no worker runs.
    worker.child.kill('SIGKILL');
    await new Promise((r) => worker.child.once('exit', r));
    await new Promise((r) => setTimeout(r, 6_000));
    await blocker.query('rollback');
    await blocker.end();
    await startWorker();

    expect([200, 202, 503]).toContain((await completing).status);
    await expect.poll(async () => (await staff.get(`/api/engagements/${id}`)).body.engagement.checklist[0].status, { timeout: 30_000 }).toBe('done');
    const res = await staff.get(`/api/engagements/${id}`);
    expect(res.body.engagement.checklist[0]).toMatchObject({ key: 'sign', status: 'done', reminders: [] });
    // Every reminder step of the item (the last at day 5) has passed, and the checklist's workflow has caught up with them on the new worker.
    const lastStep = Date.parse(res.body.engagement.checklist[0].dueAt) + 1000 + 200;
    await caughtUp(checklist, lastStep);
    const mails = await app.deps.sessionPool.query('select idempotency_key from outbox_email where idempotency_key like $1', [`reminder:${id}:%`]);
    expect(mails.rows).toEqual([]);
    const events = await app.deps.sessionPool.query(`select action from audit_event where target_id = $1 and action like 'checklist.%' order by seq`, [id]);
    expect(events.rows.map((r) => r.action)).toEqual(['checklist.item_completed']);
  }, 90_000);

  it('a worker killed just after a review decision was accepted loses nothing and records it once', async () => {
    const started = await staff.post(`/api/accounts/${world.a.id}/engagements`, { title: 'Review crash', milestones: ['One'] });
    const engagementId = started.body.engagement.id as string;
    const added = await staff.post(`/api/engagements/${engagementId}/deliverables`, {
      title: 'Homepage design', review: { stages: [{ key: 'client', title: 'Client review', reviewers: 'client_users', rule: 'any' }] },
    });
    expect(added.status).toBe(201);
    const id = added.body.deliverable.id as string;
    const file = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(512, 0x20), Buffer.from('\n%%EOF\n')]);
    const uploaded = await staff.post(`/api/deliverables/${id}/versions?name=home.pdf`, undefined, { raw: file, headers: { 'content-type': 'application/octet-stream' } });
    expect(uploaded.status).toBe(201);
    const versionId = uploaded.body.versions[0].id as string;

    // The decision is accepted by the workflow, whose recording then blocks on the deliverable's row…
    const blocker = new pg.Client({ connectionString: database.url });
    await blocker.connect();
    await blocker.query('begin');
    await blocker.query('select 1 from deliverable where id = $1 for update', [id]);
    const blockerPid = Number((await blocker.query('select pg_backend_pid() as pid')).rows[0].pid);
    const client = new ApiClient(app.url);
    await client.login(world.users.memberA.email, PASSWORD);
    const deciding = client.post(`/api/deliverables/${id}/decisions`, { versionId, decision: 'approved' });
    deciding.catch(() => {});
    await expect.poll(async () => Number((await app.deps.sessionPool.query(
      `select count(*) as n from pg_stat_activity where $1 = any(pg_blocking_pids(pid)) and query ilike '%update deliverable set review%'`, [blockerPid])).rows[0].n), { timeout: 10_000 }).toBe(1);

    // …and the worker dies there.
    worker.child.kill('SIGKILL');
    await new Promise((r) => worker.child.once('exit', r));
    await blocker.query('rollback');
    await blocker.end();
    await startWorker();

    const res = await deciding;
    expect([200, 202, 503], JSON.stringify(res.body)).toContain(res.status);
    await expect.poll(async () => (await staff.get(`/api/deliverables/${id}`)).body.deliverable, { timeout: 30_000 }).toMatchObject({ status: 'approved', unlocked: true });
    const decisions = await app.deps.sessionPool.query('select decision, reviewer_id from review_decision where deliverable_id = $1', [id]);
    expect(decisions.rows).toEqual([{ decision: 'approved', reviewer_id: world.users.memberA.id }]);
    const events = await app.deps.sessionPool.query(`select count(*)::int as n from audit_event where target_id = $1 and action = 'review.decision'`, [id]);
    expect(events.rows[0].n).toBe(1);
  }, 90_000);

  it('a worker killed between the last signature and the seal seals the document exactly once', async () => {
    const engagementId = (await staff.post(`/api/accounts/${world.a.id}/engagements`, { title: 'Seal crash', milestones: ['One'] })).body.engagement.id as string;
    const pdf = await PDFDocument.create();
    pdf.addPage([612, 792]);
    const up = await staff.post(`/api/engagements/${engagementId}/documents?title=Order%20form`, undefined, { raw: Buffer.from(await pdf.save()), headers: { 'content-type': 'application/pdf' } });
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    const id = up.body.document.id as string;
    expect((await staff.put(`/api/documents/${id}/setup`, {
      signers: [{ key: 'client', name: world.users.memberA.name, email: world.users.memberA.email, userId: world.users.memberA.id, roleLabel: 'Client' }],
      fields: [{ type: 'signature', signerKey: 'client', page: 1, x: 0.1, y: 0.8, w: 0.3, h: 0.06 }],
    })).status).toBe(200);
    expect((await staff.post(`/api/documents/${id}/send`)).status).toBe(200);

    // The last signature goes through; the seal is computed and stored, then its recording waits…
    const blocker = new pg.Client({ connectionString: database.url });
    await blocker.connect();
    await blocker.query('select pg_advisory_lock(hashtext($1))', [`seal:${id}`]);
    const blockerPid = Number((await blocker.query('select pg_backend_pid() as pid')).rows[0].pid);
    const client = new ApiClient(app.url);
    await client.login(world.users.memberA.email, PASSWORD);
    expect((await client.get(`/api/documents/${id}/signing`)).status).toBe(200);
    expect((await client.post(`/api/documents/${id}/signing/consent`, { agree: true, disclosureVersion: '2026-11' })).status).toBe(200);
    expect((await client.post(`/api/documents/${id}/signing/sign`, { signature: { type: 'typed', text: world.users.memberA.name } })).status).toBe(200);
    await expect.poll(async () => Number((await app.deps.sessionPool.query(
      `select count(*) as n from pg_stat_activity where $1 = any(pg_blocking_pids(pid)) and query ilike '%pg_advisory_xact_lock%'`, [blockerPid])).rows[0].n), { timeout: 20_000 }).toBe(1);

    // …and the worker dies there.
    worker.child.kill('SIGKILL');
    await new Promise((r) => worker.child.once('exit', r));
    await blocker.query('select pg_advisory_unlock(hashtext($1))', [`seal:${id}`]);
    await blocker.end();
    await startWorker();

    await expect.poll(async () => (await staff.get(`/api/documents/${id}`)).body.document.status, { timeout: 30_000 }).toBe('completed');
    const sealed = await app.deps.sessionPool.query(`select count(*)::int as n from audit_event where target_id = $1 and action = 'document.sealed'`, [id]);
    expect(sealed.rows[0].n).toBe(1);
    const files = await app.deps.sessionPool.query(`select count(*)::int as n from stored_file f join signature_document d on d.sealed_file_id = f.id where d.id = $1`, [id]);
    expect(files.rows[0].n).toBe(1);
    const rows = await app.deps.sessionPool.query(`select count(*)::int as n from stored_file where engagement_id = $1 and purpose = 'sealed'`, [engagementId]);
    expect(rows.rows[0].n).toBe(1);
  }, 120_000);

  it('a worker killed just after a late fee was added leaves the fee, and its reminder, once', async () => {
    const due = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const created = await staff.post(`/api/accounts/${world.a.id}/invoices`, {
      currency: 'EUR', dueDate: due, lines: [{ description: 'Retainer', unitMinor: 100000 }],
      // Day 1 is the due date (1 s here); the step a day later adds a 3 % fee.
      dunning: { steps: [{ key: 'after-1d', offsetDays: 1, lateFee: { type: 'percent', basisPoints: 300 } }] },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.invoice.id as string;
    // The fee is added and committed; the PDF's re-render then waits…
    const blocker = new pg.Client({ connectionString: database.url });
    await blocker.connect();
    // (Sending renders the PDF too: the lock is taken once it is sent, well before the step a "day" later.)
    expect((await staff.post(`/api/invoices/${id}/send`)).status).toBe(200);
    await blocker.query('select pg_advisory_lock(hashtext($1))', [`invoice-render:${id}`]);
    const blockerPid = Number((await blocker.query('select pg_backend_pid() as pid')).rows[0].pid);
    await expect.poll(async () => Number((await app.deps.sessionPool.query(
      `select count(*) as n from pg_stat_activity where $1 = any(pg_blocking_pids(pid)) and query ilike '%pg_advisory_xact_lock%'`, [blockerPid])).rows[0].n), { timeout: 20_000 }).toBe(1);
    expect((await app.deps.sessionPool.query(`select count(*)::int as n from invoice_line where invoice_id = $1 and kind = 'late_fee'`, [id])).rows[0].n).toBe(1);

    // …and the worker dies there; the step is retried on a new one.
    worker.child.kill('SIGKILL');
    await new Promise((r) => worker.child.once('exit', r));
    await blocker.query('select pg_advisory_unlock(hashtext($1))', [`invoice-render:${id}`]);
    await blocker.end();
    await startWorker();
    await expect.poll(async () => (await staff.get(`/api/invoices/${id}`)).body.invoice.dunning.steps[0]?.status, { timeout: 40_000 }).toBe('done');
    const inv = (await staff.get(`/api/invoices/${id}`)).body.invoice;
    expect(inv.lines.filter((l: { kind: string }) => l.kind === 'late_fee').map((l: { amountMinor: number }) => l.amountMinor)).toEqual([3000]);
    expect(inv.totalMinor).toBe(103000);
    const mails = await app.deps.sessionPool.query(`select to_address, count(*)::int as n from outbox_email where idempotency_key like $1 group by to_address`, [`dunning:${id}:after-1d:%`]);
    expect(mails.rows.every((r) => r.n === 1)).toBe(true);
    expect((await app.deps.sessionPool.query(`select count(*)::int as n from audit_event where event_key = $1`, [`dunning:${id}:after-1d:run`])).rows[0].n).toBe(1);
  }, 120_000);

  it('restarting the Temporal server keeps every engagement where it was', async () => {
    const started = await staff.post(`/api/accounts/${world.a.id}/engagements`, { title: 'Restart test', milestones: ['One', 'Two'] });
    const id = started.body.engagement.id as string;
    expect((await staff.post(`/api/engagements/${id}/milestones/m1/complete`)).status).toBe(200);

    // And a checklist: one item done before the restart, one whose reminder falls due after it.
    const admin = new ApiClient(app.url);
    await admin.login(world.users.admin.email, PASSWORD);
    const template = await admin.post('/api/templates', {
      formatVersion: 1, name: 'Restart checklist', phases: [{ key: 'p', title: 'Phase', milestones: [{ key: 'm', title: 'Done', owner: 'staff' }] }],
      checklist: [
        { key: 'early', title: 'Done before', assignee: 'client', due: 'P30D', completion: { type: 'tick' } },
        { key: 'later', title: 'Reminded after', assignee: 'client', due: 'P8D', reminders: { before: ['P2D'] }, completion: { type: 'tick' } },
      ],
    });
    const withChecklist = (await staff.post(`/api/accounts/${world.a.id}/engagements`, { templateId: template.body.template.id })).body.engagement.id as string;
    const checklist = app.deps.temporal.workflow.getHandle(onboardingWorkflowId(withChecklist));
    await expect.poll(async () => (await checklist.query(onboardingStateQuery).catch(() => null))?.version ?? 0, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    const client = new ApiClient(app.url);
    await client.login(world.users.memberA.email, PASSWORD);
    expect((await client.post(`/api/engagements/${withChecklist}/items/early/complete`)).status).toBe(200);

    temporal = await restartTemporalDevServer(temporal);

    // The checklist is where it was, and the timer set before the restart fires once after it (day 6).
    await expect.poll(async () => (await checklist.query(onboardingStateQuery).catch(() => null))?.items.map((i) => i.status), { timeout: 30_000 }).toEqual(['done', 'open']);
    await expect.poll(async () => (await app.deps.sessionPool.query('select count(*)::int as n from audit_event where event_key = $1', [`reminder:${withChecklist}:later:before-2d`])).rows[0].n, { timeout: 20_000 }).toBe(1);
    expect((await client.post(`/api/engagements/${withChecklist}/items/later/complete`)).status).toBe(200);
    expect(await auditCount(`reminder:${withChecklist}:later:before-2d`)).toBe(1);
    const handle = app.deps.temporal.workflow.getHandle(engagementWorkflowId(id));
    await expect.poll(async () => (await handle.query(engagementStateQuery).catch(() => null))?.milestones.map((m) => m.status), { timeout: 30_000 })
      .toEqual(['done', 'current']);
    const res = await staff.post(`/api/engagements/${id}/milestones/m2/complete`);
    expect(res.status).toBe(200);
    expect(res.body.engagement).toMatchObject({ status: 'completed', progress: { done: 2, total: 2 } });
    expect(await auditCount(`engagement:${id}:milestone:m1:completed`)).toBe(1);
    expect(await auditCount(`engagement:${id}:milestone:m2:completed`)).toBe(1);
  }, 90_000);

  it('restarting the Temporal server in the middle of a dunning schedule loses and repeats no step', async () => {
    const due = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const created = await staff.post(`/api/accounts/${world.a.id}/invoices`, {
      currency: 'EUR', dueDate: due, lines: [{ description: 'Retainer', unitMinor: 50000 }],
      dunning: { steps: [{ key: 'due', offsetDays: 0 }, { key: 'after-4d', offsetDays: 4, lateFee: { type: 'fixed', amountMinor: 1500 } }] },
    });
    const id = created.body.invoice.id as string;
    expect((await staff.post(`/api/invoices/${id}/send`)).status).toBe(200);
    // The first step (day 1) runs, then the server restarts before the second (day 5).
    await expect.poll(async () => (await staff.get(`/api/invoices/${id}`)).body.invoice.dunning.steps[0]?.status, { timeout: 15_000 }).toBe('done');
    temporal = await restartTemporalDevServer(temporal);
    await expect.poll(async () => (await staff.get(`/api/invoices/${id}`)).body.invoice.dunning.steps[1]?.status, { timeout: 30_000 }).toBe('done');
    for (const step of ['due', 'after-4d']) expect(await auditCount(`dunning:${id}:${step}:run`)).toBe(1);
    const fees = (await staff.get(`/api/invoices/${id}`)).body.invoice.lines.filter((l: { kind: string }) => l.kind === 'late_fee');
    expect(fees.map((l: { amountMinor: number }) => l.amountMinor)).toEqual([1500]);
  }, 90_000);
});
