/**
 * The account's file library: clients and the team upload files and new versions (raw body,
 * Idempotency-Key), list folders, read versions and download them; the team renames, moves,
 * deletes and keeps things staff-only — which no route ever shows or serves to a client; uploads
 * respect the per-file limit and the account's storage quota; every change is in the audit trail.
 * The same API also runs once on the S3 storage against a local S3-compatible server.
 */
import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, startTestApp, type TestApp } from '../support/app.ts';
import { makeAccount, makeUser, makeWorld, PASSWORD } from '../support/fixtures.ts';
import { startS3Server } from '../support/s3-server.ts';

const LIMIT = 64 * 1024;
let app: TestApp;
let world: Awaited<ReturnType<typeof makeWorld>>;
const as: Record<'admin' | 'staffA' | 'memberA' | 'adminA' | 'reviewer', ApiClient> = {} as never;

const PDF = (fill = 0x41, size = 3000) => Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(size, fill), Buffer.from('\n%%EOF\n')]);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(500, 1)]);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const GHOST = '00000000-0000-4000-8000-000000000000';

const uploadNew = (c: ApiClient, accountId: string, body: Buffer, name: string, opts: { folderId?: string; staffOnly?: boolean; key?: string } = {}) =>
  c.post(`/api/accounts/${accountId}/library/files?name=${encodeURIComponent(name)}${opts.folderId ? `&folderId=${opts.folderId}` : ''}${opts.staffOnly ? '&staffOnly=1' : ''}`, undefined, {
    raw: body, headers: { 'content-type': 'application/octet-stream', ...(opts.key ? { 'idempotency-key': opts.key } : {}) },
  });
const uploadVersion = (c: ApiClient, fileId: string, body: Buffer, name: string, key?: string) =>
  c.post(`/api/library/files/${fileId}/versions?name=${encodeURIComponent(name)}`, undefined, {
    raw: body, headers: { 'content-type': 'application/octet-stream', ...(key ? { 'idempotency-key': key } : {}) },
  });
const download = (c: ApiClient, fileId: string, version: number) => fetch(`${app.url}/api/library/files/${fileId}/versions/${version}/download`, { headers: { cookie: c.cookie } });
const list = (c: ApiClient, accountId: string, folderId?: string) => c.get(`/api/accounts/${accountId}/library${folderId ? `?folderId=${folderId}` : ''}`);
const storedRows = async (fileId: string) => app.deps.orm.em.getConnection().execute<{ id: string; staff_only: boolean; purpose: string }[]>(
  'select s.id, s.staff_only, s.purpose from stored_file s join library_file_version v on v.stored_file_id = s.id where v.file_id = ? order by v.version', [fileId]);
const auditActions = async (targetId: string) => (await app.deps.orm.em.getConnection().execute<{ action: string }[]>(
  'select action from audit_event where target_id = ? order by seq', [targetId])).map((r) => r.action);

beforeAll(async () => {
  app = await startTestApp({ env: { PORTICO_UPLOAD_MAX_BYTES: String(LIMIT) } });
  world = await makeWorld(app.deps.orm.em.fork());
  for (const k of Object.keys({ admin: 1, staffA: 1, memberA: 1, adminA: 1, reviewer: 1 }) as (keyof typeof as)[]) {
    const c = new ApiClient(app.url);
    expect((await c.login(world.users[k].email, PASSWORD)).status).toBe(200);
    as[k] = c;
  }
}, 60_000);
afterAll(async () => app?.close());

