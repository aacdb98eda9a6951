/**
 * The `pause_work` escalation, enforced: when a dunning step with it runs, the account's new work
 * (engagements, deliverables, documents to sign) is refused with 409 naming the unpaid invoice
 * until the invoice is paid in full or voided, or the team waives the pause; each pause and lift is
 * recorded and audited. A "day" is a second here.
 */
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ApiClient, startTestApp, type TestApp } from '../support/app.ts';
import { makeWorld, PASSWORD } from '../support/fixtures.ts';

let app: TestApp;
let world: Awaited<ReturnType<typeof makeWorld>>;
let engagementA: string;
const as = {} as Record<'staffA' | 'staffB' | 'memberA' | 'memberB' | 'reviewer', ApiClient>;
const sql = <T>(q: string, p: unknown[] = []) => app.deps.orm.em.getConnection().execute<T[]>(q, p);
const today = () => new Date().toISOString().slice(0, 10);

const PDF = await (async () => {
  const doc = await PDFDocument.create();
  doc.addPage([612, 792]);
  return Buffer.from(await doc.save());
})();

/** An invoice due today whose first step (at the due date) pauses the account's work. */
async function pausingInvoice(): Promise<{ id: string; label: string }> {
  const created = await as.staffA.post(`/api/accounts/${world.a.id}/invoices`, {
    currency: 'EUR', dueDate: today(), lines: [{ description: 'Sprint', unitMinor: 10000 }],
    dunning: { steps: [{ key: 'due', offsetDays: 0, escalation: 'pause_work' }] },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const sent = await as.staffA.post(`/api/invoices/${created.body.invoice.id}/send`);
  const id = created.body.invoice.id as string;
  await expect.poll(async () => (await sql('select 1 from work_pause where invoice_id = ? and lifted_at is null', [id])).length, { timeout: 10_000 }).toBe(1);
  return { id, label: sent.body.invoice.label };
}

const newWork = {
  engagement: (c: ApiClient) => c.post(`/api/accounts/${world.a.id}/engagements`, { title: 'More work', milestones: ['One'] }),
  deliverable: (c: ApiClient) => c.post(`/api/engagements/${engagementA}/deliverables`, { title: 'Logo', review: { stages: [{ key: 's', title: 'S', reviewers: 'client_users' }] } }),
  document: (c: ApiClient) => c.post(`/api/engagements/${engagementA}/documents?title=Order`, undefined, { raw: PDF, headers: { 'content-type': 'application/pdf' } }),
};

beforeAll(async () => {
  app = await startTestApp({ env: { PORTICO_DAY_MS: '1000', PORTICO_FILES_DIR: inject('filesDir') } });
  world = await makeWorld(app.deps.orm.em.fork());
  for (const k of ['staffA', 'staffB', 'memberA', 'memberB', 'reviewer'] as const) {
    as[k] = new ApiClient(app.url);
    expect((await as[k].login(world.users[k].email, PASSWORD)).status).toBe(200);
  }
  engagementA = (await newWork.engagement(as.staffA)).body.engagement.id;
}, 60_000);
afterAll(async () => app?.close());

describe('paused work', () => {
  it('refuses new work for the account with 409 naming the invoice, shows it, and lifts it on payment in full', async () => {
    const inv = await pausingInvoice();
    for (const [what, call] of Object.entries(newWork)) {
      const res = await call(as.staffA);
      expect(res.status, what).toBe(409);
      expect(res.body.error).toMatchObject({ code: 'work_paused', message: `New work for this account is paused until invoice ${inv.label} is paid`, fields: { invoiceId: inv.id } });
    }
    // Nothing is stored for a refused document upload.
    expect(await sql(`select 1 from signature_document where engagement_id = ?`, [engagementA])).toEqual([]);
    // Callers the routes refuse anyway learn nothing about the account's invoices: the same 404 / 403 as before.
    expect((await newWork.document(as.staffB)).status).toBe(404);
    expect((await newWork.deliverable(as.memberB)).status).toBe(404);
    expect((await newWork.engagement(as.reviewer)).status).toBe(403);
    expect((await newWork.document(as.memberA)).status).toBe(403);
    // The engagement page shows the pause to the team and the client; the invoice lists it.
    for (const c of [as.staffA, as.memberA]) {
      expect((await c.get(`/api/engagements/${engagementA}`)).body.workPause).toMatchObject({ invoiceId: inv.id, invoiceLabel: inv.label });
    }
    expect((await as.staffA.get(`/api/invoices/${inv.id}`)).body.workPauses).toEqual([expect.objectContaining({ stepKey: 'due', liftedAt: null })]);
    // Existing work goes on: a milestone can still be completed.
    expect((await as.staffA.post(`/api/engagements/${engagementA}/milestones/m1/complete`)).status).toBe(200);

    // Paid in full (a transfer the team confirms): lifted at once.
    const pay = await as.memberA.post(`/api/invoices/${inv.id}/payments`, { method: 'manual', amountMinor: 10000, reference: 'Transfer' });
    expect((await as.staffA.post(`/api/payments/${pay.body.paymentId}/confirm`)).body.invoice.status).toBe('paid');
    expect((await as.staffA.get(`/api/engagements/${engagementA}`)).body.workPause).toBeNull();
    const started = await newWork.engagement(as.staffA);
    expect(started.status).toBe(201);
    engagementA = started.body.engagement.id;
    expect((await newWork.deliverable(as.staffA)).status).toBe(201);
    const audit = await sql<{ action: string; actor_email: string | null; data: { because?: string; step?: string } }>(
      `select action, actor_email, data from audit_event where target_id = ? and action like 'account.work_%' order by seq`, [inv.id]);
    expect(audit).toEqual([
      expect.objectContaining({ action: 'account.work_paused', data: expect.objectContaining({ step: 'due', invoice: inv.label }) }),
      expect.objectContaining({ action: 'account.work_resumed', data: expect.objectContaining({ because: 'paid' }) }),
    ]);
    expect(await sql('select lifted_because from work_pause where invoice_id = ?', [inv.id])).toEqual([{ lifted_because: 'paid' }]);
    // The OpenAPI description names the refusal on every route that starts new work.
    const doc = (await new ApiClient(app.url).get('/api/openapi.json')).body;
    expect(doc.paths['/api/accounts/{accountId}/engagements'].post.responses['409'].description).toMatch(/work_paused/);
    expect(doc.paths['/api/engagements/{engagementId}/documents'].post.responses['409'].description).toMatch(/work_paused/);
  }, 60_000);

  it('lifts it when the invoice is voided', async () => {
    const inv = await pausingInvoice();
    expect((await newWork.engagement(as.staffA)).status).toBe(409);
    expect((await as.staffA.post(`/api/invoices/${inv.id}/void`, { reason: 'Issued in error' })).status).toBe(200);
    expect((await newWork.engagement(as.staffA)).status).toBe(201);
    expect(await sql('select lifted_because, lift_reason, lifted_by_id from work_pause where invoice_id = ?', [inv.id]))
      .toEqual([{ lifted_because: 'void', lift_reason: 'Issued in error', lifted_by_id: world.users.staffA.id }]);
  }, 30_000);

  it('lets the team waive it with a reason; nobody else can', async () => {
    const inv = await pausingInvoice();
    expect((await as.memberA.post(`/api/invoices/${inv.id}/work-pause/waive`, { reason: 'x' })).status).toBe(403);
    expect((await as.staffB.post(`/api/invoices/${inv.id}/work-pause/waive`, { reason: 'x' })).status).toBe(404);
    expect((await as.staffA.post(`/api/invoices/${inv.id}/work-pause/waive`, {})).body.error.fields).toEqual({ reason: 'Give a reason' });
    const waived = await as.staffA.post(`/api/invoices/${inv.id}/work-pause/waive`, { reason: 'Payment plan agreed' });
    expect(waived.status).toBe(200);
    expect(waived.body.permissions.waiveWorkPause).toBe(false);
    expect(waived.body.invoice.status).not.toBe('paid');
    expect((await newWork.deliverable(as.staffA)).status).toBe(201);
    expect((await as.staffA.post(`/api/invoices/${inv.id}/work-pause/waive`, { reason: 'Again' })).status).toBe(409);
    const audit = await sql<{ actor_email: string; data: { because: string; reason: string } }>(
      `select actor_email, data from audit_event where target_id = ? and action = 'account.work_resumed'`, [inv.id]);
    expect(audit).toEqual([{ actor_email: world.users.staffA.email, data: expect.objectContaining({ because: 'waived', reason: 'Payment plan agreed' }) }]);
  }, 30_000);
});
