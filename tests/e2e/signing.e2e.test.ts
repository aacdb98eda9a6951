/**
 * End-to-end: signature collection in the browser. Staff upload a PDF, set up three signers and
 * place their fields by dragging (and one with the keyboard), then send; a client signs in the
 * portal with a typed signature, a second signer opens the emailed link, proves it is them with a
 * one-time code and draws a signature, and staff countersign. The sealed PDF's hash matches the
 * page and the database, its certificate names everything it should, and the public verification
 * page recognises it and refuses a copy with one byte changed. A decline with its reason and an
 * expiry show for the team.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
import { startTestApp, ApiClient, type TestApp } from '../support/app.ts';
import { makeWorld, PASSWORD } from '../support/fixtures.ts';
import { HAVE_CHROMIUM, launchBrowser, signIn } from '../support/browser.ts';

const SHOTS = 'test-results/screenshots';
const TITLE = 'Services agreement';
const DIRECTOR = 'Zoë Núñez';
let app: TestApp;
let browser: Browser;
let world: Awaited<ReturnType<typeof makeWorld>>;
let staffApi: ApiClient;
let engagementId: string;

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** A three-page contract with some text on each page. */
async function contract(title = TITLE, pages = 3): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  for (let i = 1; i <= pages; i++) {
    const page = doc.addPage([612, 792]);
    page.drawText(title, { x: 72, y: 720, size: 20, font: bold });
    for (let line = 0; line < 18; line++) {
      page.drawText(`${i}.${line + 1}  The parties agree to the terms set out in this clause, page ${i}.`, { x: 72, y: 680 - line * 22, size: 11, font, color: rgb(0.2, 0.2, 0.25) });
    }
    if (i === pages) page.drawText('Signatures', { x: 72, y: 250, size: 14, font: bold });
  }
  return Buffer.from(await doc.save());
}

/**
 * Console errors and page errors of a page. Answers that a test provokes on purpose are listed
 * (status and request path); any other console error fails the test.
 */
function watch(page: Page, expected: { status: number; path: RegExp }[] = []): () => string[] {
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const status = /status of (\d{3})/.exec(msg.text())?.[1];
    const path = new URL(msg.location().url || 'about:blank', app.url).pathname;
    if (status && expected.some((e) => e.status === Number(status) && e.path.test(path))) return;
    problems.push(`${msg.text()} (${msg.location().url})`);
  });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  return () => problems;
}

async function noSideways(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
}

const mail = (to: string, subject: string) => app.deps.orm.em.getConnection().execute<{ text_body: string; subject: string }[]>(
  'select text_body, subject from outbox_email where to_address = ? and subject like ? order by created_at', [to, `${subject}%`]);

async function pollMail(to: string, subject: string, count = 1) {
  await expect.poll(async () => (await mail(to, subject)).length, { timeout: 15_000 }).toBeGreaterThanOrEqual(count);
  return (await mail(to, subject))[count - 1]!;
}

/** Drags a field type from the palette onto a page, dropping its centre at fractions (fx, fy) of the page. */
async function dragField(page: Page, type: string, signer: string, pageNo: number, fx: number, fy: number) {
  await page.getByLabel('Fields for').selectOption({ label: signer });
  const chip = page.getByRole('button', { name: `${type} field for ${signer}`, exact: true });
  const sheet = page.getByRole('group', { name: `Fields on page ${pageNo}` });
  const c = (await chip.boundingBox())!;
  const t = (await sheet.boundingBox())!;
  await page.mouse.move(c.x + c.width / 2, c.y + c.height / 2);
  await page.mouse.down();
  await page.mouse.move(t.x + t.width * fx, t.y + t.height * fy, { steps: 12 });
  await page.mouse.up();
}

/** The director draws on the canvas: a few strokes with the mouse. */
async function drawSignature(page: Page) {
  await page.locator('canvas').scrollIntoViewIfNeeded();
  const box = (await page.locator('canvas').boundingBox())!;
  const at = (fx: number, fy: number) => [box.x + box.width * fx, box.y + box.height * fy] as const;
  for (const stroke of [[[0.1, 0.6], [0.2, 0.3], [0.3, 0.7], [0.4, 0.35], [0.5, 0.65]], [[0.55, 0.5], [0.7, 0.4], [0.85, 0.6]]]) {
    await page.mouse.move(...at(stroke[0]![0]!, stroke[0]![1]!));
    await page.mouse.down();
    for (const [x, y] of stroke.slice(1)) await page.mouse.move(...at(x!, y!), { steps: 6 });
    await page.mouse.up();
  }
}

