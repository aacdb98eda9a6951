/**
 * A template's documents to sign, as the template definition holds them (web-api/templates/
 * template-format.ts): the PDF by its hash, the signers as roles filled in from the account when
 * an engagement starts, and their fields on the pages.
 */
import type { TemplateDocument, TemplateDocumentSigner, TemplateFile } from '../api/schema.d.ts';
import { slugify, uniqueKey } from './keys.ts';

export type SignerAssign = TemplateDocumentSigner['assign'];

export const ASSIGN_LABELS: Record<SignerAssign, string> = {
  client_admin: "The account's client admin",
  account_manager: "The account's manager",
  choose: 'Named by the team before sending',
};

/** A new document for an uploaded PDF: the client admin signs, then the account manager countersigns. */
export function newTemplateDocument(file: TemplateFile, taken: string[]): TemplateDocument {
  const title = file.name.replace(/\.pdf$/i, '').trim() || 'Document';
  return {
    key: uniqueKey(slugify(title, 'document'), new Set(taken)), title, file, ordering: 'sequential', reminderEveryDays: 3, expiresAfterDays: 30, sendOnStart: false,
    signers: [
      { key: 'client', roleLabel: 'Client', assign: 'client_admin' },
      { key: 'studio', roleLabel: 'For the team', assign: 'account_manager' },
    ],
    fields: [],
  };
}

/** A key for one more signer. */
export function nextRoleKey(signers: Pick<TemplateDocumentSigner, 'key'>[]): string {
  return uniqueKey('signer', new Set(signers.map((s) => s.key)));
}

/** The document with another PDF: fields past its last page go. */
export function replaceFile(doc: TemplateDocument, file: TemplateFile): { doc: TemplateDocument; dropped: number } {
  const fields = doc.fields.filter((f) => f.page <= file.pageCount);
  return { doc: { ...doc, file, fields }, dropped: doc.fields.length - fields.length };
}

/** Signers without a signature field, by role. */
export function unsignedRoles(doc: Pick<TemplateDocument, 'signers' | 'fields'>): string[] {
  return doc.signers.filter((s) => !doc.fields.some((f) => f.signerKey === s.key && f.type === 'signature')).map((s) => s.roleLabel.trim() || s.key);
}
