/**
 * End-to-end: invoicing and dunning in the browser. Staff write an invoice with a short reminder
 * policy and send it; a dunning "day" is a second here, so the reminder and the late fee arrive
 * within seconds. The client sees it on their home page, disputes it, staff resolve the dispute,
 * the client pays by bank transfer (after an amount above the balance is refused), staff confirm,
 * and the invoice is paid with its dunning workflow finished. Phone and desktop screenshots.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, ApiClient, type TestApp } from '../support/app.ts';
import { makeWorld, PASSWORD } from '../support/fixtures.ts';
import { HAVE_CHROMIUM, launchBrowser } from '../support/browser.ts';
import { dunningWorkflowId } from '../../workflows/dunning.ts';

const SHOTS = 'test-results/screenshots';
let app: TestApp;
let browser: Browser;
let world: Awaited<ReturnType<typeof makeWorld>>;
let staffApi: ApiClient;

/** Every console error and page error: this flow causes no failed request on purpose (amounts are checked before sending). */
function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(msg.text()); });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  return problems;
}

async function signIn(page: Page, email: string) {
  await page.goto(`${app.url}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Screenshots at desktop and phone width; at 375 px the page must not scroll sideways. */
async function shoot(page: Page, name: string) {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
  await page.setViewportSize({ width: 375, height: 800 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), `${name} scrolls sideways at 375 px`).toBeLessThanOrEqual(0);
  await page.screenshot({ path: `${SHOTS}/${name}-phone.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
}

const outbox = async (like: string) => app.deps.orm.em.getConnection().execute<{ to_address: string }[]>(
  'select to_address from outbox_email where idempotency_key like ?', [like]);

describe.skipIf(!HAVE_CHROMIUM)('billing in the browser', () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    app = await startTestApp({ ui: true, env: { TRUST_PROXY: 'false', PORTICO_DAY_MS: '1000', PORTICO_FILES_DIR: inject('filesDir') } });
    world = await makeWorld(app.deps.orm.em.fork());
    staffApi = new ApiClient(app.url);
    expect((await staffApi.login(world.users.staffA.email, PASSWORD)).status).toBe(200);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('staff invoice, the client is reminded, charged a late fee once, disputes, pays by transfer; staff confirm and the dunning stops', async () => {
    const staff = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const staffProblems = watchConsole(staff);
    await signIn(staff, world.users.staffA.email);
    await staff.waitForURL(`${app.url}/staff`);

    // Staff write the invoice from the account page.
    await staff.goto(`${app.url}/staff/accounts/${world.a.id}`);
    await staff.getByRole('heading', { name: 'Invoices' }).waitFor();
    await staff.getByText('No invoices yet.').waitFor();
    await staff.getByRole('link', { name: 'New invoice' }).click();
    await staff.getByRole('heading', { name: 'New invoice' }).waitFor();
    // Due "tomorrow" (the API counts days in UTC): with a day of one second, due about a second after sending.
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await staff.getByLabel('Due date', { exact: true }).fill(tomorrow);
    await staff.getByLabel('VAT rate (%)').fill('20');
    await staff.getByLabel('Description of line 1').fill('Design sprint');
    await staff.getByLabel('Quantity of line 1').fill('2');
    await staff.getByLabel('Unit price (EUR) of line 1').fill('150.00');
    await staff.getByRole('button', { name: 'Add line' }).click();
    await staff.getByLabel('Description of line 2').fill('Hosting, one month');
    await staff.getByLabel('Unit price (EUR) of line 2').fill('99.99');
    // A bad amount is named at its field before anything is sent.
    await staff.getByLabel('Quantity of line 2').fill('1.0005');
    await staff.getByRole('button', { name: 'Save draft' }).click();
    await staff.getByRole('alert').getByRole('link', { name: 'Line 2 quantity: Use at most 3 decimals' }).waitFor();
    await staff.getByLabel('Quantity of line 2').fill('1');
    await staff.getByText('€479.99').waitFor(); // 2 × 150.00 + 99.99 = 399.99, VAT 80.00
    // The reminder policy: on the due date, then a day later with a fixed late fee of 25.00.
    await staff.getByText('Reminders and late fees').click();
    for (let i = 0; i < 4; i++) await staff.getByRole('button', { name: 'Remove step 1' }).click();
    await staff.getByRole('button', { name: 'Add step' }).click();
    await staff.locator('[id="dunning.steps.0.offsetDays"]').fill('0');
    await staff.getByRole('button', { name: 'Add step' }).click();
    await staff.locator('[id="dunning.steps.1.offsetDays"]').fill('1');
    await staff.locator('[id="dunning.steps.1.feeType"]').selectOption('fixed');
    await staff.getByLabel('Fee (EUR)').fill('25.00');
    await staff.getByLabel('Then remind every (days)').fill('');
    await shoot(staff, 'billing-new-invoice');
    await staff.getByRole('button', { name: 'Save and send' }).click();
    await staff.waitForURL(/\/invoices\/[0-9a-f-]{36}$/);
    const id = staff.url().split('/').pop()!;
    await staff.getByRole('heading', { name: /^Invoice INV-\d{6}$/ }).waitFor();
    await staff.getByText(/was sent to the client/).waitFor();
    const label = (await staff.getByRole('heading', { level: 1 }).textContent())!.replace('Invoice ', '');

    const stored = (await staffApi.get(`/api/invoices/${id}`)).body.invoice;
    // A dunning "day" is a second here: on a loaded machine the due date may already have passed.
    expect(['sent', 'overdue']).toContain(stored.status);
    expect(stored).toMatchObject({ currency: 'EUR', taxRateBp: 2000, dueDate: tomorrow, subtotalMinor: 39999, taxMinor: 8000, totalMinor: 47999 });
    expect(stored.lines.map((l: { description: string; quantityMilli: number; unitMinor: number }) => [l.description, l.quantityMilli, l.unitMinor]))
      .toEqual([['Design sprint', 2000, 15000], ['Hosting, one month', 1000, 9999]]);
    expect(stored.dunning.policy).toEqual({ steps: [{ key: 'due', offsetDays: 0, lateFee: null, escalation: null }, { key: 'after-1d', offsetDays: 1, lateFee: { type: 'fixed', amountMinor: 2500 }, escalation: null }], repeatEveryDays: null, finalAction: null });

    // The reminder on the due date goes to each client user; a day later the fee is added, once.
    await expect.poll(async () => (await outbox(`dunning:${id}:due:%`)).map((m) => m.to_address).sort(), { timeout: 15_000 })
      .toEqual([world.users.adminA.email, world.users.memberA.email].sort());
    await expect.poll(async () => (await staffApi.get(`/api/invoices/${id}`)).body.invoice.status, { timeout: 15_000 }).toBe('overdue');
    await expect.poll(async () => (await staffApi.get(`/api/invoices/${id}`)).body.invoice.dunning.steps.map((s: { status: string }) => s.status), { timeout: 15_000 }).toEqual(['done', 'done']);
    const fees = await app.deps.orm.em.getConnection().execute<{ amount_minor: string }[]>(`select amount_minor from invoice_line where invoice_id = ? and kind = 'late_fee'`, [id]);
    expect(fees.map((f) => Number(f.amount_minor))).toEqual([2500]);

    // The client finds it on their home page, overdue, with the fee on it.
    const client = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const clientProblems = watchConsole(client);
    await signIn(client, world.users.memberA.email);
    await client.waitForURL(`${app.url}/`);
    const billing = client.getByRole('region', { name: 'Billing' });
    await billing.getByText('Open balance: €504.99').waitFor();
    await billing.getByText('Overdue', { exact: true }).waitFor();
    await shoot(client, 'billing-client-home');
    await client.getByRole('link', { name: 'Billing', exact: true }).click();
    await client.getByRole('heading', { name: 'Billing', level: 1 }).waitFor();
    await shoot(client, 'billing-client-list');
    // The link names the amount for screen readers ("INV-000001, €504.99").
    await client.getByRole('link', { name: new RegExp(`^${label}\\s*, €504\\.99$`) }).click();
    await client.getByRole('heading', { name: `Invoice ${label}` }).waitFor();
    await client.getByText('This invoice is overdue').waitFor();
    const feeRows = client.getByRole('row').filter({ hasText: 'Late fee' });
    expect(await feeRows.count()).toBe(1);
    expect(await feeRows.first().textContent()).toContain('€25.00');
    const totals = client.locator('dl.totals');
    expect((await totals.innerText()).replace(/\s+/g, ' ')).toBe('Subtotal €399.99 VAT 20 % €80.00 Late fees €25.00 Total €504.99 Balance due €504.99');
    await shoot(client, 'billing-client-overdue');

    // The client disputes it.
    await client.getByRole('button', { name: 'Dispute this invoice' }).click();
    await client.getByLabel('What is wrong with this invoice?').fill('The hosting month was already paid.');
    await client.getByRole('button', { name: 'Send dispute' }).click();
    await client.getByText('Your dispute is sent to the team').waitFor();
    await client.locator('.head-side').getByText('Disputed', { exact: true }).waitFor();
    await client.getByText('Payments wait until the dispute is resolved.').waitFor();
    await shoot(client, 'billing-client-disputed');

    // Staff answer and resolve it; the invoice is overdue again.
    await staff.reload();
    await staff.getByText('The client disputes this invoice.').waitFor();
    await staff.getByText('The hosting month was already paid.').waitFor();
    await staff.getByLabel('Reply').fill('We are checking with accounts.');
    await staff.getByRole('button', { name: 'Send reply' }).click();
    await staff.getByText('We are checking with accounts.').waitFor();
    await staff.getByLabel('How was it resolved?').fill('Hosting was not paid for this month; the invoice stands.');
    await staff.getByRole('button', { name: 'Resolve dispute' }).click();
    await staff.getByText('The dispute is resolved.').waitFor();
    await staff.locator('.head-side').getByText('Overdue', { exact: true }).waitFor();

    // The client pays: more than the balance is refused at the field, then the balance.
    await client.reload();
    await client.getByText('Resolved: Hosting was not paid for this month; the invoice stands.').waitFor();
    const amount = client.getByLabel('Amount (EUR)');
    expect(await amount.inputValue()).toBe('504.99');
    await amount.fill('600.00');
    await client.getByLabel('Transfer reference').fill(`${label} transfer`);
    await client.getByRole('button', { name: 'I have paid by bank transfer' }).click();
    await client.locator('#pay-amount-error').getByText('At most €504.99, the balance due').waitFor();
    expect(await amount.getAttribute('aria-invalid')).toBe('true');
    await amount.fill('504.99');
    await client.getByRole('button', { name: 'I have paid by bank transfer' }).click();
    await client.getByText('Your transfer of €504.99 is recorded').waitFor();
    await client.getByRole('region', { name: 'Payments' }).getByText('Awaiting confirmation', { exact: true }).waitFor();
    await shoot(client, 'billing-client-paid-pending');

    // Staff confirm the transfer: paid, and no step is left pending.
    await staff.reload();
    await shoot(staff, 'billing-staff-invoice');
    await staff.getByRole('button', { name: /^Confirm receipt of €504\.99/ }).click();
    await staff.getByText('The invoice is paid.').waitFor();
    await staff.locator('.head-side').getByText('Paid', { exact: true }).waitFor();
    const schedule = staff.getByRole('region', { name: 'Reminders and late fees' });
    expect(await schedule.getByText('Done', { exact: true }).count()).toBe(2);
    expect(await schedule.getByText('Pending', { exact: true }).count()).toBe(0);
    const handle = app.deps.temporal.workflow.getHandle(dunningWorkflowId(id));
    await expect.poll(async () => (await handle.describe()).status.name, { timeout: 15_000 }).toBe('COMPLETED');
    expect(await handle.result()).toMatchObject({ status: 'paid' });
    await shoot(staff, 'billing-staff-paid');

    // The client sees it paid, and downloads the PDF.
    await client.reload();
    await client.getByText('Paid in full. Thank you.').waitFor();
    const [download] = await Promise.all([client.waitForEvent('download'), client.getByRole('link', { name: `Download PDF of invoice ${label}` }).click()]);
    const pdf = readFileSync((await download.path())!);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(download.suggestedFilename()).toBe(`${label} (current).pdf`);
    await client.getByText(/has the SHA-256 fingerprint/).waitFor();
    await shoot(client, 'billing-client-paid');

    expect(staffProblems).toEqual([]);
    expect(clientProblems).toEqual([]);
    await staff.close();
    await client.close();
  }, 120_000);
});
