/**
 * Signature collection through the API and the signature workflow: two client signatures in order
 * (one signed in, one by emailed link and one-time code) and a staff countersignature; refusals out
 * of turn, twice, after decline, void or expiry; the sealed PDF, its recorded hash and the public
 * verification (a changed byte fails it). A signing "day" is a second here.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Worker, bundleWorkflowCode } from '@temporalio/worker';
import { resolveTemporalCli } from '../../scripts/lib/temporal-cli.ts';
import { signatureWorkflowId, type SignatureState } from '../../workflows/signature.ts';
import { PDFDict, PDFDocument, PDFName, PDFNumber, PDFRawStream, StandardFonts } from 'pdf-lib';
import { encodePng, fixtureSealer, fixtureInput, fixturePdf } from '../../domain/signing/fixtures/pdf-fixtures.ts';
import { sealPdf } from '../../domain/signing/seal.ts';
import { ApiClient, startTestApp, type TestApp } from '../support/app.ts';
import { makeWorld, PASSWORD } from '../support/fixtures.ts';

let app: TestApp;
let world: Awaited<ReturnType<typeof makeWorld>>;
const as = {} as Record<'staffA' | 'staffB' | 'memberA' | 'adminA' | 'memberB' | 'reviewer', ApiClient>;
let engagementId: string;
/** Documents whose workflows have run to an end, by how they ended. */
const finished: Record<string, string> = {};
/** The browser in which the director signed the completed document by emailed link and code. */
let directorBrowser: ApiClient;

const sha = (b: Buffer | Uint8Array) => createHash('sha256').update(b).digest('hex');

/** A command-line tool's output (stdout and stderr) and exit status on a PDF, as its user would run it. */
function onPdf(cmd: string, args: string[], pdf: Uint8Array): { out: string; status: number } {
  const dir = mkdtempSync(join(tmpdir(), 'portico-sealed-'));
  try {
    writeFileSync(join(dir, 'doc.pdf'), pdf);
    const r = spawnSync(cmd, [...args, join(dir, 'doc.pdf'), ...(cmd === 'pdftotext' ? ['-'] : [])], { encoding: 'utf8' });
    return { out: `${r.stdout}${r.stderr}`, status: r.status ?? -1 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function contract(pages = 3): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 1; i <= pages; i++) doc.addPage([612, 792]).drawText(`Services agreement, page ${i}`, { x: 72, y: 720, size: 14, font });
  return Buffer.from(await doc.save());
}

const uploadDoc = (c: ApiClient, body: Buffer, title = 'Services agreement') =>
  c.post(`/api/engagements/${engagementId}/documents?title=${encodeURIComponent(title)}`, undefined, { raw: body, headers: { 'content-type': 'application/pdf' } });
const outbox = async (like: string) => app.deps.orm.em.getConnection().execute<{ to_address: string; text_body: string; subject: string }[]>(
  'select to_address, text_body, subject from outbox_email where idempotency_key like ? order by created_at', [like]);
const status = async (id: string) => (await as.staffA.get(`/api/documents/${id}`)).body.document.status;

/** A document with three signers in order: memberA (signed in), adminA (by link), staffA (countersignature). */
async function prepared(options: { expiresAfterDays?: number; title?: string } = {}): Promise<string> {
  const up = await uploadDoc(as.staffA, await contract(), options.title);
  expect(up.status, JSON.stringify(up.body)).toBe(201);
  const id = up.body.document.id as string;
  const setup = await as.staffA.put(`/api/documents/${id}/setup`, {
    ordering: 'sequential', reminderEveryDays: 0, expiresAfterDays: options.expiresAfterDays ?? 30,
    signers: [
      { key: 'client', name: world.users.memberA.name, email: world.users.memberA.email, userId: world.users.memberA.id, roleLabel: 'Client' },
      { key: 'director', name: 'Zoë Núñez', email: world.users.adminA.email, roleLabel: 'Client director' },
      { key: 'studio', name: world.users.staffA.name, email: world.users.staffA.email, userId: world.users.staffA.id, roleLabel: 'For the studio' },
    ],
    fields: [
      { type: 'signature', signerKey: 'client', page: 3, x: 0.1, y: 0.7, w: 0.3, h: 0.06 },
      { type: 'text', signerKey: 'client', page: 3, x: 0.1, y: 0.78, w: 0.3, h: 0.03, label: 'Job title' },
      { type: 'signature', signerKey: 'director', page: 3, x: 0.55, y: 0.7, w: 0.3, h: 0.06 },
      { type: 'date', signerKey: 'director', page: 3, x: 0.55, y: 0.78, w: 0.2, h: 0.03 },
      { type: 'signature', signerKey: 'studio', page: 3, x: 0.1, y: 0.88, w: 0.3, h: 0.06 },
    ],
  });
  expect(setup.status, JSON.stringify(setup.body)).toBe(200);
  const sent = await as.staffA.post(`/api/documents/${id}/send`);
  expect(sent.status, JSON.stringify(sent.body)).toBe(200);
  return id;
}

/** A document with one signer, memberA (signed in), and their signature field on the last page. */
async function preparedForMember(title: string): Promise<string> {
  const up = await uploadDoc(as.staffA, await contract(1), title);
  expect(up.status, JSON.stringify(up.body)).toBe(201);
  const id = up.body.document.id as string;
  const setup = await as.staffA.put(`/api/documents/${id}/setup`, {
    ordering: 'parallel', reminderEveryDays: 0, expiresAfterDays: 30,
    signers: [{ key: 'client', name: world.users.memberA.name, email: world.users.memberA.email, userId: world.users.memberA.id, roleLabel: 'Client' }],
    fields: [{ type: 'signature', signerKey: 'client', page: 1, x: 0.1, y: 0.7, w: 0.4, h: 0.1 }],
  });
  expect(setup.status, JSON.stringify(setup.body)).toBe(200);
  expect((await as.staffA.post(`/api/documents/${id}/send`)).status).toBe(200);
  expect((await as.memberA.get(`/api/documents/${id}/signing`)).status).toBe(200);
  expect((await as.memberA.post(`/api/documents/${id}/signing/consent`, { agree: true, disclosureVersion: '2026-11' })).status).toBe(200);
  return id;
}

/** The workflow's own end: its result once it has closed. */
const workflowResult = (id: string) => app.deps.temporal.workflow.getHandle(signatureWorkflowId(id)).result() as Promise<SignatureState>;

/** A noisy PNG (it does not compress): `width`×`height`, dark pixels, deterministic. */
function noisyPng(width: number, height: number): Buffer {
  const data = Buffer.alloc(width * height * 4);
  let x = 0x2f6b3a1d;
  for (let i = 0; i < data.length; i += 4) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    data.set([x & 0x7f, (x >>> 8) & 0x7f, (x >>> 16) & 0x7f, 255], i);
  }
  return encodePng({ width, height, data });
}

