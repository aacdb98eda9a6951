/**
 * End-to-end: an admin adds a document to sign to a template in the editor (uploads the PDF, names
 * the roles, places each one's signature field with the pointer or the keyboard, is told which role
 * still lacks one) and publishes; staff start an engagement from the template, and its page lists
 * the document, already sent to the client admin who finds it waiting on them.
 */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { startTestApp, ApiClient, type TestApp } from '../support/app.ts';
import { makeWorld, PASSWORD } from '../support/fixtures.ts';
import { HAVE_CHROMIUM, launchBrowser, signIn, watchConsole } from '../support/browser.ts';

const SHOTS = 'test-results/screenshots';

async function nda(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 1; i <= 2; i++) {
    const page = doc.addPage([612, 792]);
    page.drawText('Mutual non-disclosure agreement', { x: 72, y: 720, size: 18, font });
    for (let l = 0; l < 12; l++) page.drawText(`${i}.${l + 1} Each party keeps the other's information confidential.`, { x: 72, y: 680 - l * 22, size: 11, font });
  }
  return Buffer.from(await doc.save());
}

describe.skipIf(!HAVE_CHROMIUM)('documents to sign in the template editor', () => {
  let app: TestApp;
  let browser: Browser;
  let world: Awaited<ReturnType<typeof makeWorld>>;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    app = await startTestApp({ ui: true, env: { TRUST_PROXY: 'false', PORTICO_FILES_DIR: inject('filesDir') } });
    world = await makeWorld(app.deps.orm.em.fork());
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('an admin ships an NDA with the template; an engagement started from it sends it to the client admin', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems = watchConsole(page);
    await signIn(page, app.url, world.users.admin.email);
    await page.goto(`${app.url}/admin/templates/new`);
    const name = `Retainer with NDA ${Date.now()}`;
    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByLabel('Phase title').fill('Start');
    await page.getByLabel('Milestone 1', { exact: true }).fill('Kick-off');

    const section = page.getByRole('region', { name: 'Documents to sign' });
    await section.getByText('No documents to sign yet.').waitFor();
    // A file that is not a PDF is refused with the reason, at the input.
    await section.getByLabel('Add a document to sign (PDF)').setInputFiles({ name: 'notes.pdf', mimeType: 'application/pdf', buffer: Buffer.from('not a PDF at all') });
    await section.locator('#add-document-error').getByText('A plain text file is not accepted here; upload PDF').waitFor();
    await section.getByLabel('Add a document to sign (PDF)').setInputFiles({ name: 'Mutual NDA.pdf', mimeType: 'application/pdf', buffer: await nda() });
    const doc = section.getByRole('group', { name: 'Document 1: Mutual NDA' });
    await doc.getByText('2 pages').waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-documents-0-title');
    // New documents start with the client admin signing, then the account manager.
    expect(await doc.getByLabel('Signer 1: role').inputValue()).toBe('Client');
    expect(await doc.getByLabel('Who signs').first().inputValue()).toBe('client_admin');
    expect(await doc.getByLabel('Who signs').nth(1).inputValue()).toBe('account_manager');
    await doc.getByLabel('Signer 2: role').fill('For the studio');
    await doc.getByText('a signature field is still needed for Client, For the studio').waitFor();

    // Publishing without fields: the API names what is missing, on the document.
    await page.getByRole('button', { name: 'Publish version' }).click();
    await page.getByRole('alert').getByText('Place a signature field for Client, For the studio').first().waitFor();

    // The client's field by dragging onto page 2, the studio's with the keyboard.
    await doc.getByRole('button', { name: 'Place fields on the pages of Mutual NDA' }).click();
    for (const n of [1, 2]) await expect.poll(() => page.locator(`figure[aria-label="Page ${n} of 2"] img`).evaluate((i: HTMLImageElement) => i.naturalWidth), { timeout: 20_000 }).toBeGreaterThan(0);
    await page.getByLabel('Fields for').selectOption({ label: 'Client' });
    const chip = page.getByRole('button', { name: 'Signature field for Client', exact: true });
    const sheet = page.getByRole('group', { name: 'Fields on page 2' });
    // Scrolled down to the foot of page 2, the palette is still in view: the field is dragged from it.
    await sheet.evaluate((el) => el.scrollIntoView({ block: 'end' }));
    const c = (await chip.boundingBox())!;
    const t = (await sheet.boundingBox())!;
    expect(c.y).toBeGreaterThanOrEqual(0);
    expect(t.y + t.height * 0.8).toBeLessThan(900);
    await page.mouse.move(c.x + c.width / 2, c.y + c.height / 2);
    await page.mouse.down();
    await page.mouse.move(t.x + t.width * 0.3, t.y + t.height * 0.8, { steps: 10 });
    await page.mouse.up();
    await page.getByRole('button', { name: 'Signature of Client, page 2', exact: true }).waitFor();
    await page.getByLabel('Fields for').selectOption({ label: 'For the studio' });
    await page.getByLabel('Add to page').selectOption('2');
    await page.getByRole('button', { name: 'Signature field for For the studio', exact: true }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Signature of For the studio, page 2', exact: true }).waitFor();
    for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowRight');
    await doc.getByText('2 fields placed').waitFor();
    await page.screenshot({ path: `${SHOTS}/template-documents-placement.png` });
    await doc.getByRole('button', { name: 'Done placing fields of Mutual NDA' }).click();
    await doc.getByLabel('Send it when the engagement starts').check();
    // The preview tells the client what they will sign.
    const preview = page.getByRole('complementary', { name: 'Preview and history' });
    await preview.getByText('Signed by Client, then For the studio').waitFor();
    await preview.getByText('2 pages · sent when the engagement starts').waitFor();

    await page.getByRole('button', { name: 'Publish version' }).click();
    await page.waitForURL(/\/admin\/templates\/[0-9a-f-]{36}$/);
    await page.getByText('Version 1 published.').first().waitFor();
    const templateId = page.url().split('/').pop()!;
    await section.screenshot({ path: `${SHOTS}/template-documents.png` });

    const admin = new ApiClient(app.url);
    await admin.login(world.users.admin.email, PASSWORD);
    const saved = (await admin.get(`/api/templates/${templateId}`)).body.definition.documents;
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({
      key: 'mutual-nda', title: 'Mutual NDA', sendOnStart: true, ordering: 'sequential',
      file: { name: 'Mutual NDA.pdf', pageCount: 2 },
      signers: [{ key: 'client', roleLabel: 'Client', assign: 'client_admin' }, { key: 'studio', roleLabel: 'For the studio', assign: 'account_manager' }],
    });
    const byRole = (key: string) => saved[0].fields.find((f: { signerKey: string }) => f.signerKey === key);
    expect(byRole('client')).toMatchObject({ type: 'signature', page: 2 });
    expect(byRole('client').x + byRole('client').w / 2).toBeCloseTo(0.3, 1);
    expect(byRole('client').y + byRole('client').h / 2).toBeCloseTo(0.8, 1);
    // Keyboard: ten steps right of the centre.
    expect(byRole('studio').x + byRole('studio').w / 2).toBeCloseTo(0.6, 2);

    // On a phone the section stays within the screen.
    await page.setViewportSize({ width: 375, height: 800 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await section.screenshot({ path: `${SHOTS}/template-documents-phone.png` });
    // The one refusal provoked on purpose (the text file), and nothing else.
    expect(problems).toEqual(['Failed to load resource: the server responded with a status of 415 (Unsupported Media Type)']);
    await page.close();

    // ---- Staff start an engagement from it; the client admin finds the NDA waiting on them ----
    const staff = new ApiClient(app.url);
    await staff.login(world.users.staffA.email, PASSWORD);
    const started = await staff.post(`/api/accounts/${world.a.id}/engagements`, { templateId });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const client = await browser.newPage({ viewport: { width: 375, height: 800 } });
    const clientProblems = watchConsole(client);
    await signIn(client, app.url, world.users.adminA.email);
    const todo = client.getByRole('region', { name: 'Waiting on you' }).getByRole('link', { name: 'Mutual NDA' });
    await expect.poll(async () => {
      await client.reload();
      await client.getByRole('region', { name: 'Waiting on you' }).waitFor();
      return todo.count();
    }, { timeout: 15_000 }).toBe(1);
    await todo.click();
    await client.getByRole('heading', { name: 'Consent to use electronic records and signatures' }).waitFor();
    expect(clientProblems).toEqual([]);
    await client.close();
  }, 120_000);
});
