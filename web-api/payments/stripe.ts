/**
 * Card (and other online) payments through Stripe Checkout: the client pays on Stripe's hosted
 * page, and Stripe's signed webhook tells us the money arrived.
 */
import Stripe from 'stripe';
import { WebhookSignatureError, type PaymentProvider, type PaymentStart, type PaymentStarted, type ProviderEvent } from './provider.ts';

export interface StripeProviderOptions {
  /** The account's secret API key (`sk_live_…`, or `sk_test_…` for Stripe's test mode). */
  secretKey: string;
  /** The signing secret of the webhook endpoint (`whsec_…`), shown where the endpoint is set up. */
  webhookSecret: string;
  /** Only for tests against a local mock of Stripe's API; production always talks to api.stripe.com. */
  host?: string;
  port?: number;
  protocol?: 'http' | 'https';
}

export class StripeProvider implements PaymentProvider {
  readonly method = 'stripe' as const;
  readonly #client: Stripe;
  readonly #webhookSecret: string;

  constructor(options: StripeProviderOptions) {
    if (!options.secretKey) throw new Error('StripeProvider needs a secret key');
    if (!options.webhookSecret) throw new Error('StripeProvider needs a webhook signing secret');
    this.#webhookSecret = options.webhookSecret;
    this.#client = new Stripe(options.secretKey, {
      // Retrying is safe: every create carries an idempotency key, so a retry returns the first
      // session instead of opening a second one.
      maxNetworkRetries: 2,
      // The client waits on this call for its redirect; better a clear error than a hung request.
      timeout: 30_000,
      ...(options.host !== undefined ? { host: options.host } : {}),
      ...(options.port !== undefined ? { port: options.port } : {}),
      ...(options.protocol !== undefined ? { protocol: options.protocol } : {}),
    });
  }

  /**
   * Opens a Checkout Session for the amount in `input`. The invoice and account ids travel in the
   * session's metadata (and the invoice id as `client_reference_id`), so the webhook can name the
   * invoice even for a session this database has not stored yet.
   */
  async start(input: PaymentStart): Promise<PaymentStarted> {
    if (!Number.isSafeInteger(input.amountMinor) || input.amountMinor <= 0) {
      throw new Error(`A payment needs a positive whole amount in minor units, not ${input.amountMinor}`);
    }
    const session = await this.#client.checkout.sessions.create(
      {
        mode: 'payment',
        line_items: [{
          quantity: 1,
          price_data: {
            currency: input.currency.toLowerCase(),
            unit_amount: input.amountMinor,
            product_data: { name: `Invoice ${input.invoiceLabel}` },
          },
        }],
        customer_email: input.customerEmail,
        client_reference_id: input.invoiceId,
        metadata: { invoiceId: input.invoiceId, accountId: input.accountId },
        success_url: input.successUrl,
        cancel_url: input.cancelUrl,
      },
      { idempotencyKey: input.idempotencyKey },
    );
    // Only embedded or custom UI modes leave `url` empty; a hosted session always has one.
    if (!session.url) throw new Error(`Stripe returned checkout session ${session.id} without a payment page URL`);
    return { kind: 'redirect', url: session.url, providerRef: session.id };
  }

  /**
   * Verifies the `Stripe-Signature` header against the raw body (an HMAC with the endpoint's
   * secret, its timestamp at most 300 s old so a captured call cannot be replayed later) and maps
   * a finished Checkout Session to a ProviderEvent; other event types give null. `completed`
   * carries money only when the payment was instant (`payment_status: 'paid'`): delayed methods
   * such as SEPA debit complete unpaid (`paidMinor: null`) and follow with
   * `async_payment_succeeded` once the money is there.
   */
  parseWebhook(rawBody: Buffer, signatureHeader: string | undefined): ProviderEvent | null {
    if (!signatureHeader) throw new WebhookSignatureError('The Stripe-Signature header is missing');
    let event: Stripe.Event;
    try {
      event = this.#client.webhooks.constructEvent(rawBody, signatureHeader, this.#webhookSecret);
    } catch (err) {
      if (err instanceof Stripe.errors.StripeSignatureVerificationError) {
        throw new WebhookSignatureError(err.message, { cause: err });
      }
      throw err;
    }
    switch (event.type) {
      case 'checkout.session.completed':
      case 'checkout.session.async_payment_succeeded':
        break;
      default:
        return null;
    }
    const session = event.data.object;
    const paid = event.type === 'checkout.session.async_payment_succeeded' || session.payment_status === 'paid';
    return {
      id: event.id,
      type: event.type,
      providerRef: session.id,
      invoiceId: session.metadata?.invoiceId ?? session.client_reference_id ?? null,
      paidMinor: paid ? session.amount_total ?? null : null,
      currency: session.currency ? session.currency.toUpperCase() : null,
    };
  }
}
