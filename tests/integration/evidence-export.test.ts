/**
 * Evidence exports end to end, through the real API, workflows and file storage: an engagement with an
 * approved deliverable, a sealed document and a sent (and paid) invoice is exported as a ZIP and
 * checked offline — by `npm run evidence:verify` and by the standard tools the README names (unzip,
 * sha256sum -c, openssl pkeyutl). One changed byte in any member is caught; a bundle re-signed with
 * another key passes only until the installation's own key is given. Clients and staff cannot
 * export; another account's data never shows in an account's bundle; the export is itself an event.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import yauzl from 'yauzl';
import yazl from 'yazl';
import { ApiClient, ok, startTestApp, type TestApp } from '../support/app.ts';
import { makeAccount, makeWorld, PASSWORD } from '../support/fixtures.ts';
import { onePagePdf } from '../support/signing.ts';
import { writeAuditCheckpoint } from '../../db/audit-checkpoint.ts';
import { verifyEvidenceBundle } from '../../scripts/lib/evidence-verify.ts';
import type { Manifest } from '../../db/evidence-bundle.ts';

let app: TestApp;
let world: Awaited<ReturnType<typeof makeWorld>>;
const as = {} as Record<'staffA' | 'memberA' | 'staffB' | 'memberB' | 'reviewer' | 'admin', ApiClient>;
let dir: string;
let engagementId: string;
let engagementB: string;
let bTitle: string;
let deliverableId: string;
let documentId: string;
let invoiceId: string;
let startedAt: string;
let bundlePath: string;

const ROOT = new URL('../..', import.meta.url).pathname;

/** POSTs an export like the browser does (session cookie, CSRF header) and keeps the raw bytes. */
async function exportZip(c: ApiClient, body: unknown): Promise<{ status: number; headers: Headers; bytes: Buffer; json: any }> {
  if (!c.csrf) await c.session();
  const res = await fetch(`${app.url}/api/audit/exports`, {
    method: 'POST', body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', cookie: c.cookie, 'x-csrf-token': c.csrf, 'user-agent': 'evidence test' },
  });
  const bytes = Buffer.from(await res.arrayBuffer());
  let json: unknown = null;
  if (!res.headers.get('content-type')?.includes('zip')) { try { json = JSON.parse(bytes.toString()); } catch { /* not JSON */ } }
  return { status: res.status, headers: res.headers, bytes, json };
}

/** Every member of a ZIP, inflated, in order. */
async function members(zipBytes: Buffer): Promise<Map<string, Buffer>> {
  const zip = await yauzl.fromBufferPromise(zipBytes, { lazyEntries: true });
  const out = new Map<string, Buffer>();
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (e: yauzl.Entry) => {
      zip.openReadStreamPromise(e).then((s) => buffer(s)).then((b) => { out.set(e.fileName, b); zip.readEntry(); }, reject);
    });
    zip.on('end', () => resolve());
    zip.on('error', reject);
    zip.readEntry();
  });
  return out;
}

/** A ZIP of the given members. */
async function zipOf(files: Map<string, Buffer>): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, bytes] of files) zip.addBuffer(bytes, name);
  zip.end();
  return buffer(zip.outputStream);
}

/** Runs a command without blocking this process (which serves the API the command may call). */
function run(cmd: string, args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** The newest event in an engagement's export scope (its own, its items', or naming it). */
async function lastEngagementEventSeq(id: string): Promise<number | null> {
  const [r] = await app.deps.orm.em.getConnection().execute<{ last: string | null }[]>(
    `select max(e.seq) as last from audit_event e where (e.target_type = 'engagement' and e.target_id = ?)
      or (e.target_type = 'deliverable' and e.target_id in (select id::text from deliverable where engagement_id = ?))
      or (e.target_type = 'document' and e.target_id in (select id::text from signature_document where engagement_id = ?))
      or (e.target_type = 'invoice' and e.target_id in (select id::text from invoice where engagement_id = ?))
      or e.data->>'engagementId' = ?`, [id, id, id, id, id]);
  return r?.last == null ? null : Number(r.last);
}

