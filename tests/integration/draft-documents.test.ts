/**
 * Drafts are the team's work in progress (issue 11 item 10): a draft document, its pages, original
 * PDF, fields, events (with the staff's IP addresses) and stored file answer 404 to the account's own
 * client users on every route, exactly as an id that does not exist — even to a client already named
 * as one of its signers. Once sent, the same routes open to them.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, startTestApp, type TestApp } from '../support/app.ts';
import { makeWorld, PASSWORD } from '../support/fixtures.ts';
import { onePagePdf } from '../support/signing.ts';

let app: TestApp;
let world: Awaited<ReturnType<typeof makeWorld>>;
const as = {} as Record<'memberA' | 'adminA' | 'staffA' | 'reviewer', ApiClient>;
let engagementId: string;
let draftId: string;
let originalFileId: string;

interface Ids { document: string; file: string }
type Caller = keyof typeof as;

/** Every route that serves a document's data or acts on it, by the document's (and its original's) id. */
const ROUTES: { name: string; call: (c: ApiClient, i: Ids) => Promise<{ status: number; body: unknown }>; staff: number }[] = [
  { name: 'GET /api/documents/:id', call: (c, i) => c.get(`/api/documents/${i.document}`), staff: 200 },
  { name: 'GET /api/documents/:id/pages/:page', call: (c, i) => c.get(`/api/documents/${i.document}/pages/1?w=200`), staff: 200 },
  { name: 'GET /api/documents/:id/original', call: (c, i) => c.get(`/api/documents/${i.document}/original`), staff: 200 },
  { name: 'GET /api/documents/:id/events', call: (c, i) => c.get(`/api/documents/${i.document}/events`), staff: 200 },
  { name: 'GET /api/documents/:id/events?format=csv', call: (c, i) => c.get(`/api/documents/${i.document}/events?format=csv`), staff: 200 },
  { name: 'GET /api/documents/:id/certificate', call: (c, i) => c.get(`/api/documents/${i.document}/certificate`), staff: 404 },
  { name: 'GET /api/documents/:id/sealed', call: (c, i) => c.get(`/api/documents/${i.document}/sealed`), staff: 404 },
  // Nobody signs a draft, not even the signers its set-up names.
  { name: 'GET /api/documents/:id/signing', call: (c, i) => c.get(`/api/documents/${i.document}/signing`), staff: 404 },
  { name: 'POST /api/documents/:id/signing/consent', call: (c, i) => c.post(`/api/documents/${i.document}/signing/consent`, { agree: true, disclosureVersion: '2026-11' }), staff: 404 },
  { name: 'POST /api/documents/:id/signing/sign', call: (c, i) => c.post(`/api/documents/${i.document}/signing/sign`, { signature: { type: 'typed', text: 'X' } }), staff: 404 },
  { name: 'POST /api/documents/:id/signing/decline', call: (c, i) => c.post(`/api/documents/${i.document}/signing/decline`, { reason: 'No' }), staff: 404 },
  // Writes: a client is not told the draft exists (404, not 403); the team meets the draft's state.
  { name: 'PUT /api/documents/:id/setup', call: (c, i) => c.put(`/api/documents/${i.document}/setup`, setupBody()), staff: 200 },
  { name: 'POST /api/documents/:id/void', call: (c, i) => c.post(`/api/documents/${i.document}/void`, { reason: 'x' }), staff: 409 },
  { name: 'GET /api/files/:id (the original)', call: (c, i) => c.get(`/api/files/${i.file}`), staff: 200 },
];

function setupBody() {
  return {
    signers: [
      { key: 'client', name: world.users.memberA.name, email: world.users.memberA.email, userId: world.users.memberA.id, roleLabel: 'Client' },
      { key: 'director', name: world.users.adminA.name, email: world.users.adminA.email, userId: world.users.adminA.id, roleLabel: 'Director' },
    ],
    fields: [
      { type: 'signature', signerKey: 'client', page: 1, x: 0.1, y: 0.8, w: 0.3, h: 0.05 },
      { type: 'signature', signerKey: 'director', page: 1, x: 0.5, y: 0.8, w: 0.3, h: 0.05 },
    ],
  };
}

beforeAll(async () => {
  app = await startTestApp();
  world = await makeWorld(app.deps.orm.em.fork());
  for (const k of ['memberA', 'adminA', 'staffA', 'reviewer'] as const) {
    as[k] = new ApiClient(app.url, { 'user-agent': `tests (${k})` });
    expect((await as[k].login(world.users[k].email, PASSWORD)).status).toBe(200);
  }
  engagementId = (await as.staffA.post(`/api/accounts/${world.a.id}/engagements`, { title: 'Drafts', milestones: ['Sign'] })).body.engagement.id;
  const up = await as.staffA.post(`/api/engagements/${engagementId}/documents?title=Draft%20terms`, undefined, { raw: await onePagePdf(), headers: { 'content-type': 'application/pdf' } });
  expect(up.status).toBe(201);
  draftId = up.body.document.id;
  // Its set-up already names the two client users as signers.
  expect((await as.staffA.put(`/api/documents/${draftId}/setup`, setupBody())).status).toBe(200);
  originalFileId = (await app.deps.orm.em.getConnection().execute<{ original_file_id: string }[]>('select original_file_id from signature_document where id = ?', [draftId]))[0]!.original_file_id;
}, 60_000);
afterAll(async () => app?.close());

describe.each(ROUTES)('a draft: $name', (route) => {
  it.each(['memberA', 'adminA'] as Caller[])('answers 404 to the account\'s %s, as for an unknown id', async (who) => {
    const real = await route.call(as[who], { document: draftId, file: originalFileId });
    const ghost = await route.call(as[who], { document: randomUUID(), file: randomUUID() });
    expect(real.status, JSON.stringify(real.body)).toBe(404);
    expect(real.body).toEqual(ghost.body);
  });

  it('answers the account team as before', async () => {
    const res = await route.call(as.staffA, { document: draftId, file: originalFileId });
    expect(res.status, JSON.stringify(res.body)).toBe(route.staff);
  });
});

describe('a draft in lists, then sent', () => {
  it("is left out of the engagement's documents for clients and shown to the team and the reviewer", async () => {
    const ids = async (c: ApiClient) => ((await c.get(`/api/engagements/${engagementId}/documents`)).body.documents as { id: string }[]).map((d) => d.id);
    expect(await ids(as.memberA)).not.toContain(draftId);
    expect(await ids(as.adminA)).not.toContain(draftId);
    expect(await ids(as.staffA)).toContain(draftId);
    expect(await ids(as.reviewer)).toContain(draftId);
    expect((await as.reviewer.get(`/api/documents/${draftId}`)).status).toBe(200);
  });

  it('opens to the clients once sent (what they may see of a sent document, they see)', async () => {
    expect((await as.staffA.post(`/api/documents/${draftId}/send`)).status).toBe(200);
    const ids = { document: draftId, file: originalFileId };
    for (const who of ['memberA', 'adminA'] as const) {
      expect((await as[who].get(`/api/documents/${ids.document}`)).status).toBe(200);
      expect((await as[who].get(`/api/documents/${ids.document}/pages/1?w=200`)).status).toBe(200);
      expect((await as[who].get(`/api/documents/${ids.document}/events`)).status).toBe(200);
      // The original's stored file stays staff-only; clients read the original through the document.
      expect((await as[who].get(`/api/files/${ids.file}`)).status).toBe(404);
    }
    // The first signer in order may open the signing view now.
    expect((await as.memberA.get(`/api/documents/${draftId}/signing`)).status).toBe(200);
  });
});
