/**
 * No GET changes anything (ASVS: "no GET changes state"; issue 12: the reviewer is read-only everywhere).
 * Every GET operation of the API's own OpenAPI document is called with real ids of a populated
 * account — an engagement from a template with its checklist upload, a deliverable with a version,
 * a sent document, a draft and a sent invoice (with its PDF and a payment), a library folder and
 * file, a template and its file — as the compliance reviewer and as the account's staff, and the
 * database and the file storage are shown unchanged.
 *
 * What is compared: a checksum of every table of the public schema, restricted to this file's own
 * accounts (other test files write to the same database at the same time): a table with an
 * `account_id` column by that column, a table without one through a foreign key to a table that is
 * restricted (recursively), the templates by this file's template. Left out, and only these:
 * `session` (express-session touches the caller's own row on each request: the one write a read is
 * allowed) and the throttles' counters (`rate_limit`, `login_throttle`), which count requests by
 * design. The audit trail is compared by the events of this file's accounts and by every event
 * whose actor is the reviewer or the staff member: reads record nothing. Refusals are audited
 * (ASVS 16.3.2), so the sweep calls, per role, only what that role may read.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, startTestApp, type TestApp } from '../support/app.ts';
import { ok } from '../support/app.ts';
import { makeWorld, PASSWORD } from '../support/fixtures.ts';
import { SAMPLE_TEMPLATE } from '../../web-api/templates/sample-template.ts';

let app: TestApp;
let world: Awaited<ReturnType<typeof makeWorld>>;
let reviewer: ApiClient;
let staff: ApiClient;
const ids: Record<string, string> = {};
let draftInvoiceId: string;
let storedFileId: string;

/** Tables whose writes on a read are by design: the caller's session row and the throttles' counters. */
const NOT_COMPARED = new Set(['session', 'rate_limit', 'login_throttle', 'mikro_orm_migrations']);

/** Routes a role may not read (their refusals are audited, as they must be); tokens that are not a signed-in user's. */
const NOT_FOR: Record<'reviewer' | 'staff', RegExp> = {
  // A client's home; the staff pipeline of documents; a template's page images (admins only, for placing fields).
  reviewer: /^\/api\/(admin\/|home$|staff\/documents$|template-files\/)/,
  // The compliance console (the audit routes and an engagement's evidence) is not staff's: a refusal is an audit event.
  staff: /^\/api\/(admin\/|audit\/|home$|template-files\/|engagements\/\{engagementId\}\/evidence$)/,
};
/** Extra query strings per route, beyond the defaults: every variant a page asks for. */
const VARIANTS: Record<string, string[]> = {
  '/api/invoices/{invoiceId}/pdf': ['', '?copy=current', '?copy=sent', '#draft', '#draft?copy=current'],
  '/api/invoices/{invoiceId}': ['', '#draft'],
  '/api/documents/{documentId}/events': ['', '?format=csv'],
  '/api/audit/events': ['', '?action=document.&limit=5', '?q=Agreement&limit=5'],
};


async function onePagePdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage([612, 792]).drawText('Agreement', { x: 72, y: 720, size: 14, font });
  return Buffer.from(await doc.save());
}

/** Every file under the storage folder, with its size (a new or changed file shows). */
function filesUnder(dir: string, out: Map<string, number> = new Map()): Map<string, number> {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const s = statSync(p);
    if (s.isDirectory()) filesUnder(p, out);
    else out.set(p, s.size);
  }
  return out;
}

