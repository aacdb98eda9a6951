/**
 * The signing flow as a signer without a portal account walks it: a document sent for signature, the
 * emailed link, a one-time code by email, the signature. Mail is read from the outbox's stored copy
 * (what the SMTP server would deliver) while it is still waiting to be sent.
 */
import { expect } from 'vitest';
import { PDFDocument } from 'pdf-lib';
import { ApiClient, type TestApp } from './app.ts';

export async function onePagePdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage([612, 792]);
  return Buffer.from(await doc.save());
}

/** Uploads a one-page PDF, names one signer who signs by emailed link, and sends it. */
export async function sendToLinkSigner(staff: ApiClient, engagementId: string, signer: { name: string; email: string }, title = 'Link-signed order'): Promise<string> {
  const up = await staff.post(`/api/engagements/${engagementId}/documents?title=${encodeURIComponent(title)}`, undefined, { raw: await onePagePdf(), headers: { 'content-type': 'application/pdf' } });
  expect(up.status, JSON.stringify(up.body)).toBe(201);
  const id = up.body.document.id as string;
  const setup = await staff.put(`/api/documents/${id}/setup`, {
    signers: [{ key: 'signer', name: signer.name, email: signer.email, roleLabel: 'Client' }],
    fields: [{ type: 'signature', signerKey: 'signer', page: 1, x: 0.1, y: 0.8, w: 0.3, h: 0.05 }],
  });
  expect(setup.status, JSON.stringify(setup.body)).toBe(200);
  expect((await staff.post(`/api/documents/${id}/send`)).status).toBe(200);
  return id;
}

/** The stored text of the mails whose idempotency key is like `like`, oldest first. */
export async function mailBodies(app: TestApp, like: string): Promise<{ to_address: string; subject: string; text_body: string }[]> {
  return app.deps.orm.em.getConnection().execute('select to_address, subject, text_body from outbox_email where idempotency_key like ? order by created_at', [like]);
}

/** The token of the signing link emailed to the signer `key` of a document. */
export async function signingToken(app: TestApp, documentId: string, key = 'signer'): Promise<string> {
  await expect.poll(async () => (await mailBodies(app, `signature:${documentId}:${key}:turn`)).length, { timeout: 15_000 }).toBe(1);
  return /\/sign\/([A-Za-z0-9_-]+)/.exec((await mailBodies(app, `signature:${documentId}:${key}:turn`))[0]!.text_body)![1]!;
}

/** Opens the link in a fresh browser, asks for a code, enters it: the browser may then sign. */
export async function verifyByCode(app: TestApp, token: string, email: string): Promise<{ browser: ApiClient; code: string }> {
  const browser = new ApiClient(app.url, { 'user-agent': 'link-browser' });
  expect((await browser.get(`/api/sign/${token}`)).status).toBe(200);
  expect((await browser.post(`/api/sign/${token}/code`)).status).toBe(200);
  const mail = (await mailBodies(app, 'signing-code:%')).filter((m) => m.to_address === email).pop()!;
  const code = /one-time code is (\d{6})/.exec(mail.text_body)![1]!;
  const ok = await browser.post(`/api/sign/${token}/verify`, { code });
  expect(ok.status, JSON.stringify(ok.body)).toBe(200);
  browser.csrf = ok.body.csrfToken;
  return { browser, code };
}

/** Consents and signs with a typed name through a verified browser. */
export async function signAs(browser: ApiClient, documentId: string, name: string): Promise<void> {
  expect((await browser.get(`/api/documents/${documentId}/signing`)).status).toBe(200);
  expect((await browser.post(`/api/documents/${documentId}/signing/consent`, { agree: true, disclosureVersion: '2026-11' })).status).toBe(200);
  const signed = await browser.post(`/api/documents/${documentId}/signing/sign`, { signature: { type: 'typed', text: name } });
  expect(signed.status, JSON.stringify(signed.body)).toBe(200);
}

/** The token of the signed-copy link in the completion email to the signer `key`. */
export async function signedCopyToken(app: TestApp, documentId: string, key = 'signer'): Promise<string> {
  await expect.poll(async () => (await mailBodies(app, `signature:${documentId}:${key}:completed`)).length, { timeout: 30_000 }).toBe(1);
  return /\/api\/signed-copies\/([A-Za-z0-9_-]+)/.exec((await mailBodies(app, `signature:${documentId}:${key}:completed`))[0]!.text_body)![1]!;
}
