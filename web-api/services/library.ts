/**
 * The account's file library: folders (nested, optionally staff-only) and files with versions. Each
 * version is one StoredFile (content, SHA-256, size, sniffed type, uploader); the newest is current.
 * What is staff-only — a file, or anything under a staff-only folder — is never listed or served to
 * clients, and the StoredFile rows of its versions carry `staffOnly` so no other route serves them.
 */
import type { Request } from 'express';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Folder, LibraryFile, LibraryFileVersion } from '../../db/entities/library.ts';
import type { StoredFile } from '../../db/entities/stored-file.ts';
import { recordAudit } from '../../db/audit.ts';
import { KNOWN_TYPES } from '../../db/files/sniff.ts';
import type { FileStorage } from '../../db/files/storage.ts';
import { AppError } from '../errors.ts';
import type { SessionUser } from '../auth/session-user.ts';
import { auditContext } from '../policy.ts';
import { storeUpload } from './files.ts';

export const isClient = (user: SessionUser): boolean => user.role === 'client_member' || user.role === 'client_admin';
export const notFound = (): AppError => new AppError('not_found', 'Not found');

export interface FolderView { id: string; name: string; parentId: string | null; staffOnly: boolean; hiddenFromClients: boolean; createdAt: string }

/** An account's folders, loaded once per request: parents, paths and what clients may not see. */
export class FolderTree {
  readonly byId: Map<string, Folder>;
  constructor(folders: Folder[]) {
    this.byId = new Map(folders.map((f) => [f.id, f]));
  }

  /** The folder and its ancestors, from the top. */
  path(id: string | null): Folder[] {
    const out: Folder[] = [];
    const seen = new Set<string>();
    for (let f = id ? this.byId.get(id) : undefined; f && !seen.has(f.id); f = f.parentId ? this.byId.get(f.parentId) : undefined) {
      seen.add(f.id);
      out.unshift(f);
    }
    return out;
  }

  /** Whether the folder (null: the top) or any folder above it is staff-only. */
  hidden(id: string | null): boolean {
    return this.path(id).some((f) => f.staffOnly);
  }

  children(parentId: string | null): Folder[] {
    return [...this.byId.values()].filter((f) => f.parentId === parentId).sort((a, b) => a.name.localeCompare(b.name));
  }

  view(f: Folder): FolderView {
    return { id: f.id, name: f.name, parentId: f.parentId ?? null, staffOnly: f.staffOnly, hiddenFromClients: this.hidden(f.id), createdAt: f.createdAt.toISOString() };
  }
}

export async function loadFolders(em: EntityManager, accountId: string): Promise<FolderTree> {
  return new FolderTree(await em.find(Folder, { account: accountId }));
}

/** A folder of the account the user may see, or 404 (unknown, another account's, or hidden from a client). */
export function visibleFolder(tree: FolderTree, user: SessionUser, folderId: string): Folder {
  const folder = tree.byId.get(folderId);
  if (!folder || (isClient(user) && tree.hidden(folderId))) throw notFound();
  return folder;
}

/** Whether a library file is hidden from clients: its own flag or a staff-only folder above it. */
export const fileHidden = (tree: FolderTree, file: LibraryFile): boolean => file.staffOnly || tree.hidden(file.folderId ?? null);

export interface LibraryFileView {
  id: string; name: string; folderId: string | null; staffOnly: boolean; hiddenFromClients: boolean;
  /** The current (newest) version's number; also how many versions there are. */
  version: number;
  size: number; contentType: string; sha256: string; uploadedBy: string | null; uploadedAt: string; updatedAt: string;
}

interface FileRow {
  id: string; name: string; folder_id: string | null; staff_only: boolean; latest_version: number; updated_at: Date;
  size: string; content_type: string; sha256: string; uploaded_by: string | null; uploaded_at: Date;
}

