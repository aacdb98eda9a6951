import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * The installation's Ed25519 key for signing audit checkpoints: made at first use. The private key
 * (PKCS#8 DER) is sealed with AES-256-GCM under a key derived from PORTICO_AUDIT_SIGNING_KEY or
 * SESSION_SECRET; the public key is plain PEM, served at `/.well-known/portico-audit-key`.
 */
export const AuditSigningKey = defineEntity({
  name: 'AuditSigningKey',
  tableName: 'audit_signing_key',
  properties: {
    id: p.integer().primary().autoincrement(),
    publicKeyPem: p.text(),
    /** base64 of iv ‖ tag ‖ ciphertext */
    privateKeySealed: p.text(),
    createdAt: p.datetime(3),
  },
});
export type AuditSigningKey = InferEntity<typeof AuditSigningKey>;

/**
 * A signed statement "the chain had `count` events and its head was `headHash` at `seq`". Verification
 * checks every checkpoint, so a rewritten or deleted tail after one is reported.
 */
export const AuditCheckpoint = defineEntity({
  name: 'AuditCheckpoint',
  tableName: 'audit_checkpoint',
  properties: {
    id: p.integer().primary().autoincrement(),
    seq: p.bigint('number').index(),
    headHash: p.string().length(64),
    count: p.bigint('number'),
    createdAt: p.datetime(3),
    keyId: p.integer(),
    /** base64 Ed25519 signature over the canonical JSON of { seq, headHash, count, createdAt } */
    signature: p.text(),
  },
});
export type AuditCheckpoint = InferEntity<typeof AuditCheckpoint>;

/**
 * A checkpoint digest made for one account (and emailed to its recipients through the outbox): the
 * account's part of it, kept so a digest is made once per checkpoint and account, and to space them.
 */
export const AuditDigest = defineEntity({
  name: 'AuditDigest',
  tableName: 'audit_digest',
  uniques: [{ properties: ['accountId', 'checkpointId'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    accountId: p.uuid(),
    checkpointId: p.integer(),
    /** The checkpoint's seq: the account's events counted and hashed are those up to it. */
    seq: p.bigint('number'),
    accountCount: p.bigint('number'),
    accountHash: p.string().length(64),
    createdAt: p.datetime(3),
  },
});
export type AuditDigest = InferEntity<typeof AuditDigest>;
