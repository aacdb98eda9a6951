/**
 * End-to-end: a deliverable's review in the browser, two rounds. Staff add the deliverable (an
 * internal stage for the account team, then a client stage every client user must approve) and
 * upload version 1; the account team approves; the client finds it first under "Waiting on you",
 * requests changes (the comment is required); staff upload version 2; both stages approve it; the
 * client downloads exactly version 2, and the history shows both rounds with their versions' hashes.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { ApiClient, startTestApp, type TestApp } from '../support/app.ts';
import { makeWorld, PASSWORD } from '../support/fixtures.ts';
import { HAVE_CHROMIUM, launchBrowser, watchConsole } from '../support/browser.ts';

const SHOTS = 'test-results/screenshots';
const TITLE = 'Homepage design';
let app: TestApp;
let browser: Browser;
let world: Awaited<ReturnType<typeof makeWorld>>;
let engagementId: string;
let deliverableId: string;
let v1: Buffer;
let v2: Buffer;

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const short = (b: Buffer) => sha(b).slice(0, 12);

async function pdf(text: string): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const p = doc.addPage([595, 842]);
  p.drawText(text, { x: 60, y: 760, size: 28, font });
  p.drawText('Hero, navigation and footer for review.', { x: 60, y: 720, size: 14, font });
  return Buffer.from(await doc.save());
}

async function signIn(page: Page, email: string) {
  await page.goto(`${app.url}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

/** Signed in, with its console watched (4xx answers the test causes on purpose are filtered by watchConsole). */
async function open(email: string, width = 1280): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  const problems = watchConsole(page);
  await signIn(page, email);
  return { page, problems };
}