const FILE_COLUMNS = `f.id, f.name, f.folder_id, f.staff_only, f.latest_version, f.updated_at,
  s.size, s.content_type, s.sha256, u.name as uploaded_by, v.created_at as uploaded_at
  from library_file f
  join library_file_version v on v.file_id = f.id and v.version = f.latest_version
  join stored_file s on s.id = v.stored_file_id
  left join app_user u on u.id = v.uploaded_by_id`;

function fileView(r: FileRow, tree: FolderTree): LibraryFileView {
  return {
    id: r.id, name: r.name, folderId: r.folder_id, staffOnly: r.staff_only, hiddenFromClients: r.staff_only || tree.hidden(r.folder_id),
    version: r.latest_version, size: Number(r.size), contentType: r.content_type, sha256: r.sha256, uploadedBy: r.uploaded_by,
    uploadedAt: new Date(r.uploaded_at).toISOString(), updatedAt: new Date(r.updated_at).toISOString(),
  };
}

/** The folders and files directly in a folder (null: the top), as the user may see them. */
export async function listFolder(em: EntityManager, tree: FolderTree, user: SessionUser, accountId: string, folderId: string | null) {
  const client = isClient(user);
  const rows = await em.getConnection().execute<FileRow[]>(
    `select ${FILE_COLUMNS}
      where f.account_id = ? and f.deleted_at is null and ${folderId ? 'f.folder_id = ?' : 'f.folder_id is null'}${client ? ' and not f.staff_only' : ''}
      order by lower(f.name), f.created_at`, folderId ? [accountId, folderId] : [accountId]);
  return {
    folders: tree.children(folderId).filter((f) => !client || !f.staffOnly).map((f) => tree.view(f)),
    files: rows.map((r) => fileView(r, tree)),
  };
}

export async function getFileView(em: EntityManager, tree: FolderTree, fileId: string): Promise<LibraryFileView> {
  const rows = await em.getConnection().execute<FileRow[]>(`select ${FILE_COLUMNS} where f.id = ?`, [fileId]);
  if (!rows[0]) throw notFound();
  return fileView(rows[0], tree);
}

export interface VersionView { version: number; name: string; size: number; contentType: string; sha256: string; uploadedBy: string | null; uploadedAt: string; note: string | null }

export async function listVersions(em: EntityManager, fileId: string): Promise<VersionView[]> {
  const rows = await em.getConnection().execute<{ version: number; name: string; size: string; content_type: string; sha256: string; uploaded_by: string | null; created_at: Date; note: string | null }[]>(
    `select v.version, s.name, s.size, s.content_type, s.sha256, u.name as uploaded_by, v.created_at, v.note
       from library_file_version v join stored_file s on s.id = v.stored_file_id left join app_user u on u.id = v.uploaded_by_id
      where v.file_id = ? order by v.version desc`, [fileId]);
  return rows.map((r) => ({
    version: r.version, name: r.name, size: Number(r.size), contentType: r.content_type, sha256: r.sha256,
    uploadedBy: r.uploaded_by, uploadedAt: new Date(r.created_at).toISOString(), note: r.note,
  }));
}

export interface UploadContext {
  em: EntityManager;
  storage: FileStorage;
  req: Request;
  user: SessionUser;
  limits: { maxBytes: number; quotaBytes: number };
}

/**
 * Streams the request into the storage as a library file's content. The row is staff-only when
 * the file will be. A retried request (same Idempotency-Key) gets the stored file of the first.
 */
async function storeVersionContent(ctx: UploadContext, accountId: string, staffOnly: boolean): Promise<{ stored: StoredFile; retried: boolean }> {
  const { file: stored, created } = await storeUpload(ctx.em.fork(), ctx.storage, ctx.req, {
    accountId, user: ctx.user, maxBytes: ctx.limits.maxBytes, quotaBytes: ctx.limits.quotaBytes, accept: KNOWN_TYPES, purpose: 'library', staffOnly,
  });
  if (!created && stored.purpose !== 'library') throw new AppError('conflict', 'This Idempotency-Key was used for another upload');
  return { stored, retried: !created };
}

