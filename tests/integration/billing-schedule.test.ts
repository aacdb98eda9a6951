/**
 * Invoices from a template's billing schedule: the engagement workflow makes each scheduled invoice
 * once at its trigger (a date after the start, or a milestone completed), sends the ones marked to
 * go out by themselves exactly as the team's "send" does (number, PDF with its SHA-256, email,
 * dunning), and leaves the others as drafts for the team. A "day" is a second here.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Worker, bundleWorkflowCode } from '@temporalio/worker';
import { resolveTemporalCli } from '../../scripts/lib/temporal-cli.ts';
import { createBillingActivities } from '../../activities/billing.ts';
import { engagementWorkflowId, type EngagementInput } from '../../workflows/engagement.ts';
import { dunningWorkflowId } from '../../workflows/dunning.ts';
import { ApiClient, startTestApp, type TestApp } from '../support/app.ts';
import { makeWorld, PASSWORD } from '../support/fixtures.ts';

let app: TestApp;
let world: Awaited<ReturnType<typeof makeWorld>>;
const as = {} as Record<'staffA' | 'memberA' | 'memberB' | 'admin', ApiClient>;
const sql = <T>(q: string, p: unknown[] = []) => app.deps.orm.em.getConnection().execute<T[]>(q, p);

const TEMPLATE = {
  formatVersion: 1,
  name: 'Retainer with billing',
  phases: [{ key: 'work', title: 'Work', milestones: [{ key: 'kickoff', title: 'Kickoff', owner: 'staff' }, { key: 'launch', title: 'Launch', owner: 'staff' }] }],
  billing: {
    currency: 'EUR',
    taxRateBp: 2000,
    dunning: { steps: [{ key: 'due', offsetDays: 0 }] },
    schedule: [
      { key: 'deposit', title: 'Deposit', lines: [{ description: 'Deposit, 30 %', unitMinor: 300000 }], trigger: { type: 'date', after: 'P0D' }, dueDays: 14, autoSend: true },
      { key: 'second-month', title: 'Second month', lines: [{ description: 'Retainer', quantityMilli: 2000, unitMinor: 50000 }], trigger: { type: 'date', after: 'P2D' }, dueDays: 30 },
      { key: 'on-launch', title: 'Balance on launch', lines: [{ description: 'Balance', unitMinor: 700000 }], trigger: { type: 'milestone', milestone: 'launch' }, dueDays: 7, autoSend: true },
    ],
  },
};

beforeAll(async () => {
  // The worker renders the PDFs: the API reads them from the same folder.
  app = await startTestApp({ env: { PORTICO_DAY_MS: '1000', PORTICO_FILES_DIR: inject('filesDir') } });
  world = await makeWorld(app.deps.orm.em.fork());
  for (const k of ['staffA', 'memberA', 'memberB', 'admin'] as const) {
    as[k] = new ApiClient(app.url);
    expect((await as[k].login(world.users[k].email, PASSWORD)).status).toBe(200);
  }
}, 60_000);
afterAll(async () => app?.close());

const scheduled = (engagementId: string) => sql<{ id: string; schedule_key: string; status: string; number: number | null; total_minor: string; sent_sha256: string | null; due_date: string; issue_date: string | null }>(
  'select id, schedule_key, status, number, total_minor, sent_sha256, due_date, issue_date from invoice where engagement_id = ? order by created_at', [engagementId]);

describe('invoices from the billing schedule', () => {
  it('makes each scheduled invoice once at its trigger, sends the automatic ones like the team does, and leaves drafts for review', async () => {
    const published = await as.admin.post('/api/templates', TEMPLATE);
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    // Export carries the billing section as published.
    const exported = await as.admin.get(`/api/templates/${published.body.template.id}/export`);
    expect(exported.body.billing.schedule.map((e: { key: string }) => e.key)).toEqual(['deposit', 'second-month', 'on-launch']);

    const started = await as.staffA.post(`/api/accounts/${world.a.id}/engagements`, { templateId: published.body.template.id });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const id = started.body.engagement.id as string;

    // At the start: the deposit is sent — numbered, its PDF kept with its hash, the client emailed, its dunning running.
    await expect.poll(async () => (await scheduled(id)).find((i) => i.schedule_key === 'deposit')?.sent_sha256 ?? null, { timeout: 15_000 }).not.toBeNull();
    const deposit = (await scheduled(id)).find((i) => i.schedule_key === 'deposit')!;
    expect(deposit).toMatchObject({ status: 'sent', total_minor: '360000' });
    expect(deposit.number).toBeGreaterThan(0);
    const today = new Date().toISOString().slice(0, 10);
    expect(deposit.issue_date).toBe(today);
    expect(deposit.due_date).toBe(new Date(Date.parse(today) + 14 * 86_400_000).toISOString().slice(0, 10));
    const pdf = Buffer.from(await (await fetch(`${app.url}/api/invoices/${deposit.id}/pdf?copy=sent`, { headers: { cookie: as.memberA.cookie } })).arrayBuffer());
    expect(createHash('sha256').update(pdf).digest('hex')).toBe(deposit.sent_sha256);
    expect((await sql<{ to_address: string }>('select to_address from outbox_email where idempotency_key like ? order by to_address', [`invoice:${deposit.id}:sent:%`])).map((m) => m.to_address))
      .toEqual([world.users.adminA.email, world.users.memberA.email].sort());
    const dunning = app.deps.temporal.workflow.getHandle(dunningWorkflowId(deposit.id));
    await expect.poll(async () => (await dunning.describe()).status.name, { timeout: 10_000 }).toBe('RUNNING');
    expect((await dunning.describe()).parentExecution?.workflowId).toBe(engagementWorkflowId(id));
    // The client sees it in their billing history; another account's client cannot open it.
    expect((await as.memberA.get(`/api/accounts/${world.a.id}/invoices`)).body.invoices.map((i: { id: string }) => i.id)).toContain(deposit.id);
    expect((await as.memberB.get(`/api/invoices/${deposit.id}`)).status).toBe(404);

    // Two "days" in: the second month is a draft for the team (the client does not see it; the team is told).
    await expect.poll(async () => (await scheduled(id)).map((i) => i.schedule_key), { timeout: 15_000 }).toEqual(['deposit', 'second-month']);
    const second = (await scheduled(id)).find((i) => i.schedule_key === 'second-month')!;
    expect(second).toMatchObject({ status: 'draft', number: null, total_minor: '120000' });
    expect((await as.memberA.get(`/api/invoices/${second.id}`)).status).toBe(404);
    expect(await sql('select 1 from outbox_email where idempotency_key = ?', [`invoice:${second.id}:draft-ready:${world.users.staffA.id}`])).toHaveLength(1);

    // Nothing is due on launch until launch is completed; then the balance goes out by itself.
    expect((await scheduled(id)).some((i) => i.schedule_key === 'on-launch')).toBe(false);
    expect((await as.staffA.post(`/api/engagements/${id}/milestones/m1/complete`)).status).toBe(200);
    expect((await as.staffA.post(`/api/engagements/${id}/milestones/m2/complete`)).status).toBe(200);
    await expect.poll(async () => (await scheduled(id)).find((i) => i.schedule_key === 'on-launch')?.status ?? null, { timeout: 15_000 }).toBe('sent');
    const handle = app.deps.temporal.workflow.getHandle(engagementWorkflowId(id));
    expect((await handle.result()).status).toBe('completed');

    // The team sends the reviewed draft through the same path: the next number, its own dunning.
    const sent = await as.staffA.post(`/api/invoices/${second.id}/send`);
    expect(sent.body.invoice).toMatchObject({ status: 'sent', label: expect.stringMatching(/^INV-/) });

    // Exactly once: the activity run again (a retry after a crash) finds each invoice already made and sent.
    const activities = createBillingActivities({ orm: app.deps.orm, publicUrl: app.url, storage: app.deps.storage });
    const again = await activities.issueScheduledInvoice({
      engagementId: id, accountId: world.a.id, createdBy: { id: world.users.staffA.id, email: world.users.staffA.email, role: 'staff', name: 'S' },
      currency: 'EUR', taxRateBp: 2000, dunning: { steps: [{ key: 'due', offsetDays: 0, lateFee: null, escalation: null }], repeatEveryDays: null, finalAction: null }, dayMs: 1000,
      entry: { key: 'deposit', title: 'Deposit', notes: '', lines: [{ description: 'Deposit, 30 %', quantityMilli: 1000, unitMinor: 300000 }], trigger: { afterDays: 0 }, dueDays: 14, autoSend: true },
    });
    expect(again.invoiceId).toBe(deposit.id);
    const after = await scheduled(id);
    expect(after.map((i) => i.schedule_key)).toEqual(['deposit', 'second-month', 'on-launch']);
    expect(after.find((i) => i.schedule_key === 'deposit')!.number).toBe(deposit.number);
    expect(await sql('select 1 from outbox_email where idempotency_key like ?', [`invoice:${deposit.id}:sent:%`])).toHaveLength(2);
    // The database refuses a second invoice for the same entry, whoever writes it.
    await expect(sql(`insert into invoice (id, created_at, account_id, engagement_id, schedule_key, status, currency, due_date, dunning, workflow_id, created_by_id, updated_at)
      values (gen_random_uuid(), now(), ?, ?, 'deposit', 'draft', 'EUR', '2030-01-01', '{}', gen_random_uuid()::text, ?, now())`, [world.a.id, id, world.users.staffA.id])).rejects.toThrow(/invoice_engagement_id_schedule_key_unique/);

    // Every step is in the audit chain.
    const actions = (await sql<{ action: string; target_id: string }>(`select action, target_id from audit_event where account_id = ? and target_type = 'invoice' order by seq`, [world.a.id]));
    expect(actions.filter((a) => a.target_id === deposit.id).map((a) => a.action)).toEqual(expect.arrayContaining(['invoice.created', 'invoice.sent']));

    // The run replays against the current code; record it for the replay test.
    const bundle = await bundleWorkflowCode({ workflowsPath: fileURLToPath(new URL('../../workflows/index.ts', import.meta.url)) });
    await Worker.runReplayHistory({ workflowBundle: bundle }, await handle.fetchHistory(), engagementWorkflowId(id));
    if (process.env.RECORD_HISTORIES) {
      const dir = fileURLToPath(new URL('../../workflows/histories', import.meta.url));
      mkdirSync(dir, { recursive: true });
      const json = execFileSync(await resolveTemporalCli(), ['workflow', 'show', '--workflow-id', engagementWorkflowId(id), '--address', inject('temporalAddress'), '--output', 'json']);
      writeFileSync(`${dir}/engagement-with-billing.json`, json);
    }
  }, 90_000);

  it('starts engagements without a billing schedule exactly as before', async () => {
    const res = await as.staffA.post(`/api/accounts/${world.a.id}/engagements`, { title: 'No billing', milestones: ['Only'] });
    const id = res.body.engagement.id as string;
    const input = (await app.deps.temporal.workflow.getHandle(engagementWorkflowId(id)).fetchHistory()).events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads![0]!;
    const args = JSON.parse(Buffer.from(input.data!).toString()) as EngagementInput;
    expect(args.billing).toBeUndefined();
    await as.staffA.post(`/api/engagements/${id}/milestones/m1/complete`);
    expect(await scheduled(id)).toEqual([]);
  });
});
