import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { baseProperties } from './base.ts';

export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'failed'] as const;

/**
 * An email waiting to go out. Writers insert with a business idempotency key, so a retried
 * activity or request queues the message once; the dispatcher claims rows and sends them.
 */
export const OutboxEmail = defineEntity({
  name: 'OutboxEmail',
  properties: {
    ...baseProperties,
    idempotencyKey: p.string().length(300).unique(),
    toAddress: p.string().length(254),
    subject: p.string().length(300),
    textBody: p.text(),
    htmlBody: p.text(),
    /** Which kind of mail, for the admin view (invitation, password-reset, …). */
    kind: p.string().length(60),
    status: p.enum(OUTBOX_STATUSES).default('pending'),
    attempts: p.integer().default(0),
    lastError: p.text().nullable(),
    nextAttemptAt: p.datetime().onCreate(() => new Date()),
    sentAt: p.datetime().nullable(),
    /**
     * The secrets the bodies carry (link tokens, one-time codes), so every display can redact them
     * and the dispatcher can purge them from the stored copy once sent. Null once purged.
     */
    secrets: p.json<string[]>().nullable(),
    /** When the secrets stop working: past this, they are purged even from unsent mail. */
    secretsExpireAt: p.datetime().nullable(),
  },
  indexes: [{ properties: ['status', 'nextAttemptAt'] }, { properties: ['secretsExpireAt'] }],
});
export type OutboxEmail = InferEntity<typeof OutboxEmail>;
