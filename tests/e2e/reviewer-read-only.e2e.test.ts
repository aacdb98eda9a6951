/**
 * End-to-end: the compliance reviewer is read-only everywhere (issue 12). Signed in as the reviewer,
 * every page they can reach — the templates and a template, an account with its files, an
 * engagement and a checklist item, a deliverable, a document, a sent and a draft invoice — shows
 * what it holds and no enabled control that would change anything: no button or link named like a
 * write (Publish, Save, Send, Void, Approve, Upload, Delete…), no text box, file input or checkbox
 * that belongs to a form. The template pages say they are read only. The server refuses such
 * writes anyway (the authorization matrix); this is about never offering them.
 */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ApiClient, startTestApp, type TestApp } from '../support/app.ts';
import { onePagePdf } from '../support/signing.ts';
import { ok } from '../support/app.ts';
import { makeWorld, PASSWORD } from '../support/fixtures.ts';
import { HAVE_CHROMIUM, launchBrowser, signIn, watchConsole } from '../support/browser.ts';
import { SAMPLE_TEMPLATE } from '../../web-api/templates/sample-template.ts';

const SHOTS = 'test-results/screenshots';

/** A control named like one of these writes. */
const WRITE = /\b(publish|save|send|resend|void|approve|request changes|reject|decide|upload|delete|remove|archive|import|new|add|create|invite|start|complete|mark|waive|reopen|sign|decline|dispute|resolve|refund|confirm|record|pay|rename|move|edit|replace|cancel|skip|change|submit|set up|assign|comment|reply|restore|disable|enable|duplicate|post)\b/i;
/** Controls that only read or navigate, whatever their name. */
const READ_ONLY = /^(sign out|menu|skip to content|download|export|view|verify|open|previous|next|show|hide|search|filter|close|zoom|page \d+|back)\b/i;

interface Control { tag: string; type: string; name: string }

/** Every visible, enabled control of the page's main content, with its accessible name (roughly). */
async function controls(page: Page): Promise<Control[]> {
  return page.locator('main, #main').first().evaluate((main, readOnly) => {
    const reads = new RegExp(readOnly, 'i');
    /** A form whose every submit button only reads (an export, a filter) fills in nothing that is kept. */
    const readingForm = (form: HTMLFormElement | null) => {
      const submits = form ? [...form.querySelectorAll<HTMLButtonElement>('button:not([type="button"]), input[type="submit"]')] : [];
      return submits.length > 0 && submits.every((b) => reads.test((b.textContent ?? b.value ?? '').replace(/\s+/g, ' ').trim()));
    };
    const out: { tag: string; type: string; name: string }[] = [];
    for (const el of main.querySelectorAll<HTMLElement>('button, input, select, textarea, a.button, [role="button"], [contenteditable="true"]')) {
      const rect = el.getBoundingClientRect();
      const hiddenFile = el instanceof HTMLInputElement && el.type === 'file';
      if (!hiddenFile && (rect.width === 0 || rect.height === 0 || getComputedStyle(el).visibility === 'hidden')) continue;
      if ((el as HTMLButtonElement).disabled || el.getAttribute('aria-disabled') === 'true') continue;
      // A search form (the audit console's filters) changes nothing: what it submits is a GET of the page.
      if (el.closest('[role="search"]')) continue;
      if (el.tagName !== 'BUTTON' && readingForm(el.closest('form'))) continue;
      const labelled = el.getAttribute('aria-labelledby')?.split(' ').map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
      const label = (el as HTMLInputElement).labels?.[0]?.textContent;
      // A radio button or checkbox is named with its group's legend ("Waiting on: The client").
      const legend = el instanceof HTMLInputElement && /radio|checkbox/.test(el.type) ? el.closest('fieldset')?.querySelector('legend')?.textContent : null;
      const own = el.getAttribute('aria-label') ?? labelled ?? label ?? el.textContent ?? (el as HTMLInputElement).placeholder ?? '';
      const name = `${legend ? `${legend}: ` : ''}${own}`.replace(/\s+/g, ' ').trim();
      out.push({ tag: el.tagName.toLowerCase(), type: (el as HTMLInputElement).type ?? '', name });
    }
    return out;
  }, READ_ONLY.source);
}