/** A screenshot at desktop width, then at 375 px with no horizontal scroll. */
async function shoot(page: Page, name: string) {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
  await page.setViewportSize({ width: 375, height: 800 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `${name} scrolls sideways at 375 px`).toBeLessThanOrEqual(0);
  await page.screenshot({ path: `${SHOTS}/${name}-phone.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
}

const reviewPage = (page: Page) => page.goto(`${app.url}/deliverables/${deliverableId}`);
const progress = (page: Page) => page.getByRole('region', { name: 'Review progress' });
const decide = async (page: Page, choice: string, comment?: string) => {
  await page.getByLabel(choice, { exact: true }).check();
  if (comment !== undefined) await page.getByLabel(/^Comment \(/).fill(comment);
  await page.getByRole('button', { name: /^Send my/ }).click();
};

describe.skipIf(!HAVE_CHROMIUM)('deliverable review in the browser', () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    app = await startTestApp({ ui: true, env: { TRUST_PROXY: 'false' } });
    world = await makeWorld(app.deps.orm.em.fork());
    const staff = new ApiClient(app.url);
    await staff.login(world.users.staffA.email, PASSWORD);
    const res = await staff.post(`/api/accounts/${world.a.id}/engagements`, { title: 'Website redesign', milestones: ['Kickoff', { title: 'Share brand assets', owner: 'client' }, 'Launch'] });
    expect(res.status).toBe(201);
    engagementId = res.body.engagement.id;
    // The client also has a milestone waiting: the review must still come first.
    expect((await staff.post(`/api/engagements/${engagementId}/milestones/m1/complete`)).status).toBe(200);
    [v1, v2] = [await pdf('Homepage design - version 1'), await pdf('Homepage design - version 2')];
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('staff add a deliverable with two stages and upload version 1 from the engagement page', async () => {
    const { page, problems } = await open(world.users.staffA.email);
    await page.goto(`${app.url}/engagements/${engagementId}`);
    const section = page.getByRole('region', { name: 'Deliverables' });
    await section.getByText('No deliverables yet.').waitFor();
    await section.getByRole('button', { name: 'Add a deliverable' }).click();
    await section.getByLabel('Title').fill(TITLE);
    await section.getByLabel(/^Description/).fill('Hero, navigation and footer.');
    // The sensible default: the account team (one approval), then every client user (all must approve).
    const stageNames = section.getByLabel('Stage name');
    expect([await stageNames.nth(0).inputValue(), await stageNames.nth(1).inputValue()]).toEqual(['Internal review', 'Client review']);
    expect([await section.getByLabel('Reviewers').nth(0).inputValue(), await section.getByLabel('Who must approve').nth(0).inputValue()]).toEqual(['account_team', 'any']);
    expect([await section.getByLabel('Reviewers').nth(1).inputValue(), await section.getByLabel('Who must approve').nth(1).inputValue()]).toEqual(['client_users', 'all']);
    // Adding a third stage and removing it again leaves the two.
    await section.getByRole('button', { name: 'Add a stage' }).click();
    expect(await stageNames.count()).toBe(3);
    await section.getByRole('button', { name: 'Remove stage 3' }).click();
    expect(await stageNames.count()).toBe(2);
    await shoot(page, 'review-add-deliverable');
    await section.getByRole('button', { name: 'Add the deliverable' }).click();

    const link = section.getByRole('link', { name: TITLE });
    await link.waitFor();
    deliverableId = (await link.getAttribute('href'))!.split('/').pop()!;
    await section.getByText('Awaiting a version').waitFor();
    await section.getByText(`Upload a new version of ${TITLE}`).click();
    await section.getByLabel(`Version 1 of ${TITLE}`).setInputFiles({ name: 'homepage-v1.pdf', mimeType: 'application/pdf', buffer: v1 });
    await section.getByRole('button', { name: `Upload version 1 of ${TITLE}` }).click();
    await section.getByText('In review', { exact: true }).waitFor();
    await section.getByText('1 · round 1').waitFor();
    await shoot(page, 'review-engagement-staff');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('the account team approves the internal stage on the review page, and leaves an internal note and a comment', async () => {
    const { page, problems } = await open(world.users.staffA.email);
    await reviewPage(page);
    await page.getByRole('heading', { name: TITLE, level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'Your decision on version 1' }).waitFor();
    await page.locator('iframe[title^="Version 1 of"]').waitFor();
    // Only the inline preview may be framed, and only by the portal itself.
    const csp = (url: string) => page.evaluate(async (u) => (await fetch(u)).headers.get('content-security-policy'), url);
    expect(await csp(`/api/deliverables/${deliverableId}/versions/1/file?inline=1`)).toContain("frame-ancestors 'self'");
    expect(await csp(`/api/deliverables/${deliverableId}`)).toContain("frame-ancestors 'none'");
    await decide(page, 'Approve');
    await page.getByRole('heading', { name: 'Your decision on version 1' }).waitFor({ state: 'detached' });
    await progress(page).getByText(`${world.users.memberA.name}`).waitFor();
    expect(await progress(page).getByText('Waiting', { exact: true }).count()).toBe(2);

    await page.getByLabel('Internal note (only the team sees it)').last().check();
    await page.getByLabel('Comment on version 1').fill('Margin is thin on this one');
    await page.getByRole('button', { name: 'Add internal note' }).click();
    await page.getByText('Internal — not visible to the client').waitFor();
    await page.getByLabel('Comment on version 1').fill(`@${world.users.memberA.name} please look at the headline`);
    await page.getByLabel(/^Page/).fill('1');
    await page.getByRole('button', { name: 'Add comment' }).click();
    await page.getByText('please look at the headline').waitFor();
    await shoot(page, 'review-staff');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('the client finds it first under "Waiting on you" and requests changes, with the comment required', async () => {
    const { page, problems } = await open(world.users.memberA.email);
    const waiting = page.getByRole('region', { name: 'Waiting on you' });
    await waiting.getByRole('link', { name: TITLE }).waitFor();
    expect(await waiting.getByRole('listitem').first().textContent()).toContain(TITLE);
    await waiting.getByText('Share brand assets').waitFor();
    await shoot(page, 'review-client-home');
    await waiting.getByRole('link', { name: TITLE }).click();
    await page.waitForURL(`${app.url}/deliverables/${deliverableId}`);
    await page.getByRole('heading', { name: 'Your decision on version 1' }).waitFor();
    // Internal notes never reach the client; the anchored comment shows its page.
    await page.getByText('please look at the headline').waitFor();
    expect(await page.getByText('Margin is thin').count()).toBe(0);
    expect(await page.getByText('page 1', { exact: true }).count()).toBe(1);
    expect(await page.getByRole('link', { name: /^Download/ }).count()).toBe(0);
    await shoot(page, 'review-client');

    await decide(page, 'Request changes');
    const comment = page.getByLabel(/^Comment \(/);
    await page.getByText('Say what should change', { exact: true }).waitFor();
    expect(await comment.getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('decision-comment');
    await page.screenshot({ path: `${SHOTS}/review-client-comment-required.png`, fullPage: true });
    await decide(page, 'Request changes', 'Make the logo larger');
    await page.locator('.page-head').getByText('Changes requested').waitFor();
    await page.getByRole('heading', { name: 'Your decision on version 1' }).waitFor({ state: 'detached' });
    await page.getByRole('region', { name: 'History' }).getByText('Make the logo larger').waitFor();

    // A threaded reply to the team's comment.
    await page.getByRole('button', { name: `Reply to ${world.users.staffA.name}` }).click();
    await page.getByLabel(`Reply to ${world.users.staffA.name}`).fill('Will do, thanks');
    await page.getByRole('button', { name: 'Send reply' }).click();
    await page.getByRole('list', { name: `Replies to ${world.users.staffA.name}` }).getByText('Will do, thanks').waitFor();
    await shoot(page, 'review-client-changes-requested');

    // The engagement page lists it, now waiting on the team for a new version.
    await page.getByRole('link', { name: '← Website redesign' }).click();
    const section = page.getByRole('region', { name: 'Deliverables' });
    await section.getByRole('link', { name: TITLE }).waitFor();
    await section.getByText('The team (new version)').waitFor();
    expect(await section.getByRole('button', { name: 'Add a deliverable' }).count()).toBe(0);
    await shoot(page, 'review-engagement-client');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('staff upload version 2 on the review page and approve it', async () => {
    const { page, problems } = await open(world.users.staffA.email);
    await reviewPage(page);
    await page.getByText('Changes were requested on version 1').waitFor();
    await page.getByLabel(`Version 2 of ${TITLE}`).setInputFiles({ name: 'homepage-v2.pdf', mimeType: 'application/pdf', buffer: v2 });
    await page.getByRole('button', { name: `Upload version 2 of ${TITLE}` }).click();
    await page.getByRole('heading', { name: 'Your decision on version 2' }).waitFor();
    await progress(page).getByText('Round 2 · version 2').waitFor();
    await decide(page, 'Approve');
    await page.getByRole('heading', { name: 'Your decision on version 2' }).waitFor({ state: 'detached' });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('both client users approve version 2 (one changes their decision first); the client downloads exactly version 2', async () => {
    const member = await open(world.users.memberA.email);
    await reviewPage(member.page);
    await member.page.getByRole('heading', { name: 'Your decision on version 2' }).waitFor();
    await decide(member.page, 'Approve with changes', 'Slightly larger footer text');
    await member.page.getByText(/You approved with changes on/).waitFor();
    await member.page.getByRole('button', { name: 'Change my decision' }).click();
    await decide(member.page, 'Approve');
    await member.page.getByText(/You approved on/).waitFor();
    await shoot(member.page, 'review-client-decided');

    const admin = await open(world.users.adminA.email, 375);
    await reviewPage(admin.page);
    await admin.page.getByRole('heading', { name: 'Your decision on version 2' }).waitFor();
    await decide(admin.page, 'Approve');
    await admin.page.getByText('Approved.', { exact: false }).first().waitFor();
    expect(admin.problems).toEqual([]);
    await admin.page.close();

    const { page, problems } = member;
    await page.reload();
    await page.locator('.page-head').getByText('Approved', { exact: true }).waitFor();
    const download = page.getByRole('link', { name: /^Download version 2/ });
    await download.waitFor();
    const [file] = await Promise.all([page.waitForEvent('download'), download.click()]);
    expect(file.suggestedFilename()).toBe('homepage-v2.pdf');
    expect(readFileSync((await file.path())!).equals(v2)).toBe(true);

    // The history: both rounds, each with its version's hash on the upload and on every decision.
    const history = page.getByRole('region', { name: 'History' });
    const round2 = history.getByRole('listitem').filter({ has: page.getByRole('heading', { name: /^Round 2/ }) });
    const round1 = history.getByRole('listitem').filter({ has: page.getByRole('heading', { name: /^Round 1/ }) });
    // Round 2: the upload, the internal approval, the client's superseded and current decisions, the client admin's.
    expect(await round2.getByText(short(v2), { exact: true }).count()).toBe(1 + 4);
    expect(await round2.getByText(short(v1), { exact: true }).count()).toBe(0);
    // Round 1: the upload, the internal approval, the changes requested.
    expect(await round1.getByText(short(v1), { exact: true }).count()).toBe(1 + 2);
    expect(await round1.getByText('Round closed: changes requested').count()).toBe(1);
    expect(await round2.getByText('Round closed: approved', { exact: true }).count()).toBe(1);
    expect(await round2.getByText('Superseded').count()).toBe(1);
    await shoot(page, 'review-client-approved');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('staff see it in the pipeline by state', async () => {
    // Another deliverable, in review: waiting on the account team.
    const staff = new ApiClient(app.url);
    await staff.login(world.users.staffA.email, PASSWORD);
    const other = await staff.post(`/api/engagements/${engagementId}/deliverables`, {
      title: 'Brand guidelines', review: { stages: [{ key: 'internal', title: 'Internal review', reviewers: 'account_team', rule: 'any', due: 'P5D' }] },
    });
    expect(other.status).toBe(201);
    const up = await staff.post(`/api/deliverables/${other.body.deliverable.id}/versions?name=guidelines.pdf`, undefined, { raw: v1, headers: { 'content-type': 'application/octet-stream' } });
    expect(up.status).toBe(201);

    const { page, problems } = await open(world.users.staffA.email);
    await page.getByRole('link', { name: 'Reviews', exact: true }).click();
    await page.waitForURL(`${app.url}/staff/deliverables`);
    await page.getByRole('heading', { name: 'Deliverable reviews' }).waitFor();
    const inReview = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: 'Brand guidelines' }) });
    await inReview.waitFor();
    // Waiting on the viewer, who is the account team.
    expect(await inReview.getByText('you', { exact: true }).count()).toBe(1);
    expect(await inReview.getByText('In review', { exact: true }).count()).toBe(1);
    expect(await page.getByRole('link', { name: TITLE }).count()).toBe(0);
    await shoot(page, 'review-pipeline-in-review');
    await page.getByRole('link', { name: /^Approved/ }).click();
    const row = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: TITLE }) });
    await row.waitFor();
    expect(await row.textContent()).toContain(world.a.name);
    expect(await row.textContent()).toContain('Website redesign');
    expect(await page.getByRole('link', { name: /^Approved/ }).getAttribute('aria-current')).toBe('page');
    expect(await page.getByRole('link', { name: 'Reviews', exact: true }).getAttribute('aria-current')).toBe('page');
    expect(await page.getByRole('link', { name: 'Accounts', exact: true }).getAttribute('aria-current')).toBeNull();
    await shoot(page, 'review-pipeline');
    expect(problems).toEqual([]);
    await page.close();
  });
});