describe('file library', () => {
  let fileId: string;
  const v1 = PDF(0x41);
  const v2 = PDF(0x42, 4000);

  it('a client uploads a file; it is listed with its current version, uploader and hash, and downloads intact', async () => {
    const name = 'Brief — Zoë.pdf';
    const res = await uploadNew(as.memberA, world.a.id, v1, name);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    fileId = res.body.file.id;
    expect(res.body.file).toMatchObject({ name, version: 1, size: v1.length, contentType: 'application/pdf', sha256: sha(v1), uploadedBy: world.users.memberA.name, folderId: null, staffOnly: false });

    const listed = await list(as.memberA, world.a.id);
    expect(listed.status).toBe(200);
    expect(listed.body.files.map((f: { id: string }) => f.id)).toEqual([fileId]);
    expect(listed.body.permissions).toEqual({ upload: true, createFolder: true, manage: false });
    expect(listed.body.usage.usedBytes).toBeGreaterThanOrEqual(v1.length);

    const dl = await download(as.memberA, fileId, 1);
    expect(dl.status).toBe(200);
    expect(Buffer.from(await dl.arrayBuffer()).equals(v1)).toBe(true);
    expect(dl.headers.get('content-type')).toBe('application/pdf');
    expect(dl.headers.get('x-content-type-options')).toBe('nosniff');
    expect(dl.headers.get('content-disposition')).toBe(`attachment; filename="Brief ? Zo?.pdf"; filename*=UTF-8''${encodeURIComponent(name)}`);
    expect(await auditActions(fileId)).toEqual(['library.file_uploaded']);
  });

  it('staff upload a new version; the client sees two versions, newest first, and downloads either', async () => {
    const res = await uploadVersion(as.staffA, fileId, v2, 'Brief v2.pdf');
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.file).toMatchObject({ version: 2, sha256: sha(v2), size: v2.length, uploadedBy: world.users.staffA.name });

    const seen = await as.memberA.get(`/api/library/files/${fileId}`);
    expect(seen.status).toBe(200);
    expect(seen.body.versions.map((v: { version: number; name: string; sha256: string; uploadedBy: string }) => [v.version, v.name, v.sha256, v.uploadedBy])).toEqual([
      [2, 'Brief v2.pdf', sha(v2), world.users.staffA.name],
      [1, 'Brief — Zoë.pdf', sha(v1), world.users.memberA.name],
    ]);
    expect(Buffer.from(await (await download(as.memberA, fileId, 2)).arrayBuffer()).equals(v2)).toBe(true);
    expect(Buffer.from(await (await download(as.memberA, fileId, 1)).arrayBuffer()).equals(v1)).toBe(true);
    expect((await download(as.memberA, fileId, 3)).status).toBe(404);
    expect(await auditActions(fileId)).toEqual(['library.file_uploaded', 'library.version_uploaded']);
  });

  it('the same Idempotency-Key retried never creates a second file or version, even when the retries race', async () => {
    const key = `new-${randomUUID()}`;
    const first = await uploadNew(as.memberA, world.a.id, PNG, 'logo.png', { key });
    const again = await uploadNew(as.memberA, world.a.id, PNG, 'logo.png', { key });
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.body.file.id).toBe(first.body.file.id);
    expect((await list(as.memberA, world.a.id)).body.files.filter((f: { name: string }) => f.name === 'logo.png')).toHaveLength(1);

    const vkey = `ver-${randomUUID()}`;
    const racing = await Promise.all([1, 2, 3].map(() => uploadVersion(as.memberA, first.body.file.id, PDF(0x43), 'logo.pdf', vkey)));
    expect(racing.map((r) => r.status)).toEqual([201, 201, 201]);
    expect(new Set(racing.map((r) => r.body.file.version))).toEqual(new Set([2]));
    const versions = (await as.memberA.get(`/api/library/files/${first.body.file.id}`)).body.versions;
    expect(versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    // A key used for another file's upload cannot become a version of this one.
    const other = await uploadVersion(as.memberA, fileId, PDF(0x43), 'x.pdf', vkey);
    expect(other.status).toBe(409);
  });

  it('refuses a type the library does not take (415) and a file over the limit (413), recording nothing', async () => {
    const before = (await list(as.memberA, world.a.id)).body.files.length;
    const exe = await uploadNew(as.memberA, world.a.id, Buffer.concat([Buffer.from('MZ\x90\x00'), Buffer.alloc(200)]), 'setup.pdf');
    expect(exe.status).toBe(415);
    expect(exe.body.error.message).toMatch(/not accepted here/);
    const big = await uploadNew(as.memberA, world.a.id, PDF(0x41, LIMIT), 'big.pdf');
    expect(big.status).toBe(413);
    expect(big.body.error.message).toBe('The file is larger than 64 KB');
    expect((await list(as.memberA, world.a.id)).body.files.length).toBe(before);
  });

  it('clients make folders and upload into them; the team alone renames, moves, deletes and marks items staff-only', async () => {
    const folder = await as.memberA.post(`/api/accounts/${world.a.id}/library/folders`, { name: 'Contracts' });
    expect(folder.status).toBe(201);
    const folderId = folder.body.folder.id;
    expect((await as.memberA.post(`/api/accounts/${world.a.id}/library/folders`, { name: 'contracts' })).status).toBe(409);
    const inFolder = await uploadNew(as.memberA, world.a.id, PDF(0x44), 'Signed.pdf', { folderId });
    expect(inFolder.status).toBe(201);
    expect(inFolder.body.path).toEqual([{ id: folderId, name: 'Contracts' }]);
    const listed = await list(as.memberA, world.a.id, folderId);
    expect(listed.body.files.map((f: { name: string }) => f.name)).toEqual(['Signed.pdf']);
    expect((await list(as.memberA, world.a.id)).body.folders.map((f: { name: string }) => f.name)).toContain('Contracts');

    const id = inFolder.body.file.id;
    expect((await as.memberA.patch(`/api/library/files/${id}`, { name: 'Mine.pdf' })).status).toBe(403);
    expect((await as.memberA.request('DELETE', `/api/library/files/${id}`)).status).toBe(403);
    expect((await as.memberA.patch(`/api/library/folders/${folderId}`, { name: 'Renamed' })).status).toBe(403);
    expect((await as.memberA.post(`/api/accounts/${world.a.id}/library/folders`, { name: 'Secret', staffOnly: true })).status).toBe(403);
    expect((await uploadNew(as.memberA, world.a.id, PNG, 'x.png', { staffOnly: true })).status).toBe(403);
    // Compliance reviewers read but change nothing.
    expect((await list(as.reviewer, world.a.id)).status).toBe(200);
    expect((await uploadNew(as.reviewer, world.a.id, PNG, 'x.png')).status).toBe(403);

    const renamed = await as.staffA.patch(`/api/library/files/${id}`, { name: 'Signed contract.pdf', folderId: null });
    expect(renamed.status).toBe(200);
    expect(renamed.body.file).toMatchObject({ name: 'Signed contract.pdf', folderId: null });
    expect((await as.staffA.patch(`/api/library/folders/${folderId}`, { name: 'Agreements' })).body.folder.name).toBe('Agreements');
    expect((await as.staffA.patch(`/api/library/files/${id}`, { name: 'a/b.pdf' })).status).toBe(400);

    const used = (await list(as.memberA, world.a.id)).body.usage.usedBytes;
    expect((await as.staffA.request('DELETE', `/api/library/files/${id}`)).status).toBe(204);
    expect((await list(as.memberA, world.a.id)).body.files.map((f: { id: string }) => f.id)).not.toContain(id);
    expect((await as.memberA.get(`/api/library/files/${id}`)).status).toBe(404);
    expect((await download(as.staffA, id, 1)).status).toBe(404);
    // Its content is no longer the client's to fetch by any route, and no longer counts against the quota.
    const [row] = await storedRows(id);
    expect((await as.memberA.get(`/api/files/${row!.id}`)).status).toBe(404);
    expect((await list(as.memberA, world.a.id)).body.usage.usedBytes).toBe(used - PDF(0x44).length);
    expect(await auditActions(id)).toEqual(['library.file_uploaded', 'library.file_updated', 'library.file_deleted']);
    expect(await auditActions(folderId)).toEqual(['library.folder_created', 'library.folder_updated']);
  });

  it('never shows or serves staff-only folders and files to a client, through any route', async () => {
    const secret = await as.staffA.post(`/api/accounts/${world.a.id}/library/folders`, { name: 'Internal', staffOnly: true });
    expect(secret.status).toBe(201);
    const secretId = secret.body.folder.id;
    // A folder inside it is hidden too, whatever its own flag.
    const nested = (await as.staffA.post(`/api/accounts/${world.a.id}/library/folders`, { name: 'Notes', parentId: secretId })).body.folder;
    expect(nested).toMatchObject({ staffOnly: false, hiddenFromClients: true });
    const inSecret = await uploadNew(as.staffA, world.a.id, PDF(0x45), 'Margin.pdf', { folderId: nested.id });
    expect(inSecret.status).toBe(201);
    const hiddenFile = inSecret.body.file.id;
    const flagged = await uploadNew(as.staffA, world.a.id, PDF(0x46), 'Pricing.pdf', { staffOnly: true });
    const flaggedFile = flagged.body.file.id;
    // Their stored rows are staff-only, so no other route serves them either.
    const storedHidden = (await storedRows(hiddenFile))[0]!.id;
    const storedFlagged = (await storedRows(flaggedFile))[0]!.id;
    expect((await storedRows(hiddenFile)).map((r) => [r.staff_only, r.purpose])).toEqual([[true, 'library']]);
    expect((await storedRows(flaggedFile)).map((r) => r.staff_only)).toEqual([true]);

    // Staff see them.
    const staffTop = await list(as.staffA, world.a.id);
    expect(staffTop.body.folders.map((f: { name: string }) => f.name)).toContain('Internal');
    expect(staffTop.body.files.map((f: { name: string }) => f.name)).toContain('Pricing.pdf');
    expect((await download(as.staffA, hiddenFile, 1)).status).toBe(200);

    // The client sees neither in the listing.
    const top = await list(as.memberA, world.a.id);
    expect(top.body.folders.map((f: { id: string }) => f.id)).not.toContain(secretId);
    expect(top.body.files.map((f: { id: string }) => f.id)).not.toContain(flaggedFile);

    // Every route, as each client role: the same 404 as for an id that does not exist.
    for (const c of [as.memberA, as.adminA]) {
      const calls: [string, () => Promise<{ status: number; body: unknown }>, () => Promise<{ status: number; body: unknown }>][] = [];
      for (const [target, fileId] of [['staff-only file', flaggedFile], ['file in staff-only folder', hiddenFile]] as const) {
        calls.push(
          [`GET file (${target})`, () => c.get(`/api/library/files/${fileId}`), () => c.get(`/api/library/files/${GHOST}`)],
          [`download (${target})`, () => c.get(`/api/library/files/${fileId}/versions/1/download`), () => c.get(`/api/library/files/${GHOST}/versions/1/download`)],
          [`new version (${target})`, () => uploadVersion(c, fileId, PNG, 'x.png'), () => uploadVersion(c, GHOST, PNG, 'x.png')],
          [`rename (${target})`, () => c.patch(`/api/library/files/${fileId}`, { name: 'x.pdf' }), () => c.patch(`/api/library/files/${GHOST}`, { name: 'x.pdf' })],
          [`delete (${target})`, () => c.request('DELETE', `/api/library/files/${fileId}`), () => c.request('DELETE', `/api/library/files/${GHOST}`)],
        );
      }
      for (const [target, stored] of [['staff-only', storedFlagged], ['in staff-only folder', storedHidden]] as const) {
        calls.push([`GET /api/files (${target})`, () => c.get(`/api/files/${stored}`), () => c.get(`/api/files/${GHOST}`)]);
      }
      for (const [target, folderId] of [['staff-only folder', secretId], ['folder inside it', nested.id]] as const) {
        calls.push(
          [`list (${target})`, () => list(c, world.a.id, folderId), () => list(c, world.a.id, GHOST)],
          [`upload into (${target})`, () => uploadNew(c, world.a.id, PNG, 'x.png', { folderId }), () => uploadNew(c, world.a.id, PNG, 'x.png', { folderId: GHOST })],
          [`folder inside (${target})`, () => c.post(`/api/accounts/${world.a.id}/library/folders`, { name: 'Mine', parentId: folderId }), () => c.post(`/api/accounts/${world.a.id}/library/folders`, { name: 'Mine', parentId: GHOST })],
          [`rename (${target})`, () => c.patch(`/api/library/folders/${folderId}`, { name: 'x' }), () => c.patch(`/api/library/folders/${GHOST}`, { name: 'x' })],
        );
      }
      for (const [name, call, ghost] of calls) {
        const [res, unknown] = [await call(), await ghost()];
        expect(res.status, name).toBe(404);
        expect(res.body, name).toEqual(unknown.body);
      }
    }
    // Nothing was changed or added by those attempts.
    expect((await as.staffA.get(`/api/library/files/${flaggedFile}`)).body.versions).toHaveLength(1);
    expect((await list(as.staffA, world.a.id, nested.id)).body.files.map((f: { name: string }) => f.name)).toEqual(['Margin.pdf']);
  }, 60_000);

  it('moving a file into a staff-only folder, or a folder becoming staff-only, hides every version from clients at once', async () => {
    const shared = (await as.staffA.post(`/api/accounts/${world.a.id}/library/folders`, { name: 'Shared' })).body.folder.id;
    const up = await uploadNew(as.staffA, world.a.id, PDF(0x47), 'Plan.pdf', { folderId: shared });
    const id = up.body.file.id;
    await uploadVersion(as.staffA, id, PDF(0x48), 'Plan v2.pdf');
    const stored = (await storedRows(id)).map((r) => r.id);
    const clientSees = async () => Promise.all([
      as.memberA.get(`/api/library/files/${id}`).then((r) => r.status),
      ...stored.map((s) => as.memberA.get(`/api/files/${s}`).then((r) => r.status)),
    ]);
    expect(await clientSees()).toEqual([200, 200, 200]);

    expect((await as.staffA.patch(`/api/library/folders/${shared}`, { staffOnly: true })).status).toBe(200);
    expect(await clientSees()).toEqual([404, 404, 404]);
    expect((await storedRows(id)).map((r) => r.staff_only)).toEqual([true, true]);
    expect((await as.staffA.patch(`/api/library/folders/${shared}`, { staffOnly: false })).status).toBe(200);
    expect(await clientSees()).toEqual([200, 200, 200]);

    const internal = (await as.staffA.post(`/api/accounts/${world.a.id}/library/folders`, { name: 'Internal only', staffOnly: true })).body.folder.id;
    expect((await as.staffA.patch(`/api/library/files/${id}`, { folderId: internal })).status).toBe(200);
    expect(await clientSees()).toEqual([404, 404, 404]);
    expect((await as.staffA.patch(`/api/library/files/${id}`, { folderId: null, staffOnly: true })).status).toBe(200);
    expect(await clientSees()).toEqual([404, 404, 404]);
    expect((await as.staffA.patch(`/api/library/files/${id}`, { staffOnly: false })).status).toBe(200);
    expect(await clientSees()).toEqual([200, 200, 200]);
  });
});