/** What on the page would write: a write-named button or link, or a form field (search boxes and filters aside). */
function writeControls(list: Control[]): Control[] {
  return list.filter((c) => {
    if (c.tag === 'button' || c.tag === 'a' || c.type === 'submit' || c.type === 'button') return WRITE.test(c.name) && !READ_ONLY.test(c.name);
    if (c.type === 'search' || /^(search|filter|show|find|sort|status|account|page|waiting on)\b/i.test(c.name)) return false;
    return true; // a text box, text area, file input, checkbox or choice that fills in a form
  });
}



describe.skipIf(!HAVE_CHROMIUM)('the compliance reviewer in the browser', () => {
  let app: TestApp;
  let browser: Browser;
  let world: Awaited<ReturnType<typeof makeWorld>>;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    app = await startTestApp({ ui: true, env: { TRUST_PROXY: 'false', PORTICO_FILES_DIR: inject('filesDir') } });
    world = await makeWorld(app.deps.orm.em.fork());
    const admin = new ApiClient(app.url);
    const staff = new ApiClient(app.url);
    const member = new ApiClient(app.url);
    expect((await admin.login(world.users.admin.email, PASSWORD)).status).toBe(200);
    expect((await staff.login(world.users.staffA.email, PASSWORD)).status).toBe(200);
    expect((await member.login(world.users.memberA.email, PASSWORD)).status).toBe(200);
    const raw = { raw: await onePagePdf(), headers: { 'content-type': 'application/pdf' } };
    ids.template = (await ok(admin.post('/api/templates', SAMPLE_TEMPLATE), 'template')).template.id;
    ids.engagement = (await ok(staff.post(`/api/accounts/${world.a.id}/engagements`, { templateId: ids.template }), 'engagement')).engagement.id;
    // The checklist's workflow writes it a moment after the engagement starts.
    for (let tries = 0; tries < 150 && !((await staff.get(`/api/engagements/${ids.engagement}`)).body?.engagement?.checklist?.length > 1); tries++) {
      await new Promise((r) => setTimeout(r, 200));
    }
    ids.deliverable = (await ok(staff.post(`/api/engagements/${ids.engagement}/deliverables`, {
      title: 'Logo', review: { stages: [{ key: 'client', title: 'Client review', reviewers: 'client_users', rule: 'all', due: 'P30D' }] },
    }), 'deliverable')).deliverable.id;
    await ok(staff.post(`/api/deliverables/${ids.deliverable}/versions?name=v1.pdf`, undefined, raw), 'version');
    ids.document = (await ok(staff.post(`/api/engagements/${ids.engagement}/documents?title=Agreement`, undefined, raw), 'document')).document.id;
    ids.draftDocument = (await ok(staff.post(`/api/engagements/${ids.engagement}/documents?title=Order%20form`, undefined, raw), 'draft document')).document.id;
    await ok(staff.put(`/api/documents/${ids.document}/setup`, {
      ordering: 'sequential', reminderEveryDays: 0, expiresAfterDays: 30,
      signers: [{ key: 'client', name: world.users.memberA.name, email: world.users.memberA.email, userId: world.users.memberA.id, roleLabel: 'Client' }],
      fields: [{ type: 'signature', signerKey: 'client', page: 1, x: 0.1, y: 0.7, w: 0.3, h: 0.06 }],
    }), 'setup');
    await ok(staff.post(`/api/documents/${ids.document}/send`), 'send document');
    const due = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const invoice = { engagementId: ids.engagement, currency: 'EUR', taxRateBp: 2000, dueDate: due, notes: 'Thanks', lines: [{ description: 'Design sprint', quantityMilli: 1000, unitMinor: 15000 }] };
    ids.draftInvoice = (await ok(staff.post(`/api/accounts/${world.a.id}/invoices`, invoice), 'draft invoice')).invoice.id;
    ids.invoice = (await ok(staff.post(`/api/accounts/${world.a.id}/invoices`, invoice), 'invoice')).invoice.id;
    await ok(staff.post(`/api/invoices/${ids.invoice}/send`), 'send invoice');
    await ok(member.post(`/api/invoices/${ids.invoice}/payments`, { method: 'manual', amountMinor: 100, reference: 'Bank ref 1' }), 'payment');
    await ok(staff.post(`/api/accounts/${world.a.id}/library/folders`, { name: 'Contracts' }), 'folder');
    await ok(staff.post(`/api/accounts/${world.a.id}/library/files?name=guide.pdf`, undefined, raw), 'library file');
    browser = await launchBrowser();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('shows every page read only: no enabled control that writes', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems = watchConsole(page);
    await signIn(page, app.url, world.users.reviewer.email);
    const pages: [string, string][] = [
      ['templates', '/admin/templates'],
      ['template', `/admin/templates/${ids.template}`],
      ['new template', '/admin/templates/new'],
      ['accounts', '/staff'],
      ['account', `/staff/accounts/${world.a.id}`],
      ['account files', `/staff/accounts/${world.a.id}/files`],
      ['engagement', `/engagements/${ids.engagement}`],
      ['checklist upload item', `/engagements/${ids.engagement}/items/brand`],
      ['checklist form item', `/engagements/${ids.engagement}/items/intake`],
      ['deliverable', `/deliverables/${ids.deliverable}`],
      ['document', `/documents/${ids.document}`],
      ['draft document', `/documents/${ids.draftDocument}`],
      ['invoice', `/invoices/${ids.invoice}`],
      ['draft invoice', `/invoices/${ids.draftInvoice}`],
      ['new invoice', `/invoices/new?account=${world.a.id}`],
      ['reviews', '/staff/deliverables'],
      ['audit', '/audit'],
      ['audit engagement', `/audit/engagements/${ids.engagement}`],
      ['audit event', '/audit/events/1'],
    ];
    const found: Record<string, Control[]> = {};
    const seen: Record<string, string[]> = {};
    for (const [what, path] of pages) {
      await page.goto(`${app.url}${path}`);
      await page.locator('h1').first().waitFor();
      // Until the page's data has come (no "Loading…" left) and its controls have settled.
      await page.waitForLoadState('networkidle');
      await expect.poll(() => page.getByText('Loading…').count(), { timeout: 15_000 }).toBe(0);
      // The page shows its item, not an error or "not found" (which would have no controls either).
      expect(await page.locator('h1').first().textContent(), what).not.toMatch(/not found|went wrong|no such/i);
      expect(await page.getByRole('alert').count(), what).toBe(0);
      const list = await controls(page);
      seen[what] = list.map((c) => `${c.tag}${c.type ? `[${c.type}]` : ''} ${c.name}`);
      const writes = writeControls(list);
      if (writes.length) found[what] = writes;
      await page.screenshot({ path: `${SHOTS}/reviewer-${what.replace(/\s+/g, '-')}.png`, fullPage: true });
    }
    if (process.env.E2E_VERBOSE) console.log(JSON.stringify(seen, null, 1));
    expect(found).toEqual({});

    // The template pages say why nothing can be changed, and still show the template.
    await page.goto(`${app.url}/admin/templates/${ids.template}`);
    await page.getByRole('status').getByText('Read only').waitFor();
    await page.getByRole('heading', { name: 'Version history' }).waitFor();
    // The pages really showed their content (a blank page would pass the check above).
    await page.goto(`${app.url}/invoices/${ids.invoice}`);
    await page.getByText('Design sprint').first().waitFor();
    await page.goto(`${app.url}/deliverables/${ids.deliverable}`);
    await page.getByRole('heading', { name: 'Logo' }).first().waitFor();
    expect(problems).toEqual([]);
  }, 180_000);
});
