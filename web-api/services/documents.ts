import type { EntityManager } from '@mikro-orm/postgresql';
import type { FieldPlacement } from '../../db/entities/signature.ts';
import type { SessionUser } from '../auth/session-user.ts';

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
  return (await em.getConnection().execute<DocumentRow[]>('select * from signature_document where id = ?', [id]))[0] ?? null;
}

export async function loadSigners(em: EntityManager, documentId: string): Promise<SignerRow[]> {
  return em.getConnection().execute<SignerRow[]>('select * from document_signer where document_id = ? order by position', [documentId]);
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
