import { Router, type Request } from 'express';
import { z } from 'zod';
import { LockMode } from '@mikro-orm/core';
import { Folder, LibraryFile, LibraryFileVersion } from '../../db/entities/library.ts';
import { StoredFile } from '../../db/entities/stored-file.ts';
import { recordAudit } from '../../db/audit.ts';
import { syncStaffOnly } from '../../db/stored-files.ts';
import { KNOWN_TYPES } from '../../db/files/sniff.ts';
import { AppError } from '../errors.ts';
import { fields, route } from '../http.ts';
import type { AppDeps } from '../deps.ts';
import type { SessionUser } from '../auth/session-user.ts';
import { auditContext, authorize, roleMay } from '../policy.ts';
import { accountQuota, accountStorageUsed, sendStoredFile, stripUnsafeNameChars } from '../services/files.ts';
import {
  addFile, addVersion, assertFreeFolderName, fileHidden, getFileView, isClient, listFolder, listVersions, loadFolders, notFound,
  visibleFolder, FolderTree, type UploadContext,
} from '../services/library.ts';

const FolderView = z.object({ id: z.uuid(), name: z.string(), parentId: z.uuid().nullable(), staffOnly: z.boolean(), hiddenFromClients: z.boolean(), createdAt: z.string() }).meta({ id: 'LibraryFolder' });
const FileView = z.object({
  id: z.uuid(), name: z.string(), folderId: z.uuid().nullable(), staffOnly: z.boolean(), hiddenFromClients: z.boolean(),
  version: z.number().describe('The current version; also how many versions there are'),
  size: z.number(), contentType: z.string(), sha256: z.string(), uploadedBy: z.string().nullable(), uploadedAt: z.string(), updatedAt: z.string(),
}).meta({ id: 'LibraryFile' });
const VersionView = z.object({
  version: z.number(), name: z.string(), size: z.number(), contentType: z.string(), sha256: z.string(), uploadedBy: z.string().nullable(), uploadedAt: z.string(), note: z.string().nullable(),
}).meta({ id: 'LibraryVersion' });
const Crumb = z.object({ id: z.uuid(), name: z.string() });
const Permissions = z.object({ upload: z.boolean(), createFolder: z.boolean(), manage: z.boolean() }).meta({ id: 'LibraryPermissions' });

/** A folder or file name: control and bidi characters dropped by the same sanitizer as uploads' names, slashes refused. */
const libraryName = (max: number) => z.string().max(max, `At most ${max} characters`).transform(stripUnsafeNameChars)
  .pipe(z.string().trim().min(1, 'Required')).refine((s) => !/[\\/]/.test(s), 'No slashes');
const folderName = libraryName(200);
const fileName = libraryName(255);
const flag = z.enum(['1', 'true', '0', 'false']).optional().transform((v) => v === '1' || v === 'true');

const AccountParams = z.object({ accountId: fields.uuid });
const FileParams = z.object({ fileId: fields.uuid });
const UPLOAD_ERRORS = ['payload_too_large', 'unsupported_media_type', 'conflict'];

const permissionsOf = (user: SessionUser) => ({
  upload: roleMay(user, 'library.upload'), createFolder: roleMay(user, 'library.upload'), manage: roleMay(user, 'library.manage'),
});

