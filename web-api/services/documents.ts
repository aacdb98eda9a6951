import type { EntityManager } from '@mikro-orm/postgresql';
import { addDocumentUpdate, engagementWorkflowId, type Actor } from '../../workflows/engagement.ts';
import { signatureWorkflowId } from '../../workflows/signature.ts';
import { recordAudit } from '../../db/audit.ts';
import { insertDocumentDraft, setSigners } from '../../db/signature-documents.ts';
import { recordStoredFile } from '../../db/stored-files.ts';
import type { FileStorage } from '../../db/files/storage.ts';
import { AppError } from '../errors.ts';
import type { TemplateDocument } from '../templates/template-format.ts';
import { enqueueCommand } from '../../db/workflow-commands.ts';
import { idFromKey } from './temporal.ts';
import type { FieldPlacement } from '../../db/entities/signature.ts';
import type { SessionUser } from '../auth/session-user.ts';
import { renderPage } from '../../domain/signing/pdf.ts';

/**
 * The consumer disclosure shown before anyone signs (ESIGN Act § 101(c), UETA): what they agree
 * to, their right to paper, how to withdraw, and what they need. The signer's consent is recorded
 * with its time, IP and user agent.
 */
export function consumerDisclosure(businessName: string): { version: string; title: string; paragraphs: string[] } {
  return {
    version: '2026-11',
    title: 'Consent to use electronic records and signatures',
    paragraphs: [
      `${businessName} asks you to receive this document and sign it electronically. An electronic signature has the same legal effect as a handwritten one.`,
      'Scope: this consent covers this document, the notices about it and the signed copy, unless you withdraw it.',
      `Paper copy: you may ask ${businessName} for a paper copy of this document at any time, free of charge, by replying to the email that brought you here.`,
      `Withdrawing consent: you may withdraw your consent before you sign by declining on this page or by telling ${businessName} in writing; withdrawing does not affect what you signed before. After you withdraw, ${businessName} will send the document on paper instead.`,
      'What you need: a current web browser (Chrome, Edge, Firefox or Safari) with JavaScript, an email address you can read, and a PDF reader or a browser able to open PDF files to keep a copy. If this changes in a way that matters, we will tell you and ask again.',
      'Keep your copy: once everyone has signed, you will get a link to the signed PDF with its certificate of completion.',
    ],
  };
}

export interface SignerRow {
  id: string; document_id: string; key: string; position: number; name: string; email: string; user_id: string | null; role_label: string; status: string;
  auth_method: string | null; consent_at: Date | null; viewed_at: Date | null; signed_at: Date | null; declined_at: Date | null; decline_reason: string | null;
}

export interface DocumentRow {
  id: string; account_id: string; engagement_id: string; title: string; status: string; original_file_id: string; original_sha256: string; page_count: number;
  fields: FieldPlacement[]; ordering: 'sequential' | 'parallel'; reminder_every_days: number; expires_after_days: number; expires_at: Date | null;
  sealed_file_id: string | null; sealed_sha256: string | null; sealed_at: Date | null; void_reason: string | null; created_at: Date; updated_at: Date;
  state: { reason?: string | null; signers?: { key: string; status: string }[] };
}

export async function loadDocument(em: EntityManager, id: string): Promise<DocumentRow | null> {
  return (await em.getConnection().execute<DocumentRow[]>('select * from signature_document where id = ?', [id], 'all', em.getTransactionContext()))[0] ?? null;
}

