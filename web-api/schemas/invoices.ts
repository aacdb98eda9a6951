import { z } from 'zod';
import { DunningPolicyInput, Escalation, LateFee } from '../services/invoices.ts';

/** Answer schemas shared by the invoice routes (what `invoiceView` and the invoice detail send). Money is integer minor units. */
export const InvoiceStatus = z.enum(['draft', 'sent', 'partly_paid', 'paid', 'overdue', 'disputed', 'void']).meta({ id: 'InvoiceStatus' });

export const InvoiceLine = z.strictObject({
  id: z.string(), position: z.number().int(), description: z.string(), quantityMilli: z.number().int(), unitMinor: z.number().int(), amountMinor: z.number().int(),
  kind: z.enum(['item', 'late_fee']), stepKey: z.string().nullable().describe('The dunning step that added a late fee'), waivedReason: z.string().nullable(),
}).meta({ id: 'InvoiceLine' });

/** A step of an invoice's dunning schedule as it runs: when it falls (an instant) and what became of it. */
export const DunningStep = z.strictObject({
  key: z.string(), offsetDays: z.number().int(), at: z.string(), status: z.enum(['pending', 'done', 'skipped']), reason: z.string().nullable(),
  lateFee: LateFee.nullable(), feeWaived: z.boolean(), escalation: Escalation.nullable(),
}).meta({ id: 'DunningStep' });

export const Payment = z.strictObject({
  id: z.string(), method: z.enum(['manual', 'stripe']), status: z.enum(['pending', 'confirmed', 'failed', 'cancelled']), kind: z.enum(['payment', 'refund']),
  amountMinor: z.number().int(), reference: z.string().nullable(), note: z.string().nullable(), createdAt: z.string(), confirmedAt: z.string().nullable(),
}).meta({ id: 'Payment' });

export const DisputeMessage = z.strictObject({ author: z.string(), fromTeam: z.boolean(), body: z.string(), at: z.string() }).meta({ id: 'DisputeMessage' });

export const InvoiceView = z.strictObject({
  id: z.string(), accountId: z.string(), accountName: z.string(), engagementId: z.string().nullable(), number: z.number().int().nullable(),
  label: z.string(), status: InvoiceStatus, currency: z.string(), taxRateBp: z.number().int(), issueDate: z.string().nullable(), dueDate: z.string(), notes: z.string(),
  subtotalMinor: z.number().int(), taxMinor: z.number().int(), feesMinor: z.number().int(), totalMinor: z.number().int(), paidMinor: z.number().int(),
  refundedMinor: z.number().int(), balanceMinor: z.number().int(), sentAt: z.string().nullable(), sentSha256: z.string().nullable(), pdfSha256: z.string().nullable(),
  voidReason: z.string().nullable(),
  lines: z.array(InvoiceLine),
  dunning: z.strictObject({
    policy: DunningPolicyInput.nullable(),
    paused: z.boolean(),
    steps: z.array(DunningStep),
    repeatsSent: z.number().int(),
  }),
}).meta({ id: 'Invoice' });

/** An invoice with its payments, work pauses, dispute messages and what the caller may do. */
export const InvoiceDetail = z.strictObject({
  invoice: InvoiceView,
  payments: z.array(Payment),
  workPauses: z.array(z.strictObject({ stepKey: z.string(), since: z.string(), liftedAt: z.string().nullable(), liftedBecause: z.string().nullable(), reason: z.string().nullable() })),
  dispute: z.array(DisputeMessage),
  permissions: z.strictObject({
    edit: z.boolean(), send: z.boolean(), void: z.boolean(), pay: z.boolean(), payOnline: z.boolean(), dispute: z.boolean(), resolveDispute: z.boolean(),
    confirmPayments: z.boolean(), refund: z.boolean(), changeSchedule: z.boolean(), waiveWorkPause: z.boolean(),
  }).meta({ id: 'InvoicePermissions' }),
}).meta({ id: 'InvoiceDetail' });

export const InvoiceList = z.strictObject({
  invoices: z.array(InvoiceView.pick({
    id: true, label: true, status: true, currency: true, issueDate: true, dueDate: true, totalMinor: true, paidMinor: true, balanceMinor: true, engagementId: true,
  }).meta({ id: 'InvoiceSummary' })),
  openBalance: z.array(z.strictObject({ currency: z.string(), minor: z.number().int() })),
}).meta({ id: 'InvoiceList' });

/** A manual payment answers the invoice with the new payment's id; an online one, the provider's page to go to. */
export const PaymentStarted = z.union([
  InvoiceDetail.extend({ paymentId: z.string() }),
  z.strictObject({ redirectUrl: z.string() }),
]);
