/**
 * Checklist items completed by an uploaded file: the type is judged from the content (415), the
 * size against the limit (413, with or without a Content-Length), files are their account's own
 * (404 across accounts; the workflow's validator refuses another account's file), retries with an
 * idempotency key store nothing twice, and downloads carry the name per RFC 6266.
 */
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onboardingStateQuery, onboardingWorkflowId } from '../../workflows/onboarding.ts';
import { ApiClient, startTestApp, type TestApp } from '../support/app.ts';
import { makeWorld, PASSWORD } from '../support/fixtures.ts';

const LIMIT = 64 * 1024;
let app: TestApp;
let world: Awaited<ReturnType<typeof makeWorld>>;
let templateId: string;
const as: Record<'admin' | 'staffA' | 'staffB' | 'memberA' | 'memberB', ApiClient> = {} as never;

const TEMPLATE = {
  formatVersion: 1, name: 'Documents in', description: '',
  phases: [{ key: 'start', title: 'Start', milestones: [
    { key: 'docs', title: 'Documents received', owner: 'client' },
    { key: 'work', title: 'Work', owner: 'staff' },
  ] }],
  checklist: [
    { key: 'id-scan', title: 'Scan of your ID', assignee: 'client', due: 'P10D', completion: { type: 'upload', accept: ['application/pdf', 'image/png'] }, blocksMilestone: 'docs' },
    { key: 'logo', title: 'Your logo', assignee: 'client', due: 'P10D', completion: { type: 'upload', accept: ['image/png'] } },
    { key: 'agree', title: 'Agree to the plan', assignee: 'client', due: 'P10D', completion: { type: 'tick' } },
  ],
};

