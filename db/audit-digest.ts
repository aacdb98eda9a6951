/**
 * Per-account checkpoint digests: an account that opts in receives, by email, the newest signed
 * checkpoint together with a summary of its own events up to it (how many, and a hash over their
 * hashes). The account keeps the digest; later, `npm run audit:verify -- --digest digest.json` shows
 * whether the chain still holds those events unchanged, so not even the business, which holds the
 * signing key, can rewrite that account's history unnoticed.
 */
import { createHash, createPublicKey, verify } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { canonicalJson } from './canonical-json.ts';
import { checkpointSignedBytes, publicKeyFingerprint, type SignedCheckpoint } from './audit-checkpoint.ts';
import { enqueueEmail, loadBranding } from './outbox.ts';

/** The value the account hash starts from, before the account's first event. */
export const ACCOUNT_HASH_GENESIS = '0'.repeat(64);

/** Who receives an account's digests. */
export const DIGEST_RECIPIENTS = ['client_admins', 'address'] as const;
export type DigestRecipients = (typeof DIGEST_RECIPIENTS)[number];

/**
 * The account's part of a digest: its events with `seq ≤ uptoSeq`, in `seq` order, folded as
 * `H₀ = 64 × "0"`, `Hᵢ = hex(SHA-256(Hᵢ₋₁ ‖ hashᵢ))`, where `hashᵢ` is the i-th event's stored chain hash
 * (64 lowercase hex characters, hashed as that ASCII text, like the chain's own `prev_hash ‖ body`).
 * Read in keyset batches, so memory stays flat however many events the account has.
 */
export async function accountEventsHash(em: EntityManager, accountId: string, uptoSeq: number, batchSize = 5000): Promise<{ count: number; hash: string }> {
  const conn = em.getConnection();
  let hash = ACCOUNT_HASH_GENESIS;
  let count = 0;
  let after = 0;
  for (;;) {
    const rows = await conn.execute<{ seq: string; hash: string }[]>(
      'select seq, hash from audit_event where account_id = ? and seq > ? and seq <= ? order by seq limit ?',
      [accountId, after, uptoSeq, batchSize]);
    for (const r of rows) {
      hash = createHash('sha256').update(hash).update(r.hash).digest('hex');
      count += 1;
    }
    if (rows.length < batchSize) break;
    after = Number(rows[rows.length - 1]!.seq);
  }
  return { count, hash };
}

/** What an account keeps: everything needed to check it later, and nothing secret. */
export const AuditDigestDocument = z.object({
  portico: z.literal('audit-digest/1'),
  issuer: z.string(),
  checkpoint: z.object({
    seq: z.number().int().positive(),
    headHash: z.string().regex(/^[0-9a-f]{64}$/),
    count: z.number().int().nonnegative(),
    createdAt: z.string(),
    keyId: z.number().int(),
    signature: z.string(),
  }),
  publicKey: z.object({ pem: z.string(), fingerprint: z.string() }),
  account: z.object({
    id: z.string(),
    name: z.string(),
    eventCount: z.number().int().nonnegative(),
    eventsHash: z.string().regex(/^[0-9a-f]{64}$/),
  }),
  accountHashRule: z.string(),
});
export type AuditDigestDocument = z.infer<typeof AuditDigestDocument>;

const ACCOUNT_HASH_RULE = 'H0 = 64 zeros; Hi = hex(SHA-256(H(i-1) || hash of the account\'s i-th event)), over the account\'s events with seq <= checkpoint.seq in seq order; eventsHash = Hn';

/** Builds the digest of one checkpoint for one account. */
export function auditDigestDocument(input: {
  issuer: string; checkpoint: SignedCheckpoint; publicKeyPem: string;
  account: { id: string; name: string }; part: { count: number; hash: string };
}): AuditDigestDocument {
  const c = input.checkpoint;
  return {
    portico: 'audit-digest/1',
    issuer: input.issuer,
    checkpoint: { seq: c.seq, headHash: c.headHash, count: c.count, createdAt: c.createdAt, keyId: c.keyId, signature: c.signature },
    publicKey: { pem: input.publicKeyPem, fingerprint: publicKeyFingerprint(input.publicKeyPem) },
    account: { id: input.account.id, name: input.account.name, eventCount: input.part.count, eventsHash: input.part.hash },
    accountHashRule: ACCOUNT_HASH_RULE,
  };
}

interface DueRow {
  account_id: string; account_name: string; digest_to: DigestRecipients; digest_address: string | null;
  checkpoint_id: number; seq: string; head_hash: string; count: string; created_at: string; key_id: number; signature: string; public_key_pem: string;
}

