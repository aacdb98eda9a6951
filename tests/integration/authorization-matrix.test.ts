/**
 * Every route that takes an id, called by every role against an item of another account
 * (ASVS 8.2.2, 8.4.1). Clients and staff not assigned to the account get 404, exactly as for an id
 * that does not exist; compliance reviewers read but get 403 on every write; admins may act.
 */
import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFDocument } from 'pdf-lib';
import { ApiClient, startTestApp, type TestApp } from '../support/app.ts';
import { assignStaff, makeUser, makeWorld, PASSWORD } from '../support/fixtures.ts';

let app: TestApp;
let world: Awaited<ReturnType<typeof makeWorld>>;
let engagementB: string;
let extraStaffB: string;
let checklistB: string;
let fileB: string;
let libFolderB: string;
let libFileB: string;
let libFileToDeleteB: string;
let deliverableB: string;
let versionB: string;
let documentB: string;
let invoiceB: string;
let invoiceToVoidB: string;
let paymentB: string;
const clients: Record<string, ApiClient> = {};

type Role = 'memberA' | 'adminA' | 'staffA' | 'reviewer' | 'admin';
const ROLES: Role[] = ['memberA', 'adminA', 'staffA', 'reviewer', 'admin'];

interface Ids { account: string; engagement: string; user: string; staff: string; extraStaff: string; checklist: string; file: string; libFolder: string; libFile: string; libFileToDelete: string; deliverable: string; version: string; document: string; invoice: string; invoiceToVoid: string; payment: string }

/** A one-page PDF to sign. */
const MINI_PDF = await (async () => {
  const doc = await PDFDocument.create();
  doc.addPage([612, 792]);
  return Buffer.from(await doc.save());
})();
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);
const libraryUpload = (c: ApiClient, path: string) =>
  c.post(`${path}?name=logo.png`, undefined, { raw: PNG, headers: { 'content-type': 'application/octet-stream' } });
const uploadPng = (c: ApiClient, engagement: string, item: string) =>
  c.post(`/api/engagements/${engagement}/items/${item}/upload?name=logo.png`, undefined, { raw: PNG, headers: { 'content-type': 'application/octet-stream' } });

interface Case {
  name: string;
  call: (c: ApiClient, ids: Ids) => Promise<{ status: number; body: any }>;
  expect: Record<Role, number>;
}

