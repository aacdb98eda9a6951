/**
 * The onboarding checklist end to end through the API, the engagement workflow and its onboarding
 * child. A checklist "day" lasts one second here (PORTICO_DAY_MS), so due dates, reminders and
 * escalations happen within the test.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Worker, bundleWorkflowCode } from '@temporalio/worker';
import { resolveTemporalCli } from '../../scripts/lib/temporal-cli.ts';
import { engagementWorkflowId } from '../../workflows/engagement.ts';
import { onboardingStateQuery, onboardingWorkflowId } from '../../workflows/onboarding.ts';
import { ApiClient, startTestApp, type TestApp } from '../support/app.ts';
import { makeWorld, PASSWORD } from '../support/fixtures.ts';
import { caughtUp } from '../support/temporal.ts';

const DAY = 1000;
let app: TestApp;
let world: Awaited<ReturnType<typeof makeWorld>>;
let staff: ApiClient;
let client: ApiClient;
let engagementId: string;
let templateId: string;

const TEMPLATE = {
  formatVersion: 1, name: 'Onboarding with a checklist', description: '',
  phases: [{ key: 'start', title: 'Start', milestones: [
    { key: 'kickoff', title: 'Kickoff call', owner: 'staff' },
    { key: 'access', title: 'Access granted', owner: 'client' },
    { key: 'launch', title: 'Launch', owner: 'staff' },
  ] }],
  checklist: [
    { key: 'assets', title: 'Confirm brand assets', assignee: 'client', due: 'P6D', reminders: { before: ['P4D'], after: ['P1D'] }, completion: { type: 'tick' }, blocksMilestone: 'access' },
    { key: 'intake', title: 'Intake form', assignee: 'client', due: 'P30D', completion: { type: 'form', fields: [
      { key: 'domain', label: 'Domain', type: 'text', required: true },
      { key: 'plan', label: 'Plan', type: 'choice', required: true, options: ['Basic', 'Pro'] },
      { key: 'golive', label: 'Go-live date', type: 'date', required: false },
    ] } },
    { key: 'contract', title: 'Countersign the contract', assignee: 'client', due: 'P1D', completion: { type: 'tick' } },
    { key: 'notes', title: 'Write kickoff notes', assignee: 'staff', due: 'P30D', completion: { type: 'tick' } },
  ],
};

const outbox = async (like: string) => app.deps.orm.em.getConnection().execute<{ idempotency_key: string; to_address: string; subject: string; text_body: string }[]>(
  'select idempotency_key, to_address, subject, text_body from outbox_email where idempotency_key like ? order by idempotency_key', [like]);
const engagement = async () => (await staff.get(`/api/engagements/${engagementId}`)).body.engagement;

beforeAll(async () => {
  app = await startTestApp({ env: { PORTICO_DAY_MS: String(DAY) } });
  world = await makeWorld(app.deps.orm.em.fork());
  const admin = new ApiClient(app.url);
  await admin.login(world.users.admin.email, PASSWORD);
  templateId = (await admin.post('/api/templates', TEMPLATE)).body.template.id as string;
  staff = new ApiClient(app.url);
  await staff.login(world.users.staffA.email, PASSWORD);
  client = new ApiClient(app.url);
  await client.login(world.users.memberA.email, PASSWORD);
  const started = await staff.post(`/api/accounts/${world.a.id}/engagements`, { templateId });
  expect(started.status).toBe(201);
  engagementId = started.body.engagement.id;
  // The onboarding child workflow starts, and records its checklist, shortly after the engagement.
  const child = app.deps.temporal.workflow.getHandle(onboardingWorkflowId(engagementId));
  for (let i = 0; i < 100; i++) {
    const state = await child.query(onboardingStateQuery).catch(() => null);
    if (state && state.version >= 1) break;
    await new Promise((r) => setTimeout(r, 100));
  }
});
afterAll(async () => app?.close());

describe('onboarding checklist', () => {
  it("shows the client what is waiting on them, soonest due first, with due dates", async () => {
    const home = (await client.get('/api/home')).body;
    const mine = home.waitingOnYou.filter((w: { engagementId: string }) => w.engagementId === engagementId);
    expect(mine.map((w: { title: string }) => w.title)).toEqual(['Countersign the contract', 'Confirm brand assets', 'Intake form']);
    expect(mine.every((w: { kind: string; dueAt: string }) => w.kind === 'item' && !Number.isNaN(Date.parse(w.dueAt)))).toBe(true);
    expect(home.waitingOnUs.map((w: { title: string }) => w.title)).toEqual(expect.arrayContaining(['Write kickoff notes']));
  });

  it('validates form answers per field and records them', async () => {
    const missing = await client.post(`/api/engagements/${engagementId}/items/intake/complete`, { answers: { plan: 'Gold', golive: 'next week' } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.fields).toEqual({ 'answers.domain': 'Required', 'answers.plan': 'Choose one of the options', 'answers.golive': 'Use a date like 2026-12-31' });
    const ok = await client.post(`/api/engagements/${engagementId}/items/intake/complete`, { answers: { domain: 'acme.example', plan: 'Pro' } });
    expect(ok.status).toBe(200);
    const item = ok.body.engagement.checklist.find((i: { key: string }) => i.key === 'intake');
    expect(item).toMatchObject({ status: 'done', completedBy: world.users.memberA.name, answers: { domain: 'acme.example', plan: 'Pro' } });
    const twice = await client.post(`/api/engagements/${engagementId}/items/intake/complete`, { answers: { domain: 'x', plan: 'Basic' } });
    expect(twice.status).toBe(409);
  });

  it('reminds the people who must act before the due date, once each', async () => {
    // The UI shows the reminder on the item once the workflow has recorded it.
    await expect.poll(async () => (await engagement()).checklist.find((i: { key: string }) => i.key === 'assets').reminders.length, { timeout: 10_000 }).toBe(1);
    const mails = await outbox(`reminder:${engagementId}:assets:before-4d:%`);
    expect(mails.map((m) => m.to_address).sort()).toEqual([world.users.adminA.email, world.users.memberA.email].sort());
    expect(mails[0]!.subject).toMatch(/^Reminder: Confirm brand assets/);
    expect(mails[0]!.text_body).toContain(`/engagements/${engagementId}`);
    const item = (await engagement()).checklist.find((i: { key: string }) => i.key === 'assets');
    expect(item.reminders.map((r: { step: string }) => r.step)).toEqual(['before-4d']);
  });

  it('escalates an overdue item to the account manager', async () => {
    await expect.poll(async () => (await outbox(`reminder:${engagementId}:contract:overdue:%`)).map((m) => m.to_address), { timeout: 10_000 })
      .toEqual([world.users.staffA.email]);
    const [mail] = await outbox(`reminder:${engagementId}:contract:overdue:%`);
    expect(mail!.subject).toMatch(/^Overdue: Countersign the contract/);
  });

  it('completes a blocked milestone when its items are done, and then stops reminding', async () => {
    expect((await staff.post(`/api/engagements/${engagementId}/milestones/m1/complete`)).status).toBe(200);
    // "Access granted" waits for its item: the team cannot complete it by hand.
    const early = await staff.post(`/api/engagements/${engagementId}/milestones/m2/complete`);
    expect(early.status).toBe(409);
    expect(early.body.error.message).toBe('"Access granted" waits for its checklist items: assets');

    const done = await client.post(`/api/engagements/${engagementId}/items/assets/complete`, {});
    expect(done.status).toBe(200);
    await expect.poll(async () => (await engagement()).milestones.map((m: { status: string }) => m.status), { timeout: 10_000 }).toEqual(['done', 'done', 'current']);
    expect((await engagement()).milestones[1].completedBy).toBe(world.users.memberA.name);

    // Its due date (6 days) and after-reminder (7 days) pass, and the checklist's workflow has caught up with them: nothing more is sent for it.
    const dueAt = Date.parse((await engagement()).checklist.find((i: { key: string }) => i.key === 'assets').dueAt);
    await caughtUp(app.deps.temporal.workflow.getHandle(onboardingWorkflowId(engagementId)), dueAt + DAY + 100);
    expect((await outbox(`reminder:${engagementId}:assets:%`)).map((m) => m.idempotency_key.split(':')[3])).toEqual(['before-4d', 'before-4d']);
  }, 30_000);

  it('lets the team waive an item with a reason and reopen it; clients may do neither', async () => {
    expect((await client.post(`/api/engagements/${engagementId}/items/notes/complete`, {})).status).toBe(403);
    expect((await client.post(`/api/engagements/${engagementId}/items/notes/waive`, { reason: 'x' })).status).toBe(403);
    const noReason = await staff.post(`/api/engagements/${engagementId}/items/notes/waive`, { reason: ' ' });
    expect(noReason.body.error.fields).toEqual({ reason: 'Give a reason' });
    const waived = await staff.post(`/api/engagements/${engagementId}/items/notes/waive`, { reason: 'Covered in the kickoff call' });
    expect(waived.body.engagement.checklist.find((i: { key: string }) => i.key === 'notes')).toMatchObject({ status: 'waived', waivedReason: 'Covered in the kickoff call' });
    const reopened = await staff.post(`/api/engagements/${engagementId}/items/notes/reopen`);
    expect(reopened.body.engagement.checklist.find((i: { key: string }) => i.key === 'notes')).toMatchObject({ status: 'open', waivedReason: null });

    const audit = await app.deps.orm.em.getConnection().execute<{ action: string }[]>(
      `select action from audit_event where target_id = ? and action like 'checklist.%' order by seq`, [engagementId]);
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['checklist.item_completed', 'checklist.reminder_sent', 'checklist.item_escalated', 'checklist.item_waived', 'checklist.item_reopened']));
  });

  it('ends the checklist with its engagement: the workflow closes and refuses every item change (409)', async () => {
    // Every item closed first: the checklist used to wait for ever for a reopen after the engagement ended.
    for (const key of ['contract', 'notes']) {
      expect((await staff.post(`/api/engagements/${engagementId}/items/${key}/waive`, { reason: 'Not needed' })).status).toBe(200);
    }
    expect((await staff.post(`/api/engagements/${engagementId}/milestones/m3/complete`)).status).toBe(200);
    await expect.poll(async () => (await engagement()).status, { timeout: 10_000 }).toBe('completed');
    const child = app.deps.temporal.workflow.getHandle(onboardingWorkflowId(engagementId));
    await expect.poll(async () => (await child.describe()).status.name, { timeout: 15_000 }).toBe('COMPLETED');
    const reopen = await staff.post(`/api/engagements/${engagementId}/items/intake/reopen`);
    expect(reopen.status).toBe(409);
    expect(reopen.body.error.message).toBe('This engagement is complete; its checklist is closed');
    expect((await client.post(`/api/engagements/${engagementId}/items/assets/complete`, {})).status).toBe(409);
    // Nothing changed after the end: the checklist's audit events stop at the waivers.
    const audit = await app.deps.orm.em.getConnection().execute<{ action: string }[]>(
      `select action from audit_event where target_id = ? and action like 'checklist.%' order by seq desc limit 1`, [engagementId]);
    expect(audit.map((a) => a.action)).toEqual(['checklist.item_waived']);
  }, 30_000);

  it('ends the checklist when its engagement is cancelled, too', async () => {
    const started = await staff.post(`/api/accounts/${world.a.id}/engagements`, { templateId });
    expect(started.status).toBe(201);
    const id = started.body.engagement.id as string;
    const child = app.deps.temporal.workflow.getHandle(onboardingWorkflowId(id));
    await expect.poll(async () => (await child.query(onboardingStateQuery).catch(() => null))?.version ?? 0, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    const parent = app.deps.temporal.workflow.getHandle(engagementWorkflowId(id));
    await parent.cancel();
    await expect.poll(async () => (await parent.describe()).status.name, { timeout: 10_000 }).toBe('CANCELLED');
    // Closed either way: cancelled with the run that started it (the SDK cancels a child with its scope),
    // or, for a checklist started by an earlier run (continue-as-new), completed on `engagementEnded`.
    await expect.poll(async () => (await child.describe()).status.name, { timeout: 15_000 }).toMatch(/^(CANCELLED|COMPLETED)$/);
  }, 30_000);

  it('replays the histories of both workflows against the current code', async () => {
    const workflowBundle = await bundleWorkflowCode({ workflowsPath: fileURLToPath(new URL('../../workflows/index.ts', import.meta.url)) });
    for (const id of [engagementWorkflowId(engagementId), onboardingWorkflowId(engagementId)]) {
      const history = await app.deps.temporal.workflow.getHandle(id).fetchHistory();
      await Worker.runReplayHistory({ workflowBundle }, history, id);
      if (process.env.RECORD_HISTORIES) {
        const json = execFileSync(await resolveTemporalCli(), ['workflow', 'show', '--workflow-id', id, '--address', inject('temporalAddress'), '--output', 'json']);
        // RECORD_HISTORIES=1 writes the base names; another value is a suffix, keeping the histories of earlier code.
        const tag = process.env.RECORD_HISTORIES === '1' ? '' : `-${process.env.RECORD_HISTORIES}`;
        writeFileSync(fileURLToPath(new URL(`../../workflows/histories/${id.split('-')[0]}-with-checklist${tag}.json`, import.meta.url)), json);
      }
    }
  }, 60_000);

  it("answers 404 for another account's engagement checklist", async () => {
    const other = new ApiClient(app.url);
    await other.login(world.users.memberB.email, PASSWORD);
    const res = await other.post(`/api/engagements/${engagementId}/items/assets/complete`, {});
    expect(res.status).toBe(404);
  });
});