/**
 * Makes the digests that are due and queues their emails. A digest is due for an account that opted
 * in (before the checkpoint was signed) for the newest checkpoint, unless the account already has it or
 * had a digest less than `spacingMs` ago (0: a digest after every checkpoint; the default in the worker
 * is a day, so a busy installation mails an account at most daily, always with the newest checkpoint).
 *
 * One transaction per account, under a row lock on the account: the `audit_digest` row (unique per
 * account and checkpoint) and the emails (outbox key `audit-digest:<checkpoint id>:<account id>:<address>`)
 * commit together, so a retried or concurrent run makes no second digest and sends no second email.
 * Returns how many digests it made.
 */
export async function sendAuditDigests(em: EntityManager, opts: { spacingMs: number; publicUrl?: string }): Promise<number> {
  const due = await em.getConnection().execute<DueRow[]>(
    `select a.id as account_id, a.name as account_name, a.audit_digest_to as digest_to, a.audit_digest_address as digest_address,
            c.id as checkpoint_id, c.seq, c.head_hash, c.count, to_char(c.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as created_at,
            c.key_id, c.signature, k.public_key_pem
       from (select * from audit_checkpoint order by seq desc, id desc limit 1) c
       join audit_signing_key k on k.id = c.key_id
       join account a on a.audit_digest_to is not null and a.audit_digest_since <= c.created_at
      where not exists (select 1 from audit_digest d where d.account_id = a.id
                          and (d.checkpoint_id = c.id or d.created_at > now() - make_interval(secs => ?)))
      order by a.id`, [opts.spacingMs / 1000]);
  let made = 0;
  for (const row of due) {
    const created = await em.fork().transactional(async (tx) => {
      const conn = tx.getConnection();
      const ctx = tx.getTransactionContext();
      // Two workers making the same account's digest queue here; the second finds it made.
      const [account] = await conn.execute<{ id: string; name: string; audit_digest_to: DigestRecipients | null; audit_digest_address: string | null }[]>(
        'select id, name, audit_digest_to, audit_digest_address from account where id = ? for update', [row.account_id], 'all', ctx);
      if (!account?.audit_digest_to) return false;
      const [already] = await conn.execute<unknown[]>(
        `select 1 from audit_digest where account_id = ? and (checkpoint_id = ? or created_at > now() - make_interval(secs => ?)) limit 1`,
        [row.account_id, row.checkpoint_id, opts.spacingMs / 1000], 'all', ctx);
      if (already) return false;
      const checkpoint: SignedCheckpoint = {
        id: row.checkpoint_id, seq: Number(row.seq), headHash: row.head_hash, count: Number(row.count), createdAt: row.created_at,
        keyId: row.key_id, signature: row.signature,
      };
      // Events up to the checkpoint are committed and can no longer change (appends take the chain's
      // lock, which the checkpoint held), so this reads them without holding it.
      const part = await accountEventsHash(tx, account.id, checkpoint.seq);
      await conn.execute(
        `insert into audit_digest (account_id, checkpoint_id, seq, account_count, account_hash, created_at) values (?, ?, ?, ?, ?, now())`,
        [account.id, checkpoint.id, checkpoint.seq, part.count, part.hash], 'run', ctx);
      const branding = await loadBranding(tx);
      const doc = auditDigestDocument({ issuer: branding.businessName, checkpoint, publicKeyPem: row.public_key_pem, account, part });
      const to = account.audit_digest_to === 'address'
        ? (account.audit_digest_address ? [account.audit_digest_address] : [])
        : (await conn.execute<{ email: string }[]>(
          `select email from app_user where account_id = ? and role = 'client_admin' and disabled_at is null order by email`, [account.id], 'all', ctx)).map((u) => u.email);
      for (const address of to) {
        await enqueueEmail(tx, {
          idempotencyKey: `audit-digest:${checkpoint.id}:${account.id}:${address.toLowerCase()}`,
          to: address,
          kind: 'audit_digest',
          content: digestEmail(doc, opts.publicUrl),
        });
      }
      return true;
    });
    if (created) made += 1;
  }
  return made;
}

