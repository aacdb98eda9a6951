/**
 * Fuzz of every operation in the API's own OpenAPI document: each body property (nested ones too),
 * path parameter, query parameter and upload file-name header gets hostile values — NUL, lone UTF-16
 * surrogates, malformed percent-encoding, bidi controls, uppercase ids of real items, huge strings,
 * wrong types, negative and huge numbers — with real ids everywhere else, so the requests get past
 * the 404s into validation and the handlers. No answer may be a 5xx, and afterwards no workflow of
 * the fuzzed accounts may be stuck retrying an activity or failing workflow tasks.
 *
 * `FUZZ_VERBOSE=1` prints every 5xx (method, path, what was sent, the answer).
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, startTestApp, type TestApp } from '../support/app.ts';
import { onePagePdf } from '../support/signing.ts';
import { ok } from '../support/app.ts';
import { makeUser, makeWorld, PASSWORD } from '../support/fixtures.ts';
import { caughtUp } from '../support/temporal.ts';
import { SAMPLE_TEMPLATE } from '../../web-api/templates/sample-template.ts';
import { onboardingWorkflowId } from '../../workflows/onboarding.ts';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Schema = {
  type?: string | string[]; properties?: Record<string, Schema>; required?: string[]; items?: Schema; enum?: Json[]; const?: Json;
  anyOf?: Schema[]; oneOf?: Schema[]; format?: string; minimum?: number; maximum?: number; minLength?: number; minItems?: number; default?: Json;
};
interface Operation {
  method: string; path: string; security?: unknown[]; parameters?: { name: string; in: 'path' | 'query' }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
}

let app: TestApp;
let world: Awaited<ReturnType<typeof makeWorld>>;
let admin: ApiClient;
let staff: ApiClient;
let member: ApiClient;
let anon: ApiClient;
/** Real ids by path-parameter name (some routes override, see `paramsFor`). */
const ids: Record<string, string> = {};
let draftDocumentId: string;
let draftInvoiceId: string;
let throwawayUserId: string;
let storedFileId: string;
let libraryFileId: string;
let pdf: Buffer;

const stats = { requests: 0, errors: [] as { method: string; path: string; sent: string; status: number; body: string }[] };

const TWO_STAGES = {
  stages: [
    { key: 'internal', title: 'Internal review', reviewers: 'account_team', rule: 'any', due: 'P30D' },
    { key: 'client', title: 'Client review', reviewers: 'client_users', rule: 'all', due: 'P30D' },
  ],
  unlockOnApproval: true,
};
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const invoiceBody = () => ({
  engagementId: ids.engagementId!, currency: 'EUR', taxRateBp: 2000, dueDate: day(30), notes: 'Thanks',
  lines: [{ description: 'Design sprint', quantityMilli: 1000, unitMinor: 15000 }],
});

