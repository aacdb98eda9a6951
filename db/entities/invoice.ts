import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { baseProperties } from './base.ts';
import { Account } from './account.ts';

/**
 * An invoice. Money is integer minor units (cents) in `currency`, never floats. A number is taken
 * only when the invoice is sent, from a counter in the same transaction: sequential, no gaps, no
 * duplicates. `dunning` is the dunning workflow's last recorded state (read model).
 */
export const Invoice = defineEntity({
  name: 'Invoice',
  // A billing schedule's entry makes one invoice per engagement, however often its activity runs.
  uniques: [{ properties: ['engagementId', 'scheduleKey'] }],
  properties: {
    ...baseProperties,
    account: () => p.manyToOne(Account).index(),
    engagementId: p.uuid().nullable().index(),
    /** The billing schedule entry it came from (template key), if any. */
    scheduleKey: p.string().length(60).nullable(),
    number: p.integer().nullable().unique(),
    /** draft, sent, partly_paid, paid, overdue, disputed, void. */
    status: p.string().length(20).default('draft'),
    currency: p.string().length(3),
    /** Tax rate in basis points (2000 = 20 %). */
    taxRateBp: p.integer().default(0),
    issueDate: p.string().length(10).nullable(),
    dueDate: p.string().length(10),
    notes: p.text().default(''),
    subtotalMinor: p.bigint('number').default(0),
    taxMinor: p.bigint('number').default(0),
    totalMinor: p.bigint('number').default(0),
    paidMinor: p.bigint('number').default(0),
    refundedMinor: p.bigint('number').default(0),
    /** The PDF as last rendered, and the one sent to the client (kept with its hash). */
    pdfFileId: p.uuid().nullable(),
    pdfSha256: p.string().length(64).nullable(),
    sentFileId: p.uuid().nullable(),
    sentSha256: p.string().length(64).nullable(),
    sentAt: p.datetime().nullable(),
    voidReason: p.string().length(1000).nullable(),
    /** The dunning policy it runs (from the template or staff), and the workflow's last recorded state. */
    dunningPolicy: p.json<Record<string, unknown>>().nullable(),
    dunning: p.json<Record<string, unknown>>().default('{}'),
    version: p.integer().default(0),
    workflowId: p.string().length(120).unique(),
    createdById: p.uuid(),
    updatedAt: p.datetime().onCreate(() => new Date()),
  },
});
export type Invoice = InferEntity<typeof Invoice>;

/** A line of an invoice; a late fee names the dunning step that added it, so it exists at most once. */
export const InvoiceLine = defineEntity({
  name: 'InvoiceLine',
  uniques: [{ properties: ['invoice', 'stepKey'] }],
  properties: {
    ...baseProperties,
    invoice: () => p.manyToOne(Invoice),
    position: p.integer(),
    description: p.string().length(500),
    /** Quantity in thousandths (1500 = 1.5). */
    quantityMilli: p.integer(),
    unitMinor: p.bigint('number'),
    amountMinor: p.bigint('number'),
    kind: p.string().length(20).default('item'),
    stepKey: p.string().length(60).nullable(),
    /** A waived fee stays on record at zero. */
    waivedReason: p.string().length(1000).nullable(),
  },
});
export type InvoiceLine = InferEntity<typeof InvoiceLine>;

/** The business's invoice counter (one row): the next number to give. */
export const InvoiceCounter = defineEntity({
  name: 'InvoiceCounter',
  properties: {
    id: p.integer().primary().autoincrement(false),
    nextNumber: p.integer(),
  },
});
export type InvoiceCounter = InferEntity<typeof InvoiceCounter>;

/**
 * A payment or a refund against an invoice. A provider's event id is unique: a replayed webhook
 * records nothing twice.
 */
export const Payment = defineEntity({
  name: 'Payment',
  properties: {
    ...baseProperties,
    invoice: () => p.manyToOne(Invoice).index(),
    accountId: p.uuid().index(),
    /** manual, stripe. */
    method: p.string().length(20),
    /** pending, confirmed, failed, cancelled. */
    status: p.string().length(20),
    /** payment or refund. */
    kind: p.string().length(10).default('payment'),
    amountMinor: p.bigint('number'),
    currency: p.string().length(3),
    /** What the client wrote on the transfer, or the provider's id. */
    reference: p.string().length(200).nullable(),
    providerRef: p.string().length(200).nullable().unique(),
    providerEventId: p.string().length(200).nullable().unique(),
    note: p.string().length(1000).nullable(),
    createdById: p.uuid().nullable(),
    confirmedById: p.uuid().nullable(),
    confirmedAt: p.datetime().nullable(),
  },
});
export type Payment = InferEntity<typeof Payment>;

/** The conversation of a disputed invoice between the client and the team. */
export const InvoiceDisputeMessage = defineEntity({
  name: 'InvoiceDisputeMessage',
  properties: {
    ...baseProperties,
    invoice: () => p.manyToOne(Invoice).index(),
    authorId: p.uuid(),
    body: p.text(),
  },
});
export type InvoiceDisputeMessage = InferEntity<typeof InvoiceDisputeMessage>;

/**
 * Webhook events, by the provider's event id: recorded in the transaction of their effect, so an
 * event is handled exactly when its effect committed. One that matches no payment is kept
 * (`unmatched`, with what it said) for the team instead of being consumed.
 */
export const PaymentEvent = defineEntity({
  name: 'PaymentEvent',
  properties: {
    eventId: p.string().length(200).primary(),
    provider: p.string().length(20),
    type: p.string().length(100),
    receivedAt: p.datetime().onCreate(() => new Date()),
    /** handled, unmatched or ignored (a type that needs nothing done). */
    status: p.string().length(20).default('handled'),
    providerRef: p.string().length(200).nullable(),
    paidMinor: p.bigint('number').nullable(),
    paymentId: p.uuid().nullable(),
  },
});
export type PaymentEvent = InferEntity<typeof PaymentEvent>;

/**
 * New work for an account paused by a dunning step whose escalation is `pause_work`: while a row
 * is not lifted, the team cannot start engagements or add deliverables or documents for the
 * account. One row per (invoice, step), so a retried step pauses once; lifted when the invoice is
 * paid in full or voided, or when the team waives it with a reason.
 */
export const WorkPause = defineEntity({
  name: 'WorkPause',
  uniques: [{ properties: ['invoice', 'stepKey'] }],
  properties: {
    ...baseProperties,
    invoice: () => p.manyToOne(Invoice),
    accountId: p.uuid().index(),
    stepKey: p.string().length(60),
    liftedAt: p.datetime().nullable(),
    /** paid, void or waived. */
    liftedBecause: p.string().length(20).nullable(),
    liftedById: p.uuid().nullable(),
    liftReason: p.string().length(1000).nullable(),
  },
});
export type WorkPause = InferEntity<typeof WorkPause>;
