/**
 * Where documents to sign are made: the `signature_document` row of a draft and its
 * `document_signer` rows, for an upload by the team and for a template's documents alike, in the
 * caller's transaction. What happens to them afterwards (sending, signatures, the seal) is written
 * by the step that decides it.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FieldPlacement } from './entities/signature.ts';

export interface NewDocumentDraft {
  id: string;
  accountId: string;
  engagementId: string;
  title: string;
  /** The original PDF's stored file and SHA-256. */
  originalFileId: string;
  originalSha256: string;
  pageCount: number;
  fields: FieldPlacement[];
  ordering: 'sequential' | 'parallel';
  reminderEveryDays: number;
  expiresAfterDays: number;
  /** The signature workflow's id (`signatureWorkflowId(id)`), which the document keeps from the start. */
  workflowId: string;
  createdById: string;
}

/** Inserts a draft document; its signers are set with `setSigners`. */
export async function insertDocumentDraft(tx: EntityManager, d: NewDocumentDraft): Promise<void> {
  await tx.getConnection().execute(
    `insert into signature_document (id, created_at, account_id, engagement_id, title, status, original_file_id, original_sha256, page_count, fields, ordering,
        reminder_every_days, expires_after_days, workflow_id, created_by_id, state, version, updated_at)
     values (?, now(), ?, ?, ?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?, ?, '{}', 0, now())`,
    [d.id, d.accountId, d.engagementId, d.title, d.originalFileId, d.originalSha256, d.pageCount, JSON.stringify(d.fields), d.ordering,
      d.reminderEveryDays, d.expiresAfterDays, d.workflowId, d.createdById], 'run', tx.getTransactionContext());
}

export interface NewSigner { key: string; name: string; email: string; userId: string | null; roleLabel: string }

/** Makes `signers`, in this order, the draft's signers, replacing any it had; each starts `waiting`. */
export async function setSigners(tx: EntityManager, documentId: string, signers: NewSigner[]): Promise<void> {
  const c = tx.getConnection();
  const ctx = tx.getTransactionContext();
  await c.execute('delete from document_signer where document_id = ?', [documentId], 'run', ctx);
  for (const [i, s] of signers.entries()) {
    await c.execute(
      `insert into document_signer (id, created_at, document_id, key, position, name, email, user_id, role_label, status, values)
       values (gen_random_uuid(), now(), ?, ?, ?, ?, ?, ?, ?, 'waiting', '{}')`,
      [documentId, s.key, i + 1, s.name, s.email, s.userId, s.roleLabel], 'run', ctx);
  }
}
