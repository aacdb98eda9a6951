import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { sealSecret, unsealSecret } from './sealed-secret.ts';
import type { EntityManager } from '@mikro-orm/postgresql';
import { canonicalJson } from './canonical-json.ts';
import { AUDIT_LOCK_KEY } from './audit-lock.ts';

/** Serialises the creation of the installation's signing key across processes. */
const KEY_LOCK = 7_401_338;

/**
 * The session secret the API uses outside production when SESSION_SECRET is unset; the worker falls
 * back to it too, so both open the same signing key in development and tests.
 */
export const DEVELOPMENT_SESSION_SECRET = 'development-only-session-secret-change-me';

/** The secret the signing key is sealed under: PORTICO_AUDIT_SIGNING_KEY, else SESSION_SECRET. */
export function auditSigningSecret(env: Record<string, string | undefined> = process.env): string | null {
  return env.PORTICO_AUDIT_SIGNING_KEY || env.SESSION_SECRET || null;
}

/** The HKDF purpose the key is sealed under (see db/sealed-secret.ts). */
const AUDIT_KEY_PURPOSE = 'portico-audit-signing-key';
const seal = (secret: string, plain: Buffer): string => sealSecret(secret, AUDIT_KEY_PURPOSE, plain);
const unseal = (secret: string, sealed: string): Buffer => unsealSecret(secret, AUDIT_KEY_PURPOSE, sealed, 'The audit signing key');

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

/** A checkpoint as stored: its statement, the key that signed it and the signature (base64). */
export interface SignedCheckpoint extends CheckpointBody { id: number; keyId: number; signature: string }

/** The exact bytes a checkpoint's Ed25519 signature covers: canonical JSON of the statement. */
export function checkpointSignedBytes(body: CheckpointBody): Buffer {
  return Buffer.from(canonicalJson({ portico: 'audit-checkpoint/1', seq: body.seq, headHash: body.headHash, count: body.count, createdAt: body.createdAt }));
}

/** Serialises checkpoint writers (the workers' loops and `npm run audit:checkpoint`) across processes. */
const CHECKPOINT_LOCK = 7_401_339;

/** When an automatic checkpoint is due: after `every` new events, or `intervalMs` after the last one if any event came since. */
export interface CheckpointDue { every: number; intervalMs: number }

/**
 * Signs the chain's current head: "at `seq` the chain had `count` events and this head hash". Takes the
 * chain's append lock, so no event can slip in between the head and the count. Returns null for an
 * empty chain.
 *
 * With `ifDue` (the workers' loop) it signs only when a checkpoint is due and no other process is
 * making one: it takes the checkpoint lock with `pg_try_advisory_xact_lock` (a second process gives up
 * at once instead of queueing) and reads, under that lock, what the last checkpoint covered, so two
 * loops racing make one checkpoint and a chain that did not grow gets none.
 */
export async function writeAuditCheckpoint(em: EntityManager, secret: string, opts: { ifDue?: CheckpointDue } = {}): Promise<SignedCheckpoint | null> {
  // A first look without any lock: most rounds end here, without opening the key.
  if (opts.ifDue && !(await checkpointDue(em.getConnection(), undefined, opts.ifDue))) return null;
  const key = await auditSigningKey(em, secret);
  return em.transactional(async (tx) => {
    const conn = tx.getConnection();
    const ctx = tx.getTransactionContext();
    if (opts.ifDue) {
      const [got] = await conn.execute<{ locked: boolean }[]>('select pg_try_advisory_xact_lock(?) as locked', [CHECKPOINT_LOCK], 'all', ctx);
      if (!got?.locked) return null;
      if (!(await checkpointDue(conn, ctx, opts.ifDue))) return null;
    } else {
      await conn.execute('select pg_advisory_xact_lock(?)', [CHECKPOINT_LOCK], 'run', ctx);
    }
    await conn.execute('select pg_advisory_xact_lock(?)', [AUDIT_LOCK_KEY], 'run', ctx);
    const [head] = await conn.execute<{ seq: string; hash: string; count: string; now: string }[]>(
      `select seq, hash, (select count(*) from audit_event) as count,
         to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as now
       from audit_event order by seq desc limit 1`, [], 'all', ctx);
    if (!head) return null;
    const body: CheckpointBody = { seq: Number(head.seq), headHash: head.hash, count: Number(head.count), createdAt: head.now };
    const signature = sign(null, checkpointSignedBytes(body), key.privateKey).toString('base64');
    const [row] = await conn.execute<{ id: number }[]>(
      'insert into audit_checkpoint (seq, head_hash, count, created_at, key_id, signature) values (?, ?, ?, ?, ?, ?) returning id',
      [body.seq, body.headHash, body.count, body.createdAt, key.id, signature], 'all', ctx);
    return { id: row!.id, ...body, keyId: key.id, signature };
  });
}