export async function loadSigners(em: EntityManager, documentId: string): Promise<SignerRow[]> {
  return em.getConnection().execute<SignerRow[]>('select * from document_signer where document_id = ? order by position', [documentId], 'all', em.getTransactionContext());
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export function documentView(d: DocumentRow) {
  return {
    id: d.id, accountId: d.account_id, engagementId: d.engagement_id, title: d.title, status: d.status, pageCount: d.page_count, fields: d.fields,
    ordering: d.ordering, reminderEveryDays: d.reminder_every_days, expiresAfterDays: d.expires_after_days, expiresAt: iso(d.expires_at),
    originalSha256: d.original_sha256, sealedSha256: d.sealed_sha256, sealedAt: iso(d.sealed_at),
    reason: d.status === 'declined' || d.status === 'voided' ? (d.state.reason ?? d.void_reason ?? null) : null,
    createdAt: iso(d.created_at)!, updatedAt: iso(d.updated_at)!,
  };
}

export function signerView(s: SignerRow) {
  return {
    key: s.key, position: s.position, name: s.name, email: s.email, roleLabel: s.role_label, status: s.status, authMethod: s.auth_method,
    consentAt: iso(s.consent_at), viewedAt: iso(s.viewed_at), signedAt: iso(s.signed_at), declinedAt: iso(s.declined_at), declineReason: s.decline_reason,
  };
}

/** The signer a signed-in user is on this document (by account, or by email for one without). */
export function signerForUser(signers: SignerRow[], user: SessionUser | undefined): SignerRow | undefined {
  if (!user) return undefined;
  return signers.find((s) => s.user_id === user.id) ?? signers.find((s) => !s.user_id && s.email.toLowerCase() === user.email.toLowerCase());
}

/**
 * Page images: rendering runs a child process, so at most two run at once and recent ones are kept
 * (keyed by the original's hash: the same bytes always render the same image).
 */
const RENDERING = { running: 0, waiting: [] as (() => void)[] };
const PAGE_CACHE = new Map<string, Buffer>();
const PAGE_CACHE_SIZE = 64;
export async function pageImage(sha256: string, page: number, width: number, bytes: () => Promise<Uint8Array>): Promise<Buffer> {
  const key = `${sha256}:${page}:${width}`;
  const hit = PAGE_CACHE.get(key);
  if (hit) return hit;
  while (RENDERING.running >= 2) await new Promise<void>((r) => RENDERING.waiting.push(r));
  RENDERING.running += 1;
  try {
    const png = await renderPage(await bytes(), page, width);
    PAGE_CACHE.set(key, png);
    if (PAGE_CACHE.size > PAGE_CACHE_SIZE) PAGE_CACHE.delete(PAGE_CACHE.keys().next().value!);
    return png;
  } finally {
    RENDERING.running -= 1;
    RENDERING.waiting.shift()?.();
  }
}

/**
 * Sends a draft for signature, inside the caller's transaction: the document becomes `collecting`
 * and the command that sends the engagement workflow the Update `addDocument` (which starts the
 * signature workflow as a child, and it emails the first signer(s)) is queued with it. If the
 * engagement refuses, the document goes back to being a draft. Refuses a draft whose signers are
 * not all named or lack a signature field. Returns the command's id.
 */
export async function sendDocument(tx: EntityManager, dayMs: number, doc: DocumentRow, actor: Actor): Promise<number> {
  if (doc.status !== 'draft') throw new AppError('conflict', 'This document has already been sent');
  const signers = await loadSigners(tx, doc.id);
  if (!signers.length) throw new AppError('validation_failed', 'Add the signers first', { fields: { signers: 'Add at least one signer' } });
  const unnamed = signers.filter((s) => !s.name.trim() || !s.email.trim());
  if (unnamed.length) {
    throw new AppError('validation_failed', `Name the ${unnamed.map((s) => s.role_label).join(', ')} signer${unnamed.length === 1 ? '' : 's'} first`,
      { fields: Object.fromEntries(unnamed.map((s) => [`signers.${s.position - 1}.${s.name.trim() ? 'email' : 'name'}`, 'Required'])) });
  }
  const missing = signers.filter((s) => !doc.fields.some((f) => f.signerKey === s.key && f.type === 'signature'));
  if (missing.length) throw new AppError('validation_failed', `Place a signature field for ${missing.map((s) => s.name).join(', ')}`, { fields: { fields: 'Each signer needs a signature field' } });
  const claimed = await tx.getConnection().execute<{ affectedRows: number }>(
    `update signature_document set status = 'collecting', updated_at = now() where id = ? and status = 'draft'`, [doc.id], 'run', tx.getTransactionContext());
  if (!claimed.affectedRows) throw new AppError('conflict', 'This document has already been sent');
  return enqueueCommand(tx, {
    kind: 'update', key: `document:${doc.id}`, workflowId: engagementWorkflowId(doc.engagement_id), update: addDocumentUpdate.name,
    args: [{
      input: {
        documentId: doc.id, title: doc.title, ordering: doc.ordering, reminderEveryDays: doc.reminder_every_days, expiresAfterDays: doc.expires_after_days, dayMs,
        signers: signers.map((s) => ({ key: s.key, name: s.name, email: s.email, userId: s.user_id, roleLabel: s.role_label })),
      },
      actor,
    }],
    onRefused: { kind: 'document.unsend', id: doc.id },
  });
}

type PreparedDocument = Omit<TemplateDocument, 'signers'> & { signers: (TemplateDocument['signers'][number] & { person: { id: string; name: string; email: string } | null })[] };

/** Who fills a template signer's role on an account: its first active client admin, or its account manager. */
async function personFor(em: EntityManager, accountId: string, assign: TemplateDocument['signers'][number]['assign']): Promise<{ id: string; name: string; email: string } | null> {
  const c = em.getConnection();
  if (assign === 'client_admin') {
    return (await c.execute<{ id: string; name: string; email: string }[]>(
      `select id, name, email from app_user where account_id = ? and role = 'client_admin' and disabled_at is null order by created_at limit 1`, [accountId]))[0] ?? null;
  }
  if (assign === 'account_manager') {
    return (await c.execute<{ id: string; name: string; email: string }[]>(
      `select u.id, u.name, u.email from account_team_member t join app_user u on u.id = t.user_id
        where t.account_id = ? and t.is_manager and u.disabled_at is null order by t.created_at limit 1`, [accountId]))[0] ?? null;
  }
  return null;
}

/**
 * Checks a template's documents before an engagement is started from it: each PDF must be in the
 * storage; the signers the template names are looked up on the account.
 */
export async function prepareTemplateDocuments(
  deps: { em: EntityManager; storage: FileStorage }, input: { accountId: string; documents: TemplateDocument[] },
): Promise<PreparedDocument[]> {
  const out: PreparedDocument[] = [];
  for (const d of input.documents) {
    if (!(await deps.storage.open(d.file.sha256).then((s) => { s?.destroy(); return !!s; }))) {
      throw new AppError('conflict', `The PDF of the template's document "${d.title}" is missing from the file storage; upload it again in the template`);
    }
    out.push({ ...d, signers: await Promise.all(d.signers.map(async (s) => ({ ...s, person: await personFor(deps.em, input.accountId, s.assign) }))) });
  }
  return out;
}

/**
 * The template's documents for a new engagement, inside the caller's transaction: each a draft with
 * the template's fields, order, reminders and expiry, its signers filled in from the account where
 * the template says who they are (the others are named by the team before sending); sent at once
 * when the template says so and everyone is known. The PDF's bytes are already in the storage
 * (under their hash): the account gets its own file record of them. Returns the commands queued.
 */
export async function createTemplateDocuments(
  tx: EntityManager, dayMs: number,
  input: { engagementId: string; accountId: string; documents: PreparedDocument[]; actor: Actor; origin: { ip: string | null; userAgent: string | null } },
): Promise<number[]> {
  const commandIds: number[] = [];
  for (const d of input.documents) {
    // Ids from the engagement and the template's key: a retried start makes the same document.
    const id = idFromKey(`document:${input.engagementId}`, d.key);
    const file = await recordStoredFile(tx, {
      id: idFromKey(`document-file:${input.engagementId}`, d.key), accountId: input.accountId, name: d.file.name, contentType: 'application/pdf',
      size: d.file.size, sha256: d.file.sha256, storageKey: d.file.sha256, uploadedById: input.actor.id, purpose: 'signature',
      engagementId: input.engagementId, staffOnly: true,
    });
    await insertDocumentDraft(tx, {
      id, accountId: input.accountId, engagementId: input.engagementId, title: d.title, originalFileId: file.id, originalSha256: d.file.sha256,
      pageCount: d.file.pageCount, fields: d.fields.map((f, i) => ({ ...f, id: f.id ?? `f${i + 1}` })), ordering: d.ordering,
      reminderEveryDays: d.reminderEveryDays, expiresAfterDays: d.expiresAfterDays, workflowId: signatureWorkflowId(id), createdById: input.actor.id,
    });
    await setSigners(tx, id, d.signers.map((s) => ({ key: s.key, name: s.person?.name ?? '', email: s.person?.email ?? '', userId: s.person?.id ?? null, roleLabel: s.roleLabel })));
    await recordAudit(tx, {
      eventKey: `signature:${id}:created`, action: 'document.created', actor: { id: input.actor.id, email: input.actor.email, role: input.actor.role },
      accountId: input.accountId, target: { type: 'document', id }, ip: input.origin.ip, userAgent: input.origin.userAgent,
      data: { document: d.title, pages: d.file.pageCount, sha256: d.file.sha256, template: d.key },
    });
    if (d.sendOnStart && d.signers.every((s) => s.person)) commandIds.push(await sendDocument(tx, dayMs, (await loadDocument(tx, id))!, input.actor));
  }
  return commandIds;
}
