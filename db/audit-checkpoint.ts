import {
  createCipheriv, createDecipheriv, createPrivateKey, createPublicKey, generateKeyPairSync, hkdfSync, randomBytes,
  sign, verify, type KeyObject,
} from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { canonicalJson } from './canonical-json.ts';
import { AUDIT_LOCK_KEY } from './audit-lock.ts';

/** Serialises the creation of the installation's signing key across processes. */
const KEY_LOCK = 7_401_338;

/** The secret the signing key is sealed under: PORTICO_AUDIT_SIGNING_KEY, else SESSION_SECRET. */
export function auditSigningSecret(env: Record<string, string | undefined> = process.env): string | null {
  return env.PORTICO_AUDIT_SIGNING_KEY || env.SESSION_SECRET || null;
}

function sealingKey(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'portico-audit-signing-key', 'aes-256-gcm v1', 32));
}

function seal(secret: string, plain: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealingKey(secret), iv);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

function unseal(secret: string, sealed: string): Buffer {
  const raw = Buffer.from(sealed, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', sealingKey(secret), raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  try {
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]);
  } catch {
    throw new Error('The audit signing key cannot be opened: PORTICO_AUDIT_SIGNING_KEY (or SESSION_SECRET) is not the one it was sealed with');
  }
}

interface KeyRow { id: number; public_key_pem: string; private_key_sealed: string }

/**
 * The installation's Ed25519 key pair, made and stored at first use (the private key sealed with
 * AES-256-GCM under a key derived from `secret`). Returns the newest key.
 */
export async function auditSigningKey(em: EntityManager, secret: string): Promise<{ id: number; publicKeyPem: string; privateKey: KeyObject }> {
  return em.transactional(async (tx) => {
    const conn = tx.getConnection();
    const ctx = tx.getTransactionContext();
    await conn.execute('select pg_advisory_xact_lock(?)', [KEY_LOCK], 'run', ctx);
    let [row] = await conn.execute<KeyRow[]>('select id, public_key_pem, private_key_sealed from audit_signing_key order by id desc limit 1', [], 'all', ctx);
    if (!row) {
      const { publicKey, privateKey } = generateKeyPairSync('ed25519');
      const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' });
      const sealed = seal(secret, privateKey.export({ type: 'pkcs8', format: 'der' }));
      [row] = await conn.execute<KeyRow[]>(
        `insert into audit_signing_key (public_key_pem, private_key_sealed, created_at) values (?, ?, now())
         returning id, public_key_pem, private_key_sealed`, [publicKeyPem, sealed], 'all', ctx);
    }
    const privateKey = createPrivateKey({ key: unseal(secret, row!.private_key_sealed), format: 'der', type: 'pkcs8' });
    return { id: row!.id, publicKeyPem: row!.public_key_pem, privateKey };
  });
}

/** The statement a checkpoint signs. */
export interface CheckpointBody { seq: number; headHash: string; count: number; createdAt: string }

function signedBytes(body: CheckpointBody): Buffer {
  return Buffer.from(canonicalJson({ portico: 'audit-checkpoint/1', ...body }));
}

/**
 * Signs the chain's current head: "at `seq` the chain had `count` events and this head hash". Takes the
 * chain's append lock, so no event can slip in between the head and the count. Returns null for an
 * empty chain.
 */
export async function writeAuditCheckpoint(em: EntityManager, secret: string): Promise<CheckpointBody | null> {
  const key = await auditSigningKey(em, secret);
  return em.transactional(async (tx) => {
    const conn = tx.getConnection();
    const ctx = tx.getTransactionContext();
    await conn.execute('select pg_advisory_xact_lock(?)', [AUDIT_LOCK_KEY], 'run', ctx);
    const [head] = await conn.execute<{ seq: string; hash: string; count: string; now: string }[]>(
      `select seq, hash, (select count(*) from audit_event) as count,
         to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as now
       from audit_event order by seq desc limit 1`, [], 'all', ctx);
    if (!head) return null;
    const body: CheckpointBody = { seq: Number(head.seq), headHash: head.hash, count: Number(head.count), createdAt: head.now };
    const signature = sign(null, signedBytes(body), key.privateKey).toString('base64');
    await conn.execute(
      'insert into audit_checkpoint (seq, head_hash, count, created_at, key_id, signature) values (?, ?, ?, ?, ?, ?)',
      [body.seq, body.headHash, body.count, body.createdAt, key.id, signature], 'run', ctx);
    return body;
  });
}

/** A stored checkpoint with whether its signature holds under the key that made it. */
export interface StoredCheckpoint extends CheckpointBody { signatureValid: boolean }

/** Every checkpoint in order of `seq`, each with its signature checked (no secret needed). */
export async function loadAuditCheckpoints(em: EntityManager): Promise<StoredCheckpoint[]> {
  const conn = em.getConnection();
  const keys = new Map((await conn.execute<{ id: number; public_key_pem: string }[]>('select id, public_key_pem from audit_signing_key'))
    .map((k) => [k.id, createPublicKey(k.public_key_pem)]));
  const rows = await conn.execute<{ seq: string; head_hash: string; count: string; created_at: string; key_id: number; signature: string }[]>(
    `select seq, head_hash, count, to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as created_at, key_id, signature
     from audit_checkpoint order by seq, id`);
  return rows.map((r) => {
    const body: CheckpointBody = { seq: Number(r.seq), headHash: r.head_hash, count: Number(r.count), createdAt: r.created_at };
    const key = keys.get(r.key_id);
    return { ...body, signatureValid: !!key && verify(null, signedBytes(body), key, Buffer.from(r.signature, 'base64')) };
  });
}

/** The newest public key as PEM, or null before the first checkpoint made one. */
export async function auditPublicKeyPem(em: EntityManager): Promise<string | null> {
  const [row] = await em.getConnection().execute<{ public_key_pem: string }[]>('select public_key_pem from audit_signing_key order by id desc limit 1');
  return row?.public_key_pem ?? null;
}
