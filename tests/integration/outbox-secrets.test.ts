/**
 * Secrets stay secret in the outbox (ASVS 16.x, issue 11 item 10): for every mail that carries a live
 * link or a one-time code — invitation, password reset, signing link, signing code, signed copy — the
 * admin outbox shows it redacted, subjects never carry a code, the SMTP delivery still carries it,
 * and the stored copy loses it once sent (or once it expired unsent).
 */
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { createSmtpTransport, dispatchOutbox } from '../../activities/mail/outbox-dispatcher.ts';
import { enqueueEmail, purgeExpiredSecrets } from '../../db/outbox.ts';
import { ApiClient, startTestApp, type TestApp } from '../support/app.ts';
import { makeUser, makeWorld, PASSWORD } from '../support/fixtures.ts';
import { mailBodies, sendToLinkSigner, signAs, signedCopyToken, signingToken, verifyByCode } from '../support/signing.ts';

let app: TestApp;
let world: Awaited<ReturnType<typeof makeWorld>>;
let admin: ApiClient;
let staff: ApiClient;
let smtp: SMTPServer;
let port: number;
const inbox: { to: string[]; raw: string }[] = [];

/** A delivered message's text as a mail client shows it (quoted-printable soft breaks and escapes undone). */
const decoded = (raw: string) => raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
const delivered = (to: string) => inbox.filter((m) => m.to.includes(to)).map((m) => decoded(m.raw)).join('\n');

interface OutboxMail { id: string; toAddress: string; subject: string; kind: string; status: string; textBody: string }
const adminOutbox = async (to: string): Promise<OutboxMail[]> => {
  const res = await admin.get('/api/admin/outbox');
  expect(res.status).toBe(200);
  return (res.body.emails as OutboxMail[]).filter((m) => m.toAddress === to);
};
const stored = (to: string) => app.deps.orm.em.getConnection().execute<{ subject: string; text_body: string; html_body: string; secrets: string[] | null; status: string }[]>(
  'select subject, text_body, html_body, secrets, status from outbox_email where to_address = ?', [to]);

beforeAll(async () => {
  app = await startTestApp({ env: { PORTICO_FILES_DIR: inject('filesDir') } });
  world = await makeWorld(app.deps.orm.em.fork());
  admin = new ApiClient(app.url);
  expect((await admin.login(world.users.admin.email, PASSWORD)).status).toBe(200);
  staff = new ApiClient(app.url);
  expect((await staff.login(world.users.staffA.email, PASSWORD)).status).toBe(200);
  smtp = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (d: Buffer) => { raw += d.toString(); });
      stream.on('end', () => { inbox.push({ to: session.envelope.rcptTo.map((r) => r.address), raw }); callback(); });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
  port = (smtp.server.address() as AddressInfo).port;
}, 60_000);
afterAll(async () => {
  await new Promise<void>((r) => { if (smtp) smtp.close(() => r()); else r(); });
  await app?.close();
});

/**
 * The checks for one mail carrying `secret`: redacted in the admin outbox (and never in a subject),
 * delivered intact over SMTP, gone from the stored copy once sent.
 */
async function checkMail(to: string, secret: string, kind: string) {
  const before = await adminOutbox(to);
  expect(before.map((m) => m.kind)).toContain(kind);
  expect(JSON.stringify(before)).not.toContain(secret);
  expect(before.some((m) => m.textBody.includes('••••'))).toBe(true);
  for (const m of await stored(to)) expect(m.subject).not.toContain(secret);

  const transport = createSmtpTransport(`smtp://127.0.0.1:${port}`);
  const sent = await dispatchOutbox(app.deps.orm.em.fork(), transport, 20, { to: [to] });
  expect(sent.sent).toBeGreaterThan(0);
  expect(delivered(to)).toContain(secret);

  const after = await stored(to);
  expect(after.every((m) => m.status === 'sent' && m.secrets === null)).toBe(true);
  expect(JSON.stringify(after)).not.toContain(secret);
  expect(JSON.stringify(await adminOutbox(to))).not.toContain(secret);
}

