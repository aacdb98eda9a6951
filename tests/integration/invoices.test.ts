/**
 * Invoices and their dunning workflows through the API: sequential numbers under concurrency,
 * integer money, the sent PDF kept with its hash, reminders and a late fee each applied once, a
 * dispute pausing the schedule, manual payment confirmed by staff stopping it, overpayment and
 * other accounts refused. A dunning "day" is a second here (the schedule runs in seconds).
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker, bundleWorkflowCode } from '@temporalio/worker';
import { resolveTemporalCli } from '../../scripts/lib/temporal-cli.ts';
import Stripe from 'stripe';
import { StripeProvider } from '../../web-api/payments/stripe.ts';
import { startStripeMock, type StripeMock } from '../support/stripe-mock.ts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { dunningStateQuery, dunningWorkflowId } from '../../workflows/dunning.ts';
import { ApiClient, startTestApp, type TestApp } from '../support/app.ts';
import { makeWorld, PASSWORD } from '../support/fixtures.ts';
import { caughtUp } from '../support/temporal.ts';

let app: TestApp;
let world: Awaited<ReturnType<typeof makeWorld>>;
const as = {} as Record<'staffA' | 'staffB' | 'memberA' | 'adminA' | 'memberB' | 'reviewer', ApiClient>;

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const outbox = async (like: string) => (await app.deps.orm.em.getConnection().execute<{ to_address: string; subject: string }[]>(
  'select to_address, subject from outbox_email where idempotency_key like ? order by to_address', [like]));

const POLICY = {
  steps: [
    { key: 'before-1d', offsetDays: -1 },
    { key: 'after-1d', offsetDays: 1, lateFee: { type: 'fixed', amountMinor: 2500 }, escalation: 'notify_manager' },
    { key: 'after-3d', offsetDays: 3, lateFee: { type: 'percent', basisPoints: 100 } },
  ],
};

/** Replays a finished dunning run against the current code; with RECORD_HISTORIES, keeps it for the replay test. */
async function replayAndRecord(invoiceId: string, name: string) {
  const bundle = await bundleWorkflowCode({ workflowsPath: fileURLToPath(new URL('../../workflows/index.ts', import.meta.url)) });
  const handle = app.deps.temporal.workflow.getHandle(dunningWorkflowId(invoiceId));
  await Worker.runReplayHistory({ workflowBundle: bundle }, await handle.fetchHistory(), dunningWorkflowId(invoiceId));
  if (process.env.RECORD_HISTORIES) {
    const dir = fileURLToPath(new URL('../../workflows/histories', import.meta.url));
    mkdirSync(dir, { recursive: true });
    writeFileSync(`${dir}/${name}.json`, execFileSync(await resolveTemporalCli(), ['workflow', 'show', '--workflow-id', dunningWorkflowId(invoiceId), '--address', inject('temporalAddress'), '--output', 'json']));
  }
}

