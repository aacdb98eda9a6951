/**
 * End-to-end: a client admin chooses, on their home page at phone width, that the account's audit
 * checkpoint digests go to one address; a wrong address is named; staff see the choice on the
 * account page without a control to change it.
 */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app.ts';
import { makeWorld } from '../support/fixtures.ts';
import { HAVE_CHROMIUM, launchBrowser, signIn, watchConsole } from '../support/browser.ts';

const SHOTS = 'test-results/screenshots';

describe.skipIf(!HAVE_CHROMIUM)('audit digests in the browser', () => {
  let app: TestApp;
  let browser: Browser;
  let world: Awaited<ReturnType<typeof makeWorld>>;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    app = await startTestApp({ ui: true, env: { TRUST_PROXY: 'false' } });
    world = await makeWorld(app.deps.orm.em.fork());
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('a client admin sends the digests to one address, from the home page at 375 px', async () => {
    const page = await browser.newPage({ viewport: { width: 375, height: 800 } });
    const problems = watchConsole(page);
    await signIn(page, app.url, world.users.adminA.email);
    const section = page.getByRole('region', { name: 'Audit digests' });
    await section.getByRole('radio', { name: 'Nobody' }).waitFor({ timeout: 15_000 });
    expect(await section.getByRole('radio', { name: 'Nobody' }).isChecked()).toBe(true);
    await section.getByRole('radio', { name: 'One address' }).check();
    await section.getByRole('button', { name: 'Save' }).click();
    await section.getByText('Enter the address that receives the digests').waitFor({ timeout: 15_000 });
    expect(await section.getByLabel('Address', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await section.getByLabel('Address', { exact: true }).fill('records@client.example');
    await section.getByRole('button', { name: 'Save' }).click();
    await section.getByText('Saved. Sent to records@client.example.').waitFor({ timeout: 15_000 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), 'the home page scrolls sideways at 375 px').toBeLessThanOrEqual(0);
    await section.screenshot({ path: `${SHOTS}/audit-digest-client-375.png` });
    // Reloaded, the choice stays.
    await page.reload();
    const again = page.getByRole('region', { name: 'Audit digests' }).getByLabel('Address', { exact: true });
    await again.waitFor({ timeout: 15_000 });
    expect(await again.inputValue()).toBe('records@client.example');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('staff see the choice on the account page, without a control', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, app.url, world.users.staffA.email);
    await page.goto(`${app.url}/staff/accounts/${world.a.id}`);
    const section = page.getByRole('region', { name: 'Audit digests' });
    await section.getByText('Sent to records@client.example.').waitFor({ timeout: 15_000 });
    expect(await section.getByRole('button').count()).toBe(0);
    expect(await section.getByRole('radio').count()).toBe(0);
    await page.close();
  });
});