const CASES: Case[] = [
  { name: 'GET /api/accounts/:accountId', call: (c, i) => c.get(`/api/accounts/${i.account}`),
    expect: { memberA: 404, adminA: 404, staffA: 404, reviewer: 200, admin: 200 } },
  { name: 'POST /api/accounts/:accountId/invitations', call: (c, i) => c.post(`/api/accounts/${i.account}/invitations`, { email: `m-${randomUUID()}@x.test`, role: 'client_member' }),
    expect: { memberA: 404, adminA: 404, staffA: 404, reviewer: 403, admin: 201 } },
  { name: 'POST /api/accounts/:accountId/engagements', call: (c, i) => c.post(`/api/accounts/${i.account}/engagements`, { title: 'Matrix', milestones: ['One'] }),
    expect: { memberA: 404, adminA: 404, staffA: 404, reviewer: 403, admin: 201 } },
  { name: 'GET /api/engagements/:engagementId', call: (c, i) => c.get(`/api/engagements/${i.engagement}`),
    expect: { memberA: 404, adminA: 404, staffA: 404, reviewer: 200, admin: 200 } },
  { name: 'GET /api/engagements/:engagementId/evidence', call: (c, i) => c.get(`/api/engagements/${i.engagement}/evidence`),
    expect: { memberA: 404, adminA: 404, staffA: 404, reviewer: 200, admin: 200 } },
  // m2 is not the current milestone: an admin passes the policy and meets the workflow's validator (409).
  { name: 'POST /api/engagements/:engagementId/milestones/:milestoneId/complete', call: (c, i) => c.post(`/api/engagements/${i.engagement}/milestones/m2/complete`),
    expect: { memberA: 404, adminA: 404, staffA: 404, reviewer: 403, admin: 409 } },
  // An account's choice of audit checkpoint digests: its own client admins and the business's admins.
  { name: 'GET /api/accounts/:accountId/audit-digest', call: (c, i) => c.get(`/api/accounts/${i.account}/audit-digest`),
    expect: { memberA: 404, adminA: 404, staffA: 404, reviewer: 200, admin: 200 } },
  { name: 'PUT /api/accounts/:accountId/audit-digest', call: (c, i) => c.put(`/api/accounts/${i.account}/audit-digest`, { recipients: 'client_admins' }),
    expect: { memberA: 404, adminA: 404, staffA: 404, reviewer: 403, admin: 200 } },
  { name: 'PUT /api/accounts/:accountId/team/:userId', call: (c, i) => c.put(`/api/accounts/${i.account}/team/${i.staff}`, { teamRole: 'Account manager', isManager: true }),
    expect: { memberA: 404, adminA: 404, staffA: 404, reviewer: 403, admin: 200 } },
  { name: 'DELETE /api/accounts/:accountId/team/:userId', call: (c, i) => c.request('DELETE', `/api/accounts/${i.account}/team/${i.extraStaff}`),
    expect: { memberA: 404, adminA: 404, staffA: 404, reviewer: 403, admin: 204 } },
  // Cross-account views narrowed to one account by a query parameter: the same rule as an id in the path.
  { name: 'GET /api/staff/overdue?accountId=', call: (c, i) => c.get(`/api/staff/overdue?accountId=${i.account}`),
    expect: { memberA: 404, adminA: 404, staffA: 404, reviewer: 200, admin: 200 } },
  { name: 'GET /api/staff/engagements?accountId=', call: (c, i) => c.get(`/api/staff/engagements?accountId=${i.account}`),
    expect: { memberA: 404, adminA: 404, staffA: 404, reviewer: 200, admin: 200 } },
  // The checklist of B's engagement: clients and staff of A cannot tell it exists; an admin acts.
  { name: 'POST /api/engagements/:engagementId/items/:itemKey/complete', call: (c, i) => c.post(`/api/engagements/${i.checklist}/items/tick/complete`),
    expect: { memberA: 404, adminA: 404, staffA: 404, reviewer: 403, admin: 200 } },
  { name: 'POST /api/engagements/:engagementId/items/:itemKey/upload', call: (c, i) => uploadPng(c, i.checklist, 'logo'),
    expect: { memberA: 404, adminA: 404, staffA: 404, reviewer: 403, admin: 200 } },
  { name: 'POST /api/engagements/:engagementId/items/:itemKey/waive', call: (c, i) => c.post(`/api/engagements/${i.checklist}/items/waivable/waive`, { reason: 'Not needed' }),
    expect: { memberA: 404, adminA: 404, staffA: 404, reviewer: 403, admin: 200 } },
  { name: 'POST /api/engagements/:engagementId/items/:itemKey/reopen', call: (c, i) => c.post(`/api/engagements/${i.checklist}/items/docs/reopen`),
    expect: { memberA: 404, adminA: 404, staffA: 404, reviewer: 403, admin: 200 } },
  { name: 'GET /api/files/:fileId', call: (c, i) => c.get(`/api/files/${i.file}`),
    expect: { memberA: 404, adminA: 404, staffA: 404, reviewer: 200, admin: 200 } },
  // The file library of account B: a folder and files uploaded by B's team.
  { name: 'GET /api/accounts/:accountId/library', call: (c, i) => c.get(`/api/accounts/${i.account}/library`),
    expect: { memberA: 404, adminA: 404, staffA: 404, reviewer: 200, admin: 200 } },
  { name: 'GET /api/accounts/:accountId/library?folderId=', call: (c, i) => c.get(`/api/accounts/${i.account}/library?folderId=${i.libFolder}`),
    expect: { memberA: 404, adminA: 404, staffA: 404, reviewer: 200, admin: 200 } },
  { name: 'POST /api/accounts/:accountId/library/folders', call: (c, i) => c.post(`/api/accounts/${i.account}/library/folders`, { name: `Matrix ${randomUUID()}`, parentId: i.libFolder }),
    expect: { memberA: 404, adminA: 404, staffA: 404, reviewer: 403, admin: 201 } },
  { name: 'POST /api/accounts/:accountId/library/files', call: (c, i) => libraryUpload(c, `/api/accounts/${i.account}/library/files`),
    expect: { memberA: 404, adminA: 404, staffA: 404, reviewer: 403, admin: 201 } },
  { name: 'GET /api/library/files/:fileId', call: (c, i) => c.get(`/api/library/files/${i.libFile}`),
    expect: { memberA: 404, adminA: 404, staffA: 404, reviewer: 200, admin: 200 } },
  { name: 'POST /api/library/files/:fileId/versions', call: (c, i) => libraryUpload(c, `/api/library/files/${i.libFile}/versions`),
    expect: { memberA: 404, adminA: 404, staffA: 404, reviewer: 403, admin: 201 } },
  { name: 'GET /api/library/files/:fileId/versions/:version/download', call: (c, i) => c.get(`/api/library/files/${i.libFile}/versions/1/download`),
    expect: { memberA: 404, adminA: 404, staffA: 404, reviewer: 200, admin: 200 } },
  { name: 'PATCH /api/library/files/:fileId', call: (c, i) => c.patch(`/api/library/files/${i.libFile}`, { name: 'Renamed.png', folderId: i.libFolder }),
    expect: { memberA: 404, adminA: 404, staffA: 404, reviewer: 403, admin: 200 } },
  { name: 'PATCH /api/library/folders/:folderId', call: (c, i) => c.patch(`/api/library/folders/${i.libFolder}`, { name: `Folder ${randomUUID()}` }),
    expect: { memberA: 404, adminA: 404, staffA: 404, reviewer: 403, admin: 200 } },
  { name: 'DELETE /api/library/files/:fileId', call: (c, i) => c.request('DELETE', `/api/library/files/${i.libFileToDelete}`),
    expect: { memberA: 404, adminA: 404, staffA: 404, reviewer: 403, admin: 204 } },
  // A deliverable of B under review (B's client users review it).
  { name: 'GET /api/engagements/:engagementId/deliverables', call: (c, i) => c.get(`/api/engagements/${i.engagement}/deliverables`),
    expect: { memberA: 404, adminA: 404, staffA: 404, reviewer: 200, admin: 200 } },
  { name: 'POST /api/engagements/:engagementId/deliverables', call: (c, i) => c.post(`/api/engagements/${i.engagement}/deliverables`, { title: 'Matrix', review: { stages: [{ key: 's', title: 'S', reviewers: 'client_users' }] } }),
    expect: { memberA: 404, adminA: 404, staffA: 404, reviewer: 403, admin: 201 } },
  { name: 'GET /api/deliverables/:deliverableId', call: (c, i) => c.get(`/api/deliverables/${i.deliverable}`),
    expect: { memberA: 404, adminA: 404, staffA: 404, reviewer: 200, admin: 200 } },
  { name: 'GET /api/deliverables/:deliverableId/versions/:number/file', call: (c, i) => c.get(`/api/deliverables/${i.deliverable}/versions/1/file?inline=1`),
    expect: { memberA: 404, adminA: 404, staffA: 404, reviewer: 200, admin: 200 } },
  // An admin sees it but reviews nothing here: the workflow's validator refuses.
  { name: 'POST /api/deliverables/:deliverableId/decisions', call: (c, i) => c.post(`/api/deliverables/${i.deliverable}/decisions`, { versionId: i.version, decision: 'approved' }),
    expect: { memberA: 404, adminA: 404, staffA: 404, reviewer: 403, admin: 403 } },
  { name: 'POST /api/deliverables/:deliverableId/comments', call: (c, i) => c.post(`/api/deliverables/${i.deliverable}/comments`, { versionId: i.version, body: 'Matrix' }),
    expect: { memberA: 404, adminA: 404, staffA: 404, reviewer: 403, admin: 201 } },
  { name: 'POST /api/deliverables/:deliverableId/versions', call: (c, i) => libraryUpload(c, `/api/deliverables/${i.deliverable}/versions`),
    expect: { memberA: 404, adminA: 404, staffA: 404, reviewer: 403, admin: 201 } },
  // A document of B being signed by B's client.
  { name: 'GET /api/engagements/:engagementId/documents', call: (c, i) => c.get(`/api/engagements/${i.engagement}/documents`),
    expect: { memberA: 404, adminA: 404, staffA: 404, reviewer: 200, admin: 200 } },
  { name: 'POST /api/engagements/:engagementId/documents', call: (c, i) => c.post(`/api/engagements/${i.engagement}/documents?title=Matrix`, undefined, { raw: MINI_PDF, headers: { 'content-type': 'application/pdf' } }),
    expect: { memberA: 404, adminA: 404, staffA: 404, reviewer: 403, admin: 201 } },
  { name: 'GET /api/documents/:documentId', call: (c, i) => c.get(`/api/documents/${i.document}`),
    expect: { memberA: 404, adminA: 404, staffA: 404, reviewer: 200, admin: 200 } },
  { name: 'GET /api/documents/:documentId/pages/:page', call: (c, i) => c.get(`/api/documents/${i.document}/pages/1?w=200`),
    expect: { memberA: 404, adminA: 404, staffA: 404, reviewer: 200, admin: 200 } },
  { name: 'GET /api/documents/:documentId/original', call: (c, i) => c.get(`/api/documents/${i.document}/original`),
    expect: { memberA: 404, adminA: 404, staffA: 404, reviewer: 200, admin: 200 } },
  { name: 'GET /api/documents/:documentId/events', call: (c, i) => c.get(`/api/documents/${i.document}/events`),
    expect: { memberA: 404, adminA: 404, staffA: 404, reviewer: 200, admin: 200 } },
  // Signing is for the document's signers only: nobody here is one.
  { name: 'GET /api/documents/:documentId/signing', call: (c, i) => c.get(`/api/documents/${i.document}/signing`),
    expect: { memberA: 404, adminA: 404, staffA: 404, reviewer: 404, admin: 404 } },
  { name: 'POST /api/documents/:documentId/signing/sign', call: (c, i) => c.post(`/api/documents/${i.document}/signing/sign`, { signature: { type: 'typed', text: 'X' } }),
    expect: { memberA: 404, adminA: 404, staffA: 404, reviewer: 404, admin: 404 } },
  { name: 'PUT /api/documents/:documentId/setup', call: (c, i) => c.put(`/api/documents/${i.document}/setup`, { signers: [{ name: 'X', email: 'x@example.test', roleLabel: 'X' }], fields: [] }),
    expect: { memberA: 404, adminA: 404, staffA: 404, reviewer: 403, admin: 409 } },
  { name: 'POST /api/documents/:documentId/void', call: (c, i) => c.post(`/api/documents/${i.document}/void`, { reason: 'Matrix' }),
    expect: { memberA: 404, adminA: 404, staffA: 404, reviewer: 403, admin: 200 } },
  // Invoices of B: a sent one with a transfer awaiting confirmation, and another to void. Clients of A
  // and staff not on B's team cannot tell they exist; the reviewer reads; an admin acts (or meets the
  // invoice's state: a sent invoice cannot be changed or sent again, only clients dispute).
  { name: 'GET /api/accounts/:accountId/invoices', call: (c, i) => c.get(`/api/accounts/${i.account}/invoices`),
    expect: { memberA: 404, adminA: 404, staffA: 404, reviewer: 200, admin: 200 } },
  { name: 'POST /api/accounts/:accountId/invoices', call: (c, i) => c.post(`/api/accounts/${i.account}/invoices`, { currency: 'EUR', dueDate: '2030-01-31', lines: [{ description: 'Matrix', unitMinor: 100 }] }),
    expect: { memberA: 404, adminA: 404, staffA: 404, reviewer: 403, admin: 201 } },
  { name: 'GET /api/invoices/:invoiceId', call: (c, i) => c.get(`/api/invoices/${i.invoice}`),
    expect: { memberA: 404, adminA: 404, staffA: 404, reviewer: 200, admin: 200 } },
  { name: 'PUT /api/invoices/:invoiceId', call: (c, i) => c.put(`/api/invoices/${i.invoice}`, { currency: 'EUR', dueDate: '2030-01-31', lines: [{ description: 'Matrix', unitMinor: 100 }] }),
    expect: { memberA: 404, adminA: 404, staffA: 404, reviewer: 403, admin: 409 } },
  { name: 'POST /api/invoices/:invoiceId/send', call: (c, i) => c.post(`/api/invoices/${i.invoice}/send`),
    expect: { memberA: 404, adminA: 404, staffA: 404, reviewer: 403, admin: 409 } },
  { name: 'GET /api/invoices/:invoiceId/pdf', call: (c, i) => c.get(`/api/invoices/${i.invoice}/pdf`),
    expect: { memberA: 404, adminA: 404, staffA: 404, reviewer: 200, admin: 200 } },
  { name: 'POST /api/invoices/:invoiceId/payments', call: (c, i) => c.post(`/api/invoices/${i.invoice}/payments`, { method: 'manual', amountMinor: 1, reference: 'Matrix' }),
    expect: { memberA: 404, adminA: 404, staffA: 404, reviewer: 403, admin: 201 } },
  { name: 'POST /api/payments/:paymentId/confirm', call: (c, i) => c.post(`/api/payments/${i.payment}/confirm`),
    expect: { memberA: 404, adminA: 404, staffA: 404, reviewer: 403, admin: 200 } },
  // After the confirmation above, there is money to refund.
  { name: 'POST /api/invoices/:invoiceId/refunds', call: (c, i) => c.post(`/api/invoices/${i.invoice}/refunds`, { amountMinor: 1, note: 'Matrix' }),
    expect: { memberA: 404, adminA: 404, staffA: 404, reviewer: 403, admin: 201 } },
  { name: 'POST /api/invoices/:invoiceId/dispute', call: (c, i) => c.post(`/api/invoices/${i.invoice}/dispute`, { reason: 'Matrix' }),
    expect: { memberA: 404, adminA: 404, staffA: 404, reviewer: 403, admin: 403 } },
  { name: 'POST /api/invoices/:invoiceId/dispute/messages', call: (c, i) => c.post(`/api/invoices/${i.invoice}/dispute/messages`, { body: 'Matrix' }),
    expect: { memberA: 404, adminA: 404, staffA: 404, reviewer: 403, admin: 409 } },
  { name: 'POST /api/invoices/:invoiceId/dispute/resolve', call: (c, i) => c.post(`/api/invoices/${i.invoice}/dispute/resolve`, { resolution: 'Matrix' }),
    expect: { memberA: 404, adminA: 404, staffA: 404, reviewer: 403, admin: 409 } },
  // No such step: the admin passes the policy and meets the dunning workflow's validator.
  { name: 'POST /api/invoices/:invoiceId/schedule', call: (c, i) => c.post(`/api/invoices/${i.invoice}/schedule`, { action: 'skip', stepKey: 'matrix', reason: 'Matrix' }),
    expect: { memberA: 404, adminA: 404, staffA: 404, reviewer: 403, admin: 400 } },
  { name: 'POST /api/invoices/:invoiceId/work-pause/waive', call: (c, i) => c.post(`/api/invoices/${i.invoice}/work-pause/waive`, { reason: 'Matrix' }),
    expect: { memberA: 404, adminA: 404, staffA: 404, reviewer: 403, admin: 409 } },
  { name: 'POST /api/invoices/:invoiceId/void', call: (c, i) => c.post(`/api/invoices/${i.invoiceToVoid}/void`, { reason: 'Matrix' }),
    expect: { memberA: 404, adminA: 404, staffA: 404, reviewer: 403, admin: 200 } },
  { name: 'PATCH /api/admin/users/:userId', call: (c, i) => c.patch(`/api/admin/users/${i.user}`, { role: 'client_member' }),
    expect: { memberA: 403, adminA: 403, staffA: 403, reviewer: 403, admin: 200 } },
  // Template PDFs belong to no account: only admins (who see every account) upload them or see their pages,
  // here the pages of the PDF another account's document was made from.
  { name: 'POST /api/template-files', call: (c) => c.post('/api/template-files?name=matrix.pdf', undefined, { raw: MINI_PDF, headers: { 'content-type': 'application/pdf' } }),
    expect: { memberA: 403, adminA: 403, staffA: 403, reviewer: 403, admin: 201 } },
  { name: 'GET /api/template-files/:sha256/pages/:page', call: (c) => c.get(`/api/template-files/${createHash('sha256').update(MINI_PDF).digest('hex')}/pages/1?w=200`),
    expect: { memberA: 403, adminA: 403, staffA: 403, reviewer: 403, admin: 200 } },
  // Evidence exports take ids in the body: B's engagement or account is unknown to A's people; only reviewers and admins export.
  { name: 'POST /api/audit/exports { engagementId }', call: (c, i) => c.post('/api/audit/exports', { engagementId: i.engagement }),
    expect: { memberA: 404, adminA: 404, staffA: 404, reviewer: 200, admin: 200 } },
  { name: 'POST /api/audit/exports { accountId }', call: (c, i) => c.post('/api/audit/exports', { accountId: i.account }),
    expect: { memberA: 404, adminA: 404, staffA: 404, reviewer: 200, admin: 200 } },
];