/** For each table, the rows of this file's accounts, as a checksum (see the file's comment). */
async function snapshot(): Promise<Record<string, string>> {
  const conn = app.deps.orm.em.fork().getConnection();
  const columns = await conn.execute<{ table_name: string; column_name: string }[]>(
    `select c.table_name, c.column_name from information_schema.columns c join information_schema.tables t using (table_schema, table_name)
      where c.table_schema = 'public' and t.table_type = 'BASE TABLE'`);
  const tables = [...new Set(columns.map((c) => c.table_name))].filter((t) => !NOT_COMPARED.has(t)).sort();
  const fks = await conn.execute<{ table_name: string; column_name: string; ref_table: string; ref_column: string }[]>(
    `select cl.relname as table_name, a.attname as column_name, rc.relname as ref_table, ra.attname as ref_column
       from pg_constraint k join pg_class cl on cl.oid = k.conrelid join pg_namespace n on n.oid = cl.relnamespace
       join pg_class rc on rc.oid = k.confrelid
       join pg_attribute a on a.attrelid = k.conrelid and a.attnum = k.conkey[1]
       join pg_attribute ra on ra.attrelid = k.confrelid and ra.attnum = k.confkey[1]
      where k.contype = 'f' and n.nspname = 'public' and array_length(k.conkey, 1) = 1`);
  const accounts = `'${world.a.id}', '${world.b.id}'`;
  const people = `'${world.users.reviewer.id}', '${world.users.staffA.id}'`;
  const fixed: Record<string, string> = {
    account: `id in (${accounts})`,
    engagement_template: `id = '${ids.templateId}'`,
    audit_event: `account_id in (${accounts}) or actor_id in (${people})`,
    app_user: `account_id in (${accounts}) or id in (${people})`,
  };
  const scope = (table: string, seen: Set<string> = new Set()): string | null => {
    if (fixed[table]) return fixed[table]!;
    if (columns.some((c) => c.table_name === table && c.column_name === 'account_id')) return `account_id in (${accounts})`;
    if (seen.has(table)) return null;
    seen.add(table);
    const parts = fks.filter((f) => f.table_name === table && f.ref_table !== table).flatMap((f) => {
      const inner = scope(f.ref_table, new Set(seen));
      return inner ? [`${f.column_name} in (select ${f.ref_column} from "${f.ref_table}" where ${inner})`] : [];
    });
    return parts.length ? parts.join(' or ') : null;
  };
  const sums: Record<string, string> = {};
  for (const table of tables) {
    const where = scope(table);
    // A table tied to no account (the branding, the invoice counter, the outbox's queue) is compared whole.
    const rows = await conn.execute<{ n: string; sum: string | null }[]>(
      `select count(*) as n, md5(string_agg(t::text, '|' order by t::text)) as sum from "${table}" t${where ? ` where ${where}` : ''}`);
    sums[where ? table : `${table} (whole table)`] = `${rows[0]!.n} rows ${rows[0]!.sum ?? '-'}`;
  }
  return sums;
}

/** Tables compared whole: written by other test files running at the same time (and the checkpoints by the run's worker), so not compared. */
const SHARED_WHOLE = /^(branding|invoice_counter|outbox_email|payment_event|workflow_command|password_reset|invitation|signing_link|signed_copy_link|audit_checkpoint|audit_signing_key) \(whole table\)$/;

