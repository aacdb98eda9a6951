/**
 * End-to-end: the built UI served by the real API, driven in Debian's Chromium.
 * Skipped only when Chromium is absent locally; CI requires it (see tests/support/browser.ts).
 */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, ApiClient, type TestApp } from '../support/app.ts';
import { makeWorld, PASSWORD } from '../support/fixtures.ts';
import { HAVE_CHROMIUM, launchBrowser, watchConsole } from '../support/browser.ts';
import { SAMPLE_TEMPLATE } from '../../web-api/templates/sample-template.ts';

const SHOTS = 'test-results/screenshots';
let app: TestApp;
let browser: Browser;
let world: Awaited<ReturnType<typeof makeWorld>>;
let engagementA: string;
let engagementB: string;

async function signIn(page: Page, email: string, password = PASSWORD) {
  await page.goto(`${app.url}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

describe.skipIf(!HAVE_CHROMIUM)('portal in the browser', () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    app = await startTestApp({ ui: true, env: { TRUST_PROXY: 'false' } });
    world = await makeWorld(app.deps.orm.em.fork());
    for (const [staff, account, title] of [[world.users.staffA, world.a, 'Brand refresh'], [world.users.staffB, world.b, 'Secret project']] as const) {
      const c = new ApiClient(app.url);
      await c.login(staff.email, PASSWORD);
      const res = await c.post(`/api/accounts/${account.id}/engagements`, { title, milestones: ['Kickoff', { title: 'Upload logo files', owner: 'client' }, 'Launch'] });
      expect(res.status).toBe(201);
      if (account === world.a) {
        engagementA = res.body.engagement.id;
        expect((await c.post(`/api/engagements/${engagementA}/milestones/m1/complete`)).status).toBe(200);
      } else {
        engagementB = res.body.engagement.id;
      }
    }
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('a client signs in and sees their engagement, its progress and what is waiting on them', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems = watchConsole(page);
    await signIn(page, world.users.memberA.email);
    await page.waitForURL(`${app.url}/`);
    await page.getByRole('heading', { name: 'Waiting on you' }).waitFor();
    await page.getByText('Brand refresh').first().waitFor();
    await page.getByText('Upload logo files').first().waitFor();
    const bar = page.getByRole('progressbar').first();
    expect(await bar.getAttribute('aria-valuenow')).toBe('1');
    expect(await bar.getAttribute('aria-valuemax')).toBe('3');
    expect(await page.getByText('Secret project').count()).toBe(0);
    await page.screenshot({ path: `${SHOTS}/client-home.png`, fullPage: true });
    await page.setViewportSize({ width: 375, height: 800 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${SHOTS}/client-home-phone.png`, fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  it("a client who pastes another account's engagement URL sees Not found", async () => {
    const page = await browser.newPage();
    await signIn(page, world.users.memberA.email);
    await page.waitForURL(`${app.url}/`);
    await page.goto(`${app.url}/engagements/${engagementB}`);
    await page.getByRole('heading', { name: /Not found/i }).waitFor();
    expect(await page.getByText('Secret project').count()).toBe(0);
    await page.screenshot({ path: `${SHOTS}/not-found.png` });
    // Their own engagement opens.
    await page.goto(`${app.url}/engagements/${engagementA}`);
    await page.getByRole('heading', { name: 'Brand refresh' }).waitFor();
    await page.close();
  });

  it('staff invite a user who accepts the emailed link, sets a password and lands on the account home', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems = watchConsole(page);
    await signIn(page, world.users.staffA.email);
    await page.waitForURL(`${app.url}/staff`);
    await page.goto(`${app.url}/staff/accounts/${world.a.id}`);
    const email = `invitee-${Date.now()}@client.test`;
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Name').fill('Ines Invitee');
    await page.getByLabel('Role').selectOption('client_member');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByText(email).first().waitFor();
    await page.screenshot({ path: `${SHOTS}/staff-account.png`, fullPage: true });
    expect(problems).toEqual([]);

    const mail = await app.deps.orm.em.getConnection().execute<{ text_body: string }[]>(
      'select text_body from outbox_email where to_address = ? order by created_at desc limit 1', [email]);
    const link = mail[0]!.text_body.match(/https?:\/\/\S+\/invite\/[A-Za-z0-9_-]+/)![0];

    const invitee = await browser.newPage({ viewport: { width: 375, height: 800 } });
    await invitee.goto(link);
    await invitee.getByText(world.a.name).first().waitFor();
    await invitee.getByLabel('Name').fill('Ines Invitee');
    await invitee.getByLabel('Password', { exact: true }).fill('a very memorable passphrase');
    await invitee.getByRole('button', { name: 'Create account' }).click();
    await invitee.waitForURL(`${app.url}/`);
    await invitee.getByRole('heading', { name: 'Waiting on you' }).waitFor();
    await invitee.getByText('Brand refresh').first().waitFor();
    await invitee.screenshot({ path: `${SHOTS}/invitee-home-phone.png`, fullPage: true });

    // Signing out and back in with the new password works.
    // Signing out stays one tap away at phone width.
    await invitee.getByRole('button', { name: 'Sign out' }).click();
    await invitee.waitForURL(/\/login/);
    await signIn(invitee, email, 'a very memorable passphrase');
    await invitee.waitForURL(`${app.url}/`);
    await page.close();
    await invitee.close();
  });

  it('a client answers an intake form item and staff waive another with a reason', async () => {
    const admin = new ApiClient(app.url);
    await admin.login(world.users.admin.email, PASSWORD);
    const templateId = (await admin.post('/api/templates', SAMPLE_TEMPLATE)).body.template.id as string;
    const staffApi = new ApiClient(app.url);
    await staffApi.login(world.users.staffA.email, PASSWORD);
    const id = (await staffApi.post(`/api/accounts/${world.a.id}/engagements`, { templateId, title: 'Checklist in the browser' })).body.engagement.id as string;
    for (let i = 0; i < 100 && !(await staffApi.get(`/api/engagements/${id}`)).body.engagement.checklist.length; i++) await new Promise((r) => setTimeout(r, 100));

    const page = await browser.newPage({ viewport: { width: 375, height: 900 } });
    const problems = watchConsole(page);
    await signIn(page, world.users.memberA.email);
    await page.waitForURL(`${app.url}/`);
    // "Waiting on you" leads to the item's own page: its instructions, form and due date.
    await page.getByRole('link', { name: 'Intake form' }).first().click();
    await page.waitForURL(`${app.url}/engagements/${id}/items/intake`);
    await page.getByRole('heading', { level: 1, name: 'Intake form' }).waitFor();
    await page.getByRole('heading', { name: 'Onboarding checklist' }).waitFor();
    await page.getByRole('button', { name: 'Send answers: Intake form' }).click();
    await page.getByText('Required').first().waitFor();
    await page.getByLabel('Domain').fill('acme.example');
    await page.getByLabel('Plan').selectOption('Pro');
    await page.getByRole('button', { name: 'Send answers: Intake form' }).click();
    const intake = page.locator('#item-intake');
    await intake.getByText('Done', { exact: true }).waitFor();
    await intake.getByText('acme.example').waitFor();
    // Done, the page points at what is next for the client.
    await page.getByRole('status').getByText(/^Next: /).waitFor();
    await page.screenshot({ path: `${SHOTS}/checklist-client-phone.png`, fullPage: true });
    expect(problems).toEqual([]);
    await page.close();

    const staffPage = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(staffPage, world.users.staffA.email);
    await staffPage.waitForURL(`${app.url}/staff`);
    await staffPage.goto(`${app.url}/engagements/${id}`);
    await staffPage.getByLabel('Reason for waiving Upload brand assets').fill('Assets already in our drive');
    await staffPage.getByRole('button', { name: 'Waive: Upload brand assets' }).click();
    await staffPage.locator('#item-brand').getByText('Waived', { exact: true }).waitFor();
    await staffPage.getByText('“Assets already in our drive”').waitFor();
    await staffPage.screenshot({ path: `${SHOTS}/checklist-staff.png`, fullPage: true });
    await staffPage.close();
  });

  it('a client uploads the file an item asks for: a wrong type is refused with the reason, the right one completes it; the reminder went out once', async () => {
    // An app whose checklist "day" is a second, so the item's reminder is sent before the client arrives.
    const fast = await startTestApp({ ui: true, env: { TRUST_PROXY: 'false', PORTICO_DAY_MS: '1000' } });
    try {
      const admin = new ApiClient(fast.url);
      await admin.login(world.users.admin.email, PASSWORD);
      const templateId = (await admin.post('/api/templates', {
        formatVersion: 1, name: 'Paperwork', phases: [{ key: 'p', title: 'Paperwork', milestones: [{ key: 'docs', title: 'Paperwork in', owner: 'client' }, { key: 'go', title: 'Go', owner: 'staff' }] }],
        checklist: [{ key: 'w9', title: 'Upload the signed W-9', instructions: 'A scan or a PDF export is fine.', assignee: 'client', due: 'P30D',
          reminders: { before: ['P29D'] }, completion: { type: 'upload', accept: ['application/pdf'] }, blocksMilestone: 'docs' }],
      })).body.template.id as string;
      const staffApi = new ApiClient(fast.url);
      await staffApi.login(world.users.staffA.email, PASSWORD);
      const id = (await staffApi.post(`/api/accounts/${world.a.id}/engagements`, { templateId, title: 'Paperwork in the browser' })).body.engagement.id as string;
      await expect.poll(async () => (await staffApi.get(`/api/engagements/${id}`)).body.engagement.checklist[0]?.reminders.length, { timeout: 15_000 }).toBe(1);

      const page = await browser.newPage({ viewport: { width: 375, height: 900 } });
      const problems = watchConsole(page);
      await page.goto(`${fast.url}/login`);
      await page.getByLabel('Email').fill(world.users.memberA.email);
      await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${fast.url}/`);
      await page.getByRole('link', { name: 'Upload the signed W-9' }).first().click();
      const item = page.locator('#item-w9');
      await item.getByText('1 reminder sent', { exact: false }).waitFor();

      await item.getByLabel(/Upload your file/).setInputFiles({ name: 'w9.pdf', mimeType: 'application/pdf', buffer: Buffer.from('not really a PDF, just text') });
      await item.getByRole('button', { name: 'Upload: Upload the signed W-9' }).click();
      await item.getByRole('alert').getByText('A plain text file is not accepted here; upload PDF').waitFor();
      await page.screenshot({ path: `${SHOTS}/checklist-upload-refused-phone.png`, fullPage: true });

      const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(2048, 0x20), Buffer.from('\n%%EOF\n')]);
      await item.getByLabel(/Upload your file/).setInputFiles({ name: 'W-9 signed.pdf', mimeType: 'application/pdf', buffer: pdf });
      await item.getByRole('button', { name: 'Upload: Upload the signed W-9' }).click();
      await item.getByText('Done', { exact: true }).waitFor();
      const link = item.getByRole('link', { name: 'W-9 signed.pdf' });
      await link.waitFor();
      // The link downloads exactly what was uploaded.
      const href = await link.getAttribute('href');
      const size = await page.evaluate(async (url) => (await (await fetch(url)).arrayBuffer()).byteLength, href!);
      expect(size).toBe(pdf.length);
      // The milestone the item blocked completes by itself, and the page shows it without a reload.
      await page.getByText('1 of 2 milestones').waitFor();
      expect((await staffApi.get(`/api/engagements/${id}`)).body.engagement.milestones[0].status).toBe('done');
      await page.screenshot({ path: `${SHOTS}/checklist-upload-done-phone.png`, fullPage: true });
      // The browser logs the refused upload's 415; nothing else may go wrong.
      expect(problems.filter((p) => !p.includes('status of 415'))).toEqual([]);
      await page.close();

      // The reminder went to each client user of the account once, and no other reminder followed.
      const mails = await fast.deps.orm.em.getConnection().execute<{ idempotency_key: string; to_address: string }[]>(
        'select idempotency_key, to_address from outbox_email where idempotency_key like ?', [`reminder:${id}:%`]);
      expect(mails.length).toBeGreaterThanOrEqual(2);
      expect(new Set(mails.map((m) => m.to_address)).size).toBe(mails.length);
      expect(new Set(mails.map((m) => m.idempotency_key.split(':')[3]))).toEqual(new Set(['before-29d']));
    } finally {
      await fast.close();
    }
  }, 90_000);

  it('an admin designs a template in the editor and staff start an engagement from it', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems = watchConsole(page);
    await signIn(page, world.users.admin.email);
    await page.waitForURL(`${app.url}/staff`);
    await page.goto(`${app.url}/admin/templates/new`);
    const name = `Brand sprint ${Date.now()}`;
    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByLabel('Phase title').fill('Discovery');
    await page.getByLabel('Milestone 1', { exact: true }).fill('Kickoff workshop');
    await page.getByRole('button', { name: 'Add checklist item' }).click();
    await page.getByLabel('Title', { exact: true }).fill('Send logo files');
    await page.getByRole('button', { name: 'Publish version' }).click();
    await page.getByText('Version 1 published.').first().waitFor();
    await page.screenshot({ path: `${SHOTS}/template-editor.png`, fullPage: true });
    await page.goto(`${app.url}/admin/templates`);
    await page.getByText(name).first().waitFor();
    expect(problems).toEqual([]);
    await page.close();

    const staffPage = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(staffPage, world.users.staffA.email);
    await staffPage.waitForURL(`${app.url}/staff`);
    await staffPage.goto(`${app.url}/staff/accounts/${world.a.id}`);
    await staffPage.getByLabel('Template').selectOption({ label: `${name} (version 1)` });
    await staffPage.getByRole('button', { name: 'Start engagement' }).click();
    await staffPage.getByRole('link', { name }).first().click();
    await staffPage.getByRole('heading', { name: 'Onboarding checklist' }).waitFor();
    await staffPage.getByText('Send logo files').first().waitFor();
    await staffPage.close();
  });

  it('throttles sign-in after five wrong passwords and says so', async () => {
    const page = await browser.newPage();
    await page.goto(`${app.url}/login`);
    for (let i = 1; i <= 5; i++) {
      await page.getByLabel('Email').fill(world.users.adminB.email);
      await page.getByLabel('Password', { exact: true }).fill(`wrong password ${i}`);
      await page.getByRole('button', { name: 'Sign in' }).click();
      if (i < 5) await page.getByText(/incorrect/i).first().waitFor();
    }
    await page.getByText(/Too many failed sign-in attempts/).first().waitFor();
    // Even the right password is refused while throttled.
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText(/Too many failed sign-in attempts/).first().waitFor();
    expect(page.url()).toContain('/login');
    await page.screenshot({ path: `${SHOTS}/throttled.png` });
    await page.close();
  });

  it('a write after the session changed in another tab is sent again with a fresh token; after signing out there, back to sign-in', async () => {
    // Two tabs of one browser share the session cookie.
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, world.users.staffB.email);
    await page.waitForURL(`${app.url}/staff`);
    await page.goto(`${app.url}/staff/accounts/${world.b.id}`);
    await page.getByRole('button', { name: 'Send invitation' }).waitFor();

    // The other tab signs out and in again: the first tab's CSRF token belongs to the session that ended.
    const other = await context.newPage();
    await other.goto(`${app.url}/staff`);
    await other.getByRole('button', { name: 'Sign out' }).click();
    await other.waitForURL(/\/login/);
    await signIn(other, world.users.staffB.email);
    await other.waitForURL(`${app.url}/staff`);

    const email = `second-tab-${Date.now()}@client.test`;
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Name').fill('Tab Two');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByText(`Invitation sent to ${email}.`).waitFor();
    const sent = await app.deps.orm.em.getConnection().execute<unknown[]>('select 1 from invitation where email = ?', [email]);
    expect(sent).toHaveLength(1);

    // Signed out in the other tab: the first tab's next write finds no session and goes to sign-in, keeping the page.
    await other.getByRole('button', { name: 'Sign out' }).click();
    await other.waitForURL(/\/login/);
    await page.getByLabel('Email').fill(`again-${email}`);
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.waitForURL((url) => url.pathname === '/login' && url.searchParams.get('next') === `/staff/accounts/${world.b.id}`);
    await context.close();
  });
});