beforeAll(async () => {
  app = await startTestApp();
  world = await makeWorld(app.deps.orm.em.fork());
  const em = app.deps.orm.em.fork();
  const extra = await makeUser(em, 'staff');
  await assignStaff(em, world.b, extra, 'Engineer', false);
  extraStaffB = extra.id;
  const staffB = new ApiClient(app.url);
  await staffB.login(world.users.staffB.email, PASSWORD);
  const started = await staffB.post(`/api/accounts/${world.b.id}/engagements`, { title: 'Bravo rollout', milestones: ['Kickoff', 'Build'] });
  expect(started.status).toBe(201);
  engagementB = started.body.engagement.id;

  // An engagement of B with a checklist, and a file uploaded to it by B's client.
  const admin = new ApiClient(app.url);
  await admin.login(world.users.admin.email, PASSWORD);
  const templateId = (await admin.post('/api/templates', {
    formatVersion: 1, name: 'Matrix checklist', phases: [{ key: 'p', title: 'P', milestones: [{ key: 'm', title: 'M', owner: 'staff' }] }],
    checklist: ['docs', 'logo'].map((key) => ({ key, title: key, assignee: 'client', due: 'P9D', completion: { type: 'upload', accept: ['image/png'] } }))
      .concat(['tick', 'waivable'].map((key) => ({ key, title: key, assignee: 'client', due: 'P9D', completion: { type: 'tick' } }) as never)),
  })).body.template.id;
  checklistB = (await staffB.post(`/api/accounts/${world.b.id}/engagements`, { templateId })).body.engagement.id;
  for (let i = 0; Number((await app.deps.sessionPool.query('select checklist_version as v from engagement where id = $1', [checklistB])).rows[0].v) < 1; i++) {
    if (i > 150) throw new Error('checklist not started');
    await new Promise((r) => setTimeout(r, 100));
  }
  const memberB = new ApiClient(app.url);
  await memberB.login(world.users.memberB.email, PASSWORD);
  const uploaded = await uploadPng(memberB, checklistB, 'docs');
  expect(uploaded.status).toBe(200);
  fileB = uploaded.body.file.id;
  libFolderB = (await staffB.post(`/api/accounts/${world.b.id}/library/folders`, { name: 'Bravo documents' })).body.folder.id;
  libFileB = (await libraryUpload(staffB, `/api/accounts/${world.b.id}/library/files`)).body.file.id;
  libFileToDeleteB = (await libraryUpload(memberB, `/api/accounts/${world.b.id}/library/files`)).body.file.id;
  expect([libFolderB, libFileB, libFileToDeleteB].every(Boolean)).toBe(true);
  deliverableB = (await staffB.post(`/api/engagements/${engagementB}/deliverables`, { title: 'Bravo logo', review: { stages: [{ key: 'client', title: 'Client', reviewers: 'client_users' }] } })).body.deliverable.id;
  const version = await libraryUpload(staffB, `/api/deliverables/${deliverableB}/versions`);
  expect(version.status).toBe(201);
  versionB = version.body.versions[0].id;
  const doc = await staffB.post(`/api/engagements/${engagementB}/documents?title=Bravo%20order`, undefined, { raw: MINI_PDF, headers: { 'content-type': 'application/pdf' } });
  expect(doc.status).toBe(201);
  documentB = doc.body.document.id;
  expect((await staffB.put(`/api/documents/${documentB}/setup`, {
    signers: [{ key: 'client', name: 'Bravo client', email: world.users.memberB.email, userId: world.users.memberB.id, roleLabel: 'Client' }],
    fields: [{ type: 'signature', signerKey: 'client', page: 1, x: 0.1, y: 0.8, w: 0.3, h: 0.05 }],
  })).status).toBe(200);
  expect((await staffB.post(`/api/documents/${documentB}/send`)).status).toBe(200);
  const invoice = async () => {
    const created = await staffB.post(`/api/accounts/${world.b.id}/invoices`, { currency: 'EUR', dueDate: '2030-01-31', lines: [{ description: 'Bravo sprint', unitMinor: 100000 }], dunning: { steps: [{ key: 'due', offsetDays: 0 }] } });
    expect((await staffB.post(`/api/invoices/${created.body.invoice.id}/send`)).status).toBe(200);
    return created.body.invoice.id as string;
  };
  invoiceB = await invoice();
  invoiceToVoidB = await invoice();
  const transfer = await memberB.post(`/api/invoices/${invoiceB}/payments`, { method: 'manual', amountMinor: 500, reference: 'Bravo transfer' });
  expect(transfer.status).toBe(201);
  paymentB = transfer.body.paymentId;
  const login: Record<Role, string> = {
    memberA: world.users.memberA.email, adminA: world.users.adminA.email, staffA: world.users.staffA.email,
    reviewer: world.users.reviewer.email, admin: world.users.admin.email,
  };
  for (const role of ROLES) {
    clients[role] = new ApiClient(app.url);
    expect((await clients[role].login(login[role], PASSWORD)).status).toBe(200);
  }
});
afterAll(async () => app?.close());