async function signInPortal(c: ApiClient, id: string, body: unknown = { signature: { type: 'typed', text: 'Signed' } }) {
  expect((await c.get(`/api/documents/${id}/signing`)).status).toBe(200);
  expect((await c.post(`/api/documents/${id}/signing/viewed`)).status).toBe(200);
  expect((await c.post(`/api/documents/${id}/signing/consent`, { agree: true, disclosureVersion: '2026-11' })).status).toBe(200);
  return c.post(`/api/documents/${id}/signing/sign`, body);
}

/** The director's emailed link, opened in a browser with no account: code by email, then sign. */
async function signByLink(id: string, sign = true) {
  await expect.poll(async () => (await outbox(`signature:${id}:director:turn`)).length, { timeout: 10_000 }).toBe(1);
  const mail = (await outbox(`signature:${id}:director:turn`))[0]!;
  const token = /\/sign\/([A-Za-z0-9_-]+)/.exec(mail.text_body)![1]!;
  const browser = new ApiClient(app.url, { 'user-agent': 'link-browser' });
  const link = await browser.get(`/api/sign/${token}`);
  expect(link.body).toMatchObject({ documentTitle: expect.any(String), signerName: 'Zoë Núñez' });
  expect(JSON.stringify(link.body)).not.toContain(world.users.adminA.email);
  // Nothing of the document before the code.
  expect((await browser.get(`/api/documents/${id}/signing`)).status).toBe(404);
  expect((await browser.post(`/api/sign/${token}/code`)).status).toBe(200);
  const codeMail = (await outbox(`signing-code:%`)).filter((m) => m.to_address === world.users.adminA.email).pop()!;
  // The code is in the body only: a subject shows on lock screens and in inbox lists.
  expect(codeMail.subject).not.toMatch(/\d{6}/);
  const code = /one-time code is (\d{6})/.exec(codeMail.text_body)![1]!;
  const wrong = await browser.post(`/api/sign/${token}/verify`, { code: code === '000000' ? '111111' : '000000' });
  expect(wrong.status).toBe(400);
  expect(wrong.body.error.fields).toEqual({ code: 'That code is not right' });
  const ok = await browser.post(`/api/sign/${token}/verify`, { code });
  expect(ok.status).toBe(200);
  browser.csrf = ok.body.csrfToken;
  // Single use: the link itself no longer opens anything.
  expect((await browser.get(`/api/sign/${token}`)).status).toBe(404);
  if (!sign) return browser;
  expect((await browser.get(`/api/documents/${id}/signing`)).body.fields.map((f: { type: string }) => f.type)).toEqual(['signature', 'date']);
  expect((await browser.post(`/api/documents/${id}/signing/consent`, { agree: true, disclosureVersion: '2026-11' })).status).toBe(200);
  const signed = await browser.post(`/api/documents/${id}/signing/sign`, { signature: { type: 'typed', text: 'Zoë Núñez' } });
  expect(signed.status, JSON.stringify(signed.body)).toBe(200);
  return browser;
}

