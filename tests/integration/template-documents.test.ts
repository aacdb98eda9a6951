/**
 * Documents to sign shipped with a template: an admin uploads the PDF (refused with the reason
 * when it is not a usable one), places the roles' fields in the template; an engagement started
 * from it gets the document with those fields and its signers filled in from the account (its
 * client admin and account manager), the others named by the team before sending; a template that
 * says so sends it at once. Export carries the PDF and an import checks it against its hash.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { ApiClient, startTestApp, type TestApp } from '../support/app.ts';
import { makeWorld, PASSWORD } from '../support/fixtures.ts';
import { SAMPLE_TEMPLATE } from '../../web-api/templates/sample-template.ts';

let app: TestApp;
let world: Awaited<ReturnType<typeof makeWorld>>;
const as = {} as Record<'admin' | 'staffA' | 'staffB' | 'adminA' | 'memberA', ApiClient>;
let pdf: Buffer;
let file: { sha256: string; name: string; size: number; pageCount: number };

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function nda(pages = 2, marker = 'Mutual NDA'): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 1; i <= pages; i++) doc.addPage([612, 792]).drawText(`${marker}, page ${i}`, { x: 72, y: 720, size: 14, font });
  return Buffer.from(await doc.save());
}

const upload = (c: ApiClient, body: Buffer, name = 'nda.pdf') =>
  c.post(`/api/template-files?name=${encodeURIComponent(name)}`, undefined, { raw: body, headers: { 'content-type': 'application/pdf' } });

/** The sample template with one document: the client admin, then a person named per engagement, then the account manager. */
function withDocument(name: string, overrides: Record<string, unknown> = {}) {
  return {
    ...structuredClone(SAMPLE_TEMPLATE),
    name,
    documents: [{
      key: 'nda', title: 'Mutual NDA', file, ordering: 'sequential', reminderEveryDays: 2, expiresAfterDays: 14,
      signers: [
        { key: 'client', roleLabel: 'Client', assign: 'client_admin' },
        { key: 'witness', roleLabel: 'Witness', assign: 'choose' },
        { key: 'studio', roleLabel: 'For the studio', assign: 'account_manager' },
      ],
      fields: [
        { type: 'signature', signerKey: 'client', page: 2, x: 0.1, y: 0.7, w: 0.3, h: 0.06 },
        { type: 'text', signerKey: 'client', page: 2, x: 0.1, y: 0.78, w: 0.3, h: 0.03, label: 'Job title' },
        { type: 'signature', signerKey: 'witness', page: 2, x: 0.55, y: 0.7, w: 0.3, h: 0.06 },
        { type: 'signature', signerKey: 'studio', page: 2, x: 0.1, y: 0.88, w: 0.3, h: 0.06 },
      ],
      ...overrides,
    }],
  };
}

async function startFrom(templateId: string): Promise<string> {
  const res = await as.staffA.post(`/api/accounts/${world.a.id}/engagements`, { templateId, title: 'Retainer with an NDA' });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.engagement.id;
}

beforeAll(async () => {
  app = await startTestApp({ env: { PORTICO_FILES_DIR: inject('filesDir') } });
  world = await makeWorld(app.deps.orm.em.fork());
  for (const k of ['admin', 'staffA', 'staffB', 'adminA', 'memberA'] as const) {
    as[k] = new ApiClient(app.url);
    expect((await as[k].login(world.users[k].email, PASSWORD)).status).toBe(200);
  }
  pdf = await nda();
}, 60_000);
afterAll(async () => app?.close());

