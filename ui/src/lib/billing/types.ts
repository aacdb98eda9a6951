/** The invoice API's answers. Money is integer minor units (cents) throughout. */

export type InvoiceStatus = 'draft' | 'sent' | 'partly_paid' | 'paid' | 'overdue' | 'disputed' | 'void';
export type Escalation = 'notify_manager' | 'pause_work' | 'hand_to_person';
export type LateFee = { type: 'fixed'; amountMinor: number } | { type: 'percent'; basisPoints: number };

export interface DunningStepSpec {
  key: string;
  /** Days from the due date: -3 is three days before it. */
  offsetDays: number;
  lateFee: LateFee | null;
  escalation: Escalation | null;
}

export interface DunningPolicy {
  steps: DunningStepSpec[];
  repeatEveryDays: number | null;
  finalAction: Escalation | null;
}

export interface InvoiceSummary {
  id: string;
  label: string;
  status: InvoiceStatus;
  currency: string;
  issueDate: string | null;
  dueDate: string;
  totalMinor: number;
  paidMinor: number;
  balanceMinor: number;
  engagementId: string | null;
}

export interface InvoiceList {
  invoices: InvoiceSummary[];
  openBalance: { currency: string; minor: number }[];
}

export interface InvoiceLine {
  id: string;
  position: number;
  description: string;
  quantityMilli: number;
  unitMinor: number;
  amountMinor: number;
  kind: 'item' | 'late_fee';
  stepKey: string | null;
  waivedReason: string | null;
}

export interface DunningStep extends DunningStepSpec {
  /** When the step falls (an instant). */
  at: string;
  status: 'pending' | 'done' | 'skipped';
  reason: string | null;
  feeWaived: boolean;
}

export interface Invoice {
  id: string;
  accountId: string;
  accountName: string;
  engagementId: string | null;
  number: number | null;
  label: string;
  status: InvoiceStatus;
  currency: string;
  taxRateBp: number;
  issueDate: string | null;
  dueDate: string;
  notes: string;
  subtotalMinor: number;
  taxMinor: number;
  feesMinor: number;
  totalMinor: number;
  paidMinor: number;
  refundedMinor: number;
  balanceMinor: number;
  sentAt: string | null;
  sentSha256: string | null;
  pdfSha256: string | null;
  voidReason: string | null;
  lines: InvoiceLine[];
  dunning: { policy: DunningPolicy | null; paused: boolean; steps: DunningStep[]; repeatsSent: number };
}

export interface Payment {
  id: string;
  method: 'manual' | 'stripe';
  status: 'pending' | 'confirmed';
  kind: 'payment' | 'refund';
  amountMinor: number;
  reference: string | null;
  note: string | null;
  createdAt: string;
  confirmedAt: string | null;
}

export interface DisputeMessage {
  author: string;
  fromTeam: boolean;
  body: string;
  at: string;
}

export interface InvoicePermissions {
  edit: boolean;
  send: boolean;
  void: boolean;
  pay: boolean;
  payOnline: boolean;
  dispute: boolean;
  resolveDispute: boolean;
  confirmPayments: boolean;
  refund: boolean;
  changeSchedule: boolean;
}

export interface InvoiceDetail {
  invoice: Invoice;
  payments: Payment[];
  dispute: DisputeMessage[];
  permissions: InvoicePermissions;
}

/** What the create and change routes take. */
export interface InvoiceInput {
  engagementId: string | null;
  currency: string;
  taxRateBp: number;
  dueDate: string;
  notes: string;
  lines: { description: string; quantityMilli: number; unitMinor: number }[];
  dunning: DunningPolicy | null;
}
