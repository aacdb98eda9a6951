import { createHash, randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { canonicalJson } from './canonical-json.ts';
import { AUDIT_LOCK_KEY } from './audit-lock.ts';
import { loadAuditCheckpoints } from './audit-checkpoint.ts';

/** Hash that precedes the first event of the chain. */
export const GENESIS_HASH = '0'.repeat(64);


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

/** The stored form of an event as the hash covers it: `data` is the jsonb column's own text output. */
export interface StoredEvent extends Omit<Hashed, 'data' | 'occurredAt'> {
  /** The stored instant as UTC ISO text at the column's millisecond precision, formatted by the database. */
  occurredAt: string;
  /** `data::text`: jsonb sorts keys and normalises numbers (1.0 → 1, -0 → 0) on the way in. */
  dataText: string;
}

/**
 * Hash rule 2 (current): SHA-256 over the previous hash and the canonical JSON of the event **as stored**,
 * with `data` as the jsonb text PostgreSQL gives back. Whatever the database normalises (uuid case,
 * timestamp precision, jsonb key order and numbers) is hashed in its stored form, so no accepted input
 * can write a row that fails verification.
 */
export function hashAuditEvent(event: StoredEvent): string {
  const body = canonicalJson({
    form: 2,
    eventKey: event.eventKey,
    occurredAt: event.occurredAt,
    action: event.action,
    actorId: event.actorId,
    actorEmail: event.actorEmail,
    actorRole: event.actorRole,
    accountId: event.accountId,
    targetType: event.targetType,
    targetId: event.targetId,
    ip: event.ip,
    userAgent: event.userAgent,
    data: event.dataText,
    prevHash: event.prevHash,
  });
  return createHash('sha256').update(event.prevHash).update(body).digest('hex');
}

/**
 * Hash rule 1 (legacy): the same fields with `data` as parsed JSON and the values as the caller passed
 * them. Rows written before rule 2 still verify under it; they are counted as "legacy form", never rewritten.
 */
export function hashAuditEventLegacy(event: Hashed): string {
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

/** An input `recordAudit` refuses because it cannot be stored as given; nothing is written. */
export class AuditInputError extends Error {
  override name = 'AuditInputError';
}

/** NUL and lone surrogates: PostgreSQL refuses the first in text and jsonb, and the driver would turn the second into U+FFFD. */
const UNSTORABLE = /[\u0000\p{Cs}]/u;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Bounds that the driver and `toISOString()` both render as plain four-digit years. */
const EARLIEST = Date.UTC(1, 0, 1);
const LATEST = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

function checkText(field: string, value: string | null, max?: number): string | null {
  if (value === null) return null;
  if (typeof value !== 'string') throw new AuditInputError(`recordAudit: ${field} must be a string`);
  if (UNSTORABLE.test(value)) throw new AuditInputError(`recordAudit: ${field} holds a NUL or a lone surrogate, which cannot be stored`);
  // varchar(n) counts characters (code points), not UTF-16 units.
  if (max !== undefined && [...value].length > max) throw new AuditInputError(`recordAudit: ${field} is longer than ${max} characters`);
  return value;
}

function checkUuid(field: string, value: string | null): string | null {
  if (value === null) return null;
  if (typeof value !== 'string' || !UUID.test(value)) throw new AuditInputError(`recordAudit: ${field} is not a UUID`);
  return value;
}

/** Refuses secrets and anything JSON cannot carry unchanged (non-finite numbers, bigint, Map, cycles…). */
function checkData(value: unknown, path: string, seen: Set<object>): void {
  if (value === null || typeof value === 'boolean') return;
  if (typeof value === 'string') { checkText(path, value); return; }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new AuditInputError(`recordAudit: ${path} is not a finite number`);
    return;
  }
  if (typeof value !== 'object') throw new AuditInputError(`recordAudit: ${path} is a ${typeof value}, which JSON cannot carry`);
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new AuditInputError(`recordAudit: ${path} is an invalid date`);
    return;
  }
  if (seen.has(value)) throw new AuditInputError(`recordAudit: ${path} is circular`);
  seen.add(value);
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      if (v === undefined) throw new AuditInputError(`recordAudit: ${path}[${i}] is undefined`);
      checkData(v, `${path}[${i}]`, seen);
    });
  } else {
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) throw new AuditInputError(`recordAudit: ${path} is not a plain object`);
    for (const [k, v] of Object.entries(value)) {
      checkText(`${path} key`, k);
      if (SECRET_KEY.test(k)) throw new AuditInputError(`recordAudit: refusing secret-looking field ${path}.${k}`);
      if (v !== undefined) checkData(v, `${path}.${k}`, seen);
    }
  }
  seen.delete(value);
}

