/**
 * End-to-end: an admin adds a deliverable with its review stages in the template editor, meets a
 * mistake caught in the browser and one the API reports, fixes both and publishes; the saved
 * definition holds the deliverable exactly as entered, and the editor shows it again on reload.
 */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { startTestApp, ApiClient, type TestApp } from '../support/app.ts';
import { makeWorld, PASSWORD } from '../support/fixtures.ts';
import { axeViolations, HAVE_CHROMIUM, launchBrowser, watchConsole } from '../support/browser.ts';
import { SAMPLE_TEMPLATE } from '../../web-api/templates/sample-template.ts';
import { TemplateDefinition } from '../../web-api/templates/template-format.ts';
import { fromDefinition, toDefinition } from '../../ui/src/lib/templates/draft-model.ts';
import type { TemplateDefinition as EditorDefinition } from '../../ui/src/lib/api/schema.d.ts';

const SHOTS = 'test-results/screenshots';

describe("the editor's draft and the API's template format", () => {
  it('a template as the API stores it passes through the draft unchanged and is accepted again', () => {
    const stored = TemplateDefinition.parse(SAMPLE_TEMPLATE) as EditorDefinition;
    const out = toDefinition(fromDefinition(stored));
    expect(out.deliverables).toEqual(stored.deliverables);
    // The draft works in days: the sample's one-week checklist item comes back as seven days.
    expect(TemplateDefinition.parse(out)).toEqual({ ...stored, checklist: stored.checklist.map((c) => (c.due === 'P1W' ? { ...c, due: 'P7D' } : c)) });
  });
});