beforeAll(async () => {
  app = await startTestApp({ env: { PORTICO_DAY_MS: '60000' } });
  const em = app.deps.orm.em.fork();
  world = await makeWorld(em);
  const admin = new ApiClient(app.url, { 'user-agent': 'reads (admin)', 'x-forwarded-for': '198.51.100.71' });
  reviewer = new ApiClient(app.url, { 'user-agent': 'reads (reviewer)' });
  staff = new ApiClient(app.url, { 'user-agent': 'reads (staff)' });
  const member = new ApiClient(app.url, { 'user-agent': 'reads (client)' });
  expect((await admin.login(world.users.admin.email, PASSWORD)).status).toBe(200);
  expect((await reviewer.login(world.users.reviewer.email, PASSWORD)).status).toBe(200);
  expect((await staff.login(world.users.staffA.email, PASSWORD)).status).toBe(200);
  expect((await member.login(world.users.memberA.email, PASSWORD)).status).toBe(200);
  const pdf = await onePagePdf();
  const raw = { raw: pdf, headers: { 'content-type': 'application/pdf' } };

  ids.accountId = world.a.id;
  ids.userId = world.users.memberA.id;
  ids.templateId = (await ok(admin.post('/api/templates', SAMPLE_TEMPLATE), 'template')).template.id;
  ids.engagementId = (await ok(staff.post(`/api/accounts/${world.a.id}/engagements`, { templateId: ids.templateId }), 'engagement')).engagement.id;
  ids.milestoneId = 'm1';
  ids.itemKey = 'brand';
  // The checklist's workflow writes it a moment after the engagement starts.
  for (let tries = 0; tries < 100; tries++) {
    const res = await staff.post(`/api/engagements/${ids.engagementId}/items/brand/upload?name=brand.pdf`, undefined, { ...raw, headers: { ...raw.headers, 'idempotency-key': 'reads-brand' } });
    if (res.status < 300 || !/being set up/.test(String(res.body?.error?.message))) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  storedFileId = (await em.getConnection().execute<{ id: string }[]>('select id from stored_file where account_id = ? limit 1', [world.a.id]))[0]!.id;
  ids.deliverableId = (await ok(staff.post(`/api/engagements/${ids.engagementId}/deliverables`, { title: 'Logo', review: { stages: [{ key: 'client', title: 'Client review', reviewers: 'client_users', rule: 'all', due: 'P30D' }], unlockOnApproval: true } }), 'deliverable')).deliverable.id;
  ids.versionId = (await ok(staff.post(`/api/deliverables/${ids.deliverableId}/versions?name=v1.pdf`, undefined, raw), 'version')).versions[0].id;
  ids.number = '1';
  ids.version = '1';
  ids.page = '1';
  ids.documentId = (await ok(staff.post(`/api/engagements/${ids.engagementId}/documents?title=Agreement`, undefined, raw), 'document')).document.id;
  await ok(staff.put(`/api/documents/${ids.documentId}/setup`, {
    ordering: 'sequential', reminderEveryDays: 0, expiresAfterDays: 30,
    signers: [{ key: 'client', name: world.users.memberA.name, email: world.users.memberA.email, userId: world.users.memberA.id, roleLabel: 'Client' }],
    fields: [{ type: 'signature', signerKey: 'client', page: 1, x: 0.1, y: 0.7, w: 0.3, h: 0.06 }],
  }), 'setup');
  await ok(staff.post(`/api/documents/${ids.documentId}/send`), 'send document');
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const invoiceBody = { engagementId: ids.engagementId, currency: 'EUR', taxRateBp: 2000, dueDate: day(30), notes: 'Thanks', lines: [{ description: 'Design sprint', quantityMilli: 1000, unitMinor: 15000 }] };
  draftInvoiceId = (await ok(staff.post(`/api/accounts/${world.a.id}/invoices`, invoiceBody), 'draft invoice')).invoice.id;
  ids.invoiceId = (await ok(staff.post(`/api/accounts/${world.a.id}/invoices`, invoiceBody), 'invoice')).invoice.id;
  await ok(staff.post(`/api/invoices/${ids.invoiceId}/send`), 'send invoice');
  await ok(member.post(`/api/invoices/${ids.invoiceId}/payments`, { method: 'manual', amountMinor: 100, reference: 'first' }), 'payment');
  ids.folderId = (await ok(staff.post(`/api/accounts/${world.a.id}/library/folders`, { name: 'Contracts' }), 'folder')).folder.id;
  ids.fileId = (await ok(staff.post(`/api/accounts/${world.a.id}/library/files?name=guide.pdf`, undefined, raw), 'library file')).file.id;
  ids.sha256 = (await ok(admin.post('/api/template-files?name=t.pdf', undefined, raw), 'template file')).file.sha256;
  ids.token = 'a'.repeat(32);
  ids.seq = (await app.deps.orm.em.fork().getConnection().execute<{ seq: string }[]>('select max(seq) as seq from audit_event'))[0]!.seq;
  // The workflows started above finish their first steps (read models, audit events, emails) before the first snapshot.
  await settle();
}, 180_000);

afterAll(async () => app?.close());

/** Waits until the accounts' rows stop changing (the workflows' first activities have run). */
async function settle(): Promise<void> {
  let last = JSON.stringify(await snapshot());
  for (let i = 0; i < 60; i++) {
    await new Promise((r) => setTimeout(r, 1000));
    const now = JSON.stringify(await snapshot());
    if (now === last) return;
    last = now;
  }
}

interface Operation { parameters?: { name: string; in: 'path' | 'query' }[] }

async function getPaths(): Promise<string[]> {
  const doc = (await ok(new ApiClient(app.url).get('/api/openapi.json'), 'openapi')) as { paths: Record<string, Record<string, Operation>> };
  return Object.entries(doc.paths).filter(([, ops]) => ops.get).map(([path]) => path).sort();
}

function urlsFor(path: string): string[] {
  return (VARIANTS[path] ?? ['']).map((variant) => {
    const draft = variant.startsWith('#draft');
    const values: Record<string, string> = { ...ids, ...(draft ? { invoiceId: draftInvoiceId } : {}) };
    if (path.startsWith('/api/files/')) values.fileId = storedFileId;
    return path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(values[name] ?? 'missing')) + variant.replace('#draft', '');
  });
}