describe('storage quota', () => {
  it("refuses an upload that would pass the account's quota, before reading when the length is known and while streaming otherwise", async () => {
    const em = app.deps.orm.em.fork();
    const account = await makeAccount(em);
    await em.getConnection().execute('update account set storage_quota_bytes = ? where id = ?', [10_000, account.id]);
    const user = await makeUser(em, 'client_member', account);
    const c = new ApiClient(app.url);
    await c.login(user.email, PASSWORD);

    const first = await uploadNew(c, account.id, PDF(0x50, 6000), 'first.pdf');
    expect(first.status).toBe(201);
    const used = (await list(c, account.id)).body.usage;
    expect(used).toMatchObject({ usedBytes: PDF(0x50, 6000).length, quotaBytes: 10_000, maxFileBytes: LIMIT });

    const declared = await uploadNew(c, account.id, PDF(0x51, 6000), 'second.pdf');
    expect(declared.status).toBe(413);
    expect(declared.body.error.message).toBe(`Not enough storage left: the account has ${Math.round((10_000 - used.usedBytes) / 1024)} KB of its 10 KB free`);

    const body = PDF(0x52, 6000);
    const chunks = [body.subarray(0, 2000), body.subarray(2000)];
    const stream = new ReadableStream({ pull(ctrl) { const x = chunks.shift(); if (x) ctrl.enqueue(new Uint8Array(x)); else ctrl.close(); } });
    const streamed = await fetch(`${app.url}/api/accounts/${account.id}/library/files?name=third.pdf`, {
      method: 'POST', body: stream, duplex: 'half', headers: { cookie: c.cookie, 'x-csrf-token': c.csrf, 'content-type': 'application/octet-stream' },
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(((await streamed.json()) as { error: { message: string } }).error.message).toMatch(/^Not enough storage left/);
    expect((await list(c, account.id)).body.files.map((f: { name: string }) => f.name)).toEqual(['first.pdf']);

    // The same content again is stored once and counted once (it still needs room to arrive).
    await app.deps.orm.em.getConnection().execute('update account set storage_quota_bytes = ? where id = ?', [20_000, account.id]);
    expect((await uploadNew(c, account.id, PDF(0x50, 6000), 'copy of first.pdf')).status).toBe(201);
    expect((await list(c, account.id)).body.usage.usedBytes).toBe(used.usedBytes);
    // The default applies to accounts without a quota of their own.
    expect((await list(as.memberA, world.a.id)).body.usage.quotaBytes).toBe(5 * 1024 ** 3);
  });
});

describe('file library on S3-compatible storage', () => {
  it('stores uploads in the bucket under their hash and serves them back', async () => {
    const s3 = await startS3Server('portico-library');
    const s = s3.settings;
    const s3app = await startTestApp({ env: {
      PORTICO_STORAGE: 's3', S3_BUCKET: s.bucket, S3_ENDPOINT: s.endpoint!, S3_REGION: s.region, S3_FORCE_PATH_STYLE: 'true',
      S3_ACCESS_KEY_ID: s.credentials!.accessKeyId, S3_SECRET_ACCESS_KEY: s.credentials!.secretAccessKey,
    } });
    try {
      const c = new ApiClient(s3app.url);
      await c.login(world.users.memberA.email, PASSWORD);
      const body = PDF(0x53, 20_000);
      const up = await c.post(`/api/accounts/${world.a.id}/library/files?name=s3.pdf`, undefined, { raw: body, headers: { 'content-type': 'application/octet-stream' } });
      expect(up.status, JSON.stringify(up.body)).toBe(201);
      expect(up.body.file.sha256).toBe(sha(body));
      const dl = await fetch(`${s3app.url}/api/library/files/${up.body.file.id}/versions/1/download`, { headers: { cookie: c.cookie } });
      expect(dl.status).toBe(200);
      expect(Buffer.from(await dl.arrayBuffer()).equals(body)).toBe(true);
      expect(await (s3app.deps.storage.open(sha(body)))).not.toBeNull();
    } finally {
      await s3app.close();
      await s3.close();
    }
  }, 30_000);
});