/** A body that passes validation, per operation, where the schema alone cannot give one. */
const BASE: Record<string, () => Json> = {
  'post /api/auth/login': () => ({ email: 'nobody-fuzz@example.test', password: 'wrong password' }),
  'post /api/accounts/{accountId}/engagements': () => ({ title: 'Fuzzed engagement', milestones: ['Kick-off', { title: 'Sign-off', owner: 'client' }] }),
  'post /api/engagements/{engagementId}/items/{itemKey}/complete': () => ({ answers: { domain: 'example.com', plan: 'Pro' } }),
  'put /api/admin/branding': () => ({ businessName: 'Studio', primaryColor: '#2f5bd3', emailFrom: 'studio@example.test' }),
  'put /api/accounts/{accountId}/team/{userId}': () => ({ teamRole: 'Designer', isManager: false }),
  'post /api/templates': () => SAMPLE_TEMPLATE as unknown as Json,
  'post /api/templates/import': () => SAMPLE_TEMPLATE as unknown as Json,
  'put /api/templates/{templateId}': () => SAMPLE_TEMPLATE as unknown as Json,
  'post /api/engagements/{engagementId}/deliverables': () => ({ title: 'Fuzzed deliverable', description: 'd', review: TWO_STAGES }),
  'post /api/deliverables/{deliverableId}/decisions': () => ({ versionId: ids.versionId!, decision: 'approved', comment: 'ok' }),
  'post /api/deliverables/{deliverableId}/comments': () => ({ versionId: ids.versionId!, body: 'A comment', anchor: { page: 1, x: 0.1, y: 0.1 } }),
  'put /api/documents/{documentId}/setup': () => ({
    ordering: 'sequential', reminderEveryDays: 0, expiresAfterDays: 30,
    signers: [{ key: 'client', name: world.users.memberA.name, email: world.users.memberA.email, userId: world.users.memberA.id, roleLabel: 'Client' }],
    fields: [{ type: 'signature', signerKey: 'client', page: 1, x: 0.1, y: 0.7, w: 0.3, h: 0.06 }],
  }),
  'post /api/sign/{token}/verify': () => ({ code: '123456' }),
  'post /api/documents/{documentId}/signing/consent': () => ({ agree: true, disclosureVersion: '2026-11' }),
  'post /api/documents/{documentId}/signing/sign': () => ({ signature: { type: 'typed', text: 'Signed' }, initials: 'MA', values: {} }),
  'post /api/accounts/{accountId}/invoices': invoiceBody,
  'put /api/invoices/{invoiceId}': invoiceBody,
  'post /api/invoices/{invoiceId}/payments': () => ({ method: 'manual', amountMinor: 100, reference: 'Bank ref 1' }),
  'post /api/invoices/{invoiceId}/refunds': () => ({ amountMinor: 1, note: 'Goodwill' }),
  'post /api/invoices/{invoiceId}/schedule': () => ({ action: 'skip', stepKey: 'after-7d', reason: 'Agreed' }),
  'post /api/accounts/{accountId}/library/folders': () => ({ name: 'Fuzz folder', parentId: ids.folderId!, staffOnly: false }),
  'patch /api/library/files/{fileId}': () => ({ name: 'renamed.pdf', folderId: ids.folderId!, staffOnly: false }),
};

/** Not fuzzed: signing out ends the fuzzing session; the webhook is verified by its signature over the raw body. */
const SKIP = new Set(['post /api/auth/logout', 'post /api/webhooks/stripe', 'get /readyz', 'get /api/branding/logo']);
/** Run last: they end or remove the item the other operations use. */
const LAST = /\/(void|decline|archive|send)$|^delete /;

function sample(schema: Schema | undefined, name = ''): Json {
  if (!schema) return 'x';
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0]!;
  if (schema.default !== undefined) return schema.default;
  const options = schema.anyOf ?? schema.oneOf;
  if (options) return sample(options.find((o) => o.type !== 'null') ?? options[0], name);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object': return Object.fromEntries((schema.required ?? []).map((k) => [k, sample(schema.properties?.[k], k)]));
    case 'array': return Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () => sample(schema.items, name));
    case 'integer': case 'number': return Math.min(schema.maximum ?? Infinity, Math.max(schema.minimum ?? 1, 1));
    case 'boolean': return true;
    default:
      if (schema.format === 'uuid') return ids[name] ?? ids.engagementId!;
      if (/email/i.test(name)) return 'fuzz@example.test';
      return 'x'.repeat(Math.max(schema.minLength ?? 0, 12)).replace(/^x{12}/, 'fuzz value x');
  }
}

