/**
 * Long-lived engagements continue as new when Temporal suggests it. This file runs its own Temporal
 * server that suggests it after a few dozen events, so both the engagement and its checklist hand
 * over to new runs within the test: pending items, their reminder timers and Updates sent at the
 * moment of the hand-over all survive, and the checklist outlives its parent's runs.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker, bundleWorkflowCode } from '@temporalio/worker';
import { resolveTemporalCli } from '../../scripts/lib/temporal-cli.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, startTestApp, type TestApp } from '../support/app.ts';
import { makeWorld, PASSWORD } from '../support/fixtures.ts';
import { createTestDatabase } from '../support/db.ts';
import { spawnWorker, waitForWorker } from '../support/global-setup.ts';
import { startTemporalDevServer, type DevServer } from '../../scripts/lib/temporal-dev-server.ts';
import { engagementWorkflowId } from '../../workflows/engagement.ts';
import { onboardingStateQuery, onboardingWorkflowId } from '../../workflows/onboarding.ts';

const DAY = 1000;
const dir = mkdtempSync(join(tmpdir(), 'portico-can-'));
const taskQueue = `portico-can-${process.pid}`;
let temporal: DevServer;
/** A database of its own: one database belongs to one Temporal server (the run's worker relays the run database's commands to the run's server). */
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let worker: ReturnType<typeof spawnWorker>;
let app: TestApp;
let world: Awaited<ReturnType<typeof makeWorld>>;
let staff: ApiClient;
let client: ApiClient;

const TEMPLATE = {
  formatVersion: 1, name: 'Long engagement', description: '',
  phases: [{ key: 'p', title: 'Phase', milestones: [
    { key: 'kickoff', title: 'Kickoff', owner: 'staff' },
    { key: 'access', title: 'Access granted', owner: 'client' },
    { key: 'launch', title: 'Launch', owner: 'staff' },
  ] }],
  checklist: [
    { key: 'a', title: 'Item A', assignee: 'client', due: 'P30D', completion: { type: 'tick' }, blocksMilestone: 'access' },
    { key: 'b', title: 'Item B', assignee: 'client', due: 'P30D', completion: { type: 'tick' }, blocksMilestone: 'access' },
    { key: 'c', title: 'Item C', assignee: 'client', due: 'P8D', reminders: { before: ['P3D'], after: ['P1D'] }, completion: { type: 'tick' } },
    { key: 'd', title: 'Item D', assignee: 'staff', due: 'P30D', completion: { type: 'tick' } },
  ],
};

beforeAll(async () => {
  database = await createTestDatabase('can');
  temporal = await startTemporalDevServer({ dynamicConfig: { 'limit.historyCount.suggestContinueAsNew': 30 } });
  worker = spawnWorker({ DATABASE_URL: database.url, TEMPORAL_ADDRESS: temporal.address, TEMPORAL_TASK_QUEUE: taskQueue });
  await waitForWorker(worker.child, worker.output);
  app = await startTestApp({ env: { DATABASE_URL: database.url, TEMPORAL_ADDRESS: temporal.address, TEMPORAL_TASK_QUEUE: taskQueue, PORTICO_DAY_MS: String(DAY) } });
  world = await makeWorld(app.deps.orm.em.fork());
  const admin = new ApiClient(app.url);
  await admin.login(world.users.admin.email, PASSWORD);
  staff = new ApiClient(app.url);
  await staff.login(world.users.staffA.email, PASSWORD);
  client = new ApiClient(app.url);
  await client.login(world.users.memberA.email, PASSWORD);
  const templateId = (await admin.post('/api/templates', TEMPLATE)).body.template.id;
  (globalThis as { templateId?: string }).templateId = templateId;
}, 120_000);
afterAll(async () => {
  worker?.child.kill('SIGKILL');
  await app?.close();
  await temporal?.stop();
  await database?.drop();
  rmSync(dir, { recursive: true, force: true });
});

const outbox = async (like: string) => (await app.deps.orm.em.getConnection().execute<{ to_address: string }[]>(
  'select to_address from outbox_email where idempotency_key like ? order by to_address', [like])).map((r) => r.to_address);

