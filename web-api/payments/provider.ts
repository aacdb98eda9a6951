/**
 * How clients pay. Each provider starts a payment for an invoice's open amount and, where the
 * provider confirms payments itself, turns its signed webhook calls into events. Money is integer
 * minor units.
 */

export interface PaymentStart {
  invoiceId: string;
  /** The invoice number as shown, e.g. "INV-000042". */
  invoiceLabel: string;
  accountId: string;
  amountMinor: number;
  /** ISO 4217, upper case. */
  currency: string;
  customerEmail: string;
  /** Where the provider sends the client back. */
  successUrl: string;
  cancelUrl: string;
  /** The same key again returns the same session (a retried request creates no second one). */
  idempotencyKey: string;
}

export type PaymentStarted =
  /** The client pays on the provider's page; `providerRef` identifies the session. */
  | { kind: 'redirect'; url: string; providerRef: string }
  /** Nothing to do online (a bank transfer): the payment waits for staff to confirm. */
  | { kind: 'pending' };

/** A provider's event that matters to an invoice, after its signature was verified. */
export interface ProviderEvent {
  /** The provider's event id: an event handled once is never handled again. */
  id: string;
  type: string;
  /** The session or payment it is about, and the invoice (from metadata). */
  providerRef: string | null;
  invoiceId: string | null;
  /** Set when money arrived. */
  paidMinor: number | null;
  currency: string | null;
}

export class WebhookSignatureError extends Error {
  override name = 'WebhookSignatureError';
}

export interface PaymentProvider {
  readonly method: 'manual' | 'stripe';
  start(input: PaymentStart): Promise<PaymentStarted>;
  /**
   * Verifies a webhook call (raw body and signature header) and returns its event, or null for an
   * event type that does not concern payments. Throws WebhookSignatureError when the signature is
   * missing, wrong or too old (a replay).
   */
  parseWebhook?(rawBody: Buffer, signatureHeader: string | undefined): ProviderEvent | null;
}

/** Bank transfer: the client records the reference they used; staff confirm when the money arrives. */
export class ManualProvider implements PaymentProvider {
  readonly method = 'manual' as const;
  async start(): Promise<PaymentStarted> {
    return { kind: 'pending' };
  }
}