describe.skipIf(!HAVE_CHROMIUM)('deliverables in the template editor', () => {
  let app: TestApp;
  let browser: Browser;
  let world: Awaited<ReturnType<typeof makeWorld>>;

  async function signIn(page: Page, email: string) {
    await page.goto(`${app.url}/login`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  const activeId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');
  const stage = (page: Page, n: number): Locator => page.getByRole('group', { name: new RegExp(`^Stage ${n}\\b`) });

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    app = await startTestApp({ ui: true, env: { TRUST_PROXY: 'false' } });
    world = await makeWorld(app.deps.orm.em.fork());
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('an admin adds a reviewed deliverable, fixes what is refused, publishes, and the template holds it as entered', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems = watchConsole(page);
    await signIn(page, world.users.admin.email);
    await page.waitForURL(`${app.url}/staff`);
    await page.goto(`${app.url}/admin/templates/new`);
    const name = `Website with reviews ${Date.now()}`;
    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByLabel('Phase title').fill('Design');
    await page.getByLabel('Milestone 1', { exact: true }).fill('Designs approved');

    const section = page.locator('section[aria-labelledby="t-deliverables"]');
    const live = page.locator('.visually-hidden[aria-live="polite"]');
    await section.getByText('No deliverables yet.').waitFor();
    await page.getByRole('button', { name: 'Add deliverable' }).click();
    await expect.poll(() => live.textContent()).toBe('Deliverable added.');
    expect(await activeId(page)).toBe('f-deliverables-0-title');
    await page.keyboard.type('Homepage design');
    const deliverable = page.getByRole('group', { name: 'Deliverable 1: Homepage design' });
    await deliverable.getByLabel('Description').fill('Layout, imagery and headline copy.');

    // A new deliverable comes with one stage, which has no stage before it to run alongside.
    await stage(page, 1).getByLabel('Stage title').fill('Internal review');
    await stage(page, 1).getByLabel('Who reviews').selectOption({ label: 'The account team' });
    expect(await stage(page, 1).getByLabel('Approval from').inputValue()).toBe('any');
    await stage(page, 1).getByLabel('Due (days after the stage opens)').fill('3');
    await stage(page, 1).getByLabel('Reminders before due').fill('');
    expect(await stage(page, 1).getByLabel('Runs alongside the previous stage').isDisabled()).toBe(true);

    await page.getByRole('button', { name: 'Add stage to deliverable Homepage design' }).click();
    await expect.poll(() => live.textContent()).toBe('Stage added.');
    expect(await activeId(page)).toBe('f-deliverables-0-review-stages-1-title');
    await page.keyboard.type('Client review');
    await stage(page, 2).getByLabel('Who reviews').selectOption({ label: 'All client users' });
    await stage(page, 2).getByLabel('Approval from').selectOption({ label: 'Every reviewer' });
    await stage(page, 2).getByLabel('Runs alongside the previous stage').check();
    await stage(page, 2).getByLabel('Due (days after the stage opens)').fill('');
    await stage(page, 2).getByLabel('Reminders before due').fill('1, 2');
    await deliverable.getByLabel('Clients may download once approved').uncheck();

    // A third stage, added and removed again: the change is announced and the focus stays put.
    await page.getByRole('button', { name: 'Add stage to deliverable Homepage design' }).click();
    await expect.poll(() => live.textContent()).toBe('Stage added.');
    await page.getByRole('button', { name: 'Remove stage 3 of deliverable Homepage design' }).click();
    await expect.poll(() => live.textContent()).toBe('Stage 3 removed.');
    expect(await activeId(page)).toMatch(/-add-stage$/);
    expect(await stage(page, 3).count()).toBe(0);

    // The preview shows the deliverable as the client will see it.
    const preview = page.getByRole('complementary', { name: 'Preview and history' });
    await preview.getByText('Homepage design').waitFor();
    const steps = preview.getByRole('list', { name: 'Review of Homepage design' }).getByRole('listitem');
    expect(await steps.allTextContents()).toEqual([
      expect.stringMatching(/^Internal review:\s+The account team, any one reviewer approves\s+\(first, 3 days to review\)$/),
      expect.stringMatching(/^Client review:\s+All client users, every reviewer approves\s+\(with the stage before\)$/),
    ]);
    await preview.getByText('Not for download').waitFor();

    // An empty due date is caught before sending, on its input.
    const due2 = stage(page, 2).getByLabel('Due (days after the stage opens)');
    await page.getByRole('button', { name: 'Publish version' }).click();
    await page.getByRole('alert').getByText('Some entries need fixing before this can be published.').waitFor();
    expect(await due2.getAttribute('aria-invalid')).toBe('true');
    const dueError = page.locator(`#${await due2.getAttribute('id')}-error`);
    expect(await dueError.textContent()).toBe('Enter a whole number of days from 0 to 999');
    expect(await due2.getAttribute('aria-describedby')).toBe('f-deliverables-0-review-stages-1-due-error');
    // The summary names it and links to it.
    const link = page.getByRole('link', { name: 'Deliverable 1, stage 2: Due: Enter a whole number of days from 0 to 999' });
    expect(await link.getAttribute('href')).toBe('#f-deliverables-0-review-stages-1-due');
    await due2.fill('5');

    // A stage without a title is refused by the API; its error lands on that stage's title.
    await stage(page, 2).getByLabel('Stage title').fill('');
    await page.getByRole('button', { name: 'Publish version' }).click();
    await page.getByRole('link', { name: 'Deliverable 1, stage 2: Title: Required' }).waitFor();
    const title2 = stage(page, 2).getByLabel('Stage title');
    expect(await title2.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#f-deliverables-0-review-stages-1-title-error').textContent()).toBe('Required');
    expect(await due2.getAttribute('aria-invalid')).toBeNull();
    expect(page.url()).toBe(`${app.url}/admin/templates/new`);
    await section.screenshot({ path: `${SHOTS}/template-deliverables-error.png` });

    await title2.fill('Client review');
    await page.getByRole('button', { name: 'Publish version' }).click();
    await page.waitForURL(/\/admin\/templates\/[0-9a-f-]{36}$/);
    await page.getByText('Version 1 published.').first().waitFor();
    const id = page.url().split('/').pop()!;

    const entered = {
      key: 'homepage-design', title: 'Homepage design', description: 'Layout, imagery and headline copy.',
      review: {
        stages: [
          { key: 'internal-review', title: 'Internal review', reviewers: 'account_team', rule: 'any', parallel: false, due: 'P3D', reminders: { before: [] } },
          { key: 'client-review', title: 'Client review', reviewers: 'client_users', rule: 'all', parallel: true, due: 'P5D', reminders: { before: ['P1D', 'P2D'] } },
        ],
        unlockOnApproval: false,
      },
    };
    const admin = new ApiClient(app.url);
    await admin.login(world.users.admin.email, PASSWORD);
    const saved = await admin.get(`/api/templates/${id}`);
    expect(saved.status).toBe(200);
    expect(saved.body.definition.deliverables).toEqual([entered]);
    const exported = await admin.get(`/api/templates/${id}/export`);
    expect(exported.body.deliverables).toEqual([entered]);

    // Opened again, the editor shows what was saved.
    await page.reload();
    await stage(page, 2).getByLabel('Stage title').waitFor();
    expect(await stage(page, 1).getByLabel('Who reviews').inputValue()).toBe('account_team');
    expect(await stage(page, 2).getByLabel('Approval from').inputValue()).toBe('all');
    expect(await stage(page, 2).getByLabel('Runs alongside the previous stage').isChecked()).toBe(true);
    expect(await stage(page, 2).getByLabel('Due (days after the stage opens)').inputValue()).toBe('5');
    expect(await stage(page, 2).getByLabel('Reminders before due').inputValue()).toBe('1, 2');
    expect(await page.getByLabel('Clients may download once approved').isChecked()).toBe(false);
    await section.screenshot({ path: `${SHOTS}/template-deliverables.png` });
    await preview.screenshot({ path: `${SHOTS}/template-deliverables-preview.png` });
    // The whole editor passes axe (the preview column, which scrolls on its own, included).
    expect(await axeViolations(page), 'the editor at 1280 px').toEqual([]);

    // Readable on a phone: nothing runs off the side of the page.
    await page.setViewportSize({ width: 375, height: 800 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await section.screenshot({ path: `${SHOTS}/template-deliverables-phone.png` });
    await preview.screenshot({ path: `${SHOTS}/template-deliverables-preview-phone.png` });
    expect(await axeViolations(page), 'the editor at 375 px').toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  }, 90_000);
});
