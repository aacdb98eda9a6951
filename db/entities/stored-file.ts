import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { baseProperties } from './base.ts';
import { Account } from './account.ts';

/**
 * One uploaded file: immutable once stored. Its bytes live in the file storage under `storageKey`
 * (the SHA-256 of the content); this row says whose it is, what it is and where it belongs.
 */
export const StoredFile = defineEntity({
  name: 'StoredFile',
  properties: {
    ...baseProperties,
    account: () => p.manyToOne(Account).index(),
    /** The name as uploaded (shown and used for downloads, never for storage paths). */
    name: p.string().length(255),
    /** Decided from the content. */
    contentType: p.string().length(120),
    size: p.bigint('number'),
    sha256: p.string().length(64).index(),
    storageKey: p.string().length(200),
    uploadedById: p.uuid(),
    /** What it was uploaded for, e.g. `checklist`. */
    purpose: p.string().length(40),
    engagementId: p.uuid().nullable().index(),
    /** The checklist item it was uploaded to, if any. */
    itemKey: p.string().length(60).nullable(),
    /** Visible to the account team only (never listed or served to clients). */
    staffOnly: p.boolean().default(false),
    /** A retried upload with the same key answers with the first one instead of storing twice. */
    idempotencyKey: p.string().length(100).nullable(),
  },
  uniques: [{ properties: ['account', 'idempotencyKey'] }],
});
export type StoredFile = InferEntity<typeof StoredFile>;
