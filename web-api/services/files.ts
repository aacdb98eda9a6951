import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import type { EntityManager } from '@mikro-orm/postgresql';
import { StoredFile } from '../../db/entities/stored-file.ts';
import { recordStoredFile } from '../../db/stored-files.ts';
import { FileTooLargeError, formatBytes, type FileStorage } from '../../db/files/storage.ts';
import { isAccepted, sniffType, storedType } from '../../db/files/sniff.ts';
import { AppError } from '../errors.ts';
import { decodedHeader } from '../http.ts';
import type { SessionUser } from '../auth/session-user.ts';
import { canSeeAccount } from '../policy.ts';
import { DEFAULT_ACCOUNT_QUOTA_BYTES } from '../config.ts';

/** What people see of a file (never where it is stored). */
export interface FileView { id: string; name: string; contentType: string; size: number; sha256: string; uploadedAt: string }

export function fileView(f: StoredFile): FileView {
  return { id: f.id, name: f.name, contentType: f.contentType, size: Number(f.size), sha256: f.sha256, uploadedAt: f.createdAt.toISOString() };
}

/**
 * Characters a name never keeps: C0 and C1 controls and DEL, and the bidirectional controls
 * (embeddings and overrides U+202A–U+202E, isolates U+2066–U+2069, the marks U+200E, U+200F and
 * U+061C) that make `invoice\u202Efdp.bat` show as "invoicetab.pdf".
 */
const UNSAFE_NAME_CHARS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** A name with its control and bidi characters removed and an unpaired surrogate made U+FFFD. */
export function stripUnsafeNameChars(raw: string): string {
  return raw.toWellFormed().replace(UNSAFE_NAME_CHARS, '');
}

/**
 * A file name safe to keep and show: no path, no control or bidi characters, at most 255
 * characters. Every way a file gets a name (uploads, library renames) goes through it.
 */
export function cleanFileName(raw: unknown): string {
  const base = String(raw ?? '').split(/[\\/]/).pop() ?? '';
  const name = stripUnsafeNameChars(base).trim().slice(0, 255);
  return name || 'upload';
}

/** The name an upload was sent with: `?name=`, else the percent-encoded `X-File-Name` header (malformed → 400). */
export function uploadName(req: Request): string {
  return cleanFileName(typeof req.query.name === 'string' ? req.query.name : decodedHeader(req, 'X-File-Name') ?? '');
}

const TYPE_NAMES: Record<string, string> = {
  'application/pdf': 'PDF', 'image/png': 'PNG', 'image/jpeg': 'JPEG', 'image/gif': 'GIF', 'image/webp': 'WebP',
  'application/zip': 'ZIP', 'text/plain': 'plain text', 'text/csv': 'CSV',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word (.docx)',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel (.xlsx)',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'PowerPoint (.pptx)',
  'application/vnd.oasis.opendocument.text': 'OpenDocument text', 'application/vnd.oasis.opendocument.spreadsheet': 'OpenDocument spreadsheet',
};
export const typeName = (t: string): string => TYPE_NAMES[t] ?? t;

/**
 * Bytes of stored content the account holds: each distinct content once (the storage keeps it
 * once), not counting files that only deleted library files point to.
 */
export async function accountStorageUsed(em: EntityManager, accountId: string): Promise<number> {
  const rows = await em.getConnection().execute<{ used: string }[]>(
    `select coalesce(sum(size), 0) as used from (
       select distinct on (sf.sha256) sf.size from stored_file sf
        where sf.account_id = ?
          and not exists (select 1 from library_file_version v join library_file f on f.id = v.file_id
                           where v.stored_file_id = sf.id and f.deleted_at is not null)
     ) contents`, [accountId]);
  return Number(rows[0]?.used ?? 0);
}

/** The account's quota: its own `storage_quota_bytes`, else `fallback` (the configured default). */
export async function accountQuota(em: EntityManager, accountId: string, fallback: number): Promise<number> {
  const rows = await em.getConnection().execute<{ q: string | null }[]>('select storage_quota_bytes as q from account where id = ?', [accountId]);
  const own = rows[0]?.q;
  return own === null || own === undefined ? fallback : Number(own);
}

/**
 * Streams the request body into the storage and records the file. Too large for the per-file
 * limit or for what is left of the account's quota: 413, before reading when Content-Length says
 * so, else as soon as the limit is passed. A type not in `accept` (judged from the content): 415.
 * The same idempotency key again answers with the file stored the first time.
 *
 * `quotaBytes` is the configured default quota (`config.accountQuotaBytes`) for accounts without
 * one of their own; DEFAULT_ACCOUNT_QUOTA_BYTES when not given.
 */