export function libraryRoutes(deps: AppDeps): Router {
  const r = Router();
  const { orm } = deps;
  const limits = () => ({ maxBytes: deps.config.uploadMaxBytes, quotaBytes: deps.config.accountQuotaBytes });
  const uploadContext = (req: Request, user: SessionUser): UploadContext => ({ em: orm.em, storage: deps.storage, req, user, limits: limits() });

  /**
   * A file the caller may see, for `action`: unknown, deleted, another account's or (for clients)
   * staff-only answer the same 404; a visible file the role may not change answers 403.
   */
  async function visibleFile(req: Request, user: SessionUser, fileId: string, action: 'library.read' | 'library.upload' | 'library.manage') {
    const file = await orm.em.findOne(LibraryFile, { id: fileId, deletedAt: null });
    if (!file) throw notFound();
    await authorize(orm.em, req, user, 'library.read', file.account.id);
    const tree = await loadFolders(orm.em, file.account.id);
    if (isClient(user) && fileHidden(tree, file)) throw notFound();
    if (action !== 'library.read') await authorize(orm.em, req, user, action, file.account.id);
    return { file, tree };
  }

  async function fileDetail(user: SessionUser, file: LibraryFile, tree: FolderTree) {
    return {
      file: await getFileView(orm.em, tree, file.id),
      versions: await listVersions(orm.em, file.id),
      path: tree.path(file.folderId ?? null).map((f) => ({ id: f.id, name: f.name })),
      permissions: permissionsOf(user),
    };
  }
  const FileDetail = z.object({ file: FileView, versions: z.array(VersionView), path: z.array(Crumb), permissions: Permissions }).meta({ id: 'LibraryFileDetail' });

  route(r, {
    method: 'get', path: '/api/accounts/:accountId/library', tag: 'library', auth: 'session', params: AccountParams,
    query: z.object({ folderId: fields.uuid.optional() }),
    summary: "A folder of the account's file library (the top without folderId): its folders and files with their current version, the path to it, the storage used and what the caller may do. Clients never see staff-only folders or files.",
    response: z.object({
      account: z.object({ id: z.uuid(), name: z.string() }), folder: FolderView.nullable(), path: z.array(Crumb),
      folders: z.array(FolderView), files: z.array(FileView),
      allFolders: z.array(FolderView.extend({ path: z.string() })).describe('Every folder the caller may see, by path (for moving files)'),
      usage: z.object({ usedBytes: z.number(), quotaBytes: z.number(), maxFileBytes: z.number() }), permissions: Permissions,
    }).meta({ id: 'LibraryListing' }),
  }, async ({ req, user, params, query }) => {
    await authorize(orm.em, req, user, 'library.read', params.accountId);
    const tree = await loadFolders(orm.em, params.accountId);
    const folder = query.folderId ? visibleFolder(tree, user, query.folderId) : null;
    const conn = orm.em.getConnection();
    const account = (await conn.execute<{ id: string; name: string }[]>('select id, name from account where id = ?', [params.accountId]))[0];
    if (!account) throw notFound();
    return {
      account, folder: folder ? tree.view(folder) : null, path: tree.path(folder?.id ?? null).map((f) => ({ id: f.id, name: f.name })),
      ...(await listFolder(orm.em, tree, user, params.accountId, folder?.id ?? null)),
      allFolders: [...tree.byId.values()].filter((f) => !isClient(user) || !tree.hidden(f.id))
        .map((f) => ({ ...tree.view(f), path: tree.path(f.id).map((p) => p.name).join(' / ') }))
        .sort((a, b) => a.path.localeCompare(b.path)),
      usage: {
        usedBytes: await accountStorageUsed(orm.em, params.accountId), quotaBytes: await accountQuota(orm.em, params.accountId, deps.config.accountQuotaBytes),
        maxFileBytes: deps.config.uploadMaxBytes,
      },
      permissions: permissionsOf(user),
    };
  });

  route(r, {
    method: 'post', path: '/api/accounts/:accountId/library/folders', tag: 'library', auth: 'session', params: AccountParams,
    body: z.strictObject({ name: folderName, parentId: fields.uuid.nullable().optional(), staffOnly: z.boolean().optional() }),
    summary: 'Create a folder (at the top, or in parentId). Clients create folders they see; only the team makes staff-only ones.',
    response: z.object({ folder: FolderView }), status: 201, errors: ['conflict'],
  }, async ({ req, user, params, body }) => {
    await authorize(orm.em, req, user, 'library.upload', params.accountId);
    if (body.staffOnly) await authorize(orm.em, req, user, 'library.manage', params.accountId);
    const tree = await loadFolders(orm.em, params.accountId);
    const parentId = body.parentId ? visibleFolder(tree, user, body.parentId).id : null;
    assertFreeFolderName(tree, parentId, body.name);
    const em = orm.em.fork();
    const folder = await em.transactional(async (tx) => {
      const f = tx.create(Folder, { account: params.accountId, parentId, name: body.name, staffOnly: body.staffOnly ?? false, createdById: user.id });
      await tx.flush();
      await recordAudit(tx, {
        action: 'library.folder_created', ...auditContext(req, user), accountId: params.accountId, target: { type: 'library_folder', id: f.id },
        data: { name: f.name, parentId, staffOnly: f.staffOnly },
      });
      return f;
    });
    return { folder: new FolderTree([...tree.byId.values(), folder]).view(folder) };
  });

  route(r, {
    method: 'patch', path: '/api/library/folders/:folderId', tag: 'library', auth: 'session', params: z.object({ folderId: fields.uuid }),
    body: z.strictObject({ name: folderName.optional(), staffOnly: z.boolean().optional() }),
    summary: 'Rename a folder or make it (and everything in it) staff-only or visible to clients again (account team)',
    response: z.object({ folder: FolderView }), errors: ['conflict'],
  }, async ({ req, user, params, body }) => {
    const found = await orm.em.findOne(Folder, { id: params.folderId });
    if (!found) throw notFound();
    await authorize(orm.em, req, user, 'library.read', found.account.id);
    let tree = await loadFolders(orm.em, found.account.id);
    visibleFolder(tree, user, found.id);
    await authorize(orm.em, req, user, 'library.manage', found.account.id);
    if (body.name !== undefined) assertFreeFolderName(tree, found.parentId ?? null, body.name, found.id);
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    await orm.em.fork().transactional(async (tx) => {
      const folder = await tx.findOneOrFail(Folder, { id: found.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (body.name !== undefined && body.name !== folder.name) { changes.name = { from: folder.name, to: body.name }; folder.name = body.name; }
      if (body.staffOnly !== undefined && body.staffOnly !== folder.staffOnly) { changes.staffOnly = { from: folder.staffOnly, to: body.staffOnly }; folder.staffOnly = body.staffOnly; }
      if (!Object.keys(changes).length) return;
      await tx.flush();
      if (changes.staffOnly) await syncStaffOnly(tx, folder.account.id);
      await recordAudit(tx, {
        action: 'library.folder_updated', ...auditContext(req, user), accountId: folder.account.id, target: { type: 'library_folder', id: folder.id }, data: { changes },
      });
    });
    tree = await loadFolders(orm.em.fork(), found.account.id);
    return { folder: tree.view(tree.byId.get(found.id)!) };
  });

  route(r, {
    method: 'post', path: '/api/accounts/:accountId/library/files', tag: 'library', auth: 'session', params: AccountParams,
    query: z.object({ name: z.string().max(1000).optional(), folderId: fields.uuid.optional(), staffOnly: flag }),
    rawBody: [...KNOWN_TYPES],
    summary: "Upload a new file into the account's library (the raw file as the body, its name in ?name=, the folder in ?folderId=). Type judged from the content (415), size against the per-file limit and the account's storage quota (413). An Idempotency-Key header makes a retry create nothing twice. ?staffOnly=1 (account team) keeps it from clients.",
    response: FileDetail, status: 201, errors: UPLOAD_ERRORS,
  }, async ({ req, user, params, query }) => {
    await authorize(orm.em, req, user, 'library.upload', params.accountId);
    if (query.staffOnly) await authorize(orm.em, req, user, 'library.manage', params.accountId);
    const tree = await loadFolders(orm.em, params.accountId);
    const folderId = query.folderId ? visibleFolder(tree, user, query.folderId).id : null;
    const { fileId } = await addFile(uploadContext(req, user), { accountId: params.accountId, folderId, staffOnly: query.staffOnly, tree });
    const file = await orm.em.fork().findOneOrFail(LibraryFile, { id: fileId });
    return fileDetail(user, file, tree);
  });

  route(r, {
    method: 'get', path: '/api/library/files/:fileId', tag: 'library', auth: 'session', params: FileParams,
    summary: 'A library file with all its versions, newest first', response: FileDetail,
  }, async ({ req, user, params }) => {
    const { file, tree } = await visibleFile(req, user, params.fileId, 'library.read');
    return fileDetail(user, file, tree);
  });

  route(r, {
    method: 'post', path: '/api/library/files/:fileId/versions', tag: 'library', auth: 'session', params: FileParams,
    query: z.object({ name: z.string().max(1000).optional(), note: z.string().trim().max(1000, 'At most 1000 characters').optional() }),
    rawBody: [...KNOWN_TYPES],
    summary: 'Upload a new version of a library file; it becomes the current one (same body, limits and Idempotency-Key as a new file)',
    response: FileDetail, status: 201, errors: UPLOAD_ERRORS,
  }, async ({ req, user, params, query }) => {
    const { file, tree } = await visibleFile(req, user, params.fileId, 'library.upload');
    await addVersion(uploadContext(req, user), { file, tree, note: query.note || null });
    return fileDetail(user, await orm.em.fork().findOneOrFail(LibraryFile, { id: file.id }), tree);
  });

  route(r, {
    method: 'patch', path: '/api/library/files/:fileId', tag: 'library', auth: 'session', params: FileParams,
    body: z.strictObject({ name: fileName.optional(), folderId: fields.uuid.nullable().optional(), staffOnly: z.boolean().optional() }),
    summary: 'Rename a library file, move it to another folder of its account (null: the top), or make it staff-only or visible to clients (account team)',
    response: FileDetail,
  }, async ({ req, user, params, body }) => {
    const { file: found, tree } = await visibleFile(req, user, params.fileId, 'library.manage');
    const accountId = found.account.id;
    if (body.folderId) visibleFolder(tree, user, body.folderId);
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    await orm.em.fork().transactional(async (tx) => {
      const file = await tx.findOneOrFail(LibraryFile, { id: found.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (body.name !== undefined && body.name !== file.name) { changes.name = { from: file.name, to: body.name }; file.name = body.name; }
      if (body.folderId !== undefined && body.folderId !== (file.folderId ?? null)) { changes.folderId = { from: file.folderId ?? null, to: body.folderId }; file.folderId = body.folderId; }
      if (body.staffOnly !== undefined && body.staffOnly !== file.staffOnly) { changes.staffOnly = { from: file.staffOnly, to: body.staffOnly }; file.staffOnly = body.staffOnly; }
      if (!Object.keys(changes).length) return;
      file.updatedAt = new Date();
      await tx.flush();
      if (changes.folderId || changes.staffOnly) await syncStaffOnly(tx, accountId);
      await recordAudit(tx, {
        action: 'library.file_updated', ...auditContext(req, user), accountId, target: { type: 'library_file', id: file.id }, data: { changes },
      });
    });
    return fileDetail(user, await orm.em.fork().findOneOrFail(LibraryFile, { id: found.id }), tree);
  });

  route(r, {
    method: 'delete', path: '/api/library/files/:fileId', status: 204, tag: 'library', auth: 'session', params: FileParams,
    summary: 'Delete a library file (account team). Its versions are kept for the record but no longer listed, served to clients or counted against the quota.',
  }, async ({ req, user, params }) => {
    const { file } = await visibleFile(req, user, params.fileId, 'library.manage');
    await orm.em.fork().transactional(async (tx) => {
      const deletedAt = new Date();
      await tx.nativeUpdate(LibraryFile, { id: file.id, deletedAt: null }, { deletedAt });
      await recordAudit(tx, {
        eventKey: `library.deleted:${file.id}`, action: 'library.file_deleted', ...auditContext(req, user), accountId: file.account.id,
        target: { type: 'library_file', id: file.id }, data: { name: file.name, versions: file.latestVersion },
      });
    });
  });

  route(r, {
    method: 'get', path: '/api/library/files/:fileId/versions/:version/download', produces: '*/*', tag: 'library', auth: 'session',
    params: FileParams.extend({ version: z.coerce.number().int('Unknown version').min(1, 'Unknown version').max(1_000_000, 'Unknown version') }),
    query: z.object({ inline: z.enum(['1']).optional() }),
    summary: 'Download one version of a library file (streamed; Content-Disposition per RFC 6266; inline on request for PDF and images)',
  }, async ({ req, res, user, params, query }) => {
    const { file } = await visibleFile(req, user, params.fileId, 'library.read');
    const version = await orm.em.findOne(LibraryFileVersion, { file: file.id, version: params.version });
    const stored = version ? await orm.em.findOne(StoredFile, { id: version.storedFileId, account: file.account.id }) : null;
    if (!stored) throw new AppError('not_found', 'Not found');
    await sendStoredFile(deps.storage, deps.logger, res, stored, { inline: !!query.inline });
  });

  return r;
}
