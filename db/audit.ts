import { createHash, randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { canonicalJson } from './canonical-json.ts';

/** Hash that precedes the first event of the chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** Arbitrary but fixed advisory-lock key that serialises appends to the chain across processes. */
const AUDIT_LOCK_KEY = 7_401_337;

/** Keys that must never reach the audit trail (16.x: no passwords, tokens or session ids). */
const SECRET_KEY = /pass(word)?|token|secret|sid|cookie|hash$/i;

export interface AuditActor {
  id: string | null;
  email: string | null;
  role: string | null;
}

export interface AuditInput {
  /** Business key; recording the same key twice stores one event. Defaults to a fresh UUID. */
  eventKey?: string;
  action: string;
  actor?: AuditActor | null;
  accountId?: string | null;
  target?: { type: string; id: string } | null;
  ip?: string | null;
  userAgent?: string | null;
  data?: Record<string, unknown>;
  occurredAt?: Date;
}

export interface AuditRecord {
  seq: number;
  eventKey: string;
  occurredAt: Date;
  action: string;
  actorId: string | null;
  actorEmail: string | null;
  actorRole: string | null;
  accountId: string | null;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  userAgent: string | null;
  data: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

type Hashed = Omit<AuditRecord, 'seq' | 'hash'>;

/** SHA-256 over the previous hash and the canonical JSON of the event (which includes that hash). */
export function hashAuditEvent(event: Hashed): string {
  const body = canonicalJson({
    eventKey: event.eventKey,
    occurredAt: event.occurredAt.toISOString(),
    action: event.action,
    actorId: event.actorId,
    actorEmail: event.actorEmail,
    actorRole: event.actorRole,
    accountId: event.accountId,
    targetType: event.targetType,
    targetId: event.targetId,
    ip: event.ip,
    userAgent: event.userAgent,
    data: event.data,
    prevHash: event.prevHash,
  });
  return createHash('sha256').update(event.prevHash).update(body).digest('hex');
}

function assertNoSecrets(data: unknown, path = 'data'): void {
  if (data === null || typeof data !== 'object') return;
  for (const [k, v] of Object.entries(data)) {
    if (SECRET_KEY.test(k)) throw new Error(`recordAudit: refusing secret-looking field ${path}.${k}`);
    assertNoSecrets(v, `${path}.${k}`);
  }
}

/**
 * Appends one event to the audit chain. Used by the API and by activities. Idempotent on
 * `eventKey`: a retried activity that records the same key gets the stored event back.
 * Runs in the caller's transaction when there is one, so the event commits with the change it describes.
 */
export async function recordAudit(em: EntityManager, input: AuditInput): Promise<{ seq: number; hash: string; created: boolean }> {
  const data = input.data ?? {};
  assertNoSecrets(data);
  return em.transactional(async (tx) => {
    const conn = tx.getConnection();
    const ctx = tx.getTransactionContext();
    await conn.execute('select pg_advisory_xact_lock(?)', [AUDIT_LOCK_KEY], 'run', ctx);
    const eventKey = input.eventKey ?? `event:${randomUUID()}`;
    const existing = await conn.execute<{ seq: string; hash: string }[]>(
      'select seq, hash from audit_event where event_key = ?', [eventKey], 'all', ctx);
    if (existing[0]) return { seq: Number(existing[0].seq), hash: existing[0].hash, created: false };
    const last = await conn.execute<{ hash: string }[]>(
      'select hash from audit_event order by seq desc limit 1', [], 'all', ctx);
    const event: Hashed = {
      eventKey,
      // Millisecond precision: the column keeps exactly what was hashed.
      occurredAt: new Date(input.occurredAt?.getTime() ?? Date.now()),
      action: input.action,
      actorId: input.actor?.id ?? null,
      actorEmail: input.actor?.email ?? null,
      actorRole: input.actor?.role ?? null,
      accountId: input.accountId ?? null,
      targetType: input.target?.type ?? null,
      targetId: input.target?.id ?? null,
      ip: input.ip ?? null,
      userAgent: input.userAgent ? input.userAgent.slice(0, 512) : null,
      data,
      prevHash: last[0]?.hash ?? GENESIS_HASH,
    };
    const hash = hashAuditEvent(event);
    const inserted = await conn.execute<{ seq: string }[]>(
      `insert into audit_event (event_key, occurred_at, action, actor_id, actor_email, actor_role, account_id,
         target_type, target_id, ip, user_agent, data, prev_hash, hash)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning seq`,
      [event.eventKey, event.occurredAt, event.action, event.actorId, event.actorEmail, event.actorRole, event.accountId,
        event.targetType, event.targetId, event.ip, event.userAgent, JSON.stringify(event.data), event.prevHash, hash],
      'all', ctx);
    return { seq: Number(inserted[0]!.seq), hash, created: true };
  });
}

export interface ChainVerification {
  ok: boolean;
  count: number;
  /** Hash of the last event: the chain head an outsider can pin. */
  head: string | null;
  firstBad: { seq: number; reason: string } | null;
}

interface AuditRow {
  seq: string;
  event_key: string;
  occurred_at: Date;
  action: string;
  actor_id: string | null;
  actor_email: string | null;
  actor_role: string | null;
  account_id: string | null;
  target_type: string | null;
  target_id: string | null;
  ip: string | null;
  user_agent: string | null;
  data: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

/** Walks the whole chain in order and names the first event whose link or hash does not hold. */
export async function verifyAuditChain(em: EntityManager, batchSize = 1000): Promise<ChainVerification> {
  const conn = em.getConnection();
  let prev = GENESIS_HASH;
  let count = 0;
  let after = 0;
  for (;;) {
    const rows = await conn.execute<AuditRow[]>(
      'select * from audit_event where seq > ? order by seq limit ?', [after, batchSize]);
    if (rows.length === 0) break;
    for (const row of rows) {
      const seq = Number(row.seq);
      if (row.prev_hash !== prev) {
        return { ok: false, count, head: prev === GENESIS_HASH ? null : prev, firstBad: { seq, reason: 'previous hash does not match the event before it' } };
      }
      const expected = hashAuditEvent({
        eventKey: row.event_key, occurredAt: new Date(row.occurred_at), action: row.action,
        actorId: row.actor_id, actorEmail: row.actor_email, actorRole: row.actor_role, accountId: row.account_id,
        targetType: row.target_type, targetId: row.target_id, ip: row.ip, userAgent: row.user_agent,
        data: row.data, prevHash: row.prev_hash,
      });
      if (expected !== row.hash) {
        return { ok: false, count, head: prev === GENESIS_HASH ? null : prev, firstBad: { seq, reason: 'content does not match its hash' } };
      }
      prev = row.hash;
      count += 1;
      after = seq;
    }
  }
  return { ok: true, count, head: count ? prev : null, firstBad: null };
}