export async function storeUpload(
  em: EntityManager, storage: FileStorage, req: Request,
  input: { accountId: string; user: SessionUser; maxBytes: number; quotaBytes?: number; accept: readonly string[]; purpose: string; engagementId?: string; itemKey?: string; staffOnly?: boolean },
): Promise<{ file: StoredFile; created: boolean }> {
  const name = uploadName(req);
  const idempotencyKey = req.get('idempotency-key')?.slice(0, 100) || null;
  if (idempotencyKey) {
    const existing = await em.findOne(StoredFile, { account: input.accountId, idempotencyKey });
    if (existing) {
      req.resume();
      return { file: existing, created: false };
    }
  }
  const quota = await accountQuota(em, input.accountId, input.quotaBytes ?? DEFAULT_ACCOUNT_QUOTA_BYTES);
  const left = Math.max(0, quota - (await accountStorageUsed(em, input.accountId)));
  // Concurrent uploads may each fit what is left and together pass it: the quota bounds each upload, not their sum.
  const quotaError = () => new AppError('payload_too_large', left === 0
    ? `The account's storage is full (${formatBytes(quota)}); delete files or ask your account team for more space`
    : `Not enough storage left: the account has ${formatBytes(left)} of its ${formatBytes(quota)} free`);
  const maxBytes = Math.min(input.maxBytes, left);
  const declared = Number(req.get('content-length'));
  if ((Number.isFinite(declared) && declared > maxBytes) || left === 0) {
    req.resume();
    throw declared > input.maxBytes ? new AppError('payload_too_large', `The file is larger than ${formatBytes(input.maxBytes)}`) : quotaError();
  }
  let sniffed: string | null = null;
  let stored;
  try {
    stored = await storage.put(req, {
      maxBytes,
      check: (head) => {
        sniffed = sniffType(head);
        if (!isAccepted(sniffed, input.accept, name)) {
          throw new AppError('unsupported_media_type',
            `${sniffed ? `A ${typeName(sniffed)} file` : 'This kind of file'} is not accepted here; upload ${input.accept.map(typeName).join(', ')}`);
        }
      },
    });
  } catch (err) {
    if (err instanceof FileTooLargeError) throw maxBytes < input.maxBytes ? quotaError() : new AppError('payload_too_large', err.message);
    throw err;
  }
  if (stored.size === 0) throw new AppError('validation_failed', 'The file is empty', { fields: { file: 'The file is empty' } });
  try {
    const file = await recordStoredFile(em, {
      accountId: input.accountId, name, contentType: storedType(sniffed!, name), size: stored.size, sha256: stored.sha256,
      storageKey: stored.key, uploadedById: input.user.id, purpose: input.purpose, engagementId: input.engagementId,
      itemKey: input.itemKey, staffOnly: input.staffOnly ?? false, idempotencyKey,
    });
    return { file, created: true };
  } catch (err) {
    // A concurrent retry with the same key won: answer with its file.
    if (idempotencyKey && (err as { code?: string }).code === '23505') {
      const winner = await em.findOne(StoredFile, { account: input.accountId, idempotencyKey });
      if (winner) return { file: winner, created: false };
    }
    throw err;
  }
}

/** A file the user may see, or null (unknown, another account's, or staff-only for a client). */
export async function findVisibleFile(em: EntityManager, user: SessionUser, fileId: string): Promise<StoredFile | null> {
  const file = await em.findOne(StoredFile, { id: fileId });
  if (!file) return null;
  if (!(await canSeeAccount(em, user, file.account.id))) return null;
  if (isClient(user) && (file.staffOnly || (file.purpose === 'library' && !(await libraryFileShownToClients(em, file.id))))) return null;
  return file;
}

const isClient = (user: SessionUser) => user.role === 'client_member' || user.role === 'client_admin';

/**
 * Whether a stored file that is a library version may reach clients: its library file is not
 * deleted, not staff-only, and no folder above it is. The stored row's own `staffOnly` follows
 * these flags too; this check holds even if a change were ever missed there.
 */
async function libraryFileShownToClients(em: EntityManager, storedFileId: string): Promise<boolean> {
  const rows = await em.getConnection().execute<{ hidden: boolean }[]>(
    `with recursive chain as (
       select fo.id, fo.parent_id, fo.staff_only from folder fo
        where fo.id = (select f.folder_id from library_file_version v join library_file f on f.id = v.file_id where v.stored_file_id = ?)
       union all
       select p.id, p.parent_id, p.staff_only from folder p join chain c on p.id = c.parent_id
     )
     select (f.deleted_at is not null or f.staff_only or coalesce((select bool_or(staff_only) from chain), false)) as hidden
       from library_file_version v join library_file f on f.id = v.file_id where v.stored_file_id = ?`, [storedFileId, storedFileId]);
  return rows.length > 0 && !rows[0]!.hidden;
}

/** Types shown in the browser when asked for inline (previews); everything else is always an attachment. */
const INLINE = new Set(['application/pdf', 'image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/**
 * Streams a stored file as a download: Content-Disposition per RFC 6266 (inline only for previewable
 * types when asked), its sniffed type with nosniff, and a sandboxing CSP. 404 when its content is missing.
 */
export async function sendStoredFile(storage: FileStorage, logger: Logger, res: Response, file: StoredFile, opts: { inline?: boolean } = {}): Promise<void> {
  const stream = await storage.open(file.storageKey);
  if (!stream) {
    logger.error({ fileId: file.id }, 'file content missing from storage');
    throw new AppError('not_found', 'Not found');
  }
  // res.attachment writes filename (ASCII fallback) and filename* (UTF-8), per RFC 6266.
  res.attachment(file.name);
  if (opts.inline && INLINE.has(file.contentType)) res.setHeader('Content-Disposition', String(res.getHeader('Content-Disposition')).replace(/^attachment/, 'inline'));
  res.setHeader('Content-Type', file.contentType);
  res.setHeader('Content-Length', String(file.size));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  // A file opened directly can run nothing in the portal's origin.
  res.setHeader('Content-Security-Policy', "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox");
  res.setHeader('Cache-Control', 'private, no-store');
  res.setHeader('ETag', `"${file.sha256}"`);
  await new Promise<void>((resolve, reject) => {
    stream.on('error', reject);
    res.on('close', () => { stream.destroy(); resolve(); });
    stream.pipe(res);
  });
}