/** A document set up and sent through the API: memberA signs first, then staffA. */
async function sentByApi(api: ApiClient, title: string, expiresAfterDays = 30): Promise<string> {
  const up = await api.post(`/api/engagements/${engagementId}/documents?title=${encodeURIComponent(title)}`, undefined, { raw: await contract(title, 1), headers: { 'content-type': 'application/pdf' } });
  expect(up.status, JSON.stringify(up.body)).toBe(201);
  const id = up.body.document.id as string;
  const setup = await api.put(`/api/documents/${id}/setup`, {
    ordering: 'sequential', reminderEveryDays: 0, expiresAfterDays,
    signers: [
      { key: 'client', name: world.users.memberA.name, email: world.users.memberA.email, roleLabel: 'Client' },
      { key: 'studio', name: world.users.staffA.name, email: world.users.staffA.email, roleLabel: 'For the studio' },
    ],
    fields: [
      { type: 'signature', signerKey: 'client', page: 1, x: 0.1, y: 0.8, w: 0.3, h: 0.06 },
      { type: 'signature', signerKey: 'studio', page: 1, x: 0.55, y: 0.8, w: 0.3, h: 0.06 },
    ],
  });
  expect(setup.status, JSON.stringify(setup.body)).toBe(200);
  expect((await api.post(`/api/documents/${id}/send`)).status).toBe(200);
  return id;
}