describe.each(CASES)('$name on account B', (c) => {
  it.each(ROLES)('as %s', async (role) => {
    const res = await c.call(clients[role]!, { account: world.b.id, engagement: engagementB, user: world.users.memberB.id, staff: world.users.staffB.id, extraStaff: extraStaffB, checklist: checklistB, file: fileB, libFolder: libFolderB, libFile: libFileB, libFileToDelete: libFileToDeleteB, deliverable: deliverableB, version: versionB, document: documentB, invoice: invoiceB, invoiceToVoid: invoiceToVoidB, payment: paymentB });
    expect(res.status, JSON.stringify(res.body)).toBe(c.expect[role]);
    // Admin-only routes refuse by role before looking the item up: the same 403 for any id.
    if (res.status === 404 || (res.status === 403 && c.name.startsWith('PATCH /api/admin/'))) {
      // Indistinguishable from an id that does not exist: nothing leaks about B's items.
      const ghost = await c.call(clients[role]!, { account: randomUUID(), engagement: randomUUID(), user: randomUUID(), staff: randomUUID(), extraStaff: randomUUID(), checklist: randomUUID(), file: randomUUID(), libFolder: randomUUID(), libFile: randomUUID(), libFileToDelete: randomUUID(), deliverable: randomUUID(), version: randomUUID(), document: randomUUID(), invoice: randomUUID(), invoiceToVoid: randomUUID(), payment: randomUUID() });
      expect(ghost.status).toBe(res.status);
      expect(ghost.body).toEqual(res.body);
    }
  });
});

