import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * One link of the append-only, hash-chained audit trail. Rows are written only by `recordAudit()`
 * and a trigger refuses UPDATE and DELETE.
 */
const REFUSE = "raise exception 'audit_event is append-only (% refused)', tg_op using errcode = 'P0001';";

export const AuditEvent = defineEntity({
  name: 'AuditEvent',
  // The trail is append-only: the database itself refuses UPDATE and DELETE. (The TRUNCATE
  // trigger is plain SQL in the first migration: the schema diff cannot see statement triggers.)
  triggers: [
    { name: 'audit_event_no_update_delete', timing: 'before', events: ['update', 'delete'], forEach: 'row', body: REFUSE },
  ],
  properties: {
    seq: p.bigint('number').primary().autoincrement(),
    /** Business key that makes recording idempotent (a retried activity records once). */
    eventKey: p.string().length(300).unique(),
    occurredAt: p.datetime(3),
    action: p.string().length(80).index(),
    actorId: p.uuid().nullable(),
    actorEmail: p.string().length(254).nullable(),
    actorRole: p.string().length(40).nullable(),
    accountId: p.uuid().nullable().index(),
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