describe.skipIf(!HAVE_CHROMIUM)('signing in the browser', () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    // The worker seals the documents: it reads the originals from the run's shared file storage.
    app = await startTestApp({ ui: true, env: { TRUST_PROXY: 'false', PORTICO_FILES_DIR: inject('filesDir') } });
    world = await makeWorld(app.deps.orm.em.fork());
    staffApi = new ApiClient(app.url);
    await staffApi.login(world.users.staffA.email, PASSWORD);
    const res = await staffApi.post(`/api/accounts/${world.a.id}/engagements`, { title: 'Retainer 2027', milestones: ['Contract', 'Work'] });
    expect(res.status).toBe(201);
    engagementId = res.body.engagement.id;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('collects three signatures (portal, emailed link with a drawn signature, countersignature), seals, and verifies the sealed PDF', async () => {
    const { memberA, staffA, adminA } = world.users;

    // ---- Staff upload the PDF: a wrong type and a broken PDF are refused with the reason ----
    const staff = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const staffProblems = watch(staff, [{ status: 415, path: /\/documents$/ }, { status: 400, path: /\/documents$/ }]);
    await signIn(staff, app.url, staffA.email);
    // From the engagement's page, where its documents to sign are listed.
    await staff.goto(`${app.url}/engagements/${engagementId}`);
    const panel = staff.getByRole('region', { name: 'Documents to sign' });
    await panel.getByText('No documents to sign yet.').waitFor();
    await panel.getByLabel('Title').fill(TITLE);
    await panel.getByLabel('PDF file').setInputFiles({ name: 'notes.pdf', mimeType: 'application/pdf', buffer: Buffer.from('just some text, not a PDF') });
    await panel.getByRole('button', { name: 'Upload and set up' }).click();
    await panel.getByRole('alert').getByText('A plain text file is not accepted here; upload PDF').waitFor();
    const original = await contract();
    await panel.getByLabel('PDF file').setInputFiles({ name: 'broken.pdf', mimeType: 'application/pdf', buffer: Buffer.concat([original.subarray(0, 300)]) });
    await panel.getByRole('button', { name: 'Upload and set up' }).click();
    await panel.locator('[id^="doc-file-err-"]').waitFor();
    expect(await panel.getByLabel('PDF file').getAttribute('aria-invalid')).toBe('true');
    await staff.screenshot({ path: `${SHOTS}/signing-upload-refused.png`, fullPage: true });
    await panel.getByLabel('PDF file').setInputFiles({ name: 'agreement.pdf', mimeType: 'application/pdf', buffer: original });
    await panel.getByRole('button', { name: 'Upload and set up' }).click();
    await staff.waitForURL(/\/documents\/[0-9a-f-]{36}$/);
    const id = new URL(staff.url()).pathname.split('/').pop()!;
    await staff.getByRole('heading', { name: TITLE }).waitFor();

    // ---- Set-up: three signers in order ----
    const signer = (i: number, what: string) => staff.locator(`[id="signers.${i}.${what}"]`);
    await signer(0, 'name').fill(memberA.name);
    await signer(0, 'email').fill(memberA.email);
    await signer(0, 'roleLabel').fill('Client');
    await staff.getByRole('button', { name: 'Add a signer' }).click();
    await signer(1, 'name').fill(DIRECTOR);
    await signer(1, 'email').fill(adminA.email);
    await signer(1, 'roleLabel').fill('Client director');
    await staff.getByRole('button', { name: 'Add a signer' }).click();
    await signer(2, 'name').fill(staffA.name);
    await signer(2, 'email').fill(staffA.email);
    await signer(2, 'roleLabel').fill('For the studio');
    // Sending without fields says who still needs one, without a round trip.
    await staff.getByRole('button', { name: 'Send for signature' }).click();
    await staff.getByRole('alert').getByText(`Fields: Place a signature field for ${memberA.name}, ${DIRECTOR}, ${staffA.name}`).waitFor();

    // ---- Fields dragged onto page 3 (a tall window shows the palette and the page together) ----
    await staff.setViewportSize({ width: 1280, height: 4800 });
    for (const n of [1, 2, 3]) await expect.poll(() => staff.locator(`figure[aria-label="Page ${n} of 3"] img`).evaluate((i: HTMLImageElement) => i.naturalWidth), { timeout: 20_000 }).toBeGreaterThan(0);
    await dragField(staff, 'Signature', memberA.name, 3, 0.25, 0.73);
    await staff.getByRole('button', { name: `Signature of ${memberA.name}, page 3`, exact: true }).waitFor();
    await dragField(staff, 'Text', memberA.name, 3, 0.25, 0.8);
    await staff.getByLabel('Label', { exact: true }).fill('Job title');
    await staff.getByRole('button', { name: `Text “Job title” of ${memberA.name}, page 3`, exact: true }).waitFor();
    await dragField(staff, 'Signature', DIRECTOR, 3, 0.7, 0.73);
    await dragField(staff, 'Initials', DIRECTOR, 3, 0.6, 0.825);
    // An existing field moves by dragging it too.
    const initials = staff.getByRole('button', { name: `Initials of ${DIRECTOR}, page 3`, exact: true });
    const ib = (await initials.boundingBox())!;
    await staff.mouse.move(ib.x + ib.width / 2, ib.y + ib.height / 2);
    await staff.mouse.down();
    await staff.mouse.move(ib.x + ib.width / 2 + 40, ib.y + ib.height / 2, { steps: 5 });
    await staff.mouse.up();

    // ---- The countersignature's field with the keyboard: add, move, resize ----
    await staff.getByLabel('Fields for').selectOption({ label: staffA.name });
    await staff.getByLabel('Add to page').selectOption('3');
    await staff.getByRole('button', { name: `Signature field for ${staffA.name}`, exact: true }).focus();
    await staff.keyboard.press('Enter');
    const counter = staff.getByRole('button', { name: `Signature of ${staffA.name}, page 3`, exact: true });
    await counter.waitFor();
    expect(await staff.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(`Signature of ${staffA.name}, page 3`);
    for (let i = 0; i < 20; i++) await staff.keyboard.press('ArrowLeft');
    for (let i = 0; i < 5; i++) await staff.keyboard.press('Shift+ArrowRight');
    // A stray field, removed with Delete.
    await staff.getByRole('button', { name: `Date signed field for ${staffA.name}`, exact: true }).focus();
    await staff.keyboard.press('Enter');
    await staff.getByRole('button', { name: `Date signed of ${staffA.name}, page 3`, exact: true }).waitFor();
    await staff.keyboard.press('Delete');
    expect(await staff.getByRole('button', { name: `Date signed of ${staffA.name}, page 3`, exact: true }).count()).toBe(0);

    await staff.setViewportSize({ width: 1280, height: 900 });
    await staff.getByRole('button', { name: 'Save the set-up' }).click();
    await expect.poll(async () => (await staffApi.get(`/api/documents/${id}`)).body.document.fields.length).toBe(5);
    const saved = (await staffApi.get(`/api/documents/${id}`)).body;
    expect(saved.signers.map((s: { name: string; email: string; roleLabel: string }) => [s.name, s.email, s.roleLabel])).toEqual([
      [memberA.name, memberA.email, 'Client'], [DIRECTOR, adminA.email, 'Client director'], [staffA.name, staffA.email, 'For the studio'],
    ]);
    const byKey = Object.fromEntries(saved.signers.map((s: { key: string; name: string }) => [s.name, s.key]));
    const fields = saved.document.fields as { type: string; signerKey: string; page: number; x: number; y: number; w: number; h: number; label: string }[];
    const find = (name: string, type: string) => fields.find((f) => f.signerKey === byKey[name] && f.type === type)!;
    // Dropped where the pointer let go (the field's centre), on page 3.
    expect(find(memberA.name, 'signature')).toMatchObject({ page: 3, w: 0.3, h: 0.06 });
    expect(find(memberA.name, 'signature').x + 0.15).toBeCloseTo(0.25, 1);
    expect(find(memberA.name, 'signature').y + 0.03).toBeCloseTo(0.73, 1);
    expect(find(memberA.name, 'text')).toMatchObject({ label: 'Job title', page: 3 });
    expect(find(DIRECTOR, 'signature').x + 0.15).toBeCloseTo(0.7, 1);
    expect(find(DIRECTOR, 'initials').x).toBeGreaterThan(0.56);
    // Keyboard: 20 steps left from the centre, 5 steps wider.
    expect(find(staffA.name, 'signature')).toMatchObject({ page: 3, x: 0.15, w: 0.35 });
    await staff.screenshot({ path: `${SHOTS}/signing-setup.png`, fullPage: true });
    await staff.setViewportSize({ width: 375, height: 800 });
    await noSideways(staff);
    await staff.screenshot({ path: `${SHOTS}/signing-setup-phone.png`, fullPage: true });
    await staff.setViewportSize({ width: 1280, height: 900 });

    await staff.getByRole('button', { name: 'Send for signature' }).click();
    await staff.getByText('Collecting signatures').first().waitFor();
    await staff.getByText(`Waiting on ${memberA.name}.`).waitFor();
    expect(staffProblems()).toEqual([]);

    // ---- The client signs in the portal: consent first, then a typed signature ----
    const client = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    // One refusal on purpose: signing before filling in a required field.
    const clientProblems = watch(client, [{ status: 400, path: new RegExp(`^/api/documents/${id}/signing/sign$`) }]);
    await signIn(client, app.url, memberA.email);
    // Home puts the signature first under "Waiting on you"; the engagement's page lists it too.
    const todo = client.getByRole('region', { name: 'Waiting on you' }).getByRole('listitem').first();
    await todo.getByRole('link', { name: TITLE }).waitFor();
    await todo.getByText(/^Review and sign · Retainer 2027 · sign by/).waitFor();
    await client.screenshot({ path: `${SHOTS}/signing-home-client.png`, fullPage: true });
    await todo.getByRole('link', { name: TITLE }).click();
    await client.waitForURL(`${app.url}/documents/${id}/sign`);
    await client.goto(`${app.url}/engagements/${engagementId}`);
    const row = client.getByRole('region', { name: 'Documents to sign' }).locator('li', { hasText: TITLE });
    await row.getByText('Waiting on you').waitFor();
    await row.getByText('0 of 3 signed').waitFor();
    await client.screenshot({ path: `${SHOTS}/signing-documents-client.png`, fullPage: true });
    await row.getByRole('link', { name: `Review and sign: ${TITLE}` }).click();
    await client.getByRole('heading', { name: 'Consent to use electronic records and signatures' }).waitFor();
    await client.getByRole('button', { name: 'Agree and continue' }).click();
    await client.getByRole('alert').getByText('Tick the box to agree before you continue').waitFor();
    expect(await client.getByRole('heading', { name: 'Review the document' }).count()).toBe(0);
    await client.screenshot({ path: `${SHOTS}/signing-consent.png`, fullPage: true });
    await client.getByLabel('I have read this and agree to use electronic records and signatures.').check();
    await client.getByRole('button', { name: 'Agree and continue' }).click();
    await client.getByRole('heading', { name: 'Review the document' }).waitFor();
    expect((await staffApi.get(`/api/documents/${id}`)).body.signers[0].consentAt).toEqual(expect.any(String));
    // The client's own fields are marked on page 3; the typed name shows in the script font.
    await client.getByRole('group', { name: 'Your fields on page 3: Sign here, Job title' }).waitFor();
    expect(await client.getByLabel('Your name as you sign it').inputValue()).toBe(memberA.name);
    await client.getByRole('button', { name: 'Sign', exact: true }).click();
    await client.getByRole('alert').getByText('Please fill in your fields').waitFor();
    await client.getByRole('textbox', { name: 'Job title' }).fill('COO');
    await expect.poll(() => client.evaluate(() => [...document.fonts].some((f) => f.family.replace(/["']/g, '') === 'Portico Signature' && f.status === 'loaded'))).toBe(true);
    await client.screenshot({ path: `${SHOTS}/signing-review.png`, fullPage: true });
    await client.setViewportSize({ width: 375, height: 800 });
    await noSideways(client);
    await client.screenshot({ path: `${SHOTS}/signing-review-phone.png`, fullPage: true });
    await client.getByRole('button', { name: 'Sign', exact: true }).click();
    await client.getByRole('heading', { name: 'You signed this document' }).waitFor();
    await client.getByText('We will email you the signed PDF once everyone has signed.').waitFor();
    expect(clientProblems()).toEqual([]);

    // ---- The director opens the emailed link on a phone: a code by email, then a drawn signature ----
    const turn = await pollMail(adminA.email, `Please sign: ${TITLE}`);
    const token = /\/sign\/([A-Za-z0-9_-]+)/.exec(turn.text_body)![1]!;
    const director = await browser.newPage({ viewport: { width: 375, height: 800 } });
    const directorProblems = watch(director, [{ status: 400, path: new RegExp(`^/api/sign/${token}/verify$`) }]);
    await director.goto(`${app.url}/sign/${token}`);
    await director.getByRole('heading', { name: TITLE }).waitFor();
    await director.getByText(`Hello ${DIRECTOR}.`).waitFor();
    expect(await director.content()).not.toContain(adminA.email);
    await director.getByRole('button', { name: 'Email me a code' }).click();
    const codeInput = director.getByLabel('6-digit code');
    await codeInput.waitFor();
    expect(await codeInput.getAttribute('inputmode')).toBe('numeric');
    expect(await codeInput.getAttribute('autocomplete')).toBe('one-time-code');
    // The code is in the body only, never in the subject (lock screens and inbox lists show subjects).
    const codeMail = await pollMail(adminA.email, 'Your code to sign');
    expect(codeMail.subject).not.toMatch(/\d{6}/);
    const code = /one-time code is (\d{6})/.exec(codeMail.text_body)![1]!;
    await codeInput.fill('12');
    await director.getByRole('button', { name: 'Continue' }).click();
    await director.locator('#code-error').getByText('Enter the 6 digits from the email').waitFor();
    await codeInput.fill(code === '000000' ? '111111' : '000000');
    await director.getByRole('button', { name: 'Continue' }).click();
    await director.locator('#code-error').getByText('That code is not right').waitFor();
    await director.screenshot({ path: `${SHOTS}/signing-link-code-phone.png`, fullPage: true });
    await codeInput.fill(code);
    await director.getByRole('button', { name: 'Continue' }).click();
    await director.waitForURL(`${app.url}/documents/${id}/sign`);
    await director.getByLabel('I have read this and agree to use electronic records and signatures.').check();
    await director.getByRole('button', { name: 'Agree and continue' }).click();
    await director.getByRole('heading', { name: 'Review the document' }).waitFor();
    await director.getByLabel('Your initials').fill('ZN');
    await director.getByLabel('Draw it').check();
    await drawSignature(director);
    await director.getByLabel('Your drawn signature').waitFor();
    await noSideways(director);
    await director.screenshot({ path: `${SHOTS}/signing-drawn-phone.png`, fullPage: true });
    await director.getByRole('button', { name: 'Sign', exact: true }).click();
    await director.getByRole('heading', { name: 'You signed this document' }).waitFor();
    expect(directorProblems()).toEqual([]);

    // ---- Staff countersign from the document page ----
    await staff.goto(`${app.url}/documents/${id}`);
    await staff.getByRole('link', { name: 'Sign now' }).click();
    await staff.getByLabel('I have read this and agree to use electronic records and signatures.').check();
    await staff.getByRole('button', { name: 'Agree and continue' }).click();
    await staff.getByRole('heading', { name: 'Review the document' }).waitFor();
    await staff.getByRole('button', { name: 'Sign', exact: true }).click();
    await staff.getByRole('heading', { name: 'You signed this document' }).waitFor();
    // The page looks again until the seal is made, then offers the signed PDF.
    await staff.getByRole('link', { name: 'Download the signed PDF' }).waitFor({ timeout: 30_000 });

    // ---- The document page: completed, with the sealed PDF and its hash ----
    await staff.goto(`${app.url}/documents/${id}`);
    await staff.getByText('Completed', { exact: true }).first().waitFor();
    await staff.getByText('3 of 3 signed').first().waitFor();
    const shownHash = (await staff.locator('code[data-hash="sealed"]').textContent())!.trim();
    const [download] = await Promise.all([staff.waitForEvent('download'), staff.getByRole('link', { name: 'Download the signed PDF' }).click()]);
    const sealed = readFileSync((await download.path())!);
    const recorded = (await app.deps.orm.em.getConnection().execute<{ sealed_sha256: string; original_sha256: string }[]>(
      'select sealed_sha256, original_sha256 from signature_document where id = ?', [id]))[0]!;
    expect(sha(sealed)).toBe(shownHash);
    expect(sha(sealed)).toBe(recorded.sealed_sha256);
    expect(recorded.original_sha256).toBe(sha(original));
    await staff.getByRole('list').getByText(`Signed by ${DIRECTOR} (Client director)`).waitFor();
    await staff.screenshot({ path: `${SHOTS}/signing-completed.png`, fullPage: true });
    await staff.setViewportSize({ width: 375, height: 800 });
    await noSideways(staff);
    await staff.screenshot({ path: `${SHOTS}/signing-completed-phone.png`, fullPage: true });
    expect(staffProblems()).toEqual([]);

    // ---- The certificate of completion, read back from the sealed PDF ----
    const pages = (await PDFDocument.load(sealed)).getPageCount();
    expect(pages).toBeGreaterThan(3);
    const file = join(tmpdir(), `sealed-${id}.pdf`);
    writeFileSync(file, sealed);
    // Its first page as an image, for a person to look at.
    execFileSync('pdftoppm', ['-f', '4', '-l', '4', '-png', '-r', '96', '-singlefile', file, `${SHOTS}/signing-certificate`], { stdio: 'ignore' });
    const certificate = execFileSync('pdftotext', ['-f', '4', '-l', String(pages), '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    // Table cells wrap long values: compare without white space.
    const compact = certificate.replace(/\s+/g, '');
    const has = (text: string) => expect(compact).toContain(text.replace(/\s+/g, ''));
    has('Certificate of completion');
    has(id);
    has(TITLE);
    has(sha(original));
    for (const [name, email, role, method] of [
      [memberA.name, memberA.email, 'Client', 'portal sign-in (password)'],
      [DIRECTOR, adminA.email, 'Client director', 'email link and one-time code'],
      [staffA.name, staffA.email, 'For the studio', 'portal sign-in (password)'],
    ]) {
      for (const text of [name, email, role, method]) has(text!);
    }

    // Each signer's view was recorded by the signing page, with a write of its own (reading the view records nothing).
    const viewed = await app.deps.orm.em.fork().getConnection().execute<{ viewed_at: Date | null }[]>('select viewed_at from document_signer where document_id = ?', [id]);
    expect(viewed.map((s) => !!s.viewed_at)).toEqual([true, true, true]);

    // ---- Anyone can verify it; a copy with one byte changed does not match ----
    const visitor = await browser.newPage({ viewport: { width: 375, height: 800 } });
    const visitorProblems = watch(visitor);
    await visitor.goto(`${app.url}/login`);
    await visitor.getByRole('link', { name: 'Verify a signed document' }).click();
    await visitor.getByRole('heading', { name: 'Verify a signed document' }).waitFor();
    await visitor.getByLabel('PDF file').setInputFiles({ name: 'signed.pdf', mimeType: 'application/pdf', buffer: sealed });
    await visitor.getByRole('button', { name: 'Check the file' }).click();
    await visitor.getByText(`This is the document “${TITLE}” sealed on`).waitFor();
    await visitor.getByText(`signed by ${memberA.name} (Client), ${DIRECTOR} (Client director) and ${staffA.name} (For the studio).`).waitFor();
    await visitor.getByText(/^Its digital signature is valid: it was signed with .+’s certificate, and nothing in the file has changed since/).waitFor();
    await noSideways(visitor);
    await visitor.screenshot({ path: `${SHOTS}/signing-verify-match-phone.png`, fullPage: true });
    const tampered = Buffer.from(sealed);
    // A byte the signature covers (the file's first objects, before the signature itself).
    tampered[200] = tampered[200]! ^ 0x01;
    await visitor.getByLabel('PDF file').setInputFiles({ name: 'signed.pdf', mimeType: 'application/pdf', buffer: tampered });
    await visitor.getByRole('button', { name: 'Check the file' }).click();
    await visitor.getByText(/^This file does not match any document sealed by /).waitFor();
    await visitor.getByText(/^Its digital signature by .+’s certificate does not hold: the document was changed after it was signed\.$/).waitFor();
    expect(await visitor.getByText(TITLE).count()).toBe(0);
    await visitor.screenshot({ path: `${SHOTS}/signing-verify-nomatch-phone.png`, fullPage: true });
    expect(visitorProblems()).toEqual([]);

    for (const p of [staff, client, director, visitor]) await p.close();
  }, 180_000);

  it('a client declines with a reason; the team sees "Declined" and the reason', async () => {
    const id = await sentByApi(staffApi, 'Amendment 1');
    const client = await browser.newPage({ viewport: { width: 375, height: 800 } });
    const problems = watch(client, [{ status: 400, path: new RegExp(`^/api/documents/${id}/signing/decline$`) }]);
    await signIn(client, app.url, world.users.memberA.email);
    await client.goto(`${app.url}/documents/${id}/sign`);
    await client.getByRole('heading', { name: 'Consent to use electronic records and signatures' }).waitFor();
    await client.getByRole('button', { name: 'Decline…' }).click();
    await client.getByRole('button', { name: 'Decline to sign' }).click();
    await client.getByRole('alert').getByText('Reason: Give a reason').waitFor();
    await client.getByLabel('Why do you decline to sign?').fill('The fee is wrong');
    await client.getByRole('button', { name: 'Decline to sign' }).click();
    await client.getByRole('heading', { name: 'You declined to sign' }).waitFor();
    expect(problems()).toEqual([]);
    await client.close();

    const staff = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const staffProblems = watch(staff);
    await signIn(staff, app.url, world.users.staffA.email);
    await staff.goto(`${app.url}/documents/${id}`);
    await staff.getByText('Declined', { exact: true }).first().waitFor();
    await staff.getByText('Reason: “The fee is wrong”').waitFor();
    await staff.getByText(`Declined by ${world.users.memberA.name}: “The fee is wrong”`).waitFor();
    expect(await staff.getByRole('link', { name: 'Sign now' }).count()).toBe(0);
    expect(await staff.getByRole('button', { name: 'Void…' }).count()).toBe(0);
    await staff.screenshot({ path: `${SHOTS}/signing-declined.png`, fullPage: true });
    expect(staffProblems()).toEqual([]);
    await staff.close();
  });

  it('a document not signed in time shows "Expired" to the team and to the signer', async () => {
    // An app whose signing "day" is a second: two days pass in two seconds.
    const fast = await startTestApp({ ui: true, env: { TRUST_PROXY: 'false', PORTICO_DAY_MS: '1000', PORTICO_FILES_DIR: inject('filesDir') } });
    try {
      const api = new ApiClient(fast.url);
      await api.login(world.users.staffA.email, PASSWORD);
      const id = await sentByApi(api, 'Short-lived quote', 2);
      await expect.poll(async () => (await api.get(`/api/documents/${id}`)).body.document.status, { timeout: 20_000 }).toBe('expired');

      const staff = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const problems = watch(staff);
      await signIn(staff, fast.url, world.users.staffA.email);
      await staff.goto(`${fast.url}/documents/${id}`);
      await staff.getByText('Expired', { exact: true }).first().waitFor();
      await staff.getByText(/before everyone signed\.$/).waitFor();
      await staff.screenshot({ path: `${SHOTS}/signing-expired.png`, fullPage: true });
      expect(problems()).toEqual([]);
      await staff.close();

      const client = await browser.newPage({ viewport: { width: 375, height: 800 } });
      const clientProblems = watch(client);
      await signIn(client, fast.url, world.users.memberA.email);
      await client.goto(`${fast.url}/documents/${id}/sign`);
      await client.getByText('This signing request has expired').waitFor();
      expect(clientProblems()).toEqual([]);
      await client.close();
    } finally {
      await fast.close();
    }
  }, 60_000);
});