async function sweep(who: 'reviewer' | 'staff', client: ApiClient, paths: string[]) {
  const answers: Record<string, number> = {};
  for (const path of paths) {
    if (NOT_FOR[who].test(path)) continue;
    for (const url of urlsFor(path)) answers[url] = (await client.get(url)).status;
  }
  // A refusal's audit event is written after the answer; give anything written late the time to show.
  await new Promise((r) => setTimeout(r, 1500));
  return answers;
}

describe('every GET of the OpenAPI document', () => {
  it('changes nothing in the database or the file storage, called by the compliance reviewer and by staff', async () => {
    const paths = await getPaths();
    expect(paths.length).toBeGreaterThan(30);
    const tables = await snapshot();
    const lastSeq = (await app.deps.orm.em.fork().getConnection().execute<{ seq: string }[]>('select coalesce(max(seq), 0) as seq from audit_event'))[0]!.seq;
    const files = filesUnder(app.config.filesDir);
    expect(Object.keys(tables).length).toBeGreaterThan(25);

    const answers = { reviewer: await sweep('reviewer', reviewer, paths), staff: await sweep('staff', staff, paths) };
    // The sweep reached the handlers: the items the pages show answer 200.
    for (const who of ['reviewer', 'staff'] as const) {
      for (const url of [`/api/engagements/${ids.engagementId}`, `/api/deliverables/${ids.deliverableId}`, `/api/documents/${ids.documentId}`,
        `/api/invoices/${ids.invoiceId}/pdf`, `/api/invoices/${draftInvoiceId}/pdf`, `/api/invoices/${ids.invoiceId}/pdf?copy=sent`,
        `/api/library/files/${ids.fileId}`, `/api/templates/${ids.templateId}`, `/api/accounts/${world.a.id}/library`]) {
        expect(answers[who][url], `${who} ${url}`).toBe(200);
      }
      expect(Object.entries(answers[who]).filter(([, s]) => s >= 500), who).toEqual([]);
    }
    expect(answers.reviewer['/api/audit/verify']).toBe(200);
    expect(answers.reviewer[`/api/engagements/${ids.engagementId}/evidence`]).toBe(200);
    expect(answers.reviewer[`/api/audit/events/${ids.seq}`]).toBe(200);

    const after = await snapshot();
    // What the audit trail gained, by name, so a failure says which read wrote.
    const conn = app.deps.orm.em.fork().getConnection();
    const events = await conn.execute<{ action: string; actor_email: string | null; target_type: string | null }[]>(
      `select action, actor_email, target_type from audit_event where seq > ? and (account_id in (?, ?) or actor_id in (?, ?)) order by seq`,
      [lastSeq, world.a.id, world.b.id, world.users.reviewer.id, world.users.staffA.id]);
    expect(events).toEqual([]);
    const changed = Object.keys(after).filter((t) => after[t] !== tables[t] && !SHARED_WHOLE.test(t)).map((t) => `${t}: ${tables[t]} → ${after[t]}`);
    expect(changed).toEqual([]);
    const filesAfter = filesUnder(app.config.filesDir);
    expect([...filesAfter].filter(([p, size]) => files.get(p) !== size).map(([p]) => p)).toEqual([]);
  }, 240_000);
});
