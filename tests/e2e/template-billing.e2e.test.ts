/**
 * End-to-end: an admin gives a template a billing schedule in the editor (a deposit sent when the
 * engagement starts, a balance drafted when a milestone is completed), meets a mistake caught in
 * the browser, and publishes; the preview says what the client will be billed. Staff start an
 * engagement from it and the client finds the deposit, with its tax, in their billing.
 */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestApp, ApiClient, type TestApp } from '../support/app.ts';
import { makeWorld, PASSWORD } from '../support/fixtures.ts';
import { HAVE_CHROMIUM, launchBrowser, signIn, watchConsole } from '../support/browser.ts';
import { pauseWork } from '../../db/work-pause.ts';

const SHOTS = 'test-results/screenshots';

describe.skipIf(!HAVE_CHROMIUM)('a billing schedule in the template editor', () => {
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

  it('an admin schedules a deposit and a balance; the client is billed the deposit when the engagement starts', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems = watchConsole(page);
    await signIn(page, app.url, world.users.admin.email);
    await page.goto(`${app.url}/admin/templates/new`);
    const name = `Website with a deposit ${Date.now()}`;
    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByLabel('Phase title').fill('Build');
    await page.getByLabel('Milestone 1', { exact: true }).fill('Launch');

    const section = page.getByRole('region', { name: 'Billing' });
    const live = page.locator('.visually-hidden[aria-live="polite"]').first();
    await section.getByLabel('This template bills on a schedule').check();
    await section.getByLabel('Currency').fill('EUR');
    await section.getByLabel('Tax rate (%)').fill('20');

    await section.getByRole('button', { name: 'Add scheduled invoice' }).click();
    await expect.poll(() => live.textContent()).toBe('Scheduled invoice added.');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-billing-schedule-0-title');
    await page.keyboard.type('Deposit');
    const deposit = section.getByRole('group', { name: 'Scheduled invoice 1: Deposit' });
    expect(await deposit.getByLabel('Made').inputValue()).toBe('date');
    await deposit.getByLabel('Days after the start').fill('0');
    await deposit.getByLabel('Payment terms (days after issue)').fill('14');
    await deposit.getByLabel('Description').fill('Deposit, 25% of the build');
    await deposit.getByLabel('Amount (EUR)').fill('five hundred');
    await deposit.getByLabel('Send it automatically').check();

    await section.getByRole('button', { name: 'Add scheduled invoice' }).click();
    await page.keyboard.type('Balance');
    const balance = section.getByRole('group', { name: 'Scheduled invoice 2: Balance' });
    await balance.getByLabel('Made').selectOption('milestone');
    await balance.getByLabel('Milestone').selectOption({ label: 'Launch (Build)' });
    await balance.getByLabel('Description').fill('Build, the rest');
    await balance.getByLabel('Amount (EUR)').fill('1500');

    // An amount that is not one is caught before sending, at its input.
    await page.getByRole('button', { name: 'Publish version' }).click();
    await page.getByRole('alert').getByText('Some entries need fixing before this can be published.').waitFor();
    const amount = deposit.getByLabel('Amount (EUR)');
    expect(await amount.getAttribute('aria-invalid')).toBe('true');
    await section.screenshot({ path: `${SHOTS}/template-billing-error.png` });
    await amount.fill('500.00');

    // The preview says what will be billed and when.
    const preview = page.getByRole('complementary', { name: 'Preview and history' });
    await preview.getByText('Deposit', { exact: true }).waitFor();
    await preview.getByText('Balance', { exact: true }).waitFor();

    await page.getByRole('button', { name: 'Publish version' }).click();
    await page.waitForURL(/\/admin\/templates\/[0-9a-f-]{36}$/);
    await page.getByText('Version 1 published.').first().waitFor();
    const templateId = page.url().split('/').pop()!;
    await section.screenshot({ path: `${SHOTS}/template-billing.png` });
    await preview.screenshot({ path: `${SHOTS}/template-billing-preview.png` });

    const admin = new ApiClient(app.url);
    await admin.login(world.users.admin.email, PASSWORD);
    const billing = (await admin.get(`/api/templates/${templateId}`)).body.definition.billing;
    expect(billing).toMatchObject({ currency: 'EUR', taxRateBp: 2000 });
    expect(billing.schedule.map((e: { title: string; trigger: unknown; dueDays: number; autoSend: boolean; lines: { description: string; unitMinor: number }[] }) =>
      [e.title, e.trigger, e.dueDays, e.autoSend, e.lines.map((l) => [l.description, l.unitMinor])])).toEqual([
      ['Deposit', { type: 'date', after: 'P0D' }, 14, true, [['Deposit, 25% of the build', 50000]]],
      ['Balance', { type: 'milestone', milestone: expect.any(String) }, 30, false, [['Build, the rest', 150000]]],
    ]);

    // On a phone the section stays within the screen.
    await page.setViewportSize({ width: 375, height: 800 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await section.screenshot({ path: `${SHOTS}/template-billing-phone.png` });
    expect(problems).toEqual([]);
    await page.close();

    // ---- An engagement from the template: the client is billed the deposit with its tax ----
    const staff = new ApiClient(app.url);
    await staff.login(world.users.staffA.email, PASSWORD);
    const started = await staff.post(`/api/accounts/${world.a.id}/engagements`, { templateId });
    expect(started.status).toBe(201);
    const engagementId = started.body.engagement.id as string;
    const client = await browser.newPage({ viewport: { width: 375, height: 800 } });
    const clientProblems = watchConsole(client);
    await signIn(client, app.url, world.users.adminA.email);
    await expect.poll(async () => {
      await client.goto(`${app.url}/invoices`);
      await client.getByRole('heading', { level: 1 }).waitFor();
      return client.getByText('€600.00').count();
    }, { timeout: 20_000 }).toBeGreaterThan(0);
    await client.screenshot({ path: `${SHOTS}/template-billing-client-phone.png`, fullPage: true });

    // Left unpaid past a "pause new work" step, the engagement's page says so and links to the invoice.
    const em = app.deps.orm.em.fork();
    const [invoice] = await em.getConnection().execute<{ id: string }[]>('select id from invoice where engagement_id = ? and number is not null', [engagementId]);
    await em.transactional((tx) => pauseWork(tx, { invoiceId: invoice!.id, accountId: world.a.id, stepKey: 'final', invoiceLabel: 'INV-000001' }));
    await client.goto(`${app.url}/engagements/${engagementId}`);
    const banner = client.getByRole('status').filter({ hasText: 'New work is paused.' });
    await banner.getByRole('link', { name: /^INV-/ }).waitFor();
    await banner.getByText(/is overdue: new work waits until it is paid\.$/).waitFor();
    await client.screenshot({ path: `${SHOTS}/work-paused-client-phone.png` });
    expect(clientProblems).toEqual([]);
    await client.close();
  }, 120_000);
});
