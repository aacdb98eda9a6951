/**
 * End-to-end: the overdue view on the staff accounts page and on an account page, at desktop and
 * phone width. A checklist "day" lasts one second here (PORTICO_DAY_MS), so items fall overdue at once.
 */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, ApiClient, type TestApp } from '../support/app.ts';
import { makeWorld, PASSWORD } from '../support/fixtures.ts';
import { HAVE_CHROMIUM, launchBrowser, watchConsole } from '../support/browser.ts';

const SHOTS = 'test-results/screenshots';
let app: TestApp;
let browser: Browser;
let world: Awaited<ReturnType<typeof makeWorld>>;

const TEMPLATE = {
  formatVersion: 1, name: 'Website onboarding', description: '',
  phases: [{ key: 'start', title: 'Start', milestones: [
    { key: 'access', title: 'Access to the hosting account', owner: 'client' },
    { key: 'launch', title: 'Launch', owner: 'staff' },
  ] }],
  checklist: [
    { key: 'contract', title: 'Countersign the contract', assignee: 'client', due: 'P1D', completion: { type: 'tick' } },
    { key: 'notes', title: 'Write up the kickoff call notes for the client', assignee: 'staff', due: 'P2D', completion: { type: 'tick' } },
    { key: 'intake', title: 'Send the intake form', assignee: 'client', due: 'P30D', completion: { type: 'tick' } },
  ],
};

async function signIn(page: Page, email: string) {
  await page.goto(`${app.url}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

describe.skipIf(!HAVE_CHROMIUM)('overdue items in the browser', () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    app = await startTestApp({ ui: true, env: { TRUST_PROXY: 'false', PORTICO_DAY_MS: '1000' } });
    world = await makeWorld(app.deps.orm.em.fork());
    const admin = new ApiClient(app.url);
    await admin.login(world.users.admin.email, PASSWORD);
    const templateId = (await admin.post('/api/templates', TEMPLATE)).body.template.id as string;
    for (const [staff, account, title] of [[world.users.staffA, world.a, 'Website relaunch'], [world.users.staffB, world.b, 'Secret project']] as const) {
      const c = new ApiClient(app.url);
      await c.login(staff.email, PASSWORD);
      expect((await c.post(`/api/accounts/${account.id}/engagements`, { templateId, title })).status).toBe(201);
    }
    const staff = new ApiClient(app.url);
    await staff.login(world.users.staffA.email, PASSWORD);
    expect((await staff.post(`/api/accounts/${world.a.id}/engagements`, { title: 'Internal setup', milestones: ['Provision servers'] })).status).toBe(201);
    const deadline = Date.now() + 10_000;
    while ((await staff.get('/api/staff/overdue')).body.counts.total < 2) {
      if (Date.now() > deadline) throw new Error('the items did not fall overdue');
      await new Promise((r) => setTimeout(r, 250));
    }
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('staff see what is overdue across their accounts and on whom it waits, at desktop and phone width', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems = watchConsole(page);
    await signIn(page, world.users.staffA.email);
    await page.waitForURL(`${app.url}/staff`);
    const section = page.getByRole('region', { name: 'Overdue' });
    const items = section.getByRole('listitem');
    await items.first().waitFor();
    expect(await items.count()).toBe(2);
    // Most overdue first: the client's item was due a day before the team's.
    await expect.poll(() => items.nth(0).innerText()).toMatch(/Countersign the contract[\s\S]*Website relaunch[\s\S]*Client/);
    expect(await items.nth(0).innerText()).toContain(world.users.memberA.name);
    expect(await items.nth(1).innerText()).toMatch(/Write up the kickoff call notes[\s\S]*Team[\s\S]*/);
    expect(await items.nth(1).innerText()).toContain(world.users.staffA.name);
    expect(await section.getByRole('link', { name: world.a.name }).first().getAttribute('href')).toBe(`/staff/accounts/${world.a.id}`);
    expect(await page.getByText('Secret project').count()).toBe(0);
    await page.screenshot({ path: `${SHOTS}/staff-overdue.png`, fullPage: true });

    // The engagement search: the team's own engagement shows under "The team".
    await page.getByRole('radio', { name: 'The team' }).check();
    await page.getByRole('region', { name: 'Active engagements waiting on' }).getByRole('link', { name: 'Internal setup' }).waitFor();

    await page.setViewportSize({ width: 375, height: 800 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${SHOTS}/staff-overdue-phone.png`, fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  it("an account page lists what is overdue on that account", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems = watchConsole(page);
    await signIn(page, world.users.staffA.email);
    await page.waitForURL(`${app.url}/staff`);
    await page.goto(`${app.url}/staff/accounts/${world.a.id}`);
    const section = page.getByRole('region', { name: /Overdue on this account/ });
    // The list may still be filling in (one item first) when the first item shows.
    await expect.poll(() => section.getByRole('listitem').count(), { timeout: 15_000 }).toBe(2);
    await section.getByText('Countersign the contract').waitFor();
    await page.screenshot({ path: `${SHOTS}/staff-account-overdue.png`, fullPage: true });
    await page.setViewportSize({ width: 375, height: 800 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${SHOTS}/staff-account-overdue-phone.png`, fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });
});
