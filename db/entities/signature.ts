import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { baseProperties } from './base.ts';
import { Account } from './account.ts';

/** Where a field sits: on a page, in fractions of the page's visible box (0..1 from its top-left corner). */
export interface FieldPlacement {
  id: string;
  type: 'signature' | 'initials' | 'date' | 'text';
  /** Which signer fills it (a signer's key). */
  signerKey: string;
  page: number;
  x: number;
  y: number;
  w: number;
  h: number;
  label: string;
  required: boolean;
}

/**
 * A document to sign: the original PDF (kept unchanged), its fields, and once every signer has
 * signed, the sealed PDF with its certificate of completion. `sealedSha256` answers verification.
 */
export const SignatureDocument = defineEntity({
  name: 'SignatureDocument',
  properties: {
    ...baseProperties,
    account: () => p.manyToOne(Account).index(),
    engagementId: p.uuid().index(),
    title: p.string().length(200),
    /** draft, collecting, completed, declined, expired, voided. */
    status: p.string().length(20).default('draft'),
    originalFileId: p.uuid(),
    originalSha256: p.string().length(64),
    pageCount: p.integer(),
    fields: p.json<FieldPlacement[]>().default('[]'),
    /** Signers sign one after another, or all at once. */
    ordering: p.string().length(12).default('sequential'),
    reminderEveryDays: p.integer().default(3),
    expiresAfterDays: p.integer().default(30),
    expiresAt: p.datetime().nullable(),
    sealedFileId: p.uuid().nullable(),
    sealedSha256: p.string().length(64).nullable().unique(),
    sealedAt: p.datetime().nullable(),
    voidReason: p.string().length(1000).nullable(),
    workflowId: p.string().length(120).unique(),
    createdById: p.uuid(),
    /** The workflow's last recorded state (read model). */
    state: p.json<Record<string, unknown>>().default('{}'),
    version: p.integer().default(0),
    updatedAt: p.datetime().onCreate(() => new Date()),
  },
});
export type SignatureDocument = InferEntity<typeof SignatureDocument>;

/** A signer of a document and the evidence of what they did: how they were identified, consent, view, signature or decline. */
export const DocumentSigner = defineEntity({
  name: 'DocumentSigner',
  uniques: [{ properties: ['document', 'key'] }],
  properties: {
    ...baseProperties,
    document: () => p.manyToOne(SignatureDocument),
    key: p.string().length(60),
    position: p.integer(),
    name: p.string().length(200),
    email: p.string().length(254),
    userId: p.uuid().nullable(),
    roleLabel: p.string().length(100),
    /** waiting, current, signed, declined. */
    status: p.string().length(20).default('waiting'),
    authMethod: p.string().length(60).nullable(),
    ip: p.string().length(64).nullable(),
    userAgent: p.string().length(500).nullable(),
    consentAt: p.datetime().nullable(),
    viewedAt: p.datetime().nullable(),
    signedAt: p.datetime().nullable(),
    declinedAt: p.datetime().nullable(),
    declineReason: p.string().length(1000).nullable(),
    /**
     * The adopted signature: typed (a name in the script font) or drawn, by reference to the PNG in
     * the file storage (its key and SHA-256); rows of earlier versions hold the PNG itself (base64).
     */
    signature: p.json<{ type: 'typed'; text: string } | { type: 'drawn'; storageKey: string; sha256: string; size: number } | { type: 'drawn'; png: string }>().nullable(),
    initials: p.string().length(10).nullable(),
    /** Values of the signer's text fields, by field id. */
    values: p.json<Record<string, string>>().default('{}'),
  },
});
export type DocumentSigner = InferEntity<typeof DocumentSigner>;

/** An emailed single-use signing link; the document shows only after a one-time code sent by email. */
export const SigningLink = defineEntity({
  name: 'SigningLink',
  properties: {
    ...baseProperties,
    signer: () => p.manyToOne(DocumentSigner).index(),
    tokenHash: p.string().length(64).unique(),
    expiresAt: p.datetime(),
    usedAt: p.datetime().nullable(),
    codeHash: p.string().length(64).nullable(),
    codeExpiresAt: p.datetime().nullable(),
    codeAttempts: p.integer().default(0),
    verifiedAt: p.datetime().nullable(),
  },
});
export type SigningLink = InferEntity<typeof SigningLink>;

/**
 * A signer's lasting link to the sealed copy of a completed document (sent in the completion email):
 * it downloads that one PDF and does nothing else. Only the token's hash is kept; it expires, and a
 * revoked link stops at once.
 */
export const SignedCopyLink = defineEntity({
  name: 'SignedCopyLink',
  properties: {
    ...baseProperties,
    signer: () => p.manyToOne(DocumentSigner).index(),
    tokenHash: p.string().length(64).unique(),
    expiresAt: p.datetime(),
    revokedAt: p.datetime().nullable(),
    lastUsedAt: p.datetime().nullable(),
  },
});
export type SignedCopyLink = InferEntity<typeof SignedCopyLink>;