/** The email: what it is, the checkpoint and the account's part in words, and the digest to keep. */
function digestEmail(doc: AuditDigestDocument, publicUrl?: string) {
  const c = doc.checkpoint;
  return {
    subject: `Audit checkpoint digest for ${doc.account.name}: event ${c.seq}`,
    greeting: 'Hello,',
    paragraphs: [
      `This is the audit checkpoint digest of ${doc.account.name}. Keep this email: with it anyone can later check that none of your account's events up to this checkpoint has been changed or deleted, by anyone, including ${doc.issuer}.`,
      `Checkpoint: event ${c.seq}, ${c.count} events in the audit chain, head hash ${c.headHash}, signed ${c.createdAt} with key ${c.keyId} (Ed25519, fingerprint ${doc.publicKey.fingerprint}).`,
      `Signature (base64): ${c.signature}`,
      `Your account: ${doc.account.eventCount} events up to event ${c.seq}; their hash: ${doc.account.eventsHash}.`,
      `To check it, save the block below as digest.json; an auditor runs "npm run audit:verify -- --digest digest.json" against the portal's database.`,
    ],
    block: canonicalJson(doc),
    ...(publicUrl ? { footnote: `The portal's audit key is published at ${publicUrl}/.well-known/portico-audit-key.` } : {}),
  };
}

/** One disagreement between a kept digest and the chain as it is now. */
export interface DigestProblem { kind: 'format' | 'key' | 'signature' | 'head' | 'count' | 'account'; reason: string }

/**
 * Checks a kept digest against the installation: the signature under the installation's key of that
 * id (and that it is the key the digest names), that the chain still has the signed head hash at the
 * checkpoint's seq and as many events up to it, and that the account's events up to it still count and
 * hash the same. Returns every disagreement (none: the digest holds).
 */
export async function verifyAuditDigest(em: EntityManager, raw: unknown): Promise<{ digest: AuditDigestDocument | null; problems: DigestProblem[] }> {
  const parsed = AuditDigestDocument.safeParse(raw);
  if (!parsed.success) {
    return { digest: null, problems: [{ kind: 'format', reason: `not a Portico audit digest (${parsed.error.issues.map((i) => `${i.path.join('.') || 'document'}: ${i.message}`).join('; ')})` }] };
  }
  const d = parsed.data;
  const c = d.checkpoint;
  const problems: DigestProblem[] = [];
  const conn = em.getConnection();
  const [key] = await conn.execute<{ public_key_pem: string }[]>('select public_key_pem from audit_signing_key where id = ?', [c.keyId]);
  const body = { seq: c.seq, headHash: c.headHash, count: c.count, createdAt: c.createdAt };
  const signatureHolds = (pem: string): boolean => {
    try {
      return verify(null, checkpointSignedBytes(body), createPublicKey(pem), Buffer.from(c.signature, 'base64'));
    } catch {
      return false;
    }
  };
  if (!key) {
    problems.push({ kind: 'key', reason: `the installation has no signing key ${c.keyId}, which signed this checkpoint` });
  } else {
    if (publicKeyFingerprint(key.public_key_pem) !== d.publicKey.fingerprint) {
      problems.push({ kind: 'key', reason: `the installation's key ${c.keyId} is not the one the digest names (fingerprint ${d.publicKey.fingerprint}): the key was replaced` });
    }
    if (!signatureHolds(key.public_key_pem)) problems.push({ kind: 'signature', reason: `the checkpoint's signature does not hold under the installation's key ${c.keyId}` });
  }
  const [atSeq] = await conn.execute<{ hash: string }[]>('select hash from audit_event where seq = ?', [c.seq]);
  if (!atSeq) problems.push({ kind: 'head', reason: `event ${c.seq}, the signed head, is missing: deleted` });
  else if (atSeq.hash !== c.headHash) problems.push({ kind: 'head', reason: `event ${c.seq} no longer has the signed head hash ${c.headHash} (now ${atSeq.hash}): history up to it was rewritten` });
  const [n] = await conn.execute<{ n: string }[]>('select count(*) as n from audit_event where seq <= ?', [c.seq]);
  const now = Number(n?.n ?? 0);
  if (now !== c.count) problems.push({ kind: 'count', reason: `the chain has ${now} events up to event ${c.seq}, the checkpoint signed ${c.count}: ${now < c.count ? `${c.count - now} deleted` : `${now - c.count} added`}` });
  const part = await accountEventsHash(em, d.account.id, c.seq);
  if (part.count !== d.account.eventCount) {
    problems.push({ kind: 'account', reason: `${d.account.name} has ${part.count} events up to event ${c.seq}, the digest ${d.account.eventCount}: ${part.count < d.account.eventCount ? 'deleted' : 'added'}` });
  }
  if (part.hash !== d.account.eventsHash) {
    problems.push({ kind: 'account', reason: `the hash of ${d.account.name}'s events up to event ${c.seq} is ${part.hash}, the digest has ${d.account.eventsHash}: its history was changed` });
  }
  return { digest: d, problems };
}