/** The library version a stored file already is, if any (a retried upload). */
async function versionOf(em: EntityManager, storedFileId: string): Promise<LibraryFileVersion | null> {
  return em.findOne(LibraryFileVersion, { storedFileId }, { populate: ['file'] });
}

/** Uploads a new file (version 1) into a folder of the account (null: the top). */
export async function addFile(ctx: UploadContext, input: { accountId: string; folderId: string | null; staffOnly: boolean; tree: FolderTree }): Promise<{ fileId: string; created: boolean }> {
  const { stored } = await storeVersionContent(ctx, input.accountId, input.staffOnly || input.tree.hidden(input.folderId));
  return ctx.em.fork().transactional(async (tx) => {
    // One library file per stored file, even when two retries of one upload race here.
    await tx.getConnection().execute('select pg_advisory_xact_lock(hashtext(?))', [`library:${stored.id}`], 'run', tx.getTransactionContext());
    const existing = await versionOf(tx, stored.id);
    if (existing) return { fileId: existing.file.id, created: false };
    const file = tx.create(LibraryFile, {
      account: input.accountId, folderId: input.folderId, name: stored.name, staffOnly: input.staffOnly, createdById: ctx.user.id, latestVersion: 1,
    });
    const version = tx.create(LibraryFileVersion, { file, version: 1, storedFileId: stored.id, uploadedById: ctx.user.id, note: null });
    await tx.flush();
    await recordAudit(tx, {
      eventKey: `library.version:${version.id}`, action: 'library.file_uploaded', ...auditContext(ctx.req, ctx.user),
      accountId: input.accountId, target: { type: 'library_file', id: file.id },
      data: { name: file.name, folderId: input.folderId, staffOnly: input.staffOnly, version: 1, sha256: stored.sha256, size: Number(stored.size), contentType: stored.contentType },
    });
    return { fileId: file.id, created: true };
  });
}

/** Uploads a new version of a file; it becomes the current one. */
export async function addVersion(ctx: UploadContext, input: { file: LibraryFile; tree: FolderTree; note: string | null }): Promise<{ version: number; created: boolean }> {
  const accountId = input.file.account.id;
  const { stored } = await storeVersionContent(ctx, accountId, fileHidden(input.tree, input.file));
  return ctx.em.fork().transactional(async (tx) => {
    // Versions are numbered under a lock on the file: concurrent uploads get 2 and 3, never 2 twice.
    const file = await tx.findOneOrFail(LibraryFile, { id: input.file.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    const existing = await versionOf(tx, stored.id);
    if (existing) {
      if (existing.file.id !== file.id) throw new AppError('conflict', 'This Idempotency-Key was used for another upload');
      return { version: existing.version, created: false };
    }
    const number = file.latestVersion + 1;
    const version = tx.create(LibraryFileVersion, { file, version: number, storedFileId: stored.id, uploadedById: ctx.user.id, note: input.note });
    file.latestVersion = number;
    file.updatedAt = new Date();
    await tx.flush();
    await recordAudit(tx, {
      eventKey: `library.version:${version.id}`, action: 'library.version_uploaded', ...auditContext(ctx.req, ctx.user),
      accountId, target: { type: 'library_file', id: file.id },
      data: { name: file.name, version: number, uploadedName: stored.name, sha256: stored.sha256, size: Number(stored.size), contentType: stored.contentType },
    });
    return { version: number, created: true };
  });
}

/** A sibling folder's name taken already (case-insensitively): 409. */
export function assertFreeFolderName(tree: FolderTree, parentId: string | null, name: string, except?: string): void {
  const taken = tree.children(parentId).some((f) => f.id !== except && f.name.toLocaleLowerCase() === name.toLocaleLowerCase());
  if (taken) throw new AppError('conflict', `There is already a folder named “${name}” here`, { fields: { name: 'A folder with this name exists here' } });
}