const isUuid = (v: unknown): v is string => typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-/.test(v);
const HOSTILE_JSON: Json[] = [
  'a\u0000b', '\u0000', 'a\ud800b', '\udc00tail', 'end\ud83d', 'x'.repeat(90_000), '', '   ', 'report\u202Efdp.exe', '%E0%A4%A', '2026-02-30', '0000-00-00',
  -1, 0, 0.5, 1e308, -1e308, 2 ** 53, -(2 ** 53), 12345, true, false, null, [], ['a\u0000'], {}, { a: 'b' },
];
const HUGE = 'x'.repeat(1024 * 1024);
const HOSTILE_PATH = ['%00', 'a%00b', '%ED%A0%80', '%E0%A4%A', '%', '-1', '0', '1e308', '9007199254740993', 'x'.repeat(2000), '%F0%9F%8E%89', 'null', '%E2%80%AE'];
const HOSTILE_QUERY = ['a%00b', '%ED%A0%80', '%E0%A4%A', '%', 'x'.repeat(5000), '-1', '1e308', 'null', 'invoice%E2%80%AEfdp.bat'];
const HOSTILE_FILE_NAMES = ['%E0%A4%A', '%', '%00', 'a%00b.pdf', '%ED%A0%80.pdf', 'invoice%E2%80%AEfdp.bat', 'x'.repeat(4000), '..%2F..%2Fetc%2Fpasswd', 'caf%C3%A9.pdf'];

/** Every place in a value a hostile value can go: paths into objects and arrays, three levels deep. */
function slots(value: Json, schema: Schema | undefined, depth = 0): (string | number)[][] {
  const out: (string | number)[][] = [];
  if (depth > 3 || value === null || typeof value !== 'object') return out;
  const keys = Array.isArray(value) ? (value.length ? [0] : []) : [...new Set([...Object.keys(value), ...(depth === 0 ? Object.keys(schema?.properties ?? {}) : [])])];
  for (const k of keys) {
    out.push([k]);
    const child = (value as Record<string | number, Json>)[k];
    if (child !== undefined) for (const rest of slots(child, undefined, depth + 1)) out.push([k, ...rest]);
  }
  return out;
}

function withValue(base: Json, slot: (string | number)[], v: Json): Json {
  const copy = structuredClone(base) as Record<string | number, Json>;
  let at: Record<string | number, Json> = copy;
  for (const k of slot.slice(0, -1)) at = at[k] as Record<string | number, Json>;
  at[slot.at(-1)!] = v;
  return copy as Json;
}

/** The value at a slot in the base body (to send a real id in uppercase). */
function valueAt(base: Json, slot: (string | number)[]): Json | undefined {
  let at: Json | undefined = base;
  for (const k of slot) at = at !== null && typeof at === 'object' ? (at as Record<string | number, Json>)[k] : undefined;
  return at;
}

async function send(c: ApiClient, method: string, path: string, opts: { body?: string; raw?: Buffer; headers?: Record<string, string>; label: string }) {
  stats.requests++;
  let res: { status: number; body: unknown };
  try {
    res = await c.request(method.toUpperCase(), path, opts.raw ? undefined : opts.body, {
      ...(opts.raw ? { raw: opts.raw } : {}), headers: { ...(opts.raw ? { 'content-type': 'application/pdf' } : {}), ...opts.headers },
    });
  } catch (err) {
    res = { status: 599, body: String(err) };
  }
  if (res.status >= 500) {
    stats.errors.push({ method, path: path.slice(0, 200), sent: opts.label.slice(0, 200), status: res.status, body: JSON.stringify(res.body).slice(0, 300) });
  }
  return res;
}

/** Runs the tasks with a few in flight at once (the machine is shared). */
async function pool(tasks: (() => Promise<unknown>)[], size = 6): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: size }, async () => {
    while (next < tasks.length) await tasks[next++]!();
  }));
}

function paramsFor(key: string): Record<string, string> {
  const p: Record<string, string> = { ...ids };
  if (/\/setup$|\/documents\/\{documentId\}\/send$/.test(key)) p.documentId = draftDocumentId;
  if (/^(put|post) \/api\/invoices\/\{invoiceId\}(\/send)?$/.test(key)) p.invoiceId = draftInvoiceId;
  if (key.startsWith('patch /api/admin/users/')) p.userId = throwawayUserId;
  if (key.startsWith('get /api/files/')) p.fileId = storedFileId;
  if (key.includes('/library/files/')) p.fileId = libraryFileId;
  return p;
}

