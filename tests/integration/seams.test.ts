/**
 * Exactly once at the seam between the API, PostgreSQL and Temporal. For every process the API
 * starts or changes: with Temporal unreachable from the API, a change answers 202 at once and its
 * queued command is delivered by the worker's relay; a decision answers 503 with Retry-After and
 * writes nothing; an API process killed after its commit and before its call loses nothing. In
 * every case the rows and the workflows end up agreeing, with nothing left retrying.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ApiClient, startTestApp, type TestApp } from '../support/app.ts';
import { onePagePdf } from '../support/signing.ts';
import { makeWorld, PASSWORD } from '../support/fixtures.ts';
import { engagementWorkflowId } from '../../workflows/engagement.ts';
import { dunningStateQuery, dunningWorkflowId } from '../../workflows/dunning.ts';
import { signatureWorkflowId } from '../../workflows/signature.ts';
import { reviewWorkflowId } from '../../workflows/review.ts';
import Stripe from 'stripe';
import { StripeProvider } from '../../web-api/payments/stripe.ts';
import { createDeliverable } from '../../web-api/services/deliverables.ts';
import { ReviewPolicyInput } from '../../web-api/templates/template-format.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let good: TestApp;
/** The same API with Temporal unreachable (a closed port): every call to Temporal fails. */
let cut: TestApp;
let world: Awaited<ReturnType<typeof makeWorld>>;
const as = {} as Record<'staff' | 'member', ApiClient>;
const cutAs = {} as Record<'staff' | 'member', ApiClient>;

/** A queued change answers 202, or 200 when the worker's relay delivered its command before the API's own attempt ended. */
const queuedOrDone = (status: number) => status === 202 || status === 200;
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const sql = <T>(q: string, p: unknown[] = []) => good.deps.orm.em.getConnection().execute<T[]>(q, p);
const workflowStatus = async (workflowId: string) => {
  try {
    return (await good.deps.temporal.workflow.getHandle(workflowId).describe()).status.name;
  } catch {
    return 'NONE';
  }
};
/** The commands of a workflow, as the relay left them. */
const commands = (workflowId: string) => sql<{ kind: string; name: string; status: string }>(`select kind, name, status from workflow_command where workflow_id = ? order by id`, [workflowId]);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => { const port = (s.address() as { port: number }).port; s.close(() => resolve(port)); });
  });
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; out: T }> {
  const t = Date.now();
  const out = await fn();
  return { ms: Date.now() - t, out };
}


async function engagement(c: ApiClient, title = 'Seams'): Promise<{ status: number; id: string }> {
  const res = await c.post(`/api/accounts/${world.a.id}/engagements`, { title, milestones: [{ title: 'Kick-off', owner: 'staff' }, { title: 'Sign-off', owner: 'client' }] });
  return { status: res.status, id: res.body?.engagement?.id };
}