describe('secrets in the outbox', () => {
  it('an invitation: the admin who sent it cannot read its link', async () => {
    const email = `invitee-${randomUUID()}@studio.test`;
    expect((await admin.post('/api/admin/invitations', { email, role: 'staff' })).status).toBe(201);
    const token = /\/invite\/([A-Za-z0-9_-]+)/.exec((await stored(email))[0]!.text_body)![1]!;
    await checkMail(email, token, 'invitation');
    // The delivered link still works.
    expect((await new ApiClient(app.url).get(`/api/invitations/${token}`)).status).toBe(200);
  });

  it('a password reset', async () => {
    const user = await makeUser(app.deps.orm.em.fork(), 'client_member', world.a);
    expect((await new ApiClient(app.url).post('/api/auth/password-reset/request', { email: user.email })).status).toBe(202);
    await expect.poll(async () => (await stored(user.email)).length).toBe(1);
    const token = /\/reset-password\/([A-Za-z0-9_-]+)/.exec((await stored(user.email))[0]!.text_body)![1]!;
    await checkMail(user.email, token, 'password-reset');
  });

  it('a signing link, its one-time code (never in the subject) and the signed-copy link', async () => {
    const engagementId = (await staff.post(`/api/accounts/${world.a.id}/engagements`, { title: 'Outbox', milestones: ['Sign'] })).body.engagement.id as string;
    const signer = { name: 'Outbox Signer', email: `outbox-signer-${randomUUID()}@client.test` };
    const id = await sendToLinkSigner(staff, engagementId, signer);
    const token = await signingToken(app, id);
    // The signer reads the code from the body (while the mail still waits): the subject has none.
    const { browser, code } = await verifyByCode(app, token, signer.email);
    const codeMail = (await mailBodies(app, 'signing-code:%')).filter((m) => m.to_address === signer.email);
    expect(codeMail).toHaveLength(1);
    expect(codeMail[0]!.subject).not.toMatch(/\d{6}/);
    const shown = await adminOutbox(signer.email);
    expect(shown.find((m) => m.kind === 'signing_code')!.textBody).toMatch(/one-time code is ••••\./);
    expect(shown.find((m) => m.kind === 'signature_your_turn')!.textBody).toMatch(/\/sign\/••••/);
    await checkMail(signer.email, token, 'signature_your_turn');
    expect(delivered(signer.email)).toContain(`one-time code is ${code}`);
    expect(JSON.stringify(await stored(signer.email))).not.toMatch(new RegExp(`(?<![0-9])${code}(?![0-9])`));

    await signAs(browser, id, signer.name);
    const copy = await signedCopyToken(app, id);
    expect((await adminOutbox(signer.email)).find((m) => m.kind === 'signature_completed')!.textBody).toMatch(/\/api\/signed-copies\/••••/);
    await checkMail(signer.email, copy, 'signature_completed');
  }, 60_000);

  it('purges the secret of a mail that expired before it was sent, and refuses a secret in a subject', async () => {
    const em = app.deps.orm.em.fork();
    const to = `expired-${randomUUID()}@client.test`;
    const secret = `tok-${randomUUID()}`;
    await enqueueEmail(em, {
      idempotencyKey: `test:expired:${to}`, to, kind: 'invitation',
      content: { subject: 'Welcome', greeting: 'Hello,', paragraphs: ['x'], action: { label: 'Open', url: `https://portal.test/welcome?t=${secret}` } },
      secrets: { values: [secret], expiresAt: new Date(Date.now() - 1000) },
    });
    // The display redacts the declared secret even where no path rule would catch it.
    expect(JSON.stringify(await adminOutbox(to))).not.toContain(secret);
    expect(JSON.stringify(await stored(to))).toContain(secret);
    await purgeExpiredSecrets(app.deps.orm.em.fork());
    const [row] = await stored(to);
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(row).toMatchObject({ status: 'failed', secrets: null });
    expect(row!.text_body).toContain('https://portal.test/welcome?t=••••');

    await expect(enqueueEmail(em, {
      idempotencyKey: `test:subject:${to}`, to, kind: 'signing_code',
      content: { subject: 'Your code: 123456', greeting: 'Hello,', paragraphs: ['Your code is 123456'] },
      secrets: { values: ['123456'], expiresAt: new Date(Date.now() + 60_000) },
    })).rejects.toThrow(/subject/);
  });
});