type Conn = ReturnType<EntityManager['getConnection']>;

/**
 * Whether the chain grew since the last checkpoint by `every` events, or at all and `intervalMs` ago
 * (measured from the last checkpoint, or from the first event before any). The database's clock, so
 * every worker agrees. Counting stops at `every`, so a long chain without checkpoints costs no scan.
 */
async function checkpointDue(conn: Conn, ctx: unknown, due: CheckpointDue): Promise<boolean> {
  const [row] = await conn.execute<{ grew: string; since_ms: string | null }[]>(
    `with last as (select seq, created_at from audit_checkpoint order by seq desc, id desc limit 1)
     select (select count(*) from (select 1 from audit_event where seq > coalesce((select seq from last), 0) limit ?) t) as grew,
            extract(epoch from now() - coalesce((select created_at from last), (select occurred_at from audit_event order by seq limit 1))) * 1000 as since_ms`,
    [Math.max(1, due.every)], 'all', ctx);
  const grew = Number(row?.grew ?? 0);
  if (grew === 0) return false;
  return grew >= due.every || Number(row?.since_ms ?? 0) >= due.intervalMs;
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
    return { ...body, signatureValid: !!key && verify(null, checkpointSignedBytes(body), key, Buffer.from(r.signature, 'base64')) };
  });
}

/** The newest public key as PEM, or null before the first checkpoint made one. */
export async function auditPublicKeyPem(em: EntityManager): Promise<string | null> {
  const [row] = await em.getConnection().execute<{ public_key_pem: string }[]>('select public_key_pem from audit_signing_key order by id desc limit 1');
  return row?.public_key_pem ?? null;
}

/** A page of stored checkpoints, oldest first, after the checkpoint id `after` (keyset pagination). */
export async function listAuditCheckpoints(em: EntityManager, page: { after?: number; limit: number }): Promise<{
  checkpoints: (SignedCheckpoint & { signatureValid: boolean })[];
  keys: { id: number; publicKeyPem: string; fingerprint: string }[];
  nextAfter: number | null;
}> {
  const conn = em.getConnection();
  const rows = await conn.execute<{ id: number; seq: string; head_hash: string; count: string; created_at: string; key_id: number; signature: string }[]>(
    `select id, seq, head_hash, count, to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as created_at, key_id, signature
       from audit_checkpoint where id > ? order by id limit ?`, [page.after ?? 0, page.limit + 1]);
  const more = rows.length > page.limit;
  const shown = rows.slice(0, page.limit);
  const keyIds = [...new Set(shown.map((r) => r.key_id))];
  const keyRows = keyIds.length
    ? await conn.execute<{ id: number; public_key_pem: string }[]>(`select id, public_key_pem from audit_signing_key where id in (${keyIds.map(() => '?').join(', ')}) order by id`, keyIds)
    : [];
  const keys = new Map(keyRows.map((k) => [k.id, createPublicKey(k.public_key_pem)]));
  return {
    checkpoints: shown.map((r) => {
      const body: CheckpointBody = { seq: Number(r.seq), headHash: r.head_hash, count: Number(r.count), createdAt: r.created_at };
      const key = keys.get(r.key_id);
      return {
        id: r.id, ...body, keyId: r.key_id, signature: r.signature,
        signatureValid: !!key && verify(null, checkpointSignedBytes(body), key, Buffer.from(r.signature, 'base64')),
      };
    }),
    keys: keyRows.map((k) => ({ id: k.id, publicKeyPem: k.public_key_pem, fingerprint: publicKeyFingerprint(k.public_key_pem) })),
    nextAfter: more ? shown[shown.length - 1]!.id : null,
  };
}

/** SHA-256 of the key's SubjectPublicKeyInfo (DER), hex: what a person compares to recognise the key. */
export function publicKeyFingerprint(publicKeyPem: string): string {
  return createHash('sha256').update(createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' })).digest('hex');
}
