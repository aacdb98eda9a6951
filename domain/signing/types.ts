import type { FieldPlacement } from '../../db/entities/signature.ts';

export type { FieldPlacement };

/** A signer's adopted signature: a name typed (shown in the script font) or drawn (a PNG, base64). */
export type AdoptedSignature = { type: 'typed'; text: string } | { type: 'drawn'; png: string };

/** One signer and the evidence of what they did. Times are ISO 8601 strings; null when it did not happen. */
export interface SealSigner {
  key: string;
  name: string;
  email: string;
  roleLabel: string;
  authMethod: string;
  ip: string | null;
  userAgent: string | null;
  consentAt: string | null;
  viewedAt: string | null;
  signedAt: string | null;
  declinedAt?: string | null;
  declineReason?: string | null;
  signature: AdoptedSignature | null;
  initials: string | null;
  /** Values of the signer's text fields, by field id. */
  values: Record<string, string>;
}

/** One line of the document's history, in order. */
export interface SealEvent {
  at: string;
  action: string;
  actor: string | null;
  detail: string;
}

export interface SealBranding {
  businessName: string;
  /** `#rrggbb`. */
  primaryColor: string;
  logo?: { bytes: Uint8Array; type: 'image/png' | 'image/jpeg' } | null;
}

/** What the certificate of completion says. */
export interface CertificateInput {
  document: { id: string; title: string; originalSha256: string };
  signers: SealSigner[];
  events: SealEvent[];
  branding: SealBranding;
  /** ISO 8601; also the sealed file's creation and modification dates. */
  sealedAt: string;
  /** The certificate's paper; by default the one closer in shape to the original's first page (A4 without an original). */
  paper?: 'A4' | 'Letter';
  /** The original, when known, chooses the paper. */
  original?: Uint8Array;
  /**
   * The certificate the sealed PDF is signed with, named on the certificate of completion (its
   * subject and SHA-256 fingerprint). `sealPdf` sets it from its sealer; absent for a document
   * sealed before sealed PDFs were signed.
   */
  signingCertificate?: { subject: string; sha256: string } | null;
}

/** Everything a sealed PDF is made of. */
export interface SealInput extends CertificateInput {
  /** The original PDF; never modified. */
  original: Uint8Array;
  fields: FieldPlacement[];
}