async function draftInvoice(): Promise<string> {
  const res = await as.staff.post(`/api/accounts/${world.a.id}/invoices`, {
    currency: 'EUR', dueDate: day(30), lines: [{ description: 'Design', unitMinor: 10000 }], dunning: { steps: [{ key: 'after-5d', offsetDays: 5 }], repeatEveryDays: 1 },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.invoice.id as string;
}

async function draftDocument(engagementId: string): Promise<string> {
  const up = await as.staff.post(`/api/engagements/${engagementId}/documents?title=Agreement`, undefined, { raw: await onePagePdf(), headers: { 'content-type': 'application/pdf' } });
  expect(up.status, JSON.stringify(up.body)).toBe(201);
  const id = up.body.document.id as string;
  const setup = await as.staff.put(`/api/documents/${id}/setup`, {
    ordering: 'sequential', reminderEveryDays: 0, expiresAfterDays: 30,
    signers: [{ key: 'client', name: world.users.memberA.name, email: world.users.memberA.email, userId: world.users.memberA.id, roleLabel: 'Client' }],
    fields: [{ type: 'signature', signerKey: 'client', page: 1, x: 0.1, y: 0.7, w: 0.3, h: 0.06 }],
  });
  expect(setup.status, JSON.stringify(setup.body)).toBe(200);
  return id;
}

beforeAll(async () => {
  good = await startTestApp({ env: { PORTICO_FILES_DIR: inject('filesDir') } });
  cut = await startTestApp({ env: { PORTICO_FILES_DIR: inject('filesDir'), TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}`, PORTICO_TEMPORAL_DEADLINE_MS: '2000' } });
  world = await makeWorld(good.deps.orm.em.fork());
  for (const [k, u] of [['staff', world.users.staffA], ['member', world.users.memberA]] as const) {
    as[k] = new ApiClient(good.url);
    expect((await as[k].login(u.email, PASSWORD)).status).toBe(200);
    cutAs[k] = new ApiClient(cut.url);
    expect((await cutAs[k].login(u.email, PASSWORD)).status).toBe(200);
  }
}, 60_000);

afterAll(async () => {
  await cut?.close();
  await good?.close();
});

describe('with Temporal unreachable from the API', () => {
  it('starts an engagement: 202 (or 200) at once, the row shows, and the relay starts its workflow', async () => {
    const { ms, out } = await timed(() => engagement(cutAs.staff, 'Started while Temporal was away'));
    expect(out.status).toSatisfy(queuedOrDone);
    expect(ms).toBeLessThan(5000);
    expect((await sql<{ title: string }>('select title from engagement where id = ?', [out.id]))[0]?.title).toBe('Started while Temporal was away');
    await expect.poll(() => workflowStatus(engagementWorkflowId(out.id)), { timeout: 20_000 }).toBe('RUNNING');
    await expect.poll(async () => (await sql<{ version: number }>('select version from engagement where id = ?', [out.id]))[0]!.version, { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await commands(engagementWorkflowId(out.id))).toEqual([{ kind: 'start', name: 'engagementWorkflow', status: 'delivered' }]);
  });

  it('answers a decision with 503 and Retry-After within 5 s, and changes nothing', async () => {
    const { id } = await engagement(as.staff);
    const { ms, out } = await timed(() => cutAs.staff.post(`/api/engagements/${id}/milestones/m1/complete`));
    expect(out.status).toBe(503);
    expect(out.headers.get('retry-after')).toBe('5');
    expect(out.body.error.code).toBe('unavailable');
    expect(ms).toBeLessThan(5000);
    const row = (await sql<{ progress_done: number }>('select progress_done from engagement where id = ?', [id]))[0]!;
    expect(row.progress_done).toBe(0);
    // Once Temporal answers again, the same decision goes through.
    expect((await as.staff.post(`/api/engagements/${id}/milestones/m1/complete`)).status).toBe(200);
    // A search of Temporal's visibility answers the same way.
    const search = await timed(() => cutAs.staff.get('/api/staff/engagements?status=active'));
    expect(search.out.status).toBe(503);
    expect(search.out.headers.get('retry-after')).toBe('5');
    expect(search.ms).toBeLessThan(5000);
  });

  it('adds a deliverable and a version: the relay opens the review round', async () => {
    const { id: engagementId } = await engagement(as.staff);
    const added = await cutAs.staff.post(`/api/engagements/${engagementId}/deliverables`, {
      title: 'Logo', review: { stages: [{ key: 'client', title: 'Client review', reviewers: 'client_users' }] },
    });
    expect(added.status, JSON.stringify(added.body)).toSatisfy(queuedOrDone);
    const deliverableId = added.body.deliverable.id as string;
    await expect.poll(() => workflowStatus(reviewWorkflowId(deliverableId)), { timeout: 20_000 }).toBe('RUNNING');
    const version = await cutAs.staff.post(`/api/deliverables/${deliverableId}/versions?name=logo.pdf`, undefined, { raw: await onePagePdf(), headers: { 'content-type': 'application/pdf' } });
    expect(version.status, JSON.stringify(version.body)).toSatisfy(queuedOrDone);
    await expect.poll(async () => (await as.member.get(`/api/deliverables/${deliverableId}`)).body.deliverable.round, { timeout: 20_000 }).toBe(1);
  });

  it('sends a document: it is collecting, and the relay starts its signature workflow', async () => {
    const { id: engagementId } = await engagement(as.staff);
    const documentId = await draftDocument(engagementId);
    const sent = await cutAs.staff.post(`/api/documents/${documentId}/send`);
    expect(sent.status, JSON.stringify(sent.body)).toSatisfy(queuedOrDone);
    expect(sent.body.document.status).toBe('collecting');
    await expect.poll(() => workflowStatus(signatureWorkflowId(documentId)), { timeout: 20_000 }).toBe('RUNNING');
    // The workflow can then be voided: nothing is stranded.
    expect((await as.staff.post(`/api/documents/${documentId}/void`, { reason: 'Wrong version' })).status).toBe(200);
    await expect.poll(() => workflowStatus(signatureWorkflowId(documentId)), { timeout: 20_000 }).toBe('COMPLETED');
  });

  it('sends an invoice, then disputes, resolves, confirms a payment: each reaches its dunning workflow once, in order', async () => {
    const invoiceId = await draftInvoice();
    const sent = await cutAs.staff.post(`/api/invoices/${invoiceId}/send`);
    expect(sent.status, JSON.stringify(sent.body)).toSatisfy(queuedOrDone);
    expect(sent.body.invoice.status).toBe('sent');
    // The dispute is queued behind the start it depends on.
    expect((await cutAs.member.post(`/api/invoices/${invoiceId}/dispute`, { reason: 'Wrong amount' })).status).toSatisfy(queuedOrDone);
    await expect.poll(async () => workflowStatus(dunningWorkflowId(invoiceId)), { timeout: 20_000 }).toBe('RUNNING');
    await expect.poll(async () => (await good.deps.temporal.workflow.getHandle(dunningWorkflowId(invoiceId)).query(dunningStateQuery)).paused, { timeout: 20_000 }).toBe(true);
    expect((await cutAs.staff.post(`/api/invoices/${invoiceId}/dispute/resolve`, { resolution: 'Explained' })).status).toSatisfy(queuedOrDone);
    const paid = await cutAs.member.post(`/api/invoices/${invoiceId}/payments`, { method: 'manual', amountMinor: 10000, reference: 'Transfer 42' });
    expect(paid.status).toBe(201);
    expect((await cutAs.staff.post(`/api/payments/${paid.body.paymentId}/confirm`)).status).toSatisfy(queuedOrDone);
    await expect.poll(() => workflowStatus(dunningWorkflowId(invoiceId)), { timeout: 20_000 }).toBe('COMPLETED');
    const state = await good.deps.temporal.workflow.getHandle(dunningWorkflowId(invoiceId)).query(dunningStateQuery);
    expect(state).toMatchObject({ status: 'paid', paused: false });
    expect((await commands(dunningWorkflowId(invoiceId))).map((c) => `${c.kind}:${c.name}:${c.status}`)).toEqual([
      'start:dunningWorkflow:delivered', 'signal:dispute:delivered', 'signal:dispute:delivered', 'signal:invoiceSettled:delivered',
    ]);
    // The sent copy is kept, and the client was emailed once.
    expect((await sql<{ sent_sha256: string | null }>('select sent_sha256 from invoice where id = ?', [invoiceId]))[0]!.sent_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await sql('select 1 from outbox_email where idempotency_key like ?', [`invoice:${invoiceId}:sent:${world.users.memberA.id}`])).toHaveLength(1);
  });

  it('voids a sent invoice: the void reaches its dunning workflow, which stops', async () => {
    const invoiceId = await draftInvoice();
    expect((await as.staff.post(`/api/invoices/${invoiceId}/send`)).status).toBe(200);
    expect((await cutAs.staff.post(`/api/invoices/${invoiceId}/void`, { reason: 'Duplicate' })).status).toSatisfy(queuedOrDone);
    await expect.poll(() => workflowStatus(dunningWorkflowId(invoiceId)), { timeout: 20_000 }).toBe('COMPLETED');
    expect((await good.deps.temporal.workflow.getHandle(dunningWorkflowId(invoiceId)).query(dunningStateQuery)).status).toBe('void');
  });
});

describe('an Update the workflow refuses', () => {
  it('is undone in the transaction that records the refusal: a deliverable for a completed engagement never exists', async () => {
    const { id } = await engagement(as.staff);
    expect((await as.staff.post(`/api/engagements/${id}/milestones/m1/complete`)).status).toBe(200);
    expect((await as.staff.post(`/api/engagements/${id}/milestones/m2/complete`)).status).toBe(200);
    await expect.poll(() => workflowStatus(engagementWorkflowId(id)), { timeout: 20_000 }).toBe('COMPLETED');
    // Through the API: 409 and no row.
    const added = await as.staff.post(`/api/engagements/${id}/deliverables`, { title: 'Late', review: { stages: [{ key: 'client', title: 'Client review', reviewers: 'client_users' }] } });
    expect(added.status).toBe(409);
    // Queued past the API's own check (as when the engagement completes between the check and the delivery): refused, and undone.
    const actor = { id: world.users.staffA.id, email: world.users.staffA.email, role: 'staff', name: 'S' };
    const queued = await good.deps.orm.em.fork().transactional((tx) => createDeliverable(tx, 86_400_000, {
      engagementId: id, accountId: world.a.id, title: 'Too late', description: '', policy: ReviewPolicyInput.parse({ stages: [{ key: 'client', title: 'Client review', reviewers: 'client_users' }] }), actor,
    }));
    expect(await sql('select id from deliverable where id = ?', [queued.id])).toHaveLength(1);
    const [outcome] = await good.deps.commands.deliver(queued.commandIds, 10_000);
    expect(outcome!.status).toBe('refused');
    expect(await sql('select id from deliverable where engagement_id = ?', [id])).toEqual([]);
    expect((await sql<{ status: string; last_error: string }>('select status, last_error from workflow_command where id = ?', [queued.commandIds[0]]))[0])
      .toMatchObject({ status: 'refused', last_error: expect.stringMatching(/./) });
  });
});

describe('the payment webhook', () => {
  const SECRET = 'whsec_seams';
  const post = (payload: string) => fetch(`${good.url}/api/webhooks/stripe`, {
    method: 'POST', body: payload, headers: { 'content-type': 'application/json', 'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload, secret: SECRET }) },
  });
  const paidEvent = (eventId: string, sessionId: string, amount: number) => JSON.stringify({
    id: eventId, object: 'event', type: 'checkout.session.completed',
    data: { object: { id: sessionId, object: 'checkout.session', payment_status: 'paid', amount_total: amount, currency: 'eur' } },
  });
  beforeAll(() => {
    good.deps.payments = { stripe: new StripeProvider({ secretKey: 'sk_test_seams', webhookSecret: SECRET, host: '127.0.0.1', port: 1, protocol: 'http' }) };
  });

  it('records an event only with its effect: when confirming fails, the provider\'s retry confirms it', async () => {
    const invoiceId = await draftInvoice();
    expect((await as.staff.post(`/api/invoices/${invoiceId}/send`)).status).toBe(200);
    const sessionId = `cs_seams_${Date.now()}`;
    await sql(`insert into payment (id, created_at, invoice_id, account_id, method, status, kind, amount_minor, currency, provider_ref, created_by_id)
      values (gen_random_uuid(), now(), ?, ?, 'stripe', 'pending', 'payment', 10000, 'EUR', ?, ?)`, [invoiceId, world.a.id, sessionId, world.users.memberA.id]);
    const payload = paidEvent(`evt_seams_${Date.now()}`, sessionId, 10000);
    // The effect fails (the database refuses the payment's update): nothing is recorded.
    await sql(`create function seams_refuse() returns trigger language plpgsql as $$ begin raise exception 'payment table unavailable'; end $$`);
    await sql(`create trigger seams_refuse before update on payment for each row when (new.provider_ref = '${sessionId}') execute function seams_refuse()`);
    try {
      expect((await post(payload)).status).toBe(500);
    } finally {
      await sql('drop trigger seams_refuse on payment');
      await sql('drop function seams_refuse()');
    }
    expect(await sql('select 1 from payment_event where event_id = ?', [JSON.parse(payload).id])).toEqual([]);
    // The provider tries again: confirmed now, once; a third delivery is a duplicate.
    const retried = await post(payload);
    expect(await retried.json()).toEqual({ received: true });
    expect(await (await post(payload)).json()).toEqual({ received: true, duplicate: true });
    expect((await as.staff.get(`/api/invoices/${invoiceId}`)).body.invoice).toMatchObject({ status: 'paid', balanceMinor: 0 });
    expect((await sql<{ status: string }>('select status from payment_event where event_id = ?', [JSON.parse(payload).id]))[0]!.status).toBe('handled');
    await expect.poll(() => workflowStatus(dunningWorkflowId(invoiceId)), { timeout: 20_000 }).toBe('COMPLETED');
  });

  it('keeps an event that matches no payment for the team instead of consuming it', async () => {
    const payload = paidEvent(`evt_unmatched_${Date.now()}`, `cs_nobody_${Date.now()}`, 4200);
    expect(await (await post(payload)).json()).toEqual({ received: true });
    const [kept] = await sql<{ status: string; paid_minor: string; provider_ref: string }>('select status, paid_minor, provider_ref from payment_event where event_id = ?', [JSON.parse(payload).id]);
    expect(kept).toMatchObject({ status: 'unmatched', paid_minor: '4200', provider_ref: JSON.parse(payload).data.object.id });
    expect(await sql(`select 1 from audit_event where action = 'payment.webhook_unmatched' and data->>'eventId' = ?`, [JSON.parse(payload).id])).toHaveLength(1);
  });
});

describe('an API process killed after its commit and before its call to Temporal', () => {
  async function spawnApi(): Promise<{ url: string; exited: Promise<number | null>; kill(): void }> {
    const port = await freePort();
    const child = spawn(process.execPath, ['web-api/main.ts'], {
      cwd: ROOT,
      env: {
        ...process.env, NODE_ENV: 'test', PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: inject('databaseUrl'), TEMPORAL_ADDRESS: inject('temporalAddress'),
        TEMPORAL_TASK_QUEUE: inject('taskQueue'), PORTICO_FILES_DIR: inject('filesDir'), UI_DIR: '', LOG_LEVEL: 'silent', PORTICO_FAILPOINT: 'kill-before-delivery',
      },
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((r) => child.once('exit', (code, signal) => r(signal ? 137 : code)));
    const url = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 200; i++) {
      if (await fetch(`${url}/healthz`).then((r) => r.ok, () => false)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    return { url, exited, kill: () => child.kill('SIGKILL') };
  }

  it('loses neither the engagement nor the invoice: the worker relay completes both, once', async () => {
    const api = await spawnApi();
    try {
      const c = new ApiClient(api.url);
      expect((await c.login(world.users.staffA.email, PASSWORD)).status).toBe(200);
      // The process dies mid-request: the client sees the connection drop.
      await expect(c.post(`/api/accounts/${world.a.id}/engagements`, { title: 'Killed mid-start', milestones: [{ title: 'Only', owner: 'staff' }] })).rejects.toThrow();
      expect(await api.exited).toBe(137);
    } finally {
      api.kill();
    }
    const [row] = await sql<{ id: string }>(`select id from engagement where title = 'Killed mid-start' and account_id = ?`, [world.a.id]);
    expect(row).toBeDefined();
    await expect.poll(() => workflowStatus(engagementWorkflowId(row!.id)), { timeout: 20_000 }).toBe('RUNNING');
    await expect.poll(async () => (await commands(engagementWorkflowId(row!.id))).map((x) => x.status), { timeout: 20_000 }).toEqual(['delivered']);

    const invoiceId = await draftInvoice();
    const api2 = await spawnApi();
    try {
      const c = new ApiClient(api2.url);
      expect((await c.login(world.users.staffA.email, PASSWORD)).status).toBe(200);
      await expect(c.post(`/api/invoices/${invoiceId}/send`)).rejects.toThrow();
      expect(await api2.exited).toBe(137);
    } finally {
      api2.kill();
    }
    await expect.poll(() => workflowStatus(dunningWorkflowId(invoiceId)), { timeout: 20_000 }).toBe('RUNNING');
    const inv = (await as.staff.get(`/api/invoices/${invoiceId}`)).body.invoice;
    expect(inv.status).toBe('sent');
    expect(inv.number).toBeGreaterThan(0);
    // A retry by the client is refused as already sent: nothing is sent twice, and nothing is left undone.
    expect((await as.staff.post(`/api/invoices/${invoiceId}/send`)).status).toBe(409);
    expect(await sql('select 1 from outbox_email where idempotency_key = ?', [`invoice:${invoiceId}:sent:${world.users.memberA.id}`])).toHaveLength(1);
  }, 90_000);
});