const fill = (path: string, values: Record<string, string>, override: Record<string, string> = {}) =>
  path.replace(/\{(\w+)\}/g, (_m, name: string) => override[name] ?? encodeURIComponent(values[name] ?? 'missing'));

async function fuzzOperation(key: string, op: Operation): Promise<void> {
  const [method, path] = key.split(' ') as [string, string];
  const values = paramsFor(key);
  const json = op.requestBody?.content['application/json']?.schema;
  const raw = op.requestBody && !json ? pdf : undefined;
  const base: Json | undefined = json ? (BASE[key]?.() ?? sample(json)) : undefined;
  const bodyText = (b: Json | undefined) => (b === undefined ? undefined : JSON.stringify(b));

  // The role that gets furthest with a valid request: the admin for most, a client for what only clients (or signers) do.
  let client = anon;
  if (op.security) {
    const tries = [];
    for (const c of [admin, member]) tries.push({ c, status: (await send(c, method, fill(path, values), { body: bodyText(base), raw, label: 'base' })).status });
    const rank = (s: number) => (s < 300 ? 0 : s === 403 || s === 404 ? 2 : 1);
    client = tries.sort((x, y) => rank(x.status) - rank(y.status))[0]!.c;
  }
  const tasks: (() => Promise<unknown>)[] = [];
  const go = (p: string, opts: { body?: string; raw?: Buffer; headers?: Record<string, string>; label: string }) => tasks.push(() => send(client, method, p, opts));

  for (const param of op.parameters ?? []) {
    if (param.in === 'path') {
      const real = values[param.name];
      for (const h of [...HOSTILE_PATH, ...(real ? [real.toUpperCase()] : [])]) go(fill(path, values, { [param.name]: h }), { body: bodyText(base), raw, label: `path ${param.name}=${h}` });
    } else {
      for (const h of HOSTILE_QUERY) go(`${fill(path, values)}?${param.name}=${h}`, { body: bodyText(base), raw, label: `query ${param.name}=${h}` });
      go(`${fill(path, values)}?${param.name}=a&${param.name}=b`, { body: bodyText(base), raw, label: `query ${param.name} twice` });
      go(`${fill(path, values)}?${param.name}[k]=v`, { body: bodyText(base), raw, label: `query ${param.name} as object` });
      const real = ids[param.name];
      if (real) go(`${fill(path, values)}?${param.name}=${real.toUpperCase()}`, { body: bodyText(base), raw, label: `query ${param.name} uppercase` });
    }
  }
  if (raw) for (const h of HOSTILE_FILE_NAMES) go(fill(path, values), { raw, headers: { 'x-file-name': h }, label: `X-File-Name: ${h}` });
  if (base !== undefined) {
    for (const slot of slots(base, json)) {
      const current = valueAt(base, slot);
      const hostile = [...HOSTILE_JSON, ...(isUuid(current) ? [current.toUpperCase()] : [])];
      for (const h of hostile) go(fill(path, values), { body: bodyText(withValue(base, slot, h)), label: `body ${slot.join('.')}=${JSON.stringify(h).slice(0, 40)}` });
    }
    if (base !== null && typeof base === 'object' && !Array.isArray(base)) {
      go(fill(path, values), { body: bodyText({ ...base, 'k\u0000ey': 1 }), label: 'body key with NUL' });
      go(fill(path, values), { body: bodyText({ ...base, ['k\ud800']: 1 }), label: 'body key with a lone surrogate' });
    }
    for (const whole of [null, [], 'text', 42, HUGE]) go(fill(path, values), { body: JSON.stringify(whole), label: `whole body ${JSON.stringify(whole).slice(0, 20)}` });
    go(fill(path, values), { body: '{"a": "\\ud800', label: 'truncated JSON' });
  } else if (!raw && method !== 'get') {
    go(fill(path, values), { body: JSON.stringify({ x: 'a\u0000b' }), label: 'unexpected body' });
  }
  await pool(tasks);
}



const fuzzStart = new Date();

