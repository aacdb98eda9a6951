// The Stripe adapter against stripe-mock (Stripe's own API mock, behind a recording proxy) and
// webhooks signed with the stripe package's own test helper.
//
// What a mock can prove: that the request the adapter sends is one Stripe's API spec accepts
// (stripe-mock validates it and answers 400 otherwise), that it carries the right amount, currency,
// metadata and Idempotency-Key, and that the adapter reads the id and URL out of a real-shaped
// answer. What it cannot: stripe-mock keeps no state, so it neither replays a session for a
// repeated Idempotency-Key nor fills in amounts; that replay is Stripe's promise, and here we check
// the adapter holds up its side (the same key with the same parameters).
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebhookSignatureError, type PaymentStart } from '../../web-api/payments/provider.ts';
import { StripeProvider } from '../../web-api/payments/stripe.ts';
import { startStripeMock, type StripeMock } from '../support/stripe-mock.ts';

const WEBHOOK_SECRET = 'whsec_test_portico_0123456789abcdef';
let mock: StripeMock;
let provider: StripeProvider;

beforeAll(async () => {
  mock = await startStripeMock((m) => console.log(`[stripe-mock] ${m}`));
  provider = new StripeProvider({ secretKey: 'sk_test_portico', webhookSecret: WEBHOOK_SECRET, host: mock.host, port: mock.port, protocol: mock.protocol });
}, 10 * 60_000); // a first run on a clean machine builds stripe-mock with Go
afterAll(async () => mock?.stop());

const payment = (over: Partial<PaymentStart> = {}): PaymentStart => ({
  invoiceId: '0b7c3f9e-5a51-4c8e-9d7e-2f1a6b3c4d5e',
  invoiceLabel: 'INV-000042',
  accountId: '6f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0',
  amountMinor: 123_45,
  currency: 'EUR',
  customerEmail: 'ada@client.example',
  successUrl: 'https://portal.example/invoices/0b7c3f9e-5a51-4c8e-9d7e-2f1a6b3c4d5e?paid=1',
  cancelUrl: 'https://portal.example/invoices/0b7c3f9e-5a51-4c8e-9d7e-2f1a6b3c4d5e',
  idempotencyKey: `invoice:0b7c3f9e:12345:${crypto.randomUUID()}`,
  ...over,
});