async function draft(accountId = world.a.id, dueInDays = 3, dunning: unknown = POLICY) {
  const res = await as.staffA.post(`/api/accounts/${accountId}/invoices`, {
    currency: 'EUR', taxRateBp: 2000, dueDate: day(dueInDays), notes: 'Thank you.',
    lines: [{ description: 'Design sprint', quantityMilli: 2000, unitMinor: 15000 }, { description: 'Hosting, one month', unitMinor: 9999 }],
    dunning,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.invoice.id as string;
}

beforeAll(async () => {
  app = await startTestApp({ env: { PORTICO_DAY_MS: '1000', PORTICO_FILES_DIR: inject('filesDir') } });
  world = await makeWorld(app.deps.orm.em.fork());
  for (const k of ['staffA', 'staffB', 'memberA', 'adminA', 'memberB', 'reviewer'] as const) {
    as[k] = new ApiClient(app.url);
    expect((await as[k].login(world.users[k].email, PASSWORD)).status).toBe(200);
  }
}, 60_000);
let mock: StripeMock;
const WEBHOOK_SECRET = 'whsec_portico_tests';
afterAll(async () => {
  await mock?.stop();
  await app?.close();
});

describe('invoices and dunning', () => {
  it('computes money in integer minor units and validates with the field named', async () => {
    const id = await draft();
    const inv = (await as.staffA.get(`/api/invoices/${id}`)).body.invoice;
    // 2 × 150.00 + 99.99 = 399.99; VAT 20 % = 80.00 (79.998 rounded); total 479.99.
    expect(inv).toMatchObject({ status: 'draft', label: 'Draft', subtotalMinor: 39999, taxMinor: 8000, totalMinor: 47999, balanceMinor: 47999 });
    expect(inv.lines.map((l: { amountMinor: number }) => l.amountMinor)).toEqual([30000, 9999]);
    const bad = await as.staffA.post(`/api/accounts/${world.a.id}/invoices`, { currency: 'euro', dueDate: 'soon', lines: [{ description: '', unitMinor: 1.5 }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toMatchObject({ currency: 'Use a three-letter currency code like EUR', dueDate: 'Use a date like 2026-12-31', 'lines.0.description': 'Required', 'lines.0.unitMinor': 'Must be a whole number of cents' });
    // A client never sees a draft.
    expect((await as.memberA.get(`/api/invoices/${id}`)).status).toBe(404);
    expect((await as.memberA.get(`/api/accounts/${world.a.id}/invoices`)).body.invoices.map((i: { id: string }) => i.id)).not.toContain(id);
  });

  it('numbers invoices in sequence with no gaps and no duplicates when sent at once', async () => {
    const ids = await Promise.all(Array.from({ length: 6 }, () => draft(world.a.id, 30, { steps: [] })));
    const sent = await Promise.all(ids.map((id) => as.staffA.post(`/api/invoices/${id}/send`)));
    expect(sent.map((s) => s.status)).toEqual(ids.map(() => 200));
    const numbers = sent.map((s) => s.body.invoice.number as number).sort((a, b) => a - b);
    expect(new Set(numbers).size).toBe(6);
    // Other test files send invoices at the same time (one counter for the business), so the six need not be
    // adjacent; every number given so far is, though: no gaps and no duplicates.
    const all = (await app.deps.orm.em.getConnection().execute<{ n: string; lo: number; hi: number; d: string }[]>(
      'select count(*) as n, min(number) as lo, max(number) as hi, count(distinct number) as d from invoice where number is not null'))[0]!;
    expect(Number(all.n)).toBe(all.hi - all.lo + 1);
    expect(Number(all.d)).toBe(Number(all.n));
    expect(sent[0]!.body.invoice.label).toMatch(/^INV-\d{6}$/);
    // Sending again is refused; the sent PDF is kept with its hash.
    expect((await as.staffA.post(`/api/invoices/${ids[0]}/send`)).status).toBe(409);
    const pdf = Buffer.from(await (await fetch(`${app.url}/api/invoices/${ids[0]}/pdf?copy=sent`, { headers: { cookie: as.memberA.cookie } })).arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(sha(pdf)).toBe(sent.find((s) => s.body.invoice.id === ids[0])!.body.invoice.sentSha256);
  }, 30_000);

  it('reminds before the due date, adds each late fee once and escalates; a dispute pauses; a confirmed payment stops it', async () => {
    const id = await draft();
    const sent = await as.staffA.post(`/api/invoices/${id}/send`);
    expect(sent.body.invoice.status).toBe('sent');
    expect(await outbox(`invoice:${id}:sent:%`)).toHaveLength(2);

    // Day 2: the reminder before the due date, to each client user once.
    await expect.poll(async () => (await outbox(`dunning:${id}:before-1d:%`)).map((m) => m.to_address), { timeout: 10_000 })
      .toEqual([world.users.adminA.email, world.users.memberA.email].sort());
    // Day 4: overdue, a fixed late fee of 25.00 and the account manager told.
    await expect.poll(async () => (await as.memberA.get(`/api/invoices/${id}`)).body.invoice.status, { timeout: 10_000 }).toBe('overdue');
    const overdue = (await as.memberA.get(`/api/invoices/${id}`)).body.invoice;
    expect(overdue.lines.filter((l: { kind: string }) => l.kind === 'late_fee').map((l: { amountMinor: number; stepKey: string }) => [l.stepKey, l.amountMinor])).toEqual([['after-1d', 2500]]);
    expect(overdue).toMatchObject({ feesMinor: 2500, totalMinor: 50499, balanceMinor: 50499 });
    expect((await outbox(`dunning:${id}:after-1d:escalation:%`)).map((m) => m.to_address)).toEqual([world.users.staffA.email]);

    // The client disputes before day 6: the next step does not run while disputed.
    const disputed = await as.memberA.post(`/api/invoices/${id}/dispute`, { reason: 'The hosting month was already paid' });
    expect(disputed.body.invoice.status).toBe('disputed');
    expect((await as.memberA.post(`/api/invoices/${id}/payments`, { method: 'manual', amountMinor: 100, reference: 'x' })).status).toBe(409);
    // The next step's time passes while disputed, and the workflow has caught up with it: it did not run.
    const dunning = app.deps.temporal.workflow.getHandle(dunningWorkflowId(id));
    await expect.poll(async () => (await dunning.query(dunningStateQuery)).paused, { timeout: 10_000 }).toBe(true);
    const next = (await dunning.query(dunningStateQuery)).steps.find((s) => s.key === 'after-3d')!;
    await caughtUp(dunning, Date.parse(next.at) + 200);
    expect(await outbox(`dunning:${id}:after-3d:%`)).toEqual([]);
    expect((await as.staffA.post(`/api/invoices/${id}/dispute/messages`, { body: 'Checking with accounts' })).status).toBe(201);
    const resolved = await as.staffA.post(`/api/invoices/${id}/dispute/resolve`, { resolution: 'Fee waived; the invoice stands' });
    expect(resolved.body.invoice.status).toBe('overdue');
    // Staff waive the fee with a reason: it stays on record at zero.
    const waived = await as.staffA.post(`/api/invoices/${id}/schedule`, { action: 'waive_fee', stepKey: 'after-1d', reason: 'Goodwill after the dispute' });
    expect(waived.status, JSON.stringify(waived.body)).toBe(200);
    await expect.poll(async () => (await as.memberA.get(`/api/invoices/${id}`)).body.invoice.balanceMinor, { timeout: 10_000 }).toBe(47999);
    const detail = (await as.memberA.get(`/api/invoices/${id}`)).body;
    expect(detail.dispute.map((m: { body: string }) => m.body)).toEqual(['The hosting month was already paid', 'Checking with accounts', 'Resolved: Fee waived; the invoice stands']);
    expect(detail.invoice.dunning.steps.find((s: { key: string }) => s.key === 'after-3d')).toMatchObject({ status: 'skipped', reason: 'Fell due while the invoice was disputed' });

    // Paying more than the balance is refused; a transfer of the balance, confirmed by staff, pays it.
    const over = await as.memberA.post(`/api/invoices/${id}/payments`, { method: 'manual', amountMinor: 48000, reference: 'NL12 transfer' });
    expect(over.status).toBe(400);
    expect(over.body.error.fields).toEqual({ amountMinor: 'At most €479.99, the balance due' });
    const part = await as.memberA.post(`/api/invoices/${id}/payments`, { method: 'manual', amountMinor: 20000, reference: 'First part' });
    expect((await as.staffA.post(`/api/payments/${part.body.paymentId}/confirm`)).body.invoice).toMatchObject({ balanceMinor: 27999, paidMinor: 20000 });
    const rest = await as.memberA.post(`/api/invoices/${id}/payments`, { method: 'manual', amountMinor: 27999, reference: 'The rest' });
    expect((await as.memberA.post(`/api/payments/${rest.body.paymentId}/confirm`)).status).toBe(403);
    const paid = await as.staffA.post(`/api/payments/${rest.body.paymentId}/confirm`);
    expect(paid.body.invoice).toMatchObject({ status: 'paid', balanceMinor: 0 });
    const handle = app.deps.temporal.workflow.getHandle(dunningWorkflowId(id));
    await expect.poll(async () => (await handle.describe()).status.name, { timeout: 10_000 }).toBe('COMPLETED');
    expect((await handle.query(dunningStateQuery).catch(() => null)) ?? (await handle.result())).toMatchObject({ status: 'paid' });
    // Refunds: at most what was paid.
    expect((await as.staffA.post(`/api/invoices/${id}/refunds`, { amountMinor: 50000, note: 'x' })).status).toBe(400);
    expect((await as.staffA.post(`/api/invoices/${id}/refunds`, { amountMinor: 1000, note: 'Discount agreed' })).body.invoice).toMatchObject({ refundedMinor: 1000, balanceMinor: 1000 });

    const actions = (await app.deps.orm.em.getConnection().execute<{ action: string }[]>(`select action from audit_event where target_id = ? order by seq`, [id])).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['invoice.created', 'invoice.sent', 'dunning.reminder_sent', 'invoice.disputed', 'dunning.paused', 'invoice.dispute_resolved', 'dunning.resumed', 'dunning.fee_waived', 'payment.recorded', 'payment.confirmed', 'dunning.stopped', 'payment.refunded']));
    expect(actions.filter((a) => a === 'dunning.reminder_sent')).toHaveLength(2);
    await replayAndRecord(id, 'dunning-disputed-resolved');
  }, 90_000);

  it('runs a whole schedule: the reminder at the due date, a late fee once, the final action; payment in full completes it', async () => {
    const id = await draft(world.a.id, 0, {
      steps: [{ key: 'due', offsetDays: 0 }, { key: 'late', offsetDays: 1, lateFee: { type: 'fixed', amountMinor: 1500 } }],
      finalAction: 'notify_manager',
    });
    await as.staffA.post(`/api/invoices/${id}/send`);
    await expect.poll(async () => (await as.staffA.get(`/api/invoices/${id}`)).body.invoice.feesMinor, { timeout: 10_000 }).toBe(1500);
    await expect.poll(async () => (await outbox(`dunning:${id}:final:escalation:%`)).map((m) => m.to_address), { timeout: 10_000 }).toEqual([world.users.staffA.email]);
    const inv = (await as.memberA.get(`/api/invoices/${id}`)).body.invoice;
    expect(inv).toMatchObject({ status: 'overdue', totalMinor: 49499, balanceMinor: 49499 });
    expect(inv.dunning.steps.map((s: { key: string; status: string }) => [s.key, s.status])).toEqual([['due', 'done'], ['late', 'done']]);
    const pay = await as.memberA.post(`/api/invoices/${id}/payments`, { method: 'manual', amountMinor: 49499, reference: 'In full' });
    expect((await as.staffA.post(`/api/payments/${pay.body.paymentId}/confirm`)).body.invoice.status).toBe('paid');
    await expect.poll(async () => (await app.deps.temporal.workflow.getHandle(dunningWorkflowId(id)).describe()).status.name, { timeout: 10_000 }).toBe('COMPLETED');
    await replayAndRecord(id, 'dunning-late-fee-paid');
  }, 60_000);

  it('stops at a void and answers 404 for another account on every invoice route', async () => {
    const id = await draft();
    await as.staffA.post(`/api/invoices/${id}/send`);
    expect((await as.staffA.post(`/api/invoices/${id}/void`, { reason: 'Issued twice' })).body.invoice.status).toBe('void');
    await expect.poll(async () => (await app.deps.temporal.workflow.getHandle(dunningWorkflowId(id)).describe()).status.name, { timeout: 10_000 }).toBe('COMPLETED');
    const live = await draft();
    await as.staffA.post(`/api/invoices/${live}/send`);
    const unknown = '00000000-0000-4000-8000-000000000000';
    for (const c of [as.memberB, as.staffB]) {
      for (const call of [
        (i: string) => c.get(`/api/invoices/${i}`),
        (i: string) => c.get(`/api/invoices/${i}/pdf`),
        (i: string) => c.post(`/api/invoices/${i}/payments`, { method: 'manual', amountMinor: 100, reference: 'x' }),
        (i: string) => c.post(`/api/invoices/${i}/dispute`, { reason: 'x' }),
      ]) {
        const real = await call(live);
        const ghost = await call(unknown);
        expect(real.status).toBe(404);
        expect(real.body).toEqual(ghost.body);
      }
    }
    expect((await as.memberB.get(`/api/accounts/${world.a.id}/invoices`)).status).toBe(404);
    expect((await as.reviewer.post(`/api/invoices/${live}/void`, { reason: 'x' })).status).toBe(403);
    expect((await as.memberA.post(`/api/invoices/${live}/void`, { reason: 'x' })).status).toBe(403);
  }, 30_000);

  it('takes an online payment: Stripe Checkout (against stripe-mock), a signed webhook confirms it once; forged and replayed webhooks change nothing', async () => {
    mock = await startStripeMock(() => {});
    app.deps.payments = { stripe: new StripeProvider({ secretKey: 'sk_test_portico', webhookSecret: WEBHOOK_SECRET, host: mock.host, port: mock.port, protocol: mock.protocol }) };
    const id = await draft(world.a.id, 30, { steps: [{ key: 'due', offsetDays: 0 }] });
    await as.staffA.post(`/api/invoices/${id}/send`);
    const started = await as.memberA.post(`/api/invoices/${id}/payments`, { method: 'stripe' });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    expect(started.body.redirectUrl).toMatch(/^https:\/\/checkout\.stripe\.com\//);
    const sent = mock.requests.find((r) => r.path === '/v1/checkout/sessions')!;
    expect(sent.form).toMatchObject({ mode: 'payment', client_reference_id: id, 'metadata[invoiceId]': id, 'line_items[0][price_data][unit_amount]': '47999', 'line_items[0][price_data][currency]': 'eur' });
    const sessionId = (await app.deps.sessionPool.query(`select provider_ref from payment where invoice_id = $1 and method = 'stripe'`, [id])).rows[0].provider_ref as string;

    const event = (eventId: string) => JSON.stringify({ id: eventId, object: 'event', type: 'checkout.session.completed', data: { object: { id: sessionId, object: 'checkout.session', payment_status: 'paid', amount_total: 47999, currency: 'eur', metadata: { invoiceId: id }, client_reference_id: id } } });
    const post = (payload: string, signature: string) => fetch(`${app.url}/api/webhooks/stripe`, { method: 'POST', body: payload, headers: { 'content-type': 'application/json', 'stripe-signature': signature } });
    const forged = await post(event('evt_forged'), Stripe.webhooks.generateTestHeaderString({ payload: event('evt_forged'), secret: 'whsec_someone_else' }));
    expect(forged.status).toBe(400);
    expect((await as.memberA.get(`/api/invoices/${id}`)).body.invoice.status).toBe('sent');
    const payload = event(`evt_paid_${Date.now()}`);
    const header = Stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
    const first = await post(payload, header);
    expect(first.status, await first.clone().text()).toBe(200);
    expect(await first.json()).toEqual({ received: true });
    const replay = await post(payload, header);
    expect(await replay.json()).toEqual({ received: true, duplicate: true });
    const paid = (await as.memberA.get(`/api/invoices/${id}`)).body;
    expect(paid.invoice).toMatchObject({ status: 'paid', paidMinor: 47999, balanceMinor: 0 });
    expect(paid.payments.filter((p: { status: string }) => p.status === 'confirmed')).toHaveLength(1);
    await expect.poll(async () => (await app.deps.temporal.workflow.getHandle(dunningWorkflowId(id)).describe()).status.name, { timeout: 10_000 }).toBe('COMPLETED');
    // A payment for another account's invoice, and an overpayment: refused.
    const other = await as.memberB.post(`/api/invoices/${id}/payments`, { method: 'stripe' });
    expect(other.status).toBe(404);
  }, 60_000);
});