beforeAll(async () => {
  app = await startTestApp({ env: { PORTICO_DAY_MS: '60000' } });
  const em = app.deps.orm.em.fork();
  world = await makeWorld(em);
  throwawayUserId = (await makeUser(em, 'client_member', world.a)).id;
  admin = new ApiClient(app.url, { 'user-agent': 'fuzz (admin)' });
  staff = new ApiClient(app.url, { 'user-agent': 'fuzz (staff)' });
  member = new ApiClient(app.url, { 'user-agent': 'fuzz (client)' });
  anon = new ApiClient(app.url, { 'user-agent': 'fuzz (anonymous)' });
  expect((await admin.login(world.users.admin.email, PASSWORD)).status).toBe(200);
  expect((await staff.login(world.users.staffA.email, PASSWORD)).status).toBe(200);
  expect((await member.login(world.users.memberA.email, PASSWORD)).status).toBe(200);
  await anon.session();
  pdf = await onePagePdf();

  ids.accountId = world.a.id;
  ids.userId = world.users.staffB.id;
  ids.templateId = (await ok(admin.post('/api/templates', SAMPLE_TEMPLATE), 'template')).template.id;
  const engagement = (await ok(staff.post(`/api/accounts/${world.a.id}/engagements`, { templateId: ids.templateId }), 'engagement')).engagement;
  ids.engagementId = engagement.id;
  ids.milestoneId = 'm1';
  ids.itemKey = 'intake';
  // The checklist's workflow writes it a moment after the engagement starts.
  for (let tries = 0; tries < 100; tries++) {
    const res = await staff.post(`/api/engagements/${ids.engagementId}/items/brand/upload?name=brand.pdf`, undefined, { raw: pdf, headers: { 'content-type': 'application/pdf', 'idempotency-key': 'fuzz-brand' } });
    if (res.status < 300 || !/being set up/.test(String(res.body?.error?.message))) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  storedFileId = (await em.getConnection().execute<{ id: string }[]>('select id from stored_file where account_id = ? limit 1', [world.a.id]))[0]!.id;
  ids.deliverableId = (await ok(staff.post(`/api/engagements/${ids.engagementId}/deliverables`, { title: 'Logo', review: TWO_STAGES }), 'deliverable')).deliverable.id;
  ids.versionId = (await ok(staff.post(`/api/deliverables/${ids.deliverableId}/versions?name=v1.pdf`, undefined, { raw: pdf, headers: { 'content-type': 'application/pdf' } }), 'version')).versions[0].id;
  ids.number = '1';
  ids.version = '1';
  ids.page = '1';
  const uploadDoc = async () => (await ok(staff.post(`/api/engagements/${ids.engagementId}/documents?title=Agreement`, undefined, { raw: pdf, headers: { 'content-type': 'application/pdf' } }), 'document')).document.id as string;
  ids.documentId = await uploadDoc();
  draftDocumentId = await uploadDoc();
  await ok(staff.put(`/api/documents/${ids.documentId}/setup`, BASE['put /api/documents/{documentId}/setup']!()), 'setup');
  await ok(staff.post(`/api/documents/${ids.documentId}/send`), 'send document');
  draftInvoiceId = (await ok(staff.post(`/api/accounts/${world.a.id}/invoices`, invoiceBody()), 'draft invoice')).invoice.id;
  ids.invoiceId = (await ok(staff.post(`/api/accounts/${world.a.id}/invoices`, invoiceBody()), 'invoice')).invoice.id;
  await ok(staff.post(`/api/invoices/${ids.invoiceId}/send`), 'send invoice');
  await ok(member.post(`/api/invoices/${ids.invoiceId}/payments`, { method: 'manual', amountMinor: 100, reference: 'first' }), 'payment');
  ids.paymentId = (await ok(staff.get(`/api/invoices/${ids.invoiceId}`), 'invoice detail')).payments[0].id;
  ids.folderId = (await ok(staff.post(`/api/accounts/${world.a.id}/library/folders`, { name: 'Contracts' }), 'folder')).folder.id;
  libraryFileId = (await ok(staff.post(`/api/accounts/${world.a.id}/library/files?name=guide.pdf`, undefined, { raw: pdf, headers: { 'content-type': 'application/pdf' } }), 'library file')).file.id;
  ids.fileId = libraryFileId;
  ids.sha256 = (await ok(admin.post('/api/template-files?name=t.pdf', undefined, { raw: pdf, headers: { 'content-type': 'application/pdf' } }), 'template file')).file.sha256;
  expect(ids.sha256).toBe(createHash('sha256').update(pdf).digest('hex'));
  ids.token = 'a'.repeat(32);
}, 180_000);

afterAll(async () => app?.close());

describe('fuzz every operation of the OpenAPI document', () => {
  it('answers no hostile value with a 5xx and leaves no workflow retrying', async () => {
    const doc = (await ok(anon.get('/api/openapi.json'), 'openapi')) as { paths: Record<string, Record<string, Operation>> };
    const operations: [string, Operation][] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const key = `${method} ${path}`;
        if (!SKIP.has(key)) operations.push([key, op]);
      }
    }
    operations.sort(([a], [b]) => Number(LAST.test(a)) - Number(LAST.test(b)));
    expect(operations.length).toBeGreaterThan(80);
    const reached = new Set<string>();
    for (const [key, op] of operations) {
      await fuzzOperation(key, op);
      reached.add(key);
    }
    // Every id-taking route was called with real ids (and so reached its handler).
    for (const [key] of operations) expect(reached).toContain(key);

    const fiveHundreds = stats.errors.length;
    console.log(`fuzz: ${stats.requests} requests, ${fiveHundreds} 5xx`);
    if (process.env.FUZZ_VERBOSE) for (const e of stats.errors) console.log(JSON.stringify(e));
    const distinct = [...new Set(stats.errors.map((e) => `${e.method} ${e.path.replace(/\?.*/, '')} ← ${e.sent.slice(0, 60)}`))].slice(0, 40);

    const conn = app.deps.orm.em.fork().getConnection();
    const accounts = [world.a.id, world.b.id];
    const rows = await conn.execute<{ workflow_id: string; engagement_id: string | null }[]>(
      `select workflow_id, id as engagement_id from engagement where account_id in (?, ?) and created_at >= ?
       union all select workflow_id, null from deliverable where account_id in (?, ?)
       union all select workflow_id, null from signature_document where account_id in (?, ?)
       union all select workflow_id, null from invoice where account_id in (?, ?)`,
      [...accounts, fuzzStart, ...accounts, ...accounts, ...accounts]);
    const workflowIds = rows.flatMap((r) => (r.engagement_id ? [r.workflow_id, onboardingWorkflowId(r.engagement_id)] : [r.workflow_id]));
    expect(workflowIds.length).toBeGreaterThan(5);
    const stuck: string[] = [];
    for (const id of workflowIds) {
      const handle = app.deps.temporal.workflow.getHandle(id);
      if (!(await handle.describe().then(() => true, () => false))) continue; // a draft invoice has no dunning workflow yet
      // Until the workflow has caught up with now (nothing pending), or long enough for a failing activity to be retried a few times.
      await caughtUp(handle, Date.now(), 10_000).catch(() => undefined);
      const described = await handle.describe();
      for (const a of described.raw.pendingActivities ?? []) {
        if ((a.attempt ?? 0) > 3) stuck.push(`${id}: ${a.activityType?.name} at attempt ${a.attempt}`);
      }
      const history = await handle.fetchHistory();
      const failedTasks = (history.events ?? []).filter((e) => e.workflowTaskFailedEventAttributes).length;
      if (failedTasks) stuck.push(`${id}: ${failedTasks} failed workflow tasks`);
    }
    // Both checks are reported together: a 5xx and the loop a bad value left behind are one story.
    expect({ fiveHundreds: distinct, stuck }).toEqual({ fiveHundreds: [], stuck: [] });
  }, 300_000);
});
