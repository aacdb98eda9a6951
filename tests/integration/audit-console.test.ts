/**
 * The compliance console's API (issue 12, item 3): the event browser with its filters and keyset
 * pages, one event with its place in the chain, and an engagement's "what was approved when" —
 * a decision with the version's SHA-256, a signature with the document's original and sealed
 * SHA-256, a checklist waiver with its reason, an invoice sent and paid with amounts — each entry
 * naming the audit event it comes from. Who may read it: compliance reviewers and admins; clients
 * and staff get 403 for what they may see and 404 for what they may not.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { ApiClient, ok, startTestApp, type TestApp } from '../support/app.ts';
import { makeWorld, PASSWORD } from '../support/fixtures.ts';

let app: TestApp;
let world: Awaited<ReturnType<typeof makeWorld>>;
const as = {} as Record<'memberA' | 'adminA' | 'memberB' | 'staffA' | 'staffB' | 'reviewer' | 'admin', ApiClient>;
const ids = {} as Record<'engagement' | 'otherEngagement' | 'deliverable' | 'document' | 'invoice', string>;
let versionPdf: Buffer;
let agreementPdf: Buffer;
const title = `Console ${Date.now().toString(36)}`;

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function pdf(text: string): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([612, 792]);
  page.drawText(text, { x: 50, y: 700, size: 14, font: await doc.embedFont(StandardFonts.Helvetica) });
  return Buffer.from(await doc.save());
}

type Evidence = {
  engagement: { id: string; title: string; accountName: string };
  milestones: Entry[]; checklist: Entry[];
  deliverables: { id: string; title: string; entries: Entry[] }[];
  documents: { id: string; title: string; originalSha256: string; sealedSha256: string | null; entries: Entry[] }[];
  invoices: { id: string; label: string; entries: Entry[] }[];
};
type Entry = { seq: number; at: string; action: string; actor: { email: string | null; name: string | null } | null; hashHolds: boolean } & Record<string, any>;

const evidence = async (c: ApiClient = as.reviewer): Promise<Evidence> => ok(c.get(`/api/engagements/${ids.engagement}/evidence`), 'evidence');

beforeAll(async () => {
  app = await startTestApp({ env: { PORTICO_FILES_DIR: inject('filesDir') } });
  world = await makeWorld(app.deps.orm.em.fork());
  for (const k of Object.keys({ memberA: 1, adminA: 1, memberB: 1, staffA: 1, staffB: 1, reviewer: 1, admin: 1 }) as (keyof typeof as)[]) {
    as[k] = new ApiClient(app.url, { 'user-agent': `console tests (${k})` });
    expect((await as[k].login(world.users[k].email, PASSWORD)).status).toBe(200);
  }
  ids.engagement = (await ok(as.staffA.post(`/api/accounts/${world.a.id}/engagements`, { title, milestones: ['Design', 'Deliver'] }), 'engagement')).engagement.id;
  ids.otherEngagement = (await ok(as.staffB.post(`/api/accounts/${world.b.id}/engagements`, { title: `${title} other`, milestones: ['Only'] }), 'other engagement')).engagement.id;

  // A deliverable approved by the client.
  ids.deliverable = (await ok(as.staffA.post(`/api/engagements/${ids.engagement}/deliverables`, {
    title: 'Annual report', review: { stages: [{ key: 'client', title: 'Client review', reviewers: 'client_users', rule: 'any', due: 'P30D' }] },
  }), 'deliverable')).deliverable.id;
  versionPdf = await pdf(`Annual report ${title}`);
  const version = await ok(as.staffA.post(`/api/deliverables/${ids.deliverable}/versions?name=report.pdf`, undefined, { raw: versionPdf, headers: { 'content-type': 'application/octet-stream' } }), 'version');
  await ok(as.memberA.post(`/api/deliverables/${ids.deliverable}/decisions`, { versionId: version.versions[0].id, decision: 'approved' }), 'decision');

  // A document signed by the client, then sealed by the worker.
  agreementPdf = await pdf(`Agreement ${title}`);
  ids.document = (await ok(as.staffA.post(`/api/engagements/${ids.engagement}/documents?title=Agreement`, undefined, { raw: agreementPdf, headers: { 'content-type': 'application/pdf' } }), 'document')).document.id;
  await ok(as.staffA.put(`/api/documents/${ids.document}/setup`, {
    ordering: 'parallel', reminderEveryDays: 0, expiresAfterDays: 30,
    signers: [{ key: 'client', name: world.users.memberA.name, email: world.users.memberA.email, userId: world.users.memberA.id, roleLabel: 'Client' }],
    fields: [{ type: 'signature', signerKey: 'client', page: 1, x: 0.1, y: 0.7, w: 0.4, h: 0.1 }],
  }), 'setup');
  await ok(as.staffA.post(`/api/documents/${ids.document}/send`), 'send');
  await ok(as.memberA.post(`/api/documents/${ids.document}/signing/viewed`), 'viewed');
  await ok(as.memberA.post(`/api/documents/${ids.document}/signing/consent`, { agree: true, disclosureVersion: '2026-11' }), 'consent');
  await ok(as.memberA.post(`/api/documents/${ids.document}/signing/sign`, { signature: { type: 'typed', text: world.users.memberA.name } }), 'sign');

  // An invoice sent and paid by bank transfer, confirmed by the team.
  const due = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  ids.invoice = (await ok(as.staffA.post(`/api/accounts/${world.a.id}/invoices`, {
    engagementId: ids.engagement, currency: 'EUR', taxRateBp: 2000, dueDate: due, lines: [{ description: 'Report', quantityMilli: 1000, unitMinor: 10000 }],
  }), 'invoice')).invoice.id;
  await ok(as.staffA.post(`/api/invoices/${ids.invoice}/send`), 'send invoice');
  const payment = await ok(as.memberA.post(`/api/invoices/${ids.invoice}/payments`, { method: 'manual', amountMinor: 12000, reference: 'Bank ref 7' }), 'payment');
  await ok(as.staffA.post(`/api/payments/${payment.paymentId}/confirm`), 'confirm');

  // The seal and the review's events are written by the workflows a moment later.
  for (let tries = 0; ; tries++) {
    const e = await evidence();
    if (e.documents[0]?.entries.some((x) => x.action === 'document.sealed') && e.deliverables[0]?.entries.some((x) => x.action === 'review.decision')) break;
    if (tries > 120) throw new Error(`the seal and the decision were not recorded: ${JSON.stringify(e)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}, 180_000);
afterAll(async () => {
  // The refusals' audit events are written after their answers: let them land before the pools close.
  const count = async () => Number((await app.deps.orm.em.fork().getConnection().execute<{ n: string }[]>(
    `select count(*) as n from audit_event where action = 'permission.denied' and actor_id in (?, ?, ?, ?, ?)`,
    [world.users.memberA.id, world.users.adminA.id, world.users.staffA.id, world.users.memberB.id, world.users.staffB.id]))[0]!.n);
  for (let last = -1, n = await count(), tries = 0; n !== last && tries < 30; tries++) {
    await new Promise((r) => setTimeout(r, 1000));
    last = n;
    n = await count();
  }
  await app?.close();
});

describe('an engagement\'s evidence', () => {
  it('says who approved which version (by SHA-256) and who signed which document, when, each from an audit event that holds', async () => {
    const e = await evidence();
    expect(e.engagement).toMatchObject({ id: ids.engagement, title, accountName: world.a.name });

    const decision = e.deliverables.find((d) => d.id === ids.deliverable)!.entries.find((x) => x.action === 'review.decision')!;
    expect(decision).toMatchObject({ decision: 'approved', version: 1, sha256: sha(versionPdf), hashHolds: true, actor: { email: world.users.memberA.email, name: world.users.memberA.name } });
    expect(decision.disagreement).toBeUndefined();
    expect(decision.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

    const doc = e.documents.find((d) => d.id === ids.document)!;
    const stored = (await ok(as.reviewer.get(`/api/documents/${ids.document}`), 'document')).document;
    expect(doc.originalSha256).toBe(sha(agreementPdf));
    expect(doc.sealedSha256).toMatch(/^[0-9a-f]{64}$/);
    const signed = doc.entries.find((x) => x.action === 'document.signed')!;
    expect(signed).toMatchObject({ signer: world.users.memberA.name, signerRole: 'Client', originalSha256: sha(agreementPdf), sealedSha256: doc.sealedSha256, hashHolds: true });
    expect(signed.actor!.email).toBe(world.users.memberA.email);
    expect(JSON.stringify(stored)).toContain(doc.sealedSha256);

    const invoice = e.invoices.find((i) => i.id === ids.invoice)!;
    expect(invoice.entries.find((x) => x.action === 'invoice.sent')).toMatchObject({ amountMinor: 12000, currency: 'EUR' });
    expect(invoice.entries.find((x) => x.action === 'payment.confirmed')).toMatchObject({ amountMinor: 12000, currency: 'EUR', actor: { email: world.users.staffA.email } });
    expect(e.milestones.map((m) => m.action)).toContain('engagement.started');

    // Each entry is the event it names.
    for (const entry of [decision, signed]) {
      const detail = await ok(as.reviewer.get(`/api/audit/events/${entry.seq}`), 'event');
      expect(detail.event).toMatchObject({ seq: entry.seq, action: entry.action, occurredAt: entry.at });
      expect(detail.hashState).toBe('current');
    }
  });

  it('is for compliance reviewers and admins: 403 to those who see the account, 404 to the others and for an unknown engagement', async () => {
    expect((await as.admin.get(`/api/engagements/${ids.engagement}/evidence`)).status).toBe(200);
    for (const c of [as.memberA, as.adminA, as.staffA]) expect((await c.get(`/api/engagements/${ids.engagement}/evidence`)).status).toBe(403);
    for (const c of [as.memberB, as.staffB]) expect((await c.get(`/api/engagements/${ids.engagement}/evidence`)).status).toBe(404);
    expect((await as.reviewer.get('/api/engagements/00000000-0000-4000-8000-000000000000/evidence')).status).toBe(404);
    expect((await as.reviewer.get(`/api/engagements/${ids.engagement.toUpperCase()}/evidence`)).status).toBe(200);
  });
});

describe('the event browser', () => {
  type Page = { events: { seq: number; action: string; account: { id: string } | null; target: { type: string; id: string } | null; actor: { email: string | null } | null; occurredAt: string }[]; nextBefore: number | null; newerAfter: number | null };
  const list = (query: string, c: ApiClient = as.reviewer): Promise<Page> => ok(c.get(`/api/audit/events?${query}`), query);

  it('filters by engagement: the events of the engagement and its items, and no others', async () => {
    const page = await list(`engagementId=${ids.engagement}&limit=200`);
    const targets = new Set(page.events.map((e) => `${e.target?.type}:${e.target?.id}`));
    expect(targets).toEqual(new Set([`engagement:${ids.engagement}`, `deliverable:${ids.deliverable}`, `document:${ids.document}`, `invoice:${ids.invoice}`]));
    expect(page.events.map((e) => e.action)).toEqual(expect.arrayContaining(['engagement.started', 'review.decision', 'document.signed', 'document.sealed', 'invoice.sent', 'payment.confirmed']));
    const seqs = page.events.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
  });

  it('pages with keys, not offsets: older pages then newer pages give the same events, each once', async () => {
    const all = (await list(`engagementId=${ids.engagement}&limit=200`)).events.map((e) => e.seq);
    expect(all.length).toBeGreaterThan(6);
    const older: number[] = [];
    let page = await list(`engagementId=${ids.engagement}&limit=3`);
    expect(page.newerAfter).toBeNull();
    const pages: Page[] = [page];
    for (;;) {
      older.push(...page.events.map((e) => e.seq));
      if (page.nextBefore === null) break;
      page = await list(`engagementId=${ids.engagement}&limit=3&before=${page.nextBefore}`);
      pages.push(page);
      expect(page.newerAfter).not.toBeNull();
    }
    expect(older).toEqual(all);
    // Back up from the last page: "Newer" gives the page before it again.
    const last = pages[pages.length - 1]!;
    const back = await list(`engagementId=${ids.engagement}&limit=3&after=${last.newerAfter}`);
    expect(back.events.map((e) => e.seq)).toEqual(pages[pages.length - 2]!.events.map((e) => e.seq));
    const top = await list(`engagementId=${ids.engagement}&limit=3&after=${pages[1]!.newerAfter}`);
    expect(top.events.map((e) => e.seq)).toEqual(pages[0]!.events.map((e) => e.seq));
    expect(top.newerAfter).toBeNull();
  });

  it('filters by account, person (email in any case, or id), action or prefix, time and text', async () => {
    const byAccount = await list(`accountId=${world.b.id}&limit=200`);
    expect(byAccount.events.length).toBeGreaterThan(0);
    expect(byAccount.events.every((e) => e.account?.id === world.b.id)).toBe(true);

    const byEmail = await list(`person=${encodeURIComponent(world.users.memberA.email.toUpperCase())}&limit=200`);
    expect(byEmail.events.map((e) => e.action)).toEqual(expect.arrayContaining(['review.decision', 'document.signed', 'payment.recorded']));
    expect(byEmail.events.every((e) => e.actor?.email === world.users.memberA.email)).toBe(true);
    const byId = await list(`person=${world.users.memberA.id}&limit=200`);
    expect(byId.events.map((e) => e.action)).toContain('review.decision');

    const decisions = await list(`action=review.decision&engagementId=${ids.engagement}`);
    expect(decisions.events.map((e) => e.action)).toEqual(['review.decision']);
    const documentEvents = await list(`action=document.&engagementId=${ids.engagement}&limit=200`);
    expect(documentEvents.events.length).toBeGreaterThan(3);
    expect(documentEvents.events.every((e) => e.action.startsWith('document.'))).toBe(true);

    const signedAt = documentEvents.events.find((e) => e.action === 'document.signed')!.occurredAt;
    const window = await list(`engagementId=${ids.engagement}&from=${encodeURIComponent(signedAt)}&to=${encodeURIComponent(new Date(Date.parse(signedAt) + 1).toISOString())}`);
    expect(window.events.map((e) => e.occurredAt)).toEqual(window.events.map(() => signedAt));
    expect(window.events.map((e) => e.action)).toContain('document.signed');
    // The same instant with another offset.
    const local = new Date(Date.parse(signedAt) + 2 * 3_600_000).toISOString().replace('Z', '+02:00');
    const shifted = await list(`engagementId=${ids.engagement}&from=${encodeURIComponent(local)}&action=document.signed`);
    expect(shifted.events.map((e) => e.action)).toEqual(['document.signed']);

    // Text: a word of the deliverable's title (in the event's data), in any case; LIKE wildcards are literal.
    const text = await list(`q=${encodeURIComponent('ANNUAL REPORT')}&engagementId=${ids.engagement}&limit=200`);
    expect(text.events.map((e) => e.action)).toEqual(expect.arrayContaining(['review.version_submitted', 'review.decision']));
    expect((await list(`q=${encodeURIComponent('%%%')}&engagementId=${ids.engagement}`)).events).toEqual([]);
    expect((await list(`targetType=invoice&targetId=${ids.invoice}&limit=200`)).events.every((e) => e.target?.id === ids.invoice)).toBe(true);
  });

  it('shows one event with its hash, its predecessor and its neighbours', async () => {
    const [newest, older] = (await list(`engagementId=${ids.engagement}&limit=2`)).events;
    const detail = await ok(as.reviewer.get(`/api/audit/events/${older!.seq}`), 'event');
    expect(detail.hashState).toBe('current');
    expect(detail.linkHolds).toBe(true);
    expect(detail.predecessor.seq).toBeLessThan(older!.seq);
    const before = await ok(as.reviewer.get(`/api/audit/events/${detail.predecessor.seq}`), 'predecessor');
    expect(before.event.hash).toBe(detail.event.prevHash);
    expect(detail.next.seq).toBeGreaterThan(older!.seq);
    expect(detail.next.seq).toBeLessThanOrEqual(newest!.seq);
    expect((await as.reviewer.get('/api/audit/events/900719925474099')).status).toBe(404);
  });

  it('lists the recorded actions and the engagements to pick from', async () => {
    const { actions } = await ok(as.reviewer.get('/api/audit/actions'), 'actions');
    expect(actions).toEqual(expect.arrayContaining(['document.signed', 'review.decision']));
    expect(actions).toEqual([...actions].sort((a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)));
    const { engagements } = await ok(as.reviewer.get(`/api/audit/engagements?accountId=${world.a.id}`), 'engagements');
    expect(engagements.map((e: { id: string }) => e.id)).toEqual([ids.engagement]);
    const found = await ok(as.admin.get(`/api/audit/engagements?q=${encodeURIComponent(title.toUpperCase())}`), 'search');
    expect(found.engagements.map((e: { id: string }) => e.id).sort()).toEqual([ids.engagement, ids.otherEngagement].sort());
  });

  it('refuses bad filters with the field named', async () => {
    const bad = async (query: string, field: string) => {
      const res = await as.reviewer.get(`/api/audit/events?${query}`);
      expect(res.status, query).toBe(400);
      expect(Object.keys(res.body.error.fields ?? {}), query).toContain(`query.${field}`);
    };
    await bad('before=5&after=3', 'after');
    await bad('q=ab', 'q');
    await bad('limit=500', 'limit');
    await bad('from=yesterday', 'from');
    await bad('from=0000-01-01T00:00:00Z', 'from');
    await bad('before=-1', 'before');
    await bad('action=a%20b', 'action');
    await bad('targetType=invoice', 'targetId');
    await bad('unknown=1', 'unknown');
    expect((await as.reviewer.get('/api/audit/events/abc')).status).toBe(400);
  });

  it('is for compliance reviewers and admins only', async () => {
    expect((await as.admin.get('/api/audit/events?limit=1')).status).toBe(200);
    for (const c of [as.memberA, as.adminA, as.staffA]) {
      for (const path of ['/api/audit/events', '/api/audit/events/1', '/api/audit/actions', '/api/audit/engagements']) {
        expect((await c.get(path)).status, path).toBe(403);
      }
    }
    expect((await new ApiClient(app.url).get('/api/audit/events')).status).toBe(401);
  });
});