/** Waits (outside a test, where expect.poll is not available) until `check` holds. */
async function until(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function save(name: string, bytes: Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
}

beforeAll(async () => {
  // The worker seals documents from the same file storage.
  app = await startTestApp({ env: { PORTICO_FILES_DIR: inject('filesDir') } });
  dir = mkdtempSync(join(tmpdir(), 'portico-evidence-'));
  world = await makeWorld(app.deps.orm.em.fork());
  for (const k of ['staffA', 'memberA', 'staffB', 'memberB', 'reviewer', 'admin'] as const) {
    as[k] = new ApiClient(app.url, { 'user-agent': `evidence (${k})` });
    expect((await as[k].login(world.users[k].email, PASSWORD)).status).toBe(200);
  }
  startedAt = new Date(Date.now() - 1000).toISOString();
  const pdf = await onePagePdf();
  engagementId = (await ok(as.staffA.post(`/api/accounts/${world.a.id}/engagements`, { title: 'Evidence retainer', milestones: ['Design', 'Sign'] }), 'engagement')).engagement.id;
  // Account B's work, interleaved with A's, so A's chain segment holds B's events (reduced).
  bTitle = `Bravo confidential ${Date.now()}`;
  engagementB = (await ok(as.staffB.post(`/api/accounts/${world.b.id}/engagements`, { title: bTitle, milestones: ['Only'] }), 'engagement B')).engagement.id;

  // A deliverable, approved by the client.
  deliverableId = (await ok(as.staffA.post(`/api/engagements/${engagementId}/deliverables`, {
    title: 'Logo', review: { stages: [{ key: 'client', title: 'Client review', reviewers: 'client_users', rule: 'any', due: 'P30D' }], unlockOnApproval: true },
  }), 'deliverable')).deliverable.id;
  const versionId = (await ok(as.staffA.post(`/api/deliverables/${deliverableId}/versions?name=logo-v1.pdf`, undefined, { raw: pdf, headers: { 'content-type': 'application/octet-stream' } }), 'version')).versions[0].id;
  await ok(as.memberA.post(`/api/deliverables/${deliverableId}/decisions`, { versionId, decision: 'approved' }), 'approve');
  await ok(as.memberB.get(`/api/engagements/${engagementB}`), 'B reads');
  // A signed checkpoint in the middle of A's events.
  expect(await writeAuditCheckpoint(app.deps.orm.em.fork(), app.config.auditSigningSecret)).not.toBeNull();

  // A document signed by the client and sealed by the workflow.
  documentId = (await ok(as.staffA.post(`/api/engagements/${engagementId}/documents?title=Services%20agreement`, undefined, { raw: pdf, headers: { 'content-type': 'application/pdf' } }), 'document')).document.id;
  await ok(as.staffA.put(`/api/documents/${documentId}/setup`, {
    ordering: 'sequential', reminderEveryDays: 0, expiresAfterDays: 30,
    signers: [{ key: 'client', name: world.users.memberA.name, email: world.users.memberA.email, userId: world.users.memberA.id, roleLabel: 'Client' }],
    fields: [{ type: 'signature', signerKey: 'client', page: 1, x: 0.1, y: 0.7, w: 0.3, h: 0.06 }],
  }), 'setup');
  await ok(as.staffA.post(`/api/documents/${documentId}/send`), 'send');
  await ok(as.memberA.get(`/api/documents/${documentId}/signing`), 'signing');
  await ok(as.memberA.post(`/api/documents/${documentId}/signing/viewed`), 'viewed');
  await ok(as.memberA.post(`/api/documents/${documentId}/signing/consent`, { agree: true, disclosureVersion: '2026-11' }), 'consent');
  await ok(as.memberA.post(`/api/documents/${documentId}/signing/sign`, { signature: { type: 'typed', text: world.users.memberA.name } }), 'sign');
  await until('the document is sealed', async () => /^[0-9a-f]{64}$/.test(String((await as.staffA.get(`/api/documents/${documentId}`)).body.document.sealedSha256)));

  // An invoice sent, paid by bank transfer and confirmed.
  const due = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  invoiceId = (await ok(as.staffA.post(`/api/accounts/${world.a.id}/invoices`, { engagementId, currency: 'EUR', dueDate: due, lines: [{ description: 'Design sprint', quantityMilli: 1000, unitMinor: 15000 }] }), 'invoice')).invoice.id;
  const sent = await ok(as.staffA.post(`/api/invoices/${invoiceId}/send`), 'send invoice');
  await ok(as.staffB.post(`/api/accounts/${world.b.id}/invoices`, { engagementId: engagementB, currency: 'EUR', dueDate: due, lines: [{ description: `${bTitle} work`, quantityMilli: 1000, unitMinor: 99 }] }), 'invoice B');
  const payment = await ok(as.memberA.post(`/api/invoices/${invoiceId}/payments`, { method: 'manual', amountMinor: sent.invoice.totalMinor, reference: 'TRANSFER-1' }), 'pay');
  await ok(as.staffA.post(`/api/payments/${payment.payments.at(-1).id}/confirm`), 'confirm');
  // The engagement's own workflow events (started, document completed) land a moment later.
  await until('the document is completed', async () => (await app.deps.orm.em.getConnection().execute<unknown[]>(
    `select 1 from audit_event where target_type = 'document' and target_id = ? and action = 'document.completed'`, [documentId])).length === 1);
  // A checkpoint after A's last event: it anchors the segment. Workflow and after-response events of
  // the engagement can still land (a paid invoice's dunning ending, a refusal written after its
  // answer), so the checkpoint is written again until none of the engagement's events follows it.
  await ok(as.memberB.get(`/api/engagements/${engagementB}`), 'B reads');
  await until('a checkpoint follows the engagement\'s last event', async () => {
    const checkpoint = await writeAuditCheckpoint(app.deps.orm.em.fork(), app.config.auditSigningSecret);
    await new Promise((r) => setTimeout(r, 1000));
    const last = await lastEngagementEventSeq(engagementId);
    return checkpoint !== null && last !== null && last <= checkpoint.seq;
  });
}, 180_000);

afterAll(async () => {
  await app?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('evidence exports', () => {
  let manifest: Manifest;
  let files: Map<string, Buffer>;

  it('exports an engagement as a streamed ZIP with its events, files, report and signed manifest', async () => {
    const res = await exportZip(as.reviewer, { engagementId });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="portico-evidence-engagement-[0-9a-f]{8}-\d{8}T\d{6}Z\.zip"$/);
    // Streamed, not sent as one buffer with its length.
    expect(res.headers.get('transfer-encoding')).toBe('chunked');
    bundlePath = save('engagement.zip', res.bytes);
    files = await members(res.bytes);
    manifest = JSON.parse(files.get('manifest.json')!.toString()) as Manifest;

    const names = [...files.keys()];
    expect(names.slice(-3)).toEqual(['SHA256SUMS', 'manifest.json', 'manifest.json.sig']);
    expect(names).toEqual(expect.arrayContaining(['events.jsonl', 'events.csv', 'chain/segment.jsonl', 'report.pdf', 'public-key.pem',
      `files/documents/${documentId}/sealed.pdf`, `files/documents/${documentId}/certificate.pdf`]));
    expect(names.some((n) => n.startsWith(`files/deliverables/${deliverableId}/v1-`))).toBe(true);
    expect(names.some((n) => n.startsWith(`files/invoices/${invoiceId}/INV-`))).toBe(true);
    // The certificate of completion is the one the portal serves, naming the certificate the sealed PDF is signed with.
    const served = Buffer.from(await (await fetch(`${app.url}/api/documents/${documentId}/certificate`, { headers: { cookie: as.staffA.cookie } })).arrayBuffer());
    expect(files.get(`files/documents/${documentId}/certificate.pdf`)!.equals(served)).toBe(true);

    // The files are the ones recorded: the approved version, the sealed PDF and the invoice as sent, by hash.
    const doc = (await as.staffA.get(`/api/documents/${documentId}`)).body.document;
    const sealed = manifest.files.find((f) => f.kind === 'sealed-document')!;
    expect(sealed.sha256).toBe(doc.sealedSha256);
    const inv = (await as.staffA.get(`/api/invoices/${invoiceId}`)).body.invoice;
    expect(manifest.files.find((f) => f.kind === 'invoice-as-sent')!.sha256).toBe(inv.sentSha256);
    expect(inv.status).toBe('paid');
    const version = manifest.files.find((f) => f.kind === 'deliverable-version')!;
    expect(version.recordedSha256).toBe(version.sha256);
    expect(manifest.files.find((f) => f.path === 'report.pdf')).toBeTruthy();

    // The events in scope: the engagement's own, with every hashed column.
    const events = files.get('events.jsonl')!.toString().trim().split('\n').map((l) => JSON.parse(l));
    const actions = events.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['review.decision', 'document.signed', 'document.sealed', 'invoice.sent', 'payment.confirmed']));
    expect(Object.keys(events[0]).sort()).toEqual(['accountId', 'action', 'actorEmail', 'actorId', 'actorRole', 'data', 'eventKey', 'hash', 'ip', 'occurredAt', 'prevHash', 'seq', 'targetId', 'targetType', 'userAgent']);
    expect(events.every((e) => e.accountId === world.a.id)).toBe(true);
    const approval = events.find((e) => e.action === 'review.decision');
    expect(JSON.parse(approval.data)).toMatchObject({ decision: 'approved', sha256: version.sha256 });
    expect(manifest.events).toEqual({ count: events.length, firstSeq: events[0].seq, lastSeq: events.at(-1).seq });
    const csv = files.get('events.csv')!.toString().trimEnd().split('\r\n');
    expect(csv[0]).toBe('seq,occurred_at,event_key,action,actor_id,actor_email,actor_role,account_id,target_type,target_id,ip,user_agent,data,prev_hash,hash');
    expect(csv).toHaveLength(events.length + 1);

    // The segment runs through B's interleaved events (reduced) on to the checkpoint after A's last event.
    const segment = files.get('chain/segment.jsonl')!.toString().trim().split('\n').map((l) => JSON.parse(l));
    expect(segment.filter((s) => s.inScope)).toHaveLength(events.length);
    const reduced = segment.filter((s) => !s.inScope);
    expect(reduced.length).toBeGreaterThan(0);
    expect(Object.keys(reduced[0]).sort()).toEqual(['contentHash', 'hash', 'prevHash', 'seq']);
    expect(manifest.segment!.anchoredByCheckpointSeq).toBe(segment.at(-1).seq);
    expect(manifest.checkpoints.length).toBeGreaterThanOrEqual(2);
    expect(manifest.notes.join(' ')).toMatch(/only their links/);
    expect(manifest.publicKey).toBe(await (await fetch(`${app.url}/.well-known/portico-audit-key`)).text());

    const v = await verifyEvidenceBundle(bundlePath);
    expect(v.problems).toEqual([]);
    expect(v.summary).toMatchObject({ events: events.length, reduced: reduced.length });
  });

  it('passes the standard tools and the CLI verifier with the key from the well-known URL', async () => {
    const out = join(dir, 'unpacked');
    execFileSync('unzip', ['-q', bundlePath, '-d', out]);
    const sums = spawnSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: out, encoding: 'utf8' });
    expect(sums.status, sums.stdout + sums.stderr).toBe(0);
    expect(sums.stdout.trim().split('\n')).toHaveLength(manifest.files.length - 1);
    // The manifest lists SHA256SUMS itself, so the signed manifest covers every line sha256sum checks.
    const sumsSha = execFileSync('sha256sum', ['SHA256SUMS'], { cwd: out, encoding: 'utf8' }).split(' ')[0];
    expect(manifest.files.find((f) => f.path === 'SHA256SUMS')!.sha256).toBe(sumsSha);
    // The key obtained independently of the bundle.
    writeFileSync(join(out, 'key.pem'), await (await fetch(`${app.url}/.well-known/portico-audit-key`)).text());
    const openssl = spawnSync('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', 'key.pem', '-rawin', '-in', 'manifest.json', '-sigfile', 'manifest.json.sig'], { cwd: out, encoding: 'utf8' });
    expect(openssl.status, openssl.stdout + openssl.stderr).toBe(0);
    expect(openssl.stdout).toContain('Signature Verified Successfully');
    // The same command on a changed manifest fails.
    writeFileSync(join(out, 'manifest.json'), readFileSync(join(out, 'manifest.json'), 'utf8').replace(world.users.reviewer.email, 'someone@else.test'));
    expect(spawnSync('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', 'key.pem', '-rawin', '-in', 'manifest.json', '-sigfile', 'manifest.json.sig'], { cwd: out }).status).not.toBe(0);

    // Not spawnSync: the API answering the key URL runs in this process.
    const cli = await run(process.execPath, ['scripts/evidence-verify.ts', '--key-url', `${app.url}/.well-known/portico-audit-key`, bundlePath]);
    expect(cli.status, cli.stdout + cli.stderr).toBe(0);
    expect(cli.stdout).toMatch(/^OK: /);
    expect(cli.stdout).toContain('manifest signature valid with the key you gave');
  });

  it('catches one changed byte in any member', async () => {
    const targets = [...files.keys()];
    expect(targets.length).toBeGreaterThanOrEqual(12);
    for (const name of targets) {
      const changed = new Map(files);
      const bytes = Buffer.from(files.get(name)!);
      const at = Math.floor(bytes.length / 2);
      bytes[at] = bytes[at]! ^ 0x01;
      changed.set(name, bytes);
      const p = save('tampered.zip', await zipOf(changed));
      const v = await verifyEvidenceBundle(p);
      expect(v.ok, `a changed byte in ${name} went unnoticed`).toBe(false);
      if (name === 'events.jsonl') {
        const cli = await run(process.execPath, ['scripts/evidence-verify.ts', p]);
        expect(cli.status, `${name}: ${cli.stdout}`).toBe(1);
        expect(cli.stderr).toMatch(/^PROBLEM: events\.jsonl: SHA-256 /m);
        expect(cli.stderr).toMatch(/NOT OK/);
      }
    }
    // A changed event whose manifest line, checksum and signature were all redone with another key: the
    // chain still catches it, and the installation's key refuses the signature.
    const events = files.get('events.jsonl')!.toString().split('\n');
    const i = events.findIndex((l) => l.includes('"review.decision"'));
    events[i] = events[i]!.replace('\\"approved\\"', '\\"rejected\\"');
    expect(events[i]).toContain('rejected');
    const forged = await forge(new Map(files).set('events.jsonl', Buffer.from(events.join('\n'))));
    const v = await verifyEvidenceBundle(save('forged.zip', forged.zip));
    expect(v.problems).toEqual([expect.stringMatching(/^event \d+: its content does not match its hash/)]);
    const withKey = await verifyEvidenceBundle(save('forged.zip', forged.zip), { keyPem: manifest.publicKey });
    expect(withKey.problems).toEqual(expect.arrayContaining([expect.stringMatching(/does not verify with the key given/)]));
  });

  it('keeps other accounts out of an account export, and covers a period for the reviewer', async () => {
    const res = await exportZip(as.admin, { accountId: world.a.id });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/portico-evidence-account-/);
    const p = save('account.zip', res.bytes);
    expect((await verifyEvidenceBundle(p)).problems).toEqual([]);
    const all = await members(res.bytes);
    const text = [...all.values()].map((b) => b.toString('latin1')).join('\n');
    for (const secret of [world.b.name, world.b.id, world.users.memberB.email, world.users.staffB.email, world.users.adminB.email, world.users.memberB.name, bTitle, engagementB]) {
      expect(text, `${secret} leaked into account A's bundle`).not.toContain(secret);
    }
    // Unpacked too (PDF text is drawn from in-scope data only; the files are A's).
    const out = join(dir, 'account');
    execFileSync('unzip', ['-q', p, '-d', out]);
    const grep = spawnSync('grep', ['-r', '-l', '-F', '-e', world.users.memberB.email, '-e', world.b.name, '-e', bTitle, out], { encoding: 'utf8' });
    expect(grep.status, grep.stdout).toBe(1);
    const events = all.get('events.jsonl')!.toString().trim().split('\n').map((l) => JSON.parse(l));
    expect(events.every((e) => e.accountId === world.a.id)).toBe(true);

    const period = await exportZip(as.reviewer, { from: startedAt, to: new Date().toISOString() });
    expect(period.status, JSON.stringify(period.json)).toBe(200);
    const pp = save('period.zip', period.bytes);
    const v = await verifyEvidenceBundle(pp);
    expect(v.problems).toEqual([]);
    const periodEvents = (await members(period.bytes)).get('events.jsonl')!.toString();
    expect(periodEvents).toContain(world.b.id);
    expect(periodEvents).toContain(world.a.id);
  });

  it('records every export in the chain before streaming it', async () => {
    const conn = app.deps.orm.em.getConnection();
    const [row] = await conn.execute<{ seq: string; hash: string; prev_hash: string; actor_email: string; account_id: string; target_id: string; data: any }[]>(
      'select seq, hash, prev_hash, actor_email, account_id, target_id, data from audit_event where event_key = ?', [manifest.exportEvent.eventKey]);
    expect(row).toBeTruthy();
    expect({ seq: Number(row!.seq), hash: row!.hash }).toEqual({ seq: manifest.exportEvent.seq, hash: manifest.exportEvent.hash });
    expect(row).toMatchObject({ actor_email: world.users.reviewer.email, account_id: world.a.id, target_id: engagementId });
    expect(row!.data).toMatchObject({ scope: { engagementId, accountId: world.a.id }, events: manifest.events, chainHead: { seq: manifest.chainHead!.seq, sha256: manifest.chainHead!.hash } });
    // Linked into the chain: its previous hash is the stored hash of the event before it.
    const [before] = await conn.execute<{ hash: string }[]>('select hash from audit_event where seq < ? order by seq desc limit 1', [row!.seq]);
    expect(row!.prev_hash).toBe(before!.hash);
    // The next export of the engagement holds the first one's event, and verifies.
    const again = await exportZip(as.reviewer, { engagementId });
    expect(again.status).toBe(200);
    const events = (await members(again.bytes)).get('events.jsonl')!.toString();
    expect(events).toContain(manifest.exportEvent.eventKey);
    expect((await verifyEvidenceBundle(save('again.zip', again.bytes))).problems).toEqual([]);
  });

  it('exports an account with no events yet as a bundle that verifies', async () => {
    const quiet = await makeAccount(app.deps.orm.em.fork(), `Quiet ${Date.now()}`);
    const res = await exportZip(as.admin, { accountId: quiet.id });
    expect(res.status).toBe(200);
    const v = await verifyEvidenceBundle(save('quiet.zip', res.bytes));
    expect(v.problems).toEqual([]);
    expect(v.manifest!.events.count).toBe(0);
  });

  it('refuses clients and staff, hides other accounts, and names the field of a bad request', async () => {
    expect((await exportZip(as.memberA, { engagementId })).status).toBe(403);
    expect((await exportZip(as.memberA, { accountId: world.a.id })).status).toBe(403);
    expect((await exportZip(as.memberA, { engagementId: engagementB })).status).toBe(404);
    expect((await exportZip(as.memberA, { accountId: world.b.id })).status).toBe(404);
    expect((await exportZip(as.memberA, { from: startedAt })).status).toBe(403);
    // Staff have no audit rights: their own account's export is refused, another account is not theirs to know.
    expect((await exportZip(as.staffA, { engagementId })).status).toBe(403);
    expect((await exportZip(as.staffA, { engagementId: engagementB })).status).toBe(404);
    // An engagement that is not of the account named, or does not exist.
    expect((await exportZip(as.reviewer, { engagementId: engagementB, accountId: world.a.id })).status).toBe(404);
    expect((await exportZip(as.reviewer, { engagementId: '00000000-0000-4000-8000-000000000000' })).status).toBe(404);

    const none = await exportZip(as.reviewer, {});
    expect(none.status).toBe(400);
    expect(Object.keys(none.json.error.fields)).toEqual(['engagementId', 'accountId', 'from', 'to']);
    expect((await exportZip(as.reviewer, { from: 'yesterday' })).json.error.fields).toHaveProperty('from');
    expect((await exportZip(as.reviewer, { from: '2026-12-04T10:00:00Z', to: '2026-12-03T10:00:00Z' })).json.error.fields).toEqual({ to: 'Must not be before from' });
    expect((await exportZip(as.reviewer, { accountId: 'nope' })).json.error.fields).toHaveProperty('accountId');
    expect((await exportZip(as.reviewer, { accountId: world.a.id, role: 'admin' })).json.error.fields).toEqual({ role: 'Unknown field' });
    // Without the CSRF token nothing is exported.
    const noCsrf = await fetch(`${app.url}/api/audit/exports`, { method: 'POST', body: JSON.stringify({ engagementId }), headers: { 'content-type': 'application/json', cookie: as.reviewer.cookie } });
    expect(noCsrf.status).toBe(403);
  });

  it('names an approved file lost from the storage in the signed manifest, and still streams a bundle that verifies', async () => {
    const lost = (await ok(as.staffA.post(`/api/accounts/${world.a.id}/engagements`, { title: 'Evidence with a lost file', milestones: ['Only'] }), 'engagement')).engagement.id;
    const del = (await ok(as.staffA.post(`/api/engagements/${lost}/deliverables`, {
      title: 'Brochure', review: { stages: [{ key: 'client', title: 'Client review', reviewers: 'client_users', rule: 'any', due: 'P30D' }], unlockOnApproval: true },
    }), 'deliverable')).deliverable.id;
    // Bytes of its own (the storage is content-addressed): removing them touches no other test's file.
    const bytes = Buffer.concat([Buffer.from(await onePagePdf()), Buffer.from(`\n% lost ${Date.now()}\n`)]);
    const version = (await ok(as.staffA.post(`/api/deliverables/${del}/versions?name=brochure.pdf`, undefined, { raw: bytes, headers: { 'content-type': 'application/octet-stream' } }), 'version')).versions[0];
    await ok(as.memberA.post(`/api/deliverables/${del}/decisions`, { versionId: version.id, decision: 'approved' }), 'approve');
    await until('the deliverable is approved', async () => (await as.staffA.get(`/api/deliverables/${del}`)).body.deliverable.status === 'approved');
    const sha = createHash('sha256').update(bytes).digest('hex');
    rmSync(join(inject('filesDir'), sha.slice(0, 2), sha));

    const res = await exportZip(as.reviewer, { engagementId: lost });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    const p = save('lost.zip', res.bytes);
    const v = await verifyEvidenceBundle(p);
    expect(v.problems).toEqual([]);
    expect(v.manifest!.missingFiles).toEqual([expect.objectContaining({ kind: 'deliverable-version', recordedSha256: sha, item: expect.objectContaining({ id: del }) })]);
    expect([...(await members(res.bytes)).keys()].some((m) => m.startsWith(`files/deliverables/${del}/`))).toBe(false);
    const cli = await run(process.execPath, ['scripts/evidence-verify.ts', p]);
    expect(cli.status, cli.stderr).toBe(0);
    expect(cli.stderr).toMatch(/INCOMPLETE: files\/deliverables\/.*brochure\.pdf .*missing from the file storage/);
  });

  it('is declared in the OpenAPI document as a ZIP answer', async () => {
    const doc = (await new ApiClient(app.url).get('/api/openapi.json')).body;
    const op = doc.paths['/api/audit/exports'].post;
    expect(op.responses['200'].content).toEqual({ 'application/zip': { schema: { type: 'string', format: 'binary' } } });
    expect(Object.keys(op.requestBody.content['application/json'].schema.properties).sort()).toEqual(['accountId', 'engagementId', 'from', 'to']);
  });
});

/** The bundle with its members changed, SHA256SUMS and manifest redone and signed with a key of the forger's own. */
async function forge(files: Map<string, Buffer>): Promise<{ zip: Buffer }> {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const manifest = JSON.parse(files.get('manifest.json')!.toString()) as Manifest;
  const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  files.set('public-key.pem', Buffer.from(pem));
  manifest.publicKey = pem;
  for (const f of manifest.files) {
    if (f.path === 'SHA256SUMS') continue;
    const b = files.get(f.path)!;
    f.sha256 = createHash('sha256').update(b).digest('hex');
    f.size = b.length;
  }
  const sums = Buffer.from(manifest.files.filter((f) => f.path !== 'SHA256SUMS').map((f) => `${f.sha256}  ${f.path}\n`).join(''));
  files.set('SHA256SUMS', sums);
  const s = manifest.files.find((f) => f.path === 'SHA256SUMS')!;
  s.sha256 = createHash('sha256').update(sums).digest('hex');
  s.size = sums.length;
  const bytes = Buffer.from(JSON.stringify(manifest, null, 2));
  files.set('manifest.json', bytes);
  files.set('manifest.json.sig', sign(null, bytes, privateKey));
  return { zip: await zipOf(files) };
}
