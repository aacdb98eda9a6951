import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * One link of the append-only, hash-chained audit trail. Rows are written only by `recordAudit()`
 * and a trigger refuses UPDATE and DELETE.
 */
const REFUSE = "raise exception 'audit_event is append-only (% refused)', tg_op using errcode = 'P0001';";

/**
 * The text the console's free-text search looks in: the action, the actor's email, the target id and
 * the data as stored (jsonb text). Queries must use this exact expression so the trigram index serves them.
 */
export const AUDIT_SEARCH_TEXT = `(action || ' ' || coalesce(actor_email, '') || ' ' || coalesce(target_id, '') || ' ' || data::text)`;

export const AuditEvent = defineEntity({
  name: 'AuditEvent',
  // The trail is append-only: the database itself refuses UPDATE and DELETE. (The TRUNCATE
  // trigger is plain SQL in the first migration: the schema diff cannot see statement triggers.)
  triggers: [
    { name: 'audit_event_no_update_delete', timing: 'before', events: ['update', 'delete'], forEach: 'row', body: REFUSE },
  ],
  // The console's filters, each newest-first by `seq` (keyset pagination): per account, per target
  // (an engagement's items), per actor (id or email), per action (and action prefix, in the C collation
  // so a prefix is an index range whatever the database's collation), by time, and by text (pg_trgm).
  indexes: [
    { name: 'audit_event_account_id_seq_index', properties: ['accountId', 'seq'] },
    { name: 'audit_event_target_seq_index', properties: ['targetType', 'targetId', 'seq'] },
    { name: 'audit_event_actor_id_seq_index', properties: ['actorId', 'seq'] },
    { name: 'audit_event_actor_email_seq_index', expression: 'create index "audit_event_actor_email_seq_index" on "audit_event" (lower(actor_email), seq)' },
    { name: 'audit_event_action_seq_index', expression: 'create index "audit_event_action_seq_index" on "audit_event" ((action collate "C"), seq)' },
    { name: 'audit_event_occurred_at_index', properties: ['occurredAt'] },
    { name: 'audit_event_search_trgm_index', expression: `create index "audit_event_search_trgm_index" on "audit_event" using gin (${AUDIT_SEARCH_TEXT} gin_trgm_ops)` },
  ],
  properties: {
    seq: p.bigint('number').primary().autoincrement(),
    /** Business key that makes recording idempotent (a retried activity records once). */
    eventKey: p.string().length(300).unique(),
    occurredAt: p.datetime(3),
    action: p.string().length(80),
    actorId: p.uuid().nullable(),
    actorEmail: p.string().length(254).nullable(),
    actorRole: p.string().length(40).nullable(),
    accountId: p.uuid().nullable(),
    targetType: p.string().length(60).nullable(),
    targetId: p.string().length(120).nullable(),
    ip: p.string().length(64).nullable(),
    userAgent: p.string().length(512).nullable(),
    data: p.json<Record<string, unknown>>(),
    prevHash: p.string().length(64),
    hash: p.string().length(64).unique(),
  },
});
export type AuditEvent = InferEntity<typeof AuditEvent>;
