/**
 * Input made canonical at the boundary, once: text PostgreSQL could never store is refused with the
 * field named (by `route()`, for every route), ids are parsed into lowercase, headers and paths are
 * decoded safely, file names lose control and bidi characters, and every id in a body is checked
 * against the account like a path id. Each class of fix the fuzz test found has its test here.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, startTestApp, type TestApp } from '../support/app.ts';
import { makeWorld, PASSWORD } from '../support/fixtures.ts';

let app: TestApp;
let world: Awaited<ReturnType<typeof makeWorld>>;
const as = {} as Record<'staffA' | 'staffB' | 'admin' | 'memberA', ApiClient>;
let engagementA: string;
let engagementB: string;

const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n% boundary\n'), Buffer.alloc(512, 0x20), Buffer.from('\n%%EOF\n')]);
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const invoice = (engagementId: string | null, over: Record<string, unknown> = {}) => ({
  engagementId, currency: 'EUR', dueDate: day(30), lines: [{ description: 'Work', quantityMilli: 1000, unitMinor: 1000 }], ...over,
});
/** Raw JSON text, so a lone surrogate travels as the `\ud800` escape a client would send. */
const rawJson = (value: unknown) => JSON.stringify(value);
const libraryUpload = (c: ApiClient, headers: Record<string, string>, query = '') =>
  c.post(`/api/accounts/${world.a.id}/library/files${query}`, undefined, { raw: pdf, headers: { 'content-type': 'application/pdf', ...headers } });

beforeAll(async () => {
  app = await startTestApp();
  world = await makeWorld(app.deps.orm.em.fork());
  for (const k of ['staffA', 'staffB', 'admin', 'memberA'] as const) {
    as[k] = new ApiClient(app.url);
    expect((await as[k].login(world.users[k].email, PASSWORD)).status).toBe(200);
  }
  engagementA = (await as.staffA.post(`/api/accounts/${world.a.id}/engagements`, { title: 'Alpha work', milestones: ['One'] })).body.engagement.id;
  engagementB = (await as.staffB.post(`/api/accounts/${world.b.id}/engagements`, { title: 'Bravo work', milestones: ['One'] })).body.engagement.id;
}, 60_000);
afterAll(async () => app?.close());