function userAgentOf(ua: string | null | undefined): string | null {
  if (!ua) return null;
  // Cut by code points so a surrogate pair is never split into an unstorable half.
  const chars = [...ua];
  return chars.length > 512 ? chars.slice(0, 512).join('') : ua;
}

/** An `audit_event` row as {@link AUDIT_STORED_COLUMNS} selects it. */
export interface StoredRow {
  seq: string;
  event_key: string;
  /** ISO text, see {@link ISO_OCCURRED_AT} */
  occurred_at: string;
  action: string;
  actor_id: string | null;
  actor_email: string | null;
  actor_role: string | null;
  account_id: string | null;
  target_type: string | null;
  target_id: string | null;
  ip: string | null;
  user_agent: string | null;
  /** `data::text` */
  data: string;
  prev_hash: string;
  hash: string;
}

/**
 * The instant as UTC ISO text, formatted by PostgreSQL: neither the session time zone (whose historical
 * offsets can carry seconds) nor the driver's date parsing can change what is hashed.
 */
const ISO_OCCURRED_AT = `to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** Every column in the form the hash covers; `data` as jsonb text. */
export const AUDIT_STORED_COLUMNS = `seq, event_key, ${ISO_OCCURRED_AT} as occurred_at, action, actor_id::text as actor_id, actor_email, actor_role,
  account_id::text as account_id, target_type, target_id, ip, user_agent, data::text as data, prev_hash, hash`;

export function storedEvent(row: StoredRow): StoredEvent {
  return {
    eventKey: row.event_key, occurredAt: row.occurred_at, action: row.action,
    actorId: row.actor_id, actorEmail: row.actor_email, actorRole: row.actor_role, accountId: row.account_id,
    targetType: row.target_type, targetId: row.target_id, ip: row.ip, userAgent: row.user_agent,
    dataText: row.data, prevHash: row.prev_hash,
  };
}

/**
 * Appends one event to the audit chain. Used by the API and by activities. Idempotent on
 * `eventKey`: a retried activity that records the same key gets the stored event back.
 * Runs in the caller's transaction when there is one, so the event commits with the change it describes.
 *
 * The hash covers the row as PostgreSQL stores it: the values the database normalises are first cast
 * by the database itself, and the inserted row is read back and re-hashed before the transaction can
 * commit. Inputs that cannot be stored unchanged are refused with an {@link AuditInputError}.
 */
export async function recordAudit(em: EntityManager, input: AuditInput): Promise<{ seq: number; hash: string; created: boolean }> {
  const data = input.data ?? {};
  checkData(data, 'data', new Set());
  const eventKey = checkText('eventKey', input.eventKey ?? `event:${randomUUID()}`, 300)!;
  const occurredAt = input.occurredAt ?? new Date();
  if (!(occurredAt instanceof Date) || Number.isNaN(occurredAt.getTime()) || occurredAt.getTime() < EARLIEST || occurredAt.getTime() > LATEST) {
    throw new AuditInputError('recordAudit: occurredAt must be a valid date between the years 1 and 9999');
  }
  const fields = {
    action: checkText('action', input.action, 80)!,
    actorId: checkUuid('actor.id', input.actor?.id ?? null),
    actorEmail: checkText('actor.email', input.actor?.email ?? null, 254),
    actorRole: checkText('actor.role', input.actor?.role ?? null, 40),
    accountId: checkUuid('accountId', input.accountId ?? null),
    targetType: checkText('target.type', input.target?.type ?? null, 60),
    targetId: checkText('target.id', input.target?.id ?? null, 120),
    ip: checkText('ip', input.ip ?? null, 64),
    userAgent: checkText('userAgent', userAgentOf(input.userAgent), 512),
  };
  if (!fields.action) throw new AuditInputError('recordAudit: action is required');
  const json = JSON.stringify(data);
  return em.transactional(async (tx) => {
    const conn = tx.getConnection();
    const ctx = tx.getTransactionContext();
    await conn.execute('select pg_advisory_xact_lock(?)', [AUDIT_LOCK_KEY], 'run', ctx);
    const existing = await conn.execute<{ seq: string; hash: string }[]>(
      'select seq, hash from audit_event where event_key = ?', [eventKey], 'all', ctx);
    if (existing[0]) return { seq: Number(existing[0].seq), hash: existing[0].hash, created: false };
    // The database's own casts give the stored forms: uuid lowercased, timestamp at the column's
    // millisecond precision, jsonb with its key order and numbers. The chain head comes in the same trip.
    const [canon] = await conn.execute<{ prev_hash: string | null; actor_id: string | null; account_id: string | null; occurred_at: string; data: string }[]>(
      `select (select hash from audit_event order by seq desc limit 1) as prev_hash, ?::uuid::text as actor_id,
         ?::uuid::text as account_id, ${ISO_OCCURRED_AT} as occurred_at, ?::jsonb::text as data
       from (select ?::timestamptz(3) as occurred_at) as t`,
      [fields.actorId, fields.accountId, json, occurredAt.toISOString()], 'all', ctx);
    const event: StoredEvent = {
      ...fields,
      eventKey,
      actorId: canon!.actor_id,
      accountId: canon!.account_id,
      occurredAt: canon!.occurred_at,
      dataText: canon!.data,
      prevHash: canon!.prev_hash ?? GENESIS_HASH,
    };
    const hash = hashAuditEvent(event);
    const [stored] = await conn.execute<StoredRow[]>(
      `insert into audit_event (event_key, occurred_at, action, actor_id, actor_email, actor_role, account_id,
         target_type, target_id, ip, user_agent, data, prev_hash, hash)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning ${AUDIT_STORED_COLUMNS}`,
      [event.eventKey, event.occurredAt, event.action, event.actorId, event.actorEmail, event.actorRole, event.accountId,
        event.targetType, event.targetId, event.ip, event.userAgent, event.dataText, event.prevHash, hash],
      'all', ctx);
    // Belt and braces: what was stored must hash to what was stored, or nothing commits. Not an
    // AuditInputError: the input was accepted, so a difference here is a defect in this function.
    if (hashAuditEvent(storedEvent(stored!)) !== hash) {
      throw new Error('recordAudit: the stored event differs from the one hashed; nothing was recorded');
    }
    return { seq: Number(stored!.seq), hash, created: true };
  });
}

/**
 * Rule 1 hashed ids as the caller passed them while the uuid columns store them lowercased, so a row
 * written with an uppercase id holds under rule 1 only with that id uppercased again. Such a row is
 * intact (uuids compare without case) and counts as legacy form.
 */
export function legacyHashHolds(event: Hashed, hash: string): boolean {
  if (hashAuditEventLegacy(event) === hash) return true;
  const up = (id: string | null): string | null => id?.toUpperCase() ?? null;
  const variants: Hashed[] = [];
  if (event.accountId) variants.push({ ...event, accountId: up(event.accountId) });
  if (event.actorId) variants.push({ ...event, actorId: up(event.actorId) });
  if (event.accountId && event.actorId) variants.push({ ...event, accountId: up(event.accountId), actorId: up(event.actorId) });
  return variants.some((v) => hashAuditEventLegacy(v) === hash);
}

/**
 * Whether one stored row's hash recomputes from its content: under the current rule, under the legacy
 * rule (left as written), or not at all (changed since). Its link to the row before is another matter:
 * compare its `prev_hash` with that row's `hash`.
 */
export function auditRowHashState(row: StoredRow): 'current' | 'legacy' | 'mismatch' {
  const event = storedEvent(row);
  if (hashAuditEvent(event) === row.hash) return 'current';
  const { dataText, occurredAt, ...rest } = event;
  let data: Record<string, unknown>;
  try { data = JSON.parse(dataText) as Record<string, unknown>; } catch { return 'mismatch'; }
  return legacyHashHolds({ ...rest, occurredAt: new Date(occurredAt), data }, row.hash) ? 'legacy' : 'mismatch';
}

/** One problem the verifier found. */
export interface ChainProblem {
  /** The event at which the problem shows. */
  seq: number;
  /**
   * `content`: the row does not hash to its stored hash (changed after it was written).
   * `link`: its previous hash is not the stored hash of the event before it (that event was rewritten whole).
   * `gap`: events before it are missing and the link does not hold across them (deleted rows).
   * `checkpoint`: a signed checkpoint at this event does not hold (bad signature, the event or
   * events before it missing or changed since: a deleted or rewritten tail).
   */
  kind: 'content' | 'link' | 'gap' | 'checkpoint';
  reason: string;
  /** For `gap`: the missing sequence numbers, inclusive. */
  missing?: { from: number; to: number };
}

export interface ChainVerification {
  /** True when no problem was found. */
  ok: boolean;
  /** Events read. */
  count: number;
  /** Hash of the last event: the chain head an outsider can pin. */
  head: string | null;
  /** The first problem, kept for older readers of this result. */
  firstBad: { seq: number; reason: string } | null;
  /** Every problem found, in chain order (at most `maxProblems`). */
  problems: ChainProblem[];
  /** True when more problems exist than were listed. */
  problemsTruncated: boolean;
  /** Valid rows written under hash rule 1, before stored forms were hashed; never rewritten. */
  legacy: { count: number; firstSeq: number | null; lastSeq: number | null };
  /**
   * Sequence numbers skipped while the links hold: appends whose transaction rolled back. Not a
   * problem (a deleted row breaks the next link), but reported so a reader can see them.
   */
  skippedSeqs: number;
  /** Signed checkpoints checked, and the newest one (what a deleted tail is measured against). */
  checkpoints: { count: number; last: { seq: number; count: number; createdAt: string } | null };
}

/**
 * Walks the whole chain in order and reports every event whose content or link does not hold and
 * every run of deleted events, not only the first. Rows whose hash follows the legacy rule are valid
 * and counted as such. Memory stays flat: one batch of rows and the problem list.
 */
export async function verifyAuditChain(em: EntityManager, opts: { batchSize?: number; maxProblems?: number } = {}): Promise<ChainVerification> {
  const batchSize = opts.batchSize ?? 1000;
  const maxProblems = opts.maxProblems ?? 10_000;
  const conn = em.getConnection();
  const problems: ChainProblem[] = [];
  let truncated = false;
  const report = (p: ChainProblem): void => {
    if (problems.length < maxProblems) problems.push(p);
    else truncated = true;
  };
  const legacy = { count: 0, firstSeq: null as number | null, lastSeq: null as number | null };
  let prevHash = GENESIS_HASH;
  let prevSeq = 0;
  let count = 0;
  let skippedSeqs = 0;
  const checkpoints = await loadAuditCheckpoints(em);
  // What the walk saw at each checkpointed seq: the stored hash and the events up to it.
  const atCheckpoint = new Map<number, { hash: string; count: number }>(checkpoints.map((c) => [c.seq, { hash: '', count: -1 }]));
  for (;;) {
    const rows = await conn.execute<StoredRow[]>(
      `select ${AUDIT_STORED_COLUMNS} from audit_event where seq > ? order by seq limit ?`, [prevSeq, batchSize]);
    if (rows.length === 0) break;
    for (const row of rows) {
      const seq = Number(row.seq);
      const jumped = seq > prevSeq + 1;
      if (row.prev_hash !== prevHash) {
        if (jumped) {
          report({ seq, kind: 'gap', reason: `events ${prevSeq + 1}–${seq - 1} are missing: previous hash does not match the event before them`, missing: { from: prevSeq + 1, to: seq - 1 } });
        } else {
          report({ seq, kind: 'link', reason: 'previous hash does not match the event before it' });
        }
      } else if (jumped) {
        skippedSeqs += seq - prevSeq - 1;
      }
      const event = storedEvent(row);
      if (hashAuditEvent(event) !== row.hash) {
        const { dataText, occurredAt, ...rest } = event;
        if (legacyHashHolds({ ...rest, occurredAt: new Date(occurredAt), data: JSON.parse(dataText) as Record<string, unknown> }, row.hash)) {
          legacy.count += 1;
          legacy.firstSeq ??= seq;
          legacy.lastSeq = seq;
        } else {
          report({ seq, kind: 'content', reason: 'content does not match its hash' });
        }
      }
      prevHash = row.hash;
      prevSeq = seq;
      count += 1;
      if (atCheckpoint.has(seq)) atCheckpoint.set(seq, { hash: row.hash, count });
    }
  }
  for (const c of checkpoints) {
    const seen = atCheckpoint.get(c.seq)!;
    const signed = `the checkpoint signed at ${c.createdAt} (${c.count} events, head at event ${c.seq})`;
    if (!c.signatureValid) report({ seq: c.seq, kind: 'checkpoint', reason: `${signed} has no valid signature` });
    else if (seen.count < 0) report({ seq: c.seq, kind: 'checkpoint', reason: `event ${c.seq} is missing, named by ${signed}: deleted` });
    else if (seen.hash !== c.headHash) report({ seq: c.seq, kind: 'checkpoint', reason: `event ${c.seq} is not the one ${signed} names: rewritten` });
    else if (seen.count !== c.count) report({ seq: c.seq, kind: 'checkpoint', reason: `${c.count - seen.count} events up to event ${c.seq} are missing since ${signed}` });
  }
  // Chain order, checkpoint findings beside the events they concern.
  problems.sort((a, b) => a.seq - b.seq);
  const lastCheckpoint = checkpoints.reduce<(typeof checkpoints)[number] | null>((m, c) => (!m || c.seq >= m.seq ? c : m), null);
  const first = problems[0];
  return {
    ok: problems.length === 0,
    count,
    head: count ? prevHash : null,
    firstBad: first ? { seq: first.seq, reason: first.reason } : null,
    problems,
    problemsTruncated: truncated,
    legacy,
    skippedSeqs,
    checkpoints: {
      count: checkpoints.length,
      last: lastCheckpoint ? { seq: lastCheckpoint.seq, count: lastCheckpoint.count, createdAt: lastCheckpoint.createdAt } : null,
    },
  };
}