describe('continue-as-new', () => {
  it('hands engagement and checklist over to new runs without losing items, timers or in-flight Updates', async () => {
    const started = await staff.post(`/api/accounts/${world.a.id}/engagements`, { templateId: (globalThis as { templateId?: string }).templateId });
    expect(started.status).toBe(201);
    const id = started.body.engagement.id as string;
    const checklist = app.deps.temporal.workflow.getHandle(onboardingWorkflowId(id));
    const parent = app.deps.temporal.workflow.getHandle(engagementWorkflowId(id));
    await expect.poll(async () => (await checklist.query(onboardingStateQuery).catch(() => null))?.version ?? 0, { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
    const firstChecklistRun = (await checklist.describe()).runId;
    const firstParentRun = (await parent.describe()).runId;

    // Enough changes for the server to suggest continuing as new (after 30 events here).
    expect((await client.post(`/api/engagements/${id}/items/a/complete`)).status).toBe(200);
    expect((await staff.post(`/api/engagements/${id}/items/a/reopen`)).status).toBe(200);
    expect((await client.post(`/api/engagements/${id}/items/a/complete`)).status).toBe(200);
    // Two Updates at once, around the hand-over: both are applied, once.
    const [b, d] = await Promise.all([
      client.post(`/api/engagements/${id}/items/b/complete`),
      staff.post(`/api/engagements/${id}/items/d/complete`),
    ]);
    expect([b.status, d.status]).toEqual([200, 200]);

    // Both workflows are on new runs now, and the first runs closed by continuing as new.
    await expect.poll(async () => (await checklist.describe()).runId, { timeout: 15_000 }).not.toBe(firstChecklistRun);
    await expect.poll(async () => (await parent.describe()).runId, { timeout: 15_000 }).not.toBe(firstParentRun);
    expect((await app.deps.temporal.workflow.getHandle(onboardingWorkflowId(id), firstChecklistRun).describe()).status.name).toBe('CONTINUED_AS_NEW');
    expect((await app.deps.temporal.workflow.getHandle(engagementWorkflowId(id), firstParentRun).describe()).status.name).toBe('CONTINUED_AS_NEW');
    // The checklist was not closed along with its parent's first run.
    expect((await checklist.describe()).status.name).toBe('RUNNING');

    const state = await checklist.query(onboardingStateQuery);
    expect(Object.fromEntries(state.items.map((i) => [i.key, i.status]))).toEqual({ a: 'done', b: 'done', c: 'open', d: 'done' });

    // The parent still knows which items are closed: "Access granted" follows the kickoff by itself.
    expect((await staff.post(`/api/engagements/${id}/milestones/m1/complete`)).status).toBe(200);
    await expect.poll(async () => (await staff.get(`/api/engagements/${id}`)).body.engagement.milestones.map((m: { status: string }) => m.status), { timeout: 10_000 })
      .toEqual(['done', 'done', 'current']);

    // Item C's timers, started in the first run, still fire: reminder at day 5, escalation at 8, reminder at 9; each once.
    const clients = [world.users.adminA.email, world.users.memberA.email].sort();
    await expect.poll(() => outbox(`reminder:${id}:c:before-3d:%`), { timeout: 15_000 }).toEqual(clients);
    await expect.poll(() => outbox(`reminder:${id}:c:overdue:%`), { timeout: 15_000 }).toEqual([world.users.staffA.email]);
    await expect.poll(() => outbox(`reminder:${id}:c:after-1d:%`), { timeout: 15_000 }).toEqual(clients);
    const reminded = await app.deps.orm.em.getConnection().execute<{ event_key: string }[]>(
      `select event_key from audit_event where target_id = ? and action in ('checklist.reminder_sent', 'checklist.item_escalated') order by seq`, [id]);
    expect(reminded.map((r) => r.event_key.split(':').pop())).toEqual(['before-3d', 'overdue', 'after-1d']);

    // Each completion recorded once across the runs.
    const completed = await app.deps.orm.em.getConnection().execute<{ key: string }[]>(
      `select data->>'itemKey' as key from audit_event where target_id = ? and action = 'checklist.item_completed' order by seq`, [id]);
    expect(completed.map((r) => r.key).sort()).toEqual(['a', 'a', 'b', 'd']);

    // And an item is still completed through an Update on the latest run.
    const c = await client.post(`/api/engagements/${id}/items/c/complete`);
    expect(c.status).toBe(200);
    expect(c.body.engagement.checklist.every((i: { status: string }) => i.status === 'done')).toBe(true);

    // The first runs (ending in continue-as-new) and the latest replay against the current code.
    const workflowBundle = await bundleWorkflowCode({ workflowsPath: fileURLToPath(new URL('../../workflows/index.ts', import.meta.url)) });
    for (const [wf, runId, name] of [[onboardingWorkflowId(id), firstChecklistRun, 'onboarding'], [engagementWorkflowId(id), firstParentRun, 'engagement']] as const) {
      await Worker.runReplayHistory({ workflowBundle }, await app.deps.temporal.workflow.getHandle(wf, runId).fetchHistory(), wf);
      if (process.env.RECORD_HISTORIES) {
        const json = execFileSync(await resolveTemporalCli(), ['workflow', 'show', '--workflow-id', wf, '--run-id', runId, '--address', temporal.address, '--output', 'json']);
        writeFileSync(fileURLToPath(new URL(`../../workflows/histories/${name}-continued-as-new.json`, import.meta.url)), json);
      }
    }
  }, 90_000);
});
