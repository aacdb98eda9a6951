/**
 * The `stored_file` table's writes: what a file in the storage is, whose it is and what it is for.
 * Uploads, a template's documents, sealed PDFs, invoice PDFs and the demo seed all record their files
 * here, in the caller's transaction.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { StoredFile } from './entities/stored-file.ts';

export interface NewStoredFile {
  /** Given when the caller derives it from a business key, so a retry makes the same file. */
  id?: string;
  accountId: string;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
  storageKey: string;
  uploadedById: string;
  /** What it is for: `checklist`, `deliverable`, `library`, `signature`, `sealed`, `invoice`. */
  purpose: string;
  engagementId?: string | null;
  itemKey?: string | null;
  staffOnly: boolean;
  idempotencyKey?: string | null;
}

/**
 * Records a file whose bytes are already in the storage, in `em`'s transaction if it has one. Only
 * this row is written (nothing else pending in `em` is flushed). A second file of the account with
 * the same idempotency key fails with a unique violation (23505).
 */
export async function recordStoredFile(em: EntityManager, f: NewStoredFile): Promise<StoredFile> {
  const file = em.create(StoredFile, {
    ...(f.id ? { id: f.id } : {}),
    account: f.accountId, name: f.name, contentType: f.contentType, size: f.size, sha256: f.sha256, storageKey: f.storageKey,
    uploadedById: f.uploadedById, purpose: f.purpose, engagementId: f.engagementId ?? null, itemKey: f.itemKey ?? null,
    staffOnly: f.staffOnly, idempotencyKey: f.idempotencyKey ?? null,
  }, { persist: false });
  await em.insert(file);
  return file;
}

/** Forgets a file recorded for an upload that was then refused (its bytes stay: the storage is content-addressed and shared). */
export async function forgetStoredFile(em: EntityManager, id: string): Promise<void> {
  await em.getConnection().execute('delete from stored_file where id = ?', [id], 'run', em.getTransactionContext());
}

/**
 * Makes every library StoredFile row of the account staff-only exactly when its file is hidden
 * from clients (its own flag or a staff-only folder above it). Run after any change of those.
 */
export async function syncStaffOnly(em: EntityManager, accountId: string): Promise<void> {
  await em.getConnection().execute(
    `with recursive tree as (
       select id, staff_only as hidden from folder where account_id = ? and parent_id is null
       union all
       select c.id, (t.hidden or c.staff_only) from folder c join tree t on c.parent_id = t.id
     )
     update stored_file sf set staff_only = x.hidden
       from (select v.stored_file_id, (f.staff_only or coalesce(t.hidden, false)) as hidden
               from library_file f join library_file_version v on v.file_id = f.id left join tree t on t.id = f.folder_id
              where f.account_id = ?) x
      where sf.id = x.stored_file_id and sf.staff_only <> x.hidden`, [accountId, accountId], 'run', em.getTransactionContext());
}