describe('what the matrix implies', () => {
  it('shows staff their own account and not the others in the accounts list', async () => {
    const res = await clients.staffA!.get('/api/accounts');
    const ids = res.body.accounts.map((a: { id: string }) => a.id);
    expect(ids).toContain(world.a.id);
    expect(ids).not.toContain(world.b.id);
  });

  it('answers 403 to clients asking for the accounts list', async () => {
    expect((await clients.memberA!.get('/api/accounts')).status).toBe(403);
  });

  it('records refused permission checks in the audit trail', async () => {
    await clients.memberA!.get(`/api/engagements/${engagementB}`);
    // Written after the answer (so a refused id answers as fast as a missing one).
    const latest = async () => (await app.deps.orm.em.getConnection().execute<{ data: { path: string; answered: number } }[]>(
      `select data from audit_event where action = 'permission.denied' and actor_id = ? order by seq desc limit 1`, [world.users.memberA.id]))[0]?.data;
    // It waits for the audit chain's lock, which a loaded run holds for other writers meanwhile.
    await expect.poll(latest, { timeout: 30_000 }).toMatchObject({ path: `/api/engagements/${engagementB}`, answered: 404 });
  });

  it('a compliance reviewer can change nothing', async () => {
    const r = clients.reviewer!;
    expect((await r.put('/api/admin/branding', { businessName: 'X', primaryColor: '#000000', emailFrom: 'a@b.test' })).status).toBe(403);
    expect((await r.post(`/api/accounts/${world.a.id}/engagements`, { title: 'No', milestones: ['x'] })).status).toBe(403);
    expect((await r.post('/api/admin/accounts', { name: 'Nope' })).status).toBe(403);
    expect((await r.post('/api/admin/invitations', { email: 'x@y.test', role: 'staff' })).status).toBe(403);
    expect((await r.get('/api/audit/verify')).status).toBe(200);
  });
});