beforeAll(async () => {
  // The worker seals documents: it reads the originals from the same file storage.
  app = await startTestApp({ env: { PORTICO_DAY_MS: '1000', PORTICO_FILES_DIR: inject('filesDir') } });
  world = await makeWorld(app.deps.orm.em.fork());
  for (const k of ['staffA', 'staffB', 'memberA', 'adminA', 'memberB', 'reviewer'] as const) {
    as[k] = new ApiClient(app.url, { 'user-agent': `tests (${k})` });
    expect((await as[k].login(world.users[k].email, PASSWORD)).status).toBe(200);
  }
  engagementId = (await as.staffA.post(`/api/accounts/${world.a.id}/engagements`, { title: 'Retainer', milestones: ['Sign', 'Work'] })).body.engagement.id;
}, 60_000);
afterAll(async () => app?.close());

describe('signature collection', () => {
  it('refuses a file that is not a usable PDF, with the reason', async () => {
    const text = await uploadDoc(as.staffA, Buffer.from('hello, not a pdf'));
    expect(text.status).toBe(415);
    const broken = await contract();
    const truncated = await uploadDoc(as.staffA, Buffer.concat([Buffer.from('%PDF-1.7\n'), broken.subarray(9, 200)]));
    expect(truncated.status).toBe(400);
    expect(Object.keys(truncated.body.error.fields)).toEqual(['file']);
  });

  it('collects two client signatures in order and a countersignature, seals once, and verifies the sealed file', async () => {
    const id = await prepared();
    // Only the first signer is asked; the second may not sign before.
    await expect.poll(async () => (await outbox(`signature:${id}:%:turn`)).map((m) => m.to_address), { timeout: 10_000 }).toEqual([world.users.memberA.email]);
    const early = await as.staffA.post(`/api/documents/${id}/signing/consent`, { agree: true, disclosureVersion: '2026-11' });
    expect(early.status).toBe(200);
    const outOfTurn = await as.staffA.post(`/api/documents/${id}/signing/sign`, { signature: { type: 'typed', text: 'x' } });
    expect(outOfTurn.status, JSON.stringify(outOfTurn.body)).toBe(409);
    expect(outOfTurn.body.error.message).toBe(`It is not your turn yet: ${world.users.memberA.name} signs first`);

    // Home shows the document under "Waiting on you" to the current signer only.
    const waitingSignatures = async (c: ApiClient) => ((await c.get('/api/home')).body.waitingOnYou as { kind: string; documentId?: string; title: string }[])
      .filter((w) => w.kind === 'signature' && w.documentId === id).map((w) => w.title);
    expect(await waitingSignatures(as.memberA)).toEqual(['Services agreement']);
    expect(await waitingSignatures(as.adminA)).toEqual([]);

    // The client signs in the portal: consent first, required fields filled.
    const view = (await as.memberA.get(`/api/documents/${id}/signing`)).body;
    expect(view.disclosure.paragraphs.join(' ')).toMatch(/paper copy/i);
    expect(view.mayAct).toBe(true);
    // Reading the signer's view records nothing; the signing page records the view with a write of its own.
    expect(view.signer.viewedAt).toBeNull();
    expect((await as.memberA.get(`/api/documents/${id}/signing`)).body.signer.viewedAt).toBeNull();
    const viewed = await as.memberA.post(`/api/documents/${id}/signing/viewed`);
    expect(viewed.status).toBe(200);
    expect(viewed.body.viewedAt).toEqual(expect.any(String));
    expect((await as.memberA.post(`/api/documents/${id}/signing/viewed`)).body.viewedAt).toBe(viewed.body.viewedAt);
    const textField = view.fields.find((f: { type: string }) => f.type === 'text').id;
    const noConsent = await as.memberA.post(`/api/documents/${id}/signing/sign`, { signature: { type: 'typed', text: 'A' }, values: { [textField]: 'COO' } });
    expect(noConsent.body.error.fields).toEqual({ consent: 'Required' });
    expect((await as.memberA.post(`/api/documents/${id}/signing/consent`, { agree: true, disclosureVersion: '2026-11' })).status).toBe(200);
    const noTitle = await as.memberA.post(`/api/documents/${id}/signing/sign`, { signature: { type: 'typed', text: 'A' } });
    expect(noTitle.body.error.fields).toEqual({ [`values.${textField}`]: 'Required' });
    const signed = await as.memberA.post(`/api/documents/${id}/signing/sign`, { signature: { type: 'typed', text: world.users.memberA.name }, values: { [textField]: 'COO' } });
    expect(signed.status, JSON.stringify(signed.body)).toBe(200);
    const twice = await as.memberA.post(`/api/documents/${id}/signing/sign`, { signature: { type: 'typed', text: 'again' }, values: { [textField]: 'COO' } });
    expect(twice.status).toBe(409);
    expect(twice.body.error.message).toBe('You have already signed this document');
    // The turn has passed to the director.
    await expect.poll(() => waitingSignatures(as.adminA)).toEqual(['Services agreement']);
    expect(await waitingSignatures(as.memberA)).toEqual([]);

    directorBrowser = await signByLink(id);
    // The countersignature: the team member finds it waiting for them.
    await expect.poll(async () => (await as.staffA.get('/api/staff/documents')).body.yourTurn.map((d: { id: string }) => d.id)).toContain(id);
    expect((await as.staffB.get('/api/staff/documents')).body.yourTurn.map((d: { id: string }) => d.id)).not.toContain(id);
    expect((await signInPortal(as.staffA, id)).status).toBe(200);

    await expect.poll(() => status(id), { timeout: 20_000 }).toBe('completed');
    finished.completed = id;
    const doc = (await as.memberA.get(`/api/documents/${id}`)).body;
    expect(doc.signers.map((s: { status: string; authMethod: string }) => [s.status, s.authMethod])).toEqual([
      ['signed', 'portal sign-in (password)'], ['signed', 'email link and one-time code'], ['signed', 'portal sign-in (password)'],
    ]);
    const dl = await fetch(`${app.url}/api/documents/${id}/sealed`, { headers: { cookie: as.memberA.cookie } });
    expect(dl.status).toBe(200);
    const sealed = Buffer.from(await dl.arrayBuffer());
    expect(sha(sealed)).toBe(doc.document.sealedSha256);
    // The seal is in the audit chain, once, with both hashes.
    const sealedEvents = await app.deps.orm.em.getConnection().execute<{ data: { sealedSha256: string; originalSha256: string } }[]>(
      `select data from audit_event where target_id = ? and action = 'document.sealed'`, [id]);
    expect(sealedEvents.map((e) => e.data)).toEqual([expect.objectContaining({ sealedSha256: sha(sealed), originalSha256: doc.document.originalSha256 })]);
    // The original is kept unchanged.
    const original = Buffer.from(await (await fetch(`${app.url}/api/documents/${id}/original`, { headers: { cookie: as.staffA.cookie } })).arrayBuffer());
    expect(sha(original)).toBe(doc.document.originalSha256);
    // The sealed PDF has the certificate appended.
    expect((await PDFDocument.load(sealed)).getPageCount()).toBeGreaterThan(3);
    const cert = await fetch(`${app.url}/api/documents/${id}/certificate`, { headers: { cookie: as.memberA.cookie } });
    expect(cert.headers.get('content-type')).toBe('application/pdf');
    // The sealed PDF is signed with the installation's certificate (made at the first seal): any
    // reader checks it. pdfsig finds the signature valid over the whole file; qpdf finds nothing wrong.
    const certificates = await app.deps.orm.em.getConnection().execute<{ sha256: string; subject: string; source: string }[]>('select sha256, subject, source from signing_certificate');
    expect(certificates).toEqual([{ sha256: expect.stringMatching(/^[0-9a-f]{64}$/), subject: expect.stringMatching(/^CN=.+, O=.+$/), source: 'generated' }]);
    const installation = certificates[0]!;
    const pdfsig = onPdf('pdfsig', [], sealed).out;
    expect(pdfsig).toContain('Signature Validation: Signature is Valid.');
    expect(pdfsig).toContain('Total document signed');
    expect(pdfsig).toContain('Signature Type: ETSI.CAdES.detached');
    expect(onPdf('qpdf', ['--check'], sealed)).toMatchObject({ status: 0, out: expect.stringContaining('No syntax or stream encoding errors found') });
    // The certificate of completion, in the sealed PDF and alone, names that certificate by its fingerprint.
    const certificateText = (pdf: Uint8Array) => onPdf('pdftotext', ['-layout'], pdf).out.replace(/[ \t]+/g, ' ');
    for (const text of [certificateText(sealed), certificateText(Buffer.from(await cert.arrayBuffer()))]) {
      expect(text).toContain(`Certificate SHA-256 ${installation.sha256}`);
      expect(text).toContain(`Sealed with certificate ${installation.subject}`);
    }
    const events = (await as.memberA.get(`/api/documents/${id}/events`)).body.events.map((e: { action: string }) => e.action);
    expect(events).toEqual(expect.arrayContaining(['document.created', 'document.sent', 'document.viewed', 'document.consented', 'document.signed', 'document.code_verified', 'document.sealed', 'document.completed']));
    const csv = await fetch(`${app.url}/api/documents/${id}/events?format=csv`, { headers: { cookie: as.memberA.cookie } });
    expect((await csv.text()).split('\r\n')[0]).toBe('seq,at,action,actor,ip,user_agent,hash,data');
    // Everyone who signed gets the sealed PDF's link.
    await expect.poll(async () => (await outbox(`signature:${id}:%:completed`)).map((m) => m.to_address).sort(), { timeout: 10_000 })
      .toEqual([world.users.adminA.email, world.users.memberA.email, world.users.staffA.email].sort());
    // One completion email per person: the team member who countersigned is not told twice.
    const completionMails = await app.deps.orm.em.getConnection().execute<{ to_address: string; n: number }[]>(
      `select to_address, count(*)::int as n from outbox_email where idempotency_key like ? and kind = 'signature_completed' group by to_address order by to_address`, [`signature:${id}:%`]);
    expect(completionMails).toEqual([world.users.adminA.email, world.users.memberA.email, world.users.staffA.email].sort().map((to_address) => ({ to_address, n: 1 })));

    // Public verification: the sealed file matches and its signature holds; a one-byte change does
    // not match, its signature fails (pdfsig agrees), and nothing more is said.
    const anyone = new ApiClient(app.url);
    const verify = async (pdf: Uint8Array) => (await anyone.post('/api/verify', undefined, { raw: Buffer.from(pdf), headers: { 'content-type': 'application/pdf' } })).body;
    const validHere = { status: 'valid', coversWholeDocument: true, byThisInstallation: true, certificate: { subject: installation.subject, sha256: installation.sha256 }, problem: null };
    expect(await verify(sealed)).toMatchObject({
      match: true, signature: validHere,
      document: { id, title: 'Services agreement', signers: [{ name: world.users.memberA.name }, { name: 'Zoë Núñez' }, { name: world.users.staffA.name }] },
    });
    const tampered = Buffer.from(sealed);
    // A byte of the first page object: inside the signed bytes (before the signature dictionary).
    tampered[200] = tampered[200]! ^ 0x01;
    expect(await verify(tampered)).toEqual({
      match: false, sha256: sha(tampered),
      signature: { ...validHere, status: 'invalid', coversWholeDocument: false, problem: 'the document was changed after it was signed' },
    });
    expect(onPdf('pdfsig', [], tampered).out).toContain('Signature Validation: Digest Mismatch');
    expect(await verify(original)).toEqual({
      match: false, sha256: sha(original), signature: { status: 'missing', coversWholeDocument: false, byThisInstallation: false, certificate: null, problem: null },
    });
    // Signed, validly, but by a certificate that is not this installation's.
    const elsewhere = await sealPdf(await fixtureInput(await fixturePdf()), await fixtureSealer());
    expect(await verify(elsewhere)).toMatchObject({
      match: false, signature: { status: 'valid', coversWholeDocument: true, byThisInstallation: false, certificate: { subject: 'CN=Atelier Nord Test Seal, O=Atelier Nord' } },
    });
  }, 60_000);

  it('gives a signer by link a lasting copy: the completion link downloads the sealed PDF after the signing grant has expired, and does nothing else', async () => {
    const id = finished.completed!;
    const doc = (await as.staffA.get(`/api/documents/${id}`)).body.document;
    const sealedUrl = `${app.url}/api/documents/${id}/sealed`;
    expect((await fetch(sealedUrl, { headers: { cookie: directorBrowser.cookie } })).status).toBe(200);
    // The hour of the signing grant passes.
    const expired = await app.deps.sessionPool.query(
      `update session set sess = jsonb_set(sess, '{signingGrant,expiresAt}', '0') where sess->'signingGrant'->>'documentId' = $1`, [id]);
    expect(expired.rowCount).toBeGreaterThan(0);
    // The API process hears of the changed session row from its trigger, within moments.
    await expect.poll(async () => (await fetch(sealedUrl, { headers: { cookie: directorBrowser.cookie } })).status, { timeout: 2000, interval: 20 }).toBe(404);
    expect((await directorBrowser.get(`/api/documents/${id}/signing`)).status).toBe(404);

    // The link in the director's completion email still brings the sealed copy, from any browser.
    const mail = (await outbox(`signature:${id}:director:completed`))[0]!;
    const token = /\/api\/signed-copies\/([A-Za-z0-9_-]+)/.exec(mail.text_body)![1]!;
    const copy = await fetch(`${app.url}/api/signed-copies/${token}`);
    expect(copy.status).toBe(200);
    expect(copy.headers.get('content-type')).toBe('application/pdf');
    expect(copy.headers.get('content-disposition')).toMatch(/^attachment/);
    expect(copy.headers.get('set-cookie')).toBeNull();
    expect(sha(Buffer.from(await copy.arrayBuffer()))).toBe(doc.sealedSha256);
    // Only its hash is kept.
    const stored = await app.deps.orm.em.getConnection().execute<{ token_hash: string }[]>(
      'select l.token_hash from signed_copy_link l join document_signer s on s.id = l.signer_id where s.document_id = ? and s.key = ?', [id, 'director']);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token_hash).not.toContain(token);
    expect(JSON.stringify(stored)).not.toContain(token);

    // Single-purpose: not a signing link, an invitation, a password reset or a session.
    const stranger = new ApiClient(app.url);
    expect((await stranger.get(`/api/sign/${token}`)).status).toBe(404);
    expect((await stranger.post(`/api/sign/${token}/code`)).status).toBe(404);
    expect((await stranger.get(`/api/invitations/${token}`)).status).toBe(404);
    expect((await stranger.post('/api/auth/password-reset/complete', { token, password: 'another long passphrase 42' })).status).toBeGreaterThanOrEqual(400);
    expect((await stranger.get(`/api/documents/${id}`)).status).toBe(401);
    expect((await stranger.get(`/api/documents/${id}/signing`)).status).toBe(404);
    expect((await stranger.get(`/api/documents/${id}/original`)).status).toBe(401);
    expect((await fetch(sealedUrl)).status).toBe(404);
    // A token that is not one, and the link once revoked or past its 90 days, open nothing.
    expect((await fetch(`${app.url}/api/signed-copies/${token.slice(0, -2)}AA`)).status).toBe(404);
    const conn = app.deps.orm.em.getConnection();
    await conn.execute(`update signed_copy_link set revoked_at = now() where token_hash = ?`, [stored[0]!.token_hash]);
    expect((await fetch(`${app.url}/api/signed-copies/${token}`)).status).toBe(404);
    await conn.execute(`update signed_copy_link set revoked_at = null, expires_at = now() - interval '1 second' where token_hash = ?`, [stored[0]!.token_hash]);
    expect((await fetch(`${app.url}/api/signed-copies/${token}`)).status).toBe(404);
    await conn.execute(`update signed_copy_link set expires_at = now() + interval '90 days' where token_hash = ?`, [stored[0]!.token_hash]);
    expect((await fetch(`${app.url}/api/signed-copies/${token}`)).status).toBe(200);
    // Downloads are in the document's audit events (one a day per link), without the token.
    const downloads = await conn.execute<{ data: unknown }[]>(`select data from audit_event where target_id = ? and action = 'document.copy_downloaded'`, [id]);
    expect(downloads).toHaveLength(1);
    expect(JSON.stringify(downloads)).not.toContain(token);
  });

  it('stops at a decline: the team is told, nobody signs after', async () => {
    const id = await prepared({ title: 'Declined one' });
    const res = await as.memberA.get(`/api/documents/${id}/signing`);
    expect(res.status).toBe(200);
    const noReason = await as.memberA.post(`/api/documents/${id}/signing/decline`, { reason: ' ' });
    expect(noReason.body.error.fields).toEqual({ reason: 'Give a reason' });
    expect((await as.memberA.post(`/api/documents/${id}/signing/decline`, { reason: 'The fee is wrong' })).status).toBe(200);
    expect(await status(id)).toBe('declined');
    finished.declined = id;
    await expect.poll(async () => (await outbox(`signature:${id}:team:declined:%`)).map((m) => m.to_address), { timeout: 10_000 }).toEqual([world.users.staffA.email]);
    const after = await signInPortal(as.staffA, id);
    expect(after.status).toBe(409);
    expect(after.body.error.message).toBe('This document was declined; nothing more can be signed');
  });

  it('expires after its time: signing is then refused and the team is told', async () => {
    const id = await prepared({ expiresAfterDays: 2, title: 'Expiring one' });
    await expect.poll(() => status(id), { timeout: 15_000 }).toBe('expired');
    const late = await signInPortal(as.memberA, id, { signature: { type: 'typed', text: 'late' }, values: { f2: 'COO' } });
    expect(late.status).toBe(409);
    expect(late.body.error.message).toBe('This signing request has expired');
    expect((await outbox(`signature:${id}:team:expired:%`)).map((m) => m.to_address)).toEqual([world.users.staffA.email]);
  }, 30_000);

  it('lets the team void with a reason; signers are told and nothing more is signed', async () => {
    const id = await prepared({ title: 'Voided one' });
    expect((await as.memberA.post(`/api/documents/${id}/void`, { reason: 'x' })).status).toBe(403);
    expect((await as.staffA.post(`/api/documents/${id}/void`, { reason: 'Wrong version attached' })).status).toBe(200);
    await expect.poll(async () => (await outbox(`signature:${id}:client:voided`)).length, { timeout: 10_000 }).toBe(1);
    const after = await signInPortal(as.memberA, id, { signature: { type: 'typed', text: 'x' }, values: { f2: 'COO' } });
    expect(after.body.error.message).toBe('This document was voided');
  });

  it('ends a document once when a void races the last signature: one terminal state, one set of emails', async () => {
    const ids = await Promise.all([1, 2, 3].map((n) => preparedForMember(`Race ${n}`)));
    // Sign and void at once, each pair with the void a little later than the one before.
    const answers = await Promise.all(ids.map(async (id, n) => {
      const sign = as.memberA.post(`/api/documents/${id}/signing/sign`, { signature: { type: 'typed', text: 'Signed' } });
      await new Promise((r) => setTimeout(r, n * 40));
      const voided = as.staffA.post(`/api/documents/${id}/void`, { reason: 'Racing the signature' });
      return Promise.all([sign, voided]);
    }));
    finished.raced = ids[0]!;
    for (const [i, id] of ids.entries()) {
      const [sign, voided] = answers[i]!;
      // Exactly one of the two was taken; the other was refused with the reason.
      expect([sign.status, voided.status].sort(), JSON.stringify([sign.body, voided.body])).toEqual([200, 409]);
      const result = await workflowResult(id);
      expect(result.status).toBe(sign.status === 200 ? 'completed' : 'voided');
      if (voided.status === 409) {
        expect(voided.body.error.message).toMatch(/^(This document is being sealed: everyone has signed|Everyone has signed this document)$/);
      }
      expect(await status(id)).toBe(result.status);
      // The emails of that ending only (the outbox is written in the ending's own transactions).
      await expect.poll(async () => (await outbox(`signature:${id}:%:${result.status}`)).length, { timeout: 10_000 }).toBe(1);
      const other = result.status === 'completed' ? 'voided' : 'completed';
      expect(await outbox(`signature:${id}:%:${other}`)).toEqual([]);
      expect(await outbox(`signature:${id}:team:${other}:%`)).toEqual([]);
      const ends = await app.deps.orm.em.getConnection().execute<{ action: string }[]>(
        `select action from audit_event where target_id = ? and action in ('document.completed', 'document.voided', 'document.sealed') order by seq`, [id]);
      expect(ends.map((e) => e.action)).toEqual(result.status === 'completed' ? ['document.sealed', 'document.completed'] : ['document.voided']);
    }
  }, 60_000);

  it('refuses to void a document once every signer has signed (the seal has begun)', async () => {
    const id = await preparedForMember('Sealing one');
    expect((await signInPortal(as.memberA, id)).status).toBe(200);
    const late = await as.staffA.post(`/api/documents/${id}/void`, { reason: 'Too late' });
    expect(late.status).toBe(409);
    expect(late.body.error.message).toMatch(/^(This document is being sealed: everyone has signed|Everyone has signed this document)$/);
    expect((await workflowResult(id)).status).toBe('completed');
    expect(await status(id)).toBe('completed');
    expect(await outbox(`signature:${id}:%:voided`)).toEqual([]);
  }, 30_000);

  it('keeps a drawn signature out of the workflow history (stored first, passed by reference) and seals it', async () => {
    const id = await preparedForMember('Drawn one');
    const png = noisyPng(230, 76);
    const dataUrl = `data:image/png;base64,${png.toString('base64')}`;
    expect(dataUrl.length).toBeGreaterThan(70_000);
    const signed = await as.memberA.post(`/api/documents/${id}/signing/sign`, { signature: { type: 'drawn', png: dataUrl } });
    expect(signed.status, JSON.stringify(signed.body)).toBe(200);
    expect((await workflowResult(id)).status).toBe('completed');
    const handle = app.deps.temporal.workflow.getHandle(signatureWorkflowId(id));
    const historyBytes = Number((await handle.describe()).raw.workflowExecutionInfo?.historySizeBytes ?? 0);
    const payloadBytes = JSON.stringify((await handle.fetchHistory()).events).length;
    console.log(`drawn signature of ${dataUrl.length} bytes: history ${historyBytes} bytes (server's count), events as JSON ${payloadBytes} bytes`);
    expect(historyBytes).toBeGreaterThan(0);
    expect(historyBytes).toBeLessThan(64 * 1024);
    expect(payloadBytes).toBeLessThan(64 * 1024);
    // The row keeps the reference: the PNG's hash, whose bytes are in the file storage.
    const row = (await app.deps.orm.em.getConnection().execute<{ signature: { type: string; sha256?: string; png?: string } }[]>(
      `select signature from document_signer where document_id = ?`, [id]))[0]!;
    expect(row.signature).toMatchObject({ type: 'drawn', sha256: sha(png) });
    expect(row.signature.png).toBeUndefined();
    // The sealed PDF carries the drawing: an image of its size.
    const dl = await fetch(`${app.url}/api/documents/${id}/sealed`, { headers: { cookie: as.memberA.cookie } });
    expect(dl.status).toBe(200);
    const sealed = await PDFDocument.load(Buffer.from(await dl.arrayBuffer()));
    const images = sealed.context.enumerateIndirectObjects()
      .map(([, o]) => (o instanceof PDFRawStream ? o.dict : null))
      .filter((d): d is PDFDict => !!d && d.get(PDFName.of('Subtype')) === PDFName.of('Image'))
      .map((d) => `${(d.get(PDFName.of('Width')) as PDFNumber).asNumber()}x${(d.get(PDFName.of('Height')) as PDFNumber).asNumber()}`);
    expect(images).toContain('230x76');
  }, 60_000);

  it('verifies a document sealed before sealed PDFs were signed by its bytes, and says that it carries no signature', async () => {
    const id = await preparedForMember('Sealed unsigned');
    expect((await as.memberA.post(`/api/documents/${id}/signing/sign`, { signature: { type: 'typed', text: 'Signed' } })).status).toBe(200);
    expect((await workflowResult(id)).status).toBe('completed');
    // As such a document was kept: its sealed file had no signature dictionary.
    const legacy = await contract(2);
    await app.deps.orm.em.getConnection().execute('update signature_document set sealed_sha256 = ? where id = ?', [sha(legacy), id]);
    const r = await new ApiClient(app.url).post('/api/verify', undefined, { raw: legacy, headers: { 'content-type': 'application/pdf' } });
    expect(r.body).toMatchObject({ match: true, document: { id, title: 'Sealed unsigned' }, signature: { status: 'missing', byThisInstallation: false, certificate: null } });
  }, 60_000);

  it("answers 404 for another account's document, its pages, files and signing view", async () => {
    const id = await prepared({ title: 'Private one' });
    const unknown = '00000000-0000-4000-8000-000000000000';
    for (const c of [as.staffB, as.memberB]) {
      for (const path of ['', '/pages/1', '/signing', '/original', '/events', '/sealed']) {
        const real = await c.get(`/api/documents/${id}${path}`);
        const ghost = await c.get(`/api/documents/${unknown}${path}`);
        expect([path, real.status]).toEqual([path, 404]);
        expect(real.body).toEqual(ghost.body);
      }
      expect((await c.post(`/api/documents/${id}/signing/sign`, { signature: { type: 'typed', text: 'x' } })).status).toBe(404);
    }
    expect((await as.reviewer.post(`/api/documents/${id}/void`, { reason: 'x' })).status).toBe(403);
    expect((await as.memberA.put(`/api/documents/${id}/setup`, { signers: [{ name: 'X', email: 'x@example.test', roleLabel: 'X' }], fields: [] })).status).toBe(403);
  });

  it('replays the histories of completed and declined signature workflows against the current code', async () => {
    const workflowBundle = await bundleWorkflowCode({ workflowsPath: fileURLToPath(new URL('../../workflows/index.ts', import.meta.url)) });
    for (const [how, id] of Object.entries(finished)) {
      const wf = signatureWorkflowId(id);
      await Worker.runReplayHistory({ workflowBundle }, await app.deps.temporal.workflow.getHandle(wf).fetchHistory(), wf);
      if (process.env.RECORD_HISTORIES) {
        const json = execFileSync(await resolveTemporalCli(), ['workflow', 'show', '--workflow-id', wf, '--address', inject('temporalAddress'), '--output', 'json']);
        // RECORD_HISTORIES=1 writes the base names; another value is a suffix, keeping the histories of earlier code.
        const tag = process.env.RECORD_HISTORIES === '1' ? '' : `-${process.env.RECORD_HISTORIES}`;
        writeFileSync(fileURLToPath(new URL(`../../workflows/histories/signature-${how}${tag}.json`, import.meta.url)), json);
      }
    }
    expect(Object.keys(finished).sort()).toEqual(['completed', 'declined', 'raced']);
  }, 60_000);
});
