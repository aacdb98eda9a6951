/** The signature API's shapes, as the UI reads them (web-api/routes/documents/). */

export type DocumentStatus = 'draft' | 'collecting' | 'completed' | 'declined' | 'expired' | 'voided';
export type SignerStatus = 'waiting' | 'current' | 'signed' | 'declined';
export type FieldType = 'signature' | 'initials' | 'date' | 'text';
export type Ordering = 'sequential' | 'parallel';

/** A field on a page. x, y, w and h are fractions (0..1) of the page, from its top-left corner. */
export interface Field {
  id: string;
  type: FieldType;
  signerKey: string;
  page: number;
  x: number;
  y: number;
  w: number;
  h: number;
  label: string;
  required: boolean;
}

export interface SignatureDocument {
  id: string;
  engagementId: string;
  title: string;
  status: DocumentStatus;
  pageCount: number;
  fields: Field[];
  ordering: Ordering;
  reminderEveryDays: number;
  expiresAfterDays: number;
  expiresAt: string | null;
  originalSha256: string;
  sealedSha256: string | null;
  sealedAt: string | null;
  reason: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Signer {
  key: string;
  position: number;
  name: string;
  email: string;
  roleLabel: string;
  status: SignerStatus;
  authMethod: string | null;
  consentAt: string | null;
  viewedAt: string | null;
  signedAt: string | null;
  declinedAt: string | null;
  declineReason: string | null;
}

export interface DocumentDetail {
  document: SignatureDocument;
  signers: Signer[];
  permissions: { setup: boolean; send: boolean; void: boolean; sign: boolean; downloadSealed: boolean };
}

export interface DocumentSummary extends SignatureDocument {
  signers: Signer[];
  waitingOnYou: boolean;
}

export interface DocumentEvent {
  seq: number;
  at: string;
  action: string;
  actor: string | null;
  ip: string | null;
  userAgent: string | null;
  hash: string;
  data: Record<string, unknown>;
}

/** GET /api/documents/:id/signing: what a signer sees. */
export interface SigningView {
  document: { id: string; title: string; status: DocumentStatus; pageCount: number; expiresAt: string | null; sealed: boolean };
  disclosure: { version: string; title: string; paragraphs: string[] };
  signer: Signer;
  fields: Field[];
  otherFields: Pick<Field, 'page' | 'x' | 'y' | 'w' | 'h' | 'type'>[];
  signers: { name: string; roleLabel: string; status: SignerStatus; signedAt: string | null }[];
  mayAct: boolean;
}

/** The signer being set up (before it is saved it may have no position or status). */
export interface SignerDraft {
  key: string;
  name: string;
  email: string;
  roleLabel: string;
}

/** What the file's digital signature says: whether it holds, over the whole file, by this installation's certificate. */
export interface VerifySignature {
  status: 'missing' | 'invalid' | 'valid';
  coversWholeDocument: boolean;
  byThisInstallation: boolean;
  certificate: { subject: string; sha256: string } | null;
  problem: string | null;
}

export type VerifyResult =
  | { match: false; sha256: string; signature: VerifySignature }
  | { match: true; sha256: string; signature: VerifySignature; document: { id: string; title: string; sealedAt: string; originalSha256: string; signers: { name: string; roleLabel: string; signedAt: string | null }[] } };
