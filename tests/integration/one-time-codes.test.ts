/**
 * The signing ceremony's emailed one-time codes under concurrency: attempts are counted by the
 * statement that checks the limit, and concurrent code requests leave one valid code, the one in
 * the one email sent.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, startTestApp, type TestApp } from '../support/app.ts';
import { makeAccount } from '../support/fixtures.ts';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app?.close());

const sql = <T>(query: string, params: unknown[] = []) => app.deps.orm.em.getConnection().execute<T[]>(query, params);

/** A document collecting signatures and its signer's emailed link, written straight to the read model. */
async function signingLink(): Promise<{ token: string; linkId: string }> {
  const account = await makeAccount(app.deps.orm.em.fork());
  const [documentId, signerId, linkId] = [randomUUID(), randomUUID(), randomUUID()];
  await sql(`insert into signature_document (id, created_at, account_id, engagement_id, title, status, original_file_id, original_sha256, page_count, workflow_id, created_by_id, updated_at)
             values (?, now(), ?, ?, 'Engagement letter', 'collecting', ?, ?, 1, ?, ?, now())`,
  [documentId, account.id, randomUUID(), randomUUID(), randomBytes(32).toString('hex'), `signature-${documentId}`, randomUUID()]);
  await sql(`insert into document_signer (id, created_at, document_id, key, position, name, email, role_label, status)
             values (?, now(), ?, 'client', 1, 'Client Signer', ?, 'Client', 'current')`, [signerId, documentId, `signer-${randomUUID()}@example.test`]);
  const token = randomBytes(32).toString('base64url');
  await sql(`insert into signing_link (id, created_at, signer_id, token_hash, expires_at) values (?, now(), ?, ?, now() + interval '1 day')`,
    [linkId, signerId, createHash('sha256').update(token).digest('hex')]);
  return { token, linkId };
}

/** The codes emailed for a link, oldest first (read from the body, whatever the subject says). */
const codesSent = async (linkId: string) => (await sql<{ text_body: string }>(
  'select text_body from outbox_email where idempotency_key like ? order by created_at, idempotency_key', [`signing-code:${linkId}:%`]))
  .map((m) => /\b(\d{6})\b/.exec(m.text_body)![1]!);

const browser = async () => {
  const c = new ApiClient(app.url);
  await c.session();
  return c;
};

describe('one-time codes', () => {
  it('counts 20 parallel wrong guesses against the limit of 5, and then refuses the right code', async () => {
    const { token, linkId } = await signingLink();
    const c = await browser();
    expect((await c.post(`/api/sign/${token}/code`)).status).toBe(200);
    const [code] = await codesSent(linkId);
    const wrong = code === '000000' ? '111111' : '000000';
    const guesses = await Promise.all(Array.from({ length: 20 }, () => c.post(`/api/sign/${token}/verify`, { code: wrong })));
    const statuses = guesses.map((g) => g.status).sort();
    expect(statuses.filter((s) => s === 400)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(15);
    expect(guesses.filter((g) => g.status === 429).every((g) => Number(g.headers.get('retry-after')) > 0)).toBe(true);
    expect((await sql<{ code_attempts: number }>('select code_attempts from signing_link where id = ?', [linkId]))[0]!.code_attempts).toBe(5);
    const right = await c.post(`/api/sign/${token}/verify`, { code: code! });
    expect(right.status).toBe(429);
    expect(right.body.error.code).toBe('too_many_attempts');
  });

  it('lets the right code through within the limit, once', async () => {
    const { token, linkId } = await signingLink();
    const c = await browser();
    expect((await c.post(`/api/sign/${token}/code`)).status).toBe(200);
    const [code] = await codesSent(linkId);
    const answers = await Promise.all([c.post(`/api/sign/${token}/verify`, { code: code! }), (await browser()).post(`/api/sign/${token}/verify`, { code: code! })]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 404]);
  });

  it('makes one code and one email for concurrent code requests, and that code is the valid one', async () => {
    const { token, linkId } = await signingLink();
    const clients = await Promise.all(Array.from({ length: 6 }, browser));
    const answers = await Promise.all(clients.map((c) => c.post(`/api/sign/${token}/code`)));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    const refused = answers.filter((a) => a.status !== 200);
    expect(refused.map((a) => a.status)).toEqual(Array(5).fill(429));
    expect(refused.every((a) => Number(a.headers.get('retry-after')) > 0)).toBe(true);
    const codes = await codesSent(linkId);
    expect(codes).toHaveLength(1);
    const ok = await clients[0]!.post(`/api/sign/${token}/verify`, { code: codes[0]! });
    expect(ok.status).toBe(200);
  });

  it('after the interval, a new code replaces the old one: only the latest email works', async () => {
    const { token, linkId } = await signingLink();
    const c = await browser();
    expect((await c.post(`/api/sign/${token}/code`)).status).toBe(200);
    // As if the first code had been sent a minute ago.
    await sql(`update signing_link set code_expires_at = code_expires_at - interval '1 minute' where id = ?`, [linkId]);
    expect((await c.post(`/api/sign/${token}/code`)).status).toBe(200);
    const [first, second] = await codesSent(linkId);
    expect(second).toBeDefined();
    if (first !== second) expect((await c.post(`/api/sign/${token}/verify`, { code: first! })).status).toBe(400);
    expect((await c.post(`/api/sign/${token}/verify`, { code: second! })).status).toBe(200);
  });
});
