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
