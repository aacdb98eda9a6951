/**
 * End-to-end: the file library in Chromium. A client uploads a file from the Files page, the
 * account team uploads a new version and keeps a staff-only folder, the client sees both versions
 * and downloads the latest, never sees the staff-only folder, and gets clear refusals for a file
 * too large or of a type the portal does not take. Screenshots at desktop and phone width.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app.ts';
import { makeWorld, PASSWORD } from '../support/fixtures.ts';
import { HAVE_CHROMIUM, launchBrowser, watchConsole } from '../support/browser.ts';

const SHOTS = 'test-results/screenshots';
const LIMIT = 256 * 1024;
let app: TestApp;
let browser: Browser;
let world: Awaited<ReturnType<typeof makeWorld>>;

const pdf = (fill: string, size = 4000) => Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(size, fill), Buffer.from('\n%%EOF\n')]);
const V1 = pdf('a');
const V2 = pdf('b', 6000);

async function signIn(page: Page, email: string) {
  await page.goto(`${app.url}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function noOverflow(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
}

describe.skipIf(!HAVE_CHROMIUM)('file library in the browser', () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    app = await startTestApp({ ui: true, env: { TRUST_PROXY: 'false', PORTICO_UPLOAD_MAX_BYTES: String(LIMIT) } });
    world = await makeWorld(app.deps.orm.em.fork());
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('a client uploads, staff add a version and a staff-only folder, the client sees two versions and downloads the latest', async () => {
    const client = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true })).newPage();
    const clientProblems = watchConsole(client);
    await signIn(client, world.users.memberA.email);
    await client.waitForURL(`${app.url}/`);
    await client.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Files' }).click();
    await client.getByRole('heading', { name: 'Files', level: 1 }).waitFor();
    await client.getByText('Nothing here yet.').waitFor();

    await client.getByLabel(/^File to upload/).setInputFiles({ name: 'Brand guide.pdf', mimeType: 'application/pdf', buffer: V1 });
    await client.getByRole('button', { name: 'Upload', exact: true }).click();
    const files = client.getByRole('list', { name: 'Files' });
    await files.getByRole('heading', { name: 'Brand guide.pdf' }).waitFor();
    await files.getByText('v1', { exact: true }).waitFor();

    // The team: a new version of the client's file, and a staff-only folder with a file in it.
    const staff = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    const staffProblems = watchConsole(staff);
    await signIn(staff, world.users.staffA.email);
    await staff.waitForURL(`${app.url}/staff`);
    await staff.goto(`${app.url}/staff/accounts/${world.a.id}`);
    await staff.getByRole('link', { name: 'Files', exact: true }).last().click();
    await staff.getByRole('heading', { name: `${world.a.name}: files` }).waitFor();
    await staff.getByRole('button', { name: 'Details of Brand guide.pdf' }).click();
    await staff.getByLabel('Upload a new version').setInputFiles({ name: 'Brand guide v2.pdf', mimeType: 'application/pdf', buffer: V2 });
    await staff.getByRole('button', { name: 'Upload version' }).click();
    await staff.getByText('Version 2', { exact: true }).waitFor();

    await staff.getByLabel('Folder name').fill('Internal notes');
    await staff.getByRole('region', { name: 'New folder' }).getByLabel('Staff only').check();
    await staff.getByRole('button', { name: 'Create folder' }).click();
    await staff.getByRole('link', { name: 'Internal notes' }).click();
    await staff.getByRole('heading', { name: 'Internal notes', level: 2 }).waitFor();
    const internalUrl = staff.url();
    await staff.getByLabel(/^File to upload/).setInputFiles({ name: 'Margins.pdf', mimeType: 'application/pdf', buffer: pdf('m') });
    await staff.getByRole('button', { name: 'Upload', exact: true }).click();
    await staff.getByRole('heading', { name: 'Margins.pdf' }).waitFor();
    await staff.screenshot({ path: `${SHOTS}/library-staff-folder.png`, fullPage: true });
    await staff.goto(`${app.url}/staff/accounts/${world.a.id}/files`);
    await staff.getByRole('link', { name: 'Internal notes' }).waitFor();
    await staff.screenshot({ path: `${SHOTS}/library-staff.png`, fullPage: true });
    expect(staffProblems).toEqual([]);

    // The client: two versions, the latest downloads byte for byte; the staff-only folder is not there.
    await client.reload();
    await files.getByText('v2', { exact: true }).waitFor();
    expect(await client.getByText('Internal notes').count()).toBe(0);
    await client.getByRole('button', { name: 'Versions (2) of Brand guide.pdf' }).click();
    const versions = client.getByRole('heading', { name: 'Versions of Brand guide.pdf' });
    await versions.waitFor();
    await client.getByText('Version 1', { exact: true }).waitFor();
    const [download] = await Promise.all([
      client.waitForEvent('download'),
      client.getByRole('link', { name: 'Download Brand guide.pdf (version 2)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('Brand guide v2.pdf');
    expect(readFileSync((await download.path())!).equals(V2)).toBe(true);
    await client.screenshot({ path: `${SHOTS}/library-client.png`, fullPage: true });

    // The staff-only folder's address opens as Not found for the client.
    await client.goto(internalUrl.replace(`/staff/accounts/${world.a.id}/files`, '/files'));
    await client.getByRole('heading', { name: 'Not found' }).waitFor();
    expect(await client.getByText('Margins.pdf').count()).toBe(0);

    // At phone width: no sideways scrolling, the menu reaches Files.
    await client.setViewportSize({ width: 375, height: 800 });
    await client.goto(`${app.url}/files`);
    await files.getByRole('heading', { name: 'Brand guide.pdf' }).waitFor();
    await noOverflow(client);
    await client.getByRole('button', { name: 'Versions (2) of Brand guide.pdf' }).click();
    await client.getByText('Version 1', { exact: true }).waitFor();
    await noOverflow(client);
    await client.screenshot({ path: `${SHOTS}/library-client-phone.png`, fullPage: true });
    expect(clientProblems).toEqual([]);
  }, 90_000);

  it('tells the client plainly when a file is too large or of a type the portal does not take', async () => {
    const page = await (await browser.newContext({ viewport: { width: 375, height: 800 } })).newPage();
    await signIn(page, world.users.adminA.email);
    await page.waitForURL(`${app.url}/`);
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('link', { name: 'Files' }).click();
    await page.getByRole('heading', { name: 'Files', level: 1 }).waitFor();

    await page.getByLabel(/^File to upload/).setInputFiles({ name: 'huge.pdf', mimeType: 'application/pdf', buffer: pdf('h', LIMIT) });
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'The file is larger than 256 KB' }).waitFor();

    await page.getByLabel(/^File to upload/).setInputFiles({ name: 'setup.pdf', mimeType: 'application/pdf', buffer: Buffer.concat([Buffer.from('MZ\x90\x00'), Buffer.alloc(300)]) });
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'is not accepted here' }).waitFor();
    await noOverflow(page);
    await page.screenshot({ path: `${SHOTS}/library-refused-phone.png`, fullPage: true });
    expect(await page.getByRole('list', { name: 'Files' }).getByText('setup.pdf').count()).toBe(0);
  }, 60_000);
});