describe("a template's documents to sign", () => {
  it('takes a PDF from an admin only, and refuses a file that is not a usable PDF with the reason', async () => {
    const ok = await upload(as.admin, pdf);
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body.file).toEqual({ sha256: sha(pdf), name: 'nda.pdf', size: pdf.length, pageCount: 2 });
    file = ok.body.file;
    expect((await upload(as.admin, Buffer.from('plain words, not a PDF'))).status).toBe(415);
    const broken = await upload(as.admin, Buffer.concat([Buffer.from('%PDF-1.7\n'), pdf.subarray(9, 200)]));
    expect(broken.status).toBe(400);
    expect(Object.keys(broken.body.error.fields)).toEqual(['file']);
    for (const c of [as.staffA, as.adminA]) expect((await upload(c, pdf)).status).toBe(403);

    // Its pages render for placing fields; a page past the end is not found.
    const page = await fetch(`${app.url}/api/template-files/${file.sha256}/pages/2?w=400`, { headers: { cookie: as.admin.cookie } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('image/png');
    expect((await fetch(`${app.url}/api/template-files/${file.sha256}/pages/3`, { headers: { cookie: as.admin.cookie } })).status).toBe(404);
    expect((await fetch(`${app.url}/api/template-files/${file.sha256}/pages/1`, { headers: { cookie: as.staffA.cookie } })).status).toBe(403);
  });

  it('validates the document in the template, naming the field', async () => {
    const noSignature = withDocument('No signature for the witness');
    noSignature.documents[0]!.fields.splice(2, 1);
    const a = await as.admin.post('/api/templates', noSignature);
    expect(a.status).toBe(400);
    expect(a.body.error.fields).toMatchObject({ 'documents.0.fields': 'Place a signature field for Witness' });

    const pastTheEnd = withDocument('Field past the last page');
    pastTheEnd.documents[0]!.fields[0]!.page = 3;
    expect((await as.admin.post('/api/templates', pastTheEnd)).body.error.fields).toMatchObject({ 'documents.0.fields.0.page': 'The PDF has 2 pages' });

    const unknownFile = withDocument('A PDF never uploaded', { file: { ...file, sha256: 'ab'.repeat(32) } });
    const c = await as.admin.post('/api/templates', unknownFile);
    expect(c.status).toBe(400);
    expect(c.body.error.fields).toEqual({ 'documents.0.file': 'The PDF is missing: upload it again, or import the template with its files' });
  });

  it('gives a new engagement the document as a draft: fields from the template, signers from the account, the rest named before sending', async () => {
    const created = await as.admin.post('/api/templates', withDocument('Retainer with NDA'));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const engagementId = await startFrom(created.body.template.id);

    const docs = (await as.staffA.get(`/api/engagements/${engagementId}/documents`)).body.documents;
    expect(docs).toHaveLength(1);
    expect(docs[0]).toMatchObject({ title: 'Mutual NDA', status: 'draft', pageCount: 2, originalSha256: sha(pdf), reminderEveryDays: 2, expiresAfterDays: 14 });
    // Drafts are the team's: the client does not see it yet.
    expect((await as.adminA.get(`/api/engagements/${engagementId}/documents`)).body.documents).toEqual([]);
    const id = docs[0].id as string;
    const detail = (await as.staffA.get(`/api/documents/${id}`)).body;
    expect(detail.signers.map((s: { name: string; email: string; roleLabel: string }) => [s.roleLabel, s.name, s.email])).toEqual([
      ['Client', world.users.adminA.name, world.users.adminA.email],
      ['Witness', '', ''],
      ['For the studio', world.users.staffA.name, world.users.staffA.email],
    ]);
    expect(detail.document.fields.map((f: { type: string; signerKey: string; page: number; label: string }) => [f.type, f.signerKey, f.page, f.label]))
      .toEqual([['signature', 'client', 2, ''], ['text', 'client', 2, 'Job title'], ['signature', 'witness', 2, ''], ['signature', 'studio', 2, '']]);
    // The account's own copy of the PDF, byte for byte.
    const original = Buffer.from(await (await fetch(`${app.url}/api/documents/${id}/original`, { headers: { cookie: as.staffA.cookie } })).arrayBuffer());
    expect(sha(original)).toBe(sha(pdf));

    // The team's list of drafts to send names the role still to fill; another account's staff do not see it.
    const staffDocs = await as.staffA.get('/api/staff/documents');
    expect(staffDocs.body.drafts.filter((d: { id: string }) => d.id === id)).toEqual([expect.objectContaining({ title: 'Mutual NDA', engagementId, unnamed: ['Witness'] })]);
    expect((await as.staffB.get('/api/staff/documents')).body.drafts.map((d: { id: string }) => d.id)).not.toContain(id);
    expect((await as.adminA.get('/api/staff/documents')).status).toBe(403);

    // Sending before the witness is named says who is missing.
    const early = await as.staffA.post(`/api/documents/${id}/send`);
    expect(early.status).toBe(400);
    expect(early.body.error).toMatchObject({ message: 'Name the Witness signer first', fields: { 'signers.1.name': 'Required' } });
    expect((await as.staffA.get(`/api/documents/${id}`)).body.document.status).toBe('draft');

    const setup = await as.staffA.put(`/api/documents/${id}/setup`, {
      ordering: detail.document.ordering, reminderEveryDays: 2, expiresAfterDays: 14, fields: detail.document.fields,
      signers: detail.signers.map((s: { key: string; name: string; email: string; roleLabel: string }) => (s.key === 'witness'
        ? { key: s.key, name: world.users.memberA.name, email: world.users.memberA.email, roleLabel: s.roleLabel }
        : { key: s.key, name: s.name, email: s.email, roleLabel: s.roleLabel })),
    });
    expect(setup.status, JSON.stringify(setup.body)).toBe(200);
    const sent = await as.staffA.post(`/api/documents/${id}/send`);
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(sent.body.document.status).toBe('collecting');
  });

  it('sends at once when the template says so and everyone is known', async () => {
    const t = withDocument('NDA sent at start', { sendOnStart: true });
    t.documents[0]!.signers.splice(1, 1);
    t.documents[0]!.fields.splice(2, 1);
    const created = await as.admin.post('/api/templates', t);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const engagementId = await startFrom(created.body.template.id);
    const mine = async () => (await as.adminA.get(`/api/engagements/${engagementId}/documents`)).body.documents[0];
    // The workflow makes the client admin the current signer.
    await expect.poll(mine, { timeout: 10_000 }).toMatchObject({ title: 'Mutual NDA', status: 'collecting', waitingOnYou: true });
    const doc = await mine();
    await expect.poll(async () => (await app.deps.orm.em.getConnection().execute<{ to_address: string }[]>(
      'select to_address from outbox_email where idempotency_key like ?', [`signature:${doc.id}:%:turn`])).map((m) => m.to_address), { timeout: 10_000 })
      .toEqual([world.users.adminA.email]);
  });

  it('exports the PDF with the template; an import checks it against its hash and stores it', async () => {
    const created = await as.admin.post('/api/templates', withDocument('Shared NDA template'));
    const exported = await as.admin.get(`/api/templates/${created.body.template.id}/export`);
    expect(exported.status).toBe(200);
    const content = exported.body.documents[0].file.content as string;
    expect(Buffer.from(content, 'base64').equals(pdf)).toBe(true);

    // The same JSON on another portal: its own PDF, whose bytes come along.
    const other = await nda(1, 'Another portal');
    const shared = { ...exported.body, name: 'Imported NDA template' };
    shared.documents[0] = { ...shared.documents[0], file: { sha256: sha(other), name: 'other.pdf', size: other.length, pageCount: 1, content: other.toString('base64') } };
    shared.documents[0].fields = shared.documents[0].fields.map((f: { page: number }) => ({ ...f, page: 1 }));
    const tampered = structuredClone(shared);
    tampered.documents[0].file.content = Buffer.concat([other, Buffer.from(' ')]).toString('base64');
    const refused = await as.admin.post('/api/templates/import', tampered);
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields).toEqual({ 'documents.0.file': 'The PDF does not match its SHA-256: the file was changed' });

    const imported = await as.admin.post('/api/templates/import', shared);
    expect(imported.status, JSON.stringify(imported.body).slice(0, 500)).toBe(201);
    // Stored: the definition keeps the hash, not the bytes, and the pages render.
    const definition = (await as.admin.get(`/api/templates/${imported.body.template.id}`)).body.definition;
    expect(definition.documents[0].file).toEqual({ sha256: sha(other), name: 'other.pdf', size: other.length, pageCount: 1 });
    expect((await fetch(`${app.url}/api/template-files/${sha(other)}/pages/1?w=300`, { headers: { cookie: as.admin.cookie } })).status).toBe(200);
    // Only an admin's import may be that large: anyone else's body stops at the usual limit.
    const large = { ...shared, description: 'x'.repeat(200_000) };
    expect((await as.staffA.post('/api/templates/import', large)).status).toBe(413);
    expect((await as.admin.post('/api/templates/import', large)).body.error.fields).toEqual({ description: 'At most 2000 characters' });
  });
});
