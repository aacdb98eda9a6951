import type { Request } from 'express';
import type { EntityManager } from '@mikro-orm/postgresql';
import { StoredFile } from '../../db/entities/stored-file.ts';
import { FileTooLargeError, formatBytes, type FileStorage } from '../../db/files/storage.ts';
import { isAccepted, sniffType, storedType } from '../../db/files/sniff.ts';
import { AppError } from '../errors.ts';
import type { SessionUser } from '../auth/session-user.ts';
import { canSeeAccount } from '../policy.ts';

/** What people see of a file (never where it is stored). */
export interface FileView { id: string; name: string; contentType: string; size: number; sha256: string; uploadedAt: string }

export function fileView(f: StoredFile): FileView {
  return { id: f.id, name: f.name, contentType: f.contentType, size: Number(f.size), sha256: f.sha256, uploadedAt: f.createdAt.toISOString() };
}

/** A file name safe to keep and show: no path, no control characters, at most 255 characters. */
export function cleanFileName(raw: unknown): string {
  const base = String(raw ?? '').split(/[\\/]/).pop() ?? '';
  const name = base.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 255);
  return name || 'upload';
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
 * Streams the request body into the storage and records the file. Too large: 413, before reading
 * when Content-Length says so, else as soon as the limit is passed. A type not in `accept` (judged
 * from the content): 415. The same idempotency key again answers with the file stored the first time.
 */
export async function storeUpload(
  em: EntityManager, storage: FileStorage, req: Request,
  input: { accountId: string; user: SessionUser; maxBytes: number; accept: readonly string[]; purpose: string; engagementId?: string; itemKey?: string; staffOnly?: boolean },
): Promise<{ file: StoredFile; created: boolean }> {
  const name = cleanFileName(typeof req.query.name === 'string' ? req.query.name : req.get('x-file-name') ? decodeURIComponent(req.get('x-file-name')!) : '');
  const idempotencyKey = req.get('idempotency-key')?.slice(0, 100) || null;
  if (idempotencyKey) {
    const existing = await em.findOne(StoredFile, { account: input.accountId, idempotencyKey });
    if (existing) {
      req.resume();
      return { file: existing, created: false };
    }
  }
  const declared = Number(req.get('content-length'));
  if (Number.isFinite(declared) && declared > input.maxBytes) {
    req.resume();
    throw new AppError('payload_too_large', `The file is larger than ${formatBytes(input.maxBytes)}`);
  }
  let sniffed: string | null = null;
  let stored;
  try {
    stored = await storage.put(req, {
      maxBytes: input.maxBytes,
      check: (head) => {
        sniffed = sniffType(head);
        if (!isAccepted(sniffed, input.accept, name)) {
          throw new AppError('unsupported_media_type',
            `${sniffed ? `A ${typeName(sniffed)} file` : 'This kind of file'} is not accepted here; upload ${input.accept.map(typeName).join(', ')}`);
        }
      },
    });
  } catch (err) {
    if (err instanceof FileTooLargeError) throw new AppError('payload_too_large', err.message);
    throw err;
  }
  if (stored.size === 0) throw new AppError('validation_failed', 'The file is empty', { fields: { file: 'The file is empty' } });
  const file = em.create(StoredFile, {
    account: input.accountId, name, contentType: storedType(sniffed!, name), size: stored.size, sha256: stored.sha256,
    storageKey: stored.key, uploadedById: input.user.id, purpose: input.purpose, engagementId: input.engagementId ?? null,
    itemKey: input.itemKey ?? null, staffOnly: input.staffOnly ?? false, idempotencyKey,
  });
  try {
    await em.flush();
  } catch (err) {
    // A concurrent retry with the same key won: answer with its file.
    if (idempotencyKey && (err as { code?: string }).code === '23505') {
      em.clear();
      const winner = await em.findOne(StoredFile, { account: input.accountId, idempotencyKey });
      if (winner) return { file: winner, created: false };
    }
    throw err;
  }
  return { file, created: true };
}

/** A file the user may see, or null (unknown, another account's, or staff-only for a client). */
export async function findVisibleFile(em: EntityManager, user: SessionUser, fileId: string): Promise<StoredFile | null> {
  const file = await em.findOne(StoredFile, { id: fileId });
  if (!file) return null;
  if (!(await canSeeAccount(em, user, file.account.id))) return null;
  if (file.staffOnly && (user.role === 'client_member' || user.role === 'client_admin')) return null;
  return file;
}