describe('StripeProvider.start: a Checkout Session for the open amount', () => {
  it('creates a payment-mode session with one line item, the metadata and the URLs, and returns its page', async () => {
    const input = payment();
    const before = mock.requests.length;
    const started = await provider.start(input);

    expect(mock.requests).toHaveLength(before + 1);
    const sent = mock.requests.at(-1)!;
    expect(sent.method).toBe('POST');
    expect(sent.path).toBe('/v1/checkout/sessions');
    // stripe-mock validated the parameters against Stripe's spec: a wrong name or shape is a 400.
    expect(sent.status).toBe(200);
    expect(sent.headers.authorization).toBe('Bearer sk_test_portico');
    expect(sent.headers['idempotency-key']).toBe(input.idempotencyKey);
    expect(sent.form).toEqual({
      mode: 'payment',
      'line_items[0][quantity]': '1',
      'line_items[0][price_data][currency]': 'eur',
      'line_items[0][price_data][unit_amount]': '12345',
      'line_items[0][price_data][product_data][name]': 'Invoice INV-000042',
      customer_email: input.customerEmail,
      client_reference_id: input.invoiceId,
      'metadata[invoiceId]': input.invoiceId,
      'metadata[accountId]': input.accountId,
      success_url: input.successUrl,
      cancel_url: input.cancelUrl,
    });

    // The answer is a Checkout Session as Stripe shapes it; what stripe-mock echoes back matches.
    const session = sent.response as { id: string; object: string; url: string; mode: string; customer_email: string; client_reference_id: string; success_url: string; cancel_url: string };
    expect(session).toMatchObject({
      object: 'checkout.session', mode: 'payment', customer_email: input.customerEmail, client_reference_id: input.invoiceId,
      success_url: input.successUrl, cancel_url: input.cancelUrl,
    });
    expect(started).toEqual({ kind: 'redirect', url: session.url, providerRef: session.id });
    expect(started.kind === 'redirect' && started.url).toMatch(/^https:\/\/checkout\.stripe\.com\//);
    expect(session.id).toMatch(/^cs_/);
  });

  it('sends the same Idempotency-Key with the same parameters when a payment is started twice', async () => {
    const input = payment();
    const before = mock.requests.length;
    await provider.start(input);
    await provider.start(input);
    await provider.start(payment({ amountMinor: 500 }));

    const [first, second, other] = mock.requests.slice(before);
    expect(first!.headers['idempotency-key']).toBe(input.idempotencyKey);
    expect(second!.headers['idempotency-key']).toBe(input.idempotencyKey);
    // Stripe answers a repeated key with the first session only when the parameters are the same.
    expect(second!.body).toBe(first!.body);
    // Another payment gets its own key, so it is never mistaken for a retry.
    expect(other!.headers['idempotency-key']).not.toBe(input.idempotencyKey);
    expect(other!.form['line_items[0][price_data][unit_amount]']).toBe('500');
  });

  it('refuses an amount that is not a positive whole number of minor units without calling Stripe', async () => {
    const before = mock.requests.length;
    await expect(provider.start(payment({ amountMinor: 0 }))).rejects.toThrow(/positive whole amount/);
    await expect(provider.start(payment({ amountMinor: 12.5 }))).rejects.toThrow(/positive whole amount/);
    expect(mock.requests).toHaveLength(before);
  });
});

describe('StripeProvider.parseWebhook: signed events in, invoice events out', () => {
  let fixture: Record<string, unknown>;
  beforeAll(async () => {
    // A Checkout Session in the shape Stripe's spec gives it, from stripe-mock.
    await provider.start(payment());
    fixture = mock.requests.at(-1)!.response as Record<string, unknown>;
  });

  const sessionEvent = (type: string, session: Record<string, unknown>) => JSON.stringify({
    id: `evt_${crypto.randomUUID().replaceAll('-', '')}`, object: 'event', api_version: '2026-10-28.endive', created: Math.floor(Date.now() / 1000),
    livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null }, type, data: { object: { ...fixture, ...session } },
  });
  const paidSession = { id: 'cs_test_paid42', amount_total: 12345, currency: 'eur', payment_status: 'paid', status: 'complete', client_reference_id: 'inv-1', metadata: { invoiceId: 'inv-1', accountId: 'acc-1' } };
  const sign = (payload: string, over: { secret?: string; timestamp?: number } = {}) =>
    Stripe.webhooks.generateTestHeaderString({ payload, secret: over.secret ?? WEBHOOK_SECRET, ...(over.timestamp !== undefined ? { timestamp: over.timestamp } : {}) });
  const parse = (payload: string, header: string | undefined) => provider.parseWebhook(Buffer.from(payload), header);

  it('maps a paid checkout.session.completed to the money that arrived for the invoice', () => {
    const payload = sessionEvent('checkout.session.completed', paidSession);
    expect(parse(payload, sign(payload))).toEqual({
      id: (JSON.parse(payload) as { id: string }).id, type: 'checkout.session.completed',
      providerRef: 'cs_test_paid42', invoiceId: 'inv-1', paidMinor: 12345, currency: 'EUR',
    });
  });

  it('maps checkout.session.async_payment_succeeded (a delayed method that has now paid)', () => {
    const payload = sessionEvent('checkout.session.async_payment_succeeded', { ...paidSession, amount_total: 9900, currency: 'chf' });
    expect(parse(payload, sign(payload))).toMatchObject({ type: 'checkout.session.async_payment_succeeded', providerRef: 'cs_test_paid42', invoiceId: 'inv-1', paidMinor: 9900, currency: 'CHF' });
  });

  it('reports no money for a session that completed unpaid (the delayed payment follows later)', () => {
    const payload = sessionEvent('checkout.session.completed', { ...paidSession, payment_status: 'unpaid' });
    expect(parse(payload, sign(payload))).toMatchObject({ providerRef: 'cs_test_paid42', invoiceId: 'inv-1', paidMinor: null, currency: 'EUR' });
  });

  it('takes the invoice from client_reference_id when the metadata lacks it', () => {
    const payload = sessionEvent('checkout.session.completed', { ...paidSession, metadata: {}, client_reference_id: 'inv-2' });
    expect(parse(payload, sign(payload))?.invoiceId).toBe('inv-2');
  });

  it('gives null for event types that do not concern an invoice payment', () => {
    for (const type of ['checkout.session.expired', 'checkout.session.async_payment_failed']) {
      const payload = sessionEvent(type, paidSession);
      expect(parse(payload, sign(payload))).toBeNull();
    }
    const other = JSON.stringify({ id: 'evt_other', object: 'event', type: 'customer.created', data: { object: { id: 'cus_1', object: 'customer' } } });
    expect(parse(other, sign(other))).toBeNull();
  });

  it('accepts a call signed up to five minutes ago (Stripe retries deliveries)', () => {
    const payload = sessionEvent('checkout.session.completed', paidSession);
    expect(parse(payload, sign(payload, { timestamp: Math.floor(Date.now() / 1000) - 240 }))?.paidMinor).toBe(12345);
  });

  describe('refuses with WebhookSignatureError', () => {
    const refused = (payload: string, header: string | undefined) => {
      let error: unknown;
      try {
        parse(payload, header);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(WebhookSignatureError);
      return (error as Error).message;
    };

    it('a signature made with another secret (forged)', () => {
      const payload = sessionEvent('checkout.session.completed', paidSession);
      refused(payload, sign(payload, { secret: 'whsec_someone_else' }));
    });

    it('a payload changed after it was signed', () => {
      const payload = sessionEvent('checkout.session.completed', paidSession);
      const header = sign(payload);
      refused(payload.replace('"amount_total":12345', '"amount_total":1'), header);
      expect(payload).toContain('"amount_total":12345'); // the tampering above did change something
    });

    it('a missing or malformed Stripe-Signature header', () => {
      const payload = sessionEvent('checkout.session.completed', paidSession);
      expect(refused(payload, undefined)).toMatch(/missing/);
      refused(payload, '');
      refused(payload, 'not-a-signature');
    });

    it('a correctly signed call replayed after more than five minutes', () => {
      const payload = sessionEvent('checkout.session.completed', paidSession);
      expect(refused(payload, sign(payload, { timestamp: Math.floor(Date.now() / 1000) - 301 }))).toMatch(/tolerance/);
    });
  });
});
