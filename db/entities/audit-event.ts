import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * One link of the append-only, hash-chained audit trail. Rows are written only by `recordAudit()`
 * and a trigger refuses UPDATE and DELETE.
 */
export const AuditEvent = defineEntity({
  name: 'AuditEvent',
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