const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(3000, 0x41), Buffer.from('\n%%EOF\n')]);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(500, 1)]);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function startEngagement(accountId: string): Promise<string> {
  const started = await as.admin.post(`/api/accounts/${accountId}/engagements`, { templateId });
  expect(started.status).toBe(201);
  const id = started.body.engagement.id as string;
  // Uploads are applied by the checklist workflow: wait until it runs.
  const child = app.deps.temporal.workflow.getHandle(onboardingWorkflowId(id));
  for (const deadline = Date.now() + 15_000; ((await child.query(onboardingStateQuery).catch(() => null))?.version ?? 0) < 1;) {
    if (Date.now() > deadline) throw new Error('the checklist workflow did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  return id;
}

const upload = (c: ApiClient, engagementId: string, item: string, body: Buffer, name: string, headers: Record<string, string> = {}) =>
  c.post(`/api/engagements/${engagementId}/items/${item}/upload?name=${encodeURIComponent(name)}`, undefined, { raw: body, headers: { 'content-type': 'application/octet-stream', ...headers } });

const fileRows = async (engagementId: string) => app.deps.orm.em.getConnection().execute<{ id: string; name: string; sha256: string; item_key: string }[]>(
  'select id, name, sha256, item_key from stored_file where engagement_id = ? order by created_at', [engagementId]);

let engagementA: string;

beforeAll(async () => {
  app = await startTestApp({ env: { PORTICO_UPLOAD_MAX_BYTES: String(LIMIT) } });
  world = await makeWorld(app.deps.orm.em.fork());
  for (const [k, u] of Object.entries({ admin: world.users.admin, staffA: world.users.staffA, staffB: world.users.staffB, memberA: world.users.memberA, memberB: world.users.memberB })) {
    const c = new ApiClient(app.url);
    expect((await c.login(u.email, PASSWORD)).status).toBe(200);
    as[k as keyof typeof as] = c;
  }
  templateId = (await as.admin.post('/api/templates', TEMPLATE)).body.template.id;
  engagementA = await startEngagement(world.a.id);
}, 60_000);
afterAll(async () => app?.close());

describe('checklist uploads', () => {
  it('a client completes an item by uploading a PDF; the milestone it blocked completes; the file downloads intact', async () => {
    const name = 'Pass scan — Zoë.pdf';
    const res = await upload(as.memberA, engagementA, 'id-scan', PDF, name);
    expect(res.status).toBe(200);
    expect(res.body.file).toMatchObject({ name, contentType: 'application/pdf', size: PDF.length, sha256: sha(PDF) });
    const item = res.body.engagement.checklist.find((i: { key: string }) => i.key === 'id-scan');
    expect(item).toMatchObject({ status: 'done', completedBy: world.users.memberA.name, file: { id: res.body.file.id, name, sha256: sha(PDF) } });
    await expect.poll(async () => (await as.memberA.get(`/api/engagements/${engagementA}`)).body.engagement.milestones[0].status, { timeout: 10_000 }).toBe('done');

    const dl = await fetch(`${app.url}/api/files/${res.body.file.id}`, { headers: { cookie: as.memberA.cookie } });
    expect(dl.status).toBe(200);
    expect(Buffer.from(await dl.arrayBuffer()).equals(PDF)).toBe(true);
    expect(dl.headers.get('content-type')).toBe('application/pdf');
    expect(dl.headers.get('x-content-type-options')).toBe('nosniff');
    // RFC 6266: an ASCII fallback and the exact UTF-8 name.
    expect(dl.headers.get('content-disposition')).toBe(`attachment; filename="Pass scan ? Zo?.pdf"; filename*=UTF-8''${encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`);

    const audit = await app.deps.orm.em.getConnection().execute<{ data: { file?: { sha256: string } } }[]>(
      `select data from audit_event where target_id = ? and action = 'checklist.item_completed'`, [engagementA]);
    expect(audit.map((a) => a.data.file?.sha256)).toEqual([sha(PDF)]);
  }, 30_000);

  it('refuses a file whose content is not an accepted type, whatever its name and declared type (415)', async () => {
    const html = Buffer.from('<html><script>alert(1)</script></html>');
    const disguised = await upload(as.memberA, engagementA, 'logo', html, 'logo.png', { 'content-type': 'image/png' });
    expect(disguised.status).toBe(415);
    expect(disguised.body.error.message).toMatch(/upload PNG/);
    const pdfAsLogo = await upload(as.memberA, engagementA, 'logo', PDF, 'logo.png');
    expect(pdfAsLogo.status).toBe(415);
    expect(pdfAsLogo.body.error.message).toBe('A PDF file is not accepted here; upload PNG');
    const exe = await upload(as.memberA, engagementA, 'logo', Buffer.concat([Buffer.from('MZ\x90\x00'), Buffer.alloc(200)]), 'logo.png');
    expect(exe.status).toBe(415);
    expect((await fileRows(engagementA)).filter((f) => f.item_key === 'logo')).toEqual([]);
  });

  it('refuses a file over the limit with 413, with or without Content-Length, and keeps nothing of it', async () => {
    const big = Buffer.concat([PNG, Buffer.alloc(LIMIT, 7)]);
    const declared = await upload(as.memberA, engagementA, 'logo', big, 'big.png');
    expect(declared.status).toBe(413);
    expect(declared.body.error.message).toBe('The file is larger than 64 KB');

    // Streamed without a length: refused once the limit is passed.
    const chunks = [big.subarray(0, 30_000), big.subarray(30_000)];
    const stream = new ReadableStream({ pull(ctrl) { const c = chunks.shift(); if (c) ctrl.enqueue(new Uint8Array(c)); else ctrl.close(); } });
    const streamed = await fetch(`${app.url}/api/engagements/${engagementA}/items/logo/upload?name=big.png`, {
      method: 'POST', body: stream, duplex: 'half', headers: { cookie: as.memberA.cookie, 'x-csrf-token': as.memberA.csrf, 'content-type': 'application/octet-stream' },
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect((await fileRows(engagementA)).filter((f) => f.item_key === 'logo')).toEqual([]);
    // No partial file left behind in the storage.
    expect(readdirSync(join(app.config.filesDir, 'tmp'))).toEqual([]);
  });

  it('refuses an empty file (no type to judge: 415) and a file for an item that takes none (the field named)', async () => {
    const empty = await upload(as.memberA, engagementA, 'logo', Buffer.alloc(0), 'empty.png');
    expect(empty.status).toBe(415);
    const tick = await upload(as.memberA, engagementA, 'agree', PNG, 'x.png');
    expect(tick.status).toBe(400);
    expect(tick.body.error.fields).toEqual({ file: 'This item takes no file' });
  });

  it('a retried upload with the same Idempotency-Key stores one file and completes the item once', async () => {
    const headers = { 'idempotency-key': `logo-${engagementA}` };
    const first = await upload(as.memberA, engagementA, 'logo', PNG, 'logo.png', headers);
    expect(first.status).toBe(200);
    const again = await upload(as.memberA, engagementA, 'logo', PNG, 'logo.png', headers);
    expect(again.status).toBe(200);
    expect(again.body.file.id).toBe(first.body.file.id);
    expect((await fileRows(engagementA)).filter((f) => f.item_key === 'logo')).toHaveLength(1);
    const events = await app.deps.orm.em.getConnection().execute<{ n: string }[]>(
      `select count(*) as n from audit_event where target_id = ? and action = 'checklist.item_completed' and data->>'itemKey' = 'logo'`, [engagementA]);
    expect(Number(events[0]!.n)).toBe(1);
    // A different upload to a done item is a conflict.
    expect((await upload(as.memberA, engagementA, 'logo', PNG, 'other.png')).status).toBe(409);
  });

  it("keeps each account's files to itself: uploads, downloads and completions across accounts answer 404 or are refused", async () => {
    const engagementB = await startEngagement(world.b.id);
    const mine = await upload(as.memberB, engagementB, 'logo', PNG, 'b-logo.png');
    expect(mine.status).toBe(200);
    const fileB = mine.body.file.id as string;

    // Into another account's engagement: 404, and nothing stored.
    const before = (await fileRows(engagementA)).length;
    expect((await upload(as.memberB, engagementA, 'agree', PNG, 'x.png')).status).toBe(404);
    expect((await upload(as.staffB, engagementA, 'id-scan', PDF, 'x.pdf')).status).toBe(404);
    expect((await fileRows(engagementA)).length).toBe(before);

    // Downloading another account's file answers exactly like an unknown id.
    const unknown = await as.memberA.get('/api/files/00000000-0000-4000-8000-000000000000');
    for (const c of [as.memberA, as.staffA]) {
      const res = await c.get(`/api/files/${fileB}`);
      expect(res.status).toBe(404);
      expect(res.body).toEqual(unknown.body);
    }
    expect((await as.admin.get(`/api/files/${fileB}`)).status).toBe(200);

    // Completing A's item with B's file: a client cannot even name it; an admin who can see both meets the workflow's validator.
    const engagementA2 = await startEngagement(world.a.id);
    const byClient = await as.memberA.post(`/api/engagements/${engagementA2}/items/logo/complete`, { fileId: fileB });
    expect(byClient.status).toBe(400);
    expect(byClient.body.error.fields).toEqual({ fileId: 'No such file' });
    const byAdmin = await as.admin.post(`/api/engagements/${engagementA2}/items/logo/complete`, { fileId: fileB });
    expect(byAdmin.status).toBe(400);
    expect(byAdmin.body.error.fields).toEqual({ fileId: 'This file belongs to another account' });
    // A file of the right account but a type the item does not accept: refused by the validator too.
    const pdfA = (await upload(as.memberA, engagementA2, 'id-scan', PDF, 'scan.pdf')).body.file.id;
    const wrongType = await as.memberA.post(`/api/engagements/${engagementA2}/items/logo/complete`, { fileId: pdfA });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error.fields).toEqual({ fileId: 'This type of file is not accepted here' });
    // A client must upload for an upload item; a tick is not enough.
    const noFile = await as.memberA.post(`/api/engagements/${engagementA2}/items/logo/complete`, {});
    expect(noFile.body.error.fields).toEqual({ file: 'Required' });
  }, 60_000);
});
