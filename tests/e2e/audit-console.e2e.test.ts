/**
 * End-to-end: the compliance console (issue 12). On the demo portal (scripts/lib/seed-demo.ts, in a
 * database and worker of the test's own, since the demo seeds only an empty database): Acme's client
 * approves the homepage design and signs the services agreement, Northwind countersigns. The
 * reviewer signs in and, starting from the console, finds who approved which version of the design
 * and who signed which agreement — by SHA-256, checked here against the files themselves — and when,
 * in at most three clicks (counted). Every new page is photographed at 1280 and 375 px, and shows no
 * horizontal scroll at 375 px.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ApiClient, ok, startTestApp, type TestApp } from '../support/app.ts';
import { createTestDatabase } from '../support/db.ts';
import { spawnWorker, waitForWorker } from '../support/global-setup.ts';
import { axeViolations, HAVE_CHROMIUM, launchBrowser, signIn, watchConsole } from '../support/browser.ts';
import { DEMO_PASSWORD, seedDemo } from '../../scripts/lib/seed-demo.ts';
import { verifyEvidenceBundle } from '../../scripts/lib/evidence-verify.ts';

const SHOTS = 'test-results/screenshots';
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe.skipIf(!HAVE_CHROMIUM)('the compliance console on the demo portal', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let worker: ReturnType<typeof spawnWorker>;
  let filesDir: string;
  let app: TestApp;
  let browser: Browser;
  const ids = {} as Record<'engagement' | 'deliverable' | 'document', string>;
  const hashes = {} as Record<'design' | 'original' | 'sealed', string>;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    db = await createTestDatabase('console_demo');
    filesDir = mkdtempSync(join(tmpdir(), 'portico-console-files-'));
    const taskQueue = `portico-console-demo-${process.pid}`;
    worker = spawnWorker({ DATABASE_URL: db.url, TEMPORAL_ADDRESS: inject('temporalAddress'), TEMPORAL_TASK_QUEUE: taskQueue, PORTICO_FILES_DIR: filesDir });
    await waitForWorker(worker.child, worker.output);
    app = await startTestApp({ ui: true, env: { DATABASE_URL: db.url, TEMPORAL_TASK_QUEUE: taskQueue, PORTICO_FILES_DIR: filesDir, TRUST_PROXY: 'false' } });
    expect(await seedDemo({ orm: app.deps.orm, temporal: app.deps.temporal, taskQueue, publicUrl: app.url, storage: app.deps.storage })).toBe(true);

    const conn = app.deps.orm.em.fork().getConnection();
    const [row] = await conn.execute<{ engagement: string; deliverable: string; document: string }[]>(
      `select e.id as engagement, d.id as deliverable, s.id as document from engagement e
       join deliverable d on d.engagement_id = e.id join signature_document s on s.engagement_id = e.id where e.title = 'Website build'`);
    Object.assign(ids, row);
    const alex = new ApiClient(app.url, { 'user-agent': 'Alex laptop' });
    const marcus = new ApiClient(app.url, { 'user-agent': 'Marcus laptop' });
    expect((await alex.login('alex@acme.example', DEMO_PASSWORD)).status).toBe(200);
    expect((await marcus.login('marcus@northwind.example', DEMO_PASSWORD)).status).toBe(200);

    // Acme approves the homepage design (the studio approved it internally in the seed).
    const design = await ok(alex.get(`/api/deliverables/${ids.deliverable}`), 'design');
    const version = design.versions[0];
    await ok(alex.post(`/api/deliverables/${ids.deliverable}/decisions`, { versionId: version.id, decision: 'approved' }), 'approve');
    const file = await fetch(`${app.url}/api/deliverables/${ids.deliverable}/versions/1/file`, { headers: { cookie: alex.cookie } });
    expect(file.status).toBe(200);
    hashes.design = sha(Buffer.from(await file.arrayBuffer()));

    // The agreement: Acme's client admin signs first, then the account manager for the studio.
    for (let tries = 0; (await alex.get(`/api/documents/${ids.document}/signing`)).status !== 200; tries++) {
      if (tries > 100) throw new Error('the agreement never reached its signer');
      await new Promise((r) => setTimeout(r, 300));
    }
    for (const [who, name] of [[alex, 'Alex Morgan'], [marcus, 'Marcus Reed']] as const) {
      for (let tries = 0; !(await who.get(`/api/documents/${ids.document}/signing`)).body?.mayAct; tries++) {
        if (tries > 100) break;
        await new Promise((r) => setTimeout(r, 300));
      }
      await ok(who.post(`/api/documents/${ids.document}/signing/viewed`), `${name} viewed`);
      await ok(who.post(`/api/documents/${ids.document}/signing/consent`, { agree: true, disclosureVersion: '2026-11' }), `${name} consent`);
      await ok(who.post(`/api/documents/${ids.document}/signing/sign`, { signature: { type: 'typed', text: name } }), `${name} signs`);
    }
    for (let tries = 0; ; tries++) {
      const doc = (await marcus.get(`/api/documents/${ids.document}`)).body?.document;
      if (doc?.status === 'completed' && doc.sealedSha256) break;
      if (tries > 200) throw new Error(`the agreement was not sealed: ${JSON.stringify(doc)}`);
      await new Promise((r) => setTimeout(r, 300));
    }
    const bytes = async (path: string) => {
      const res = await fetch(app.url + path, { headers: { cookie: marcus.cookie } });
      expect(res.status, path).toBe(200);
      return Buffer.from(await res.arrayBuffer());
    };
    hashes.original = sha(await bytes(`/api/documents/${ids.document}/original`));
    hashes.sealed = sha(await bytes(`/api/documents/${ids.document}/sealed`));
    browser = await launchBrowser();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    worker?.child.kill('SIGTERM');
    if (worker && worker.child.exitCode === null) await new Promise((r) => worker.child.once('exit', r));
    await db?.drop();
    if (filesDir) rmSync(filesDir, { recursive: true, force: true });
  });

  /** The page's text with whitespace collapsed. */
  const text = async (page: Page, selector = 'main') => (await page.locator(selector).first().innerText()).replace(/\s+/g, ' ');

  it('finds who approved and who signed which version, by hash and when, within three clicks of the console', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, timezoneId: 'Europe/Paris' });
    const problems = watchConsole(page);
    await signIn(page, app.url, 'dana@auditors.example', DEMO_PASSWORD);
    let clicks = 0;
    const click = async (locator: ReturnType<Page['getByRole']>) => { clicks += 1; await locator.click(); };

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit' }).click();
    await page.waitForURL(`${app.url}/audit`);
    // From here on, every click counts.
    await click(page.getByRole('region', { name: 'What was approved when' }).getByRole('link', { name: 'Website build' }));
    await page.waitForURL(`${app.url}/audit/engagements/${ids.engagement}`);
    await page.getByRole('heading', { name: 'What was approved when: Website build' }).waitFor();

    // The design: who approved which version (its SHA-256 is the file's), when, in Paris time with the zone named.
    const design = page.locator(`#deliverable-${ids.deliverable}`);
    const designText = (await design.innerText()).replace(/\s+/g, ' ');
    expect(designText).toContain('Alex Morgan approved version 1 (stage client)');
    expect(designText).toContain('Marcus Reed approved version 1 (stage internal)');
    expect(designText).toContain(hashes.design);
    expect(designText).toMatch(/\d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d:\d\d CET/);
    expect(await text(page)).toContain('Times are shown in your time zone, Europe/Paris');

    // The agreement: who signed, when, and the document's original and sealed SHA-256 (the files' own).
    const agreement = page.locator(`#document-${ids.document}`);
    const agreementText = (await agreement.innerText()).replace(/\s+/g, ' ');
    expect(agreementText).toContain('Alex Morgan (Client) signed');
    expect(agreementText).toContain('Marcus Reed (For Northwind Studio) signed');
    expect(agreementText).toContain(hashes.original);
    expect(agreementText).toContain(hashes.sealed);

    // The decision's own audit event: its hash, its predecessor, and that it holds.
    const decision = design.locator('li', { hasText: 'Alex Morgan approved version 1' });
    await click(decision.getByRole('link', { name: /^Event #\d+$/ }));
    await page.waitForURL(/\/audit\/events\/\d+$/);
    await page.getByRole('heading', { name: /^Event #\d+: review\.decision$/ }).waitFor();
    const eventText = await text(page);
    expect(eventText).toContain('This event holds');
    expect(eventText).toContain('alex@acme.example');
    expect(eventText).toContain(hashes.design);
    expect(eventText).toMatch(/Previous hash [0-9a-f]{64}/);
    expect(clicks).toBeLessThanOrEqual(3);
    expect(problems).toEqual([]);
  }, 120_000);

  it('downloads an engagement\'s evidence bundle from its evidence page, and the bundle verifies offline', async () => {
    const page = await browser.newPage({ viewport: { width: 375, height: 800 }, acceptDownloads: true });
    const problems = watchConsole(page);
    await signIn(page, app.url, 'dana@auditors.example', DEMO_PASSWORD);
    await page.goto(`${app.url}/audit/engagements/${ids.engagement}`);
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 60_000 }),
      page.getByRole('button', { name: 'Download the evidence bundle (ZIP)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^portico-evidence-engagement-[0-9a-f]{8}-\d{8}T\d{6}Z\.zip$/);
    const dir = mkdtempSync(join(tmpdir(), 'portico-console-bundle-'));
    const path = join(dir, download.suggestedFilename());
    await download.saveAs(path);
    await page.getByRole('status').getByText(/Saved portico-evidence-engagement-/).waitFor();
    const v = await verifyEvidenceBundle(path);
    expect(v.problems).toEqual([]);
    // The approved design and the sealed agreement are in it, byte for byte.
    const files = v.manifest!.files;
    expect(files.map((f) => f.sha256)).toEqual(expect.arrayContaining([hashes.design, hashes.sealed]));
    expect(problems).toEqual([]);
    rmSync(dir, { recursive: true, force: true });
    await page.close();
  }, 120_000);

  it('filters events with a keyboard-friendly form whose filters live in the URL, and pages with Older and Newer', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, timezoneId: 'Europe/Paris' });
    const problems = watchConsole(page);
    await signIn(page, app.url, 'dana@auditors.example', DEMO_PASSWORD);
    await page.goto(`${app.url}/audit`);
    const form = page.getByRole('search', { name: 'Filter events' });
    await form.getByLabel('Person').fill('ALEX@acme.example');
    await form.getByLabel('Event type').fill('document.');
    await form.getByLabel('Event type').press('Enter');
    await page.waitForURL((u) => u.searchParams.get('person') === 'ALEX@acme.example' && u.searchParams.get('type') === 'document.');
    const events = page.locator('#events ol li');
    await events.first().waitFor();
    const actions = await events.locator('.action').allInnerTexts();
    expect(actions.length).toBeGreaterThan(1);
    expect(actions.every((a) => a.startsWith('document.'))).toBe(true);
    expect(actions).toContain('document.signed');

    // Every event of the demo, ten to a page: one page back and one forward.
    await page.goto(`${app.url}/audit?size=10`);
    await events.first().waitFor();
    const first = await events.locator('.seq').allInnerTexts();
    expect(first.length).toBe(10);
    await page.getByRole('link', { name: 'Older →' }).click();
    await page.waitForURL(/before=\d+&size=10/);
    await expect.poll(async () => { const now = await events.locator('.seq').allInnerTexts(); return now.length > 0 && now[0] !== first[0]; }).toBe(true);
    const second = await events.locator('.seq').allInnerTexts();
    expect(Number(second[0]!.slice(1))).toBeLessThan(Number(first[first.length - 1]!.slice(1)));
    await page.getByRole('link', { name: '← Newer' }).click();
    await page.waitForURL(/after=\d+&size=10/);
    await expect.poll(async () => (await events.locator('.seq').allInnerTexts()).join()).toBe(first.join());
    expect(problems).toEqual([]);
  }, 120_000);

  it('links to the evidence from the deliverable, document, invoice and engagement pages, for reviewers and admins only', async () => {
    const conn = app.deps.orm.em.fork().getConnection();
    const [invoice] = await conn.execute<{ id: string }[]>('select id from invoice where engagement_id = ? and status <> \'draft\' limit 1', [ids.engagement]);
    const pages: [string, string][] = [
      [`/deliverables/${ids.deliverable}`, `/audit/engagements/${ids.engagement}#deliverable-${ids.deliverable}`],
      [`/documents/${ids.document}`, `/audit/engagements/${ids.engagement}#document-${ids.document}`],
      [`/engagements/${ids.engagement}`, `/audit/engagements/${ids.engagement}`],
      ...(invoice ? [[`/invoices/${invoice.id}`, `/audit/engagements/${ids.engagement}#invoice-${invoice.id}`] as [string, string]] : []),
    ];
    for (const [email, shown] of [['dana@auditors.example', true], ['olivia@northwind.example', true], ['marcus@northwind.example', false], ['alex@acme.example', false]] as const) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await signIn(page, app.url, email, DEMO_PASSWORD);
      for (const [path, href] of pages) {
        await page.goto(app.url + path);
        await page.locator('h1').first().waitFor();
        await page.waitForLoadState('networkidle');
        const link = page.getByRole('main').getByRole('link', { name: 'Evidence', exact: true });
        expect(await link.count(), `${email} ${path}`).toBe(shown ? 1 : 0);
        if (shown) expect(await link.getAttribute('href'), path).toBe(href);
      }
      await page.close();
    }
    // The deliverable's history says when, absolutely, not only "minutes ago".
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, timezoneId: 'America/New_York' });
    await signIn(page, app.url, 'dana@auditors.example', DEMO_PASSWORD);
    await page.goto(`${app.url}/deliverables/${ids.deliverable}`);
    await page.getByText('Alex Morgan', { exact: false }).first().waitFor();
    expect(await text(page)).toMatch(/\d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d:\d\d GMT-[45] · (just now|\d+ minutes? ago)/);
  }, 120_000);

  it('shows every console page at 1280 and 375 px without horizontal scrolling', async () => {
    const seq = (await app.deps.orm.em.fork().getConnection().execute<{ seq: string }[]>(
      `select seq from audit_event where action = 'review.decision' and actor_email = 'alex@acme.example'`))[0]!.seq;
    for (const width of [1280, 375]) {
      const page = await browser.newPage({ viewport: { width, height: 900 }, timezoneId: 'Europe/Paris' });
      const problems = watchConsole(page);
      await signIn(page, app.url, 'dana@auditors.example', DEMO_PASSWORD);
      for (const [name, path] of [['audit', '/audit'], ['audit-filtered', `/audit?engagement=${ids.engagement}&type=document.`], ['audit-event', `/audit/events/${seq}`], ['audit-engagement', `/audit/engagements/${ids.engagement}`]]) {
        await page.goto(app.url + path);
        await page.locator('h1').first().waitFor();
        await page.waitForLoadState('networkidle');
        await expect.poll(() => page.getByText('Loading…').count(), { timeout: 15_000 }).toBe(0);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow, `${name} at ${width} px`).toBeLessThanOrEqual(0);
        await page.screenshot({ path: `${SHOTS}/console-${name}-${width}.png`, fullPage: true });
        await page.screenshot({ path: `${SHOTS}/console-${name}-${width}-top.png` });
        expect(await axeViolations(page), `${name} at ${width} px`).toEqual([]);
      }
      expect(problems).toEqual([]);
      await page.close();
    }
  }, 120_000);
});