describe('text that could never be stored', () => {
  it('is refused with 400 naming the field, in bodies (nested too), queries and paths, and nothing is started', async () => {
    const before = await app.deps.orm.em.fork().getConnection().execute<{ n: string }[]>('select count(*) as n from engagement where account_id = ?', [world.a.id]);
    const cases: [string, string, string, string][] = [
      ['POST', `/api/accounts/${world.a.id}/engagements`, rawJson({ title: 'nul\u0000title', milestones: ['One'] }), 'title'],
      ['POST', `/api/accounts/${world.a.id}/engagements`, rawJson({ title: 'lone \ud800 surrogate', milestones: ['One'] }), 'title'],
      ['POST', `/api/accounts/${world.a.id}/engagements`, rawJson({ title: 'Fine', milestones: ['One', { title: 'end\udc00', owner: 'client' }] }), 'milestones.1.title'],
      ['POST', `/api/accounts/${world.a.id}/invoices`, rawJson(invoice(null, { lines: [{ description: 'a\u0000b', unitMinor: 1 }] })), 'lines.0.description'],
      ['POST', `/api/accounts/${world.a.id}/invoices`, rawJson({ ...invoice(null), 'k\u0000': 1 }), 'k\uFFFD'],
    ];
    for (const [method, path, body, field] of cases) {
      const res = await as.staffA.request(method, path, body);
      expect(res.status, `${path} ${body}`).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(Object.keys(res.body.error.fields)).toEqual([field]);
    }
    const query = await libraryUpload(as.staffA, {}, '?name=a%00b.pdf');
    expect(query.status).toBe(400);
    expect(query.body.error.fields).toEqual({ 'query.name': 'Must not contain a NUL character' });
    const path = await as.staffA.get('/api/engagements/a%00b');
    expect(path.status).toBe(400);
    expect(path.body.error.fields).toEqual({ 'path.engagementId': 'Must not contain a NUL character' });
    const after = await app.deps.orm.em.fork().getConnection().execute<{ n: string }[]>('select count(*) as n from engagement where account_id = ?', [world.a.id]);
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it('still accepts any well-formed Unicode, astral characters included', async () => {
    const res = await as.staffA.post(`/api/accounts/${world.a.id}/engagements`, { title: 'Café 🎉 — 北京', milestones: ['Ünïcode ✓'] });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.engagement.title).toBe('Café 🎉 — 北京');
  });
});

describe('paths and headers', () => {
  it('answers 400, not 500, to malformed percent-encoding in a path', async () => {
    for (const p of ['/api/files/%E0%A4%A', '/api/engagements/%ED%A0%80', '/api/invoices/%']) {
      const res = await as.staffA.get(p);
      expect(res.status, p).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
  });

  it('answers 400 naming the header to a malformed or unstorable X-File-Name', async () => {
    for (const name of ['%E0%A4%A', '%ED%A0%80.pdf', 'a%00b.pdf']) {
      const res = await libraryUpload(as.staffA, { 'x-file-name': name });
      expect(res.status, name).toBe(400);
      expect(Object.keys(res.body.error.fields)).toEqual(['header.X-File-Name']);
    }
  });
});

describe('ids', () => {
  it('are accepted in uppercase and used in lowercase', async () => {
    const res = await as.staffA.get(`/api/engagements/${engagementA.toUpperCase()}`);
    expect(res.status).toBe(200);
    expect(res.body.engagement.id).toBe(engagementA);
    const inv = await as.staffA.post(`/api/accounts/${world.a.id.toUpperCase()}/invoices`, invoice(engagementA.toUpperCase()));
    expect(inv.status, JSON.stringify(inv.body)).toBe(201);
    expect(inv.body.invoice).toMatchObject({ accountId: world.a.id, engagementId: engagementA });
    // Ids compared in code (a folder looked up in the account's tree) match whatever case was sent.
    const folder = (await as.staffA.post(`/api/accounts/${world.a.id}/library/folders`, { name: 'Upper' })).body.folder.id as string;
    const file = (await libraryUpload(as.staffA, { 'x-file-name': 'moved.pdf' })).body.file.id as string;
    const moved = await as.staffA.patch(`/api/library/files/${file.toUpperCase()}`, { folderId: folder.toUpperCase() });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body.file.folderId).toBe(folder);
  });

  it("in a body are checked against the account: an invoice's engagement must be its account's", async () => {
    for (const engagementId of [engagementB, randomUUID()]) {
      const res = await as.admin.post(`/api/accounts/${world.a.id}/invoices`, invoice(engagementId));
      expect(res.status).toBe(400);
      expect(res.body.error.fields).toEqual({ engagementId: 'No such engagement on this account' });
    }
    const draft = (await as.staffA.post(`/api/accounts/${world.a.id}/invoices`, invoice(null))).body.invoice.id;
    const put = await as.admin.put(`/api/invoices/${draft}`, invoice(engagementB));
    expect(put.status).toBe(400);
    expect(put.body.error.fields).toEqual({ engagementId: 'No such engagement on this account' });
  });

  it("in a body are checked against the account: a review's named reviewers must be the account's people", async () => {
    const review = (userIds: string[]) => ({ stages: [{ key: 'named', title: 'Named', reviewers: { userIds } }] });
    const res = await as.admin.post(`/api/engagements/${engagementA}/deliverables`, { title: 'Poster', review: review([world.users.staffA.id, world.users.memberB.id]) });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual({ 'review.stages.0.reviewers.userIds.1': 'No such person on this account' });
    const ok = await as.admin.post(`/api/engagements/${engagementA}/deliverables`, { title: 'Poster', review: review([world.users.memberA.id.toUpperCase()]) });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
  });

  it('invoice dates that do not exist are refused with the field named', async () => {
    for (const dueDate of ['2026-02-30', '0000-00-00', '2026-13-01']) {
      const res = await as.staffA.post(`/api/accounts/${world.a.id}/invoices`, invoice(null, { dueDate }));
      expect(res.status, dueDate).toBe(400);
      expect(Object.keys(res.body.error.fields)).toEqual(['dueDate']);
    }
  });
});

describe('file names', () => {
  it('lose control and bidi characters on upload and on a library rename', async () => {
    const up = await libraryUpload(as.staffA, { 'x-file-name': encodeURIComponent('invoice\u202Efdp\u0085.pdf') });
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    expect(up.body.file.name).toBe('invoicefdp.pdf');
    const renamed = await as.staffA.patch(`/api/library/files/${up.body.file.id}`, { name: '\u2066report\u2069\u200F.pdf' });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    expect(renamed.body.file.name).toBe('report.pdf');
    const empty = await as.staffA.patch(`/api/library/files/${up.body.file.id}`, { name: '\u202E\u202C' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.fields).toEqual({ name: 'Required' });
    const folder = await as.staffA.post(`/api/accounts/${world.a.id}/library/folders`, { name: 'Con\u202Etracts' });
    expect(folder.status).toBe(201);
    expect(folder.body.folder.name).toBe('Contracts');
    // A long file name still gives a document title that fits.
    const long = await as.staffA.post(`/api/engagements/${engagementA}/documents`, undefined, { raw: await onePagePdf(), headers: { 'content-type': 'application/pdf', 'x-file-name': `${'x'.repeat(250)}.pdf` } });
    expect(long.status, JSON.stringify(long.body)).toBe(201);
    expect(long.body.document.title).toHaveLength(200);
  });
});

async function onePagePdf(): Promise<Buffer> {
  const { PDFDocument } = await import('pdf-lib');
  const doc = await PDFDocument.create();
  doc.addPage([612, 792]);
  return Buffer.from(await doc.save());
}
