import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ApiClient, startTestApp, type TestApp } from '../support/app.ts';
import { makeAccount, makeUser, makeWorld, PASSWORD } from '../support/fixtures.ts';
import { sendToLinkSigner, signAs, signedCopyToken, signingToken, verifyByCode } from '../support/signing.ts';

let app: TestApp;
const lines: string[] = [];

beforeAll(async () => {
  // The worker seals signed documents: it reads the originals from the same file storage.
  app = await startTestApp({ env: { LOG_LEVEL: 'info', PORTICO_FILES_DIR: inject('filesDir') }, logStream: { write: (l: string) => { lines.push(l); } } });
});
afterAll(async () => app?.close());

describe('logs (ASVS 16.x)', () => {
  it('carry a request id per request and no passwords, cookies, CSRF or invitation tokens', async () => {
    const em = app.deps.orm.em.fork();
    const user = await makeUser(em, 'client_admin', await makeAccount(em));
    const c = new ApiClient(app.url, { 'x-request-id': 'trace-1234-abcd' });
    await c.login(user.email, 'a wrong password for the log test');
    await c.login(user.email, PASSWORD);
    await c.post(`/api/accounts/${user.account!.id}/invitations`, { email: `log-${Date.now()}@client.test`, role: 'client_member' });
    const token = (await app.deps.orm.em.getConnection().execute<{ text_body: string }[]>(
      `select text_body from outbox_email order by created_at desc limit 1`))[0]!.text_body.match(/invite\/([A-Za-z0-9_-]+)/)![1]!;
    await new ApiClient(app.url).get(`/api/invitations/${token}`);

    const log = lines.join('');
    const records = lines.map((l) => JSON.parse(l) as { req?: { id: string; url: string } });
    expect(records.some((r) => r.req?.id === 'trace-1234-abcd')).toBe(true);
    expect(records.filter((r) => r.req).every((r) => typeof r.req!.id === 'string' && r.req!.id.length >= 8)).toBe(true);
    for (const secret of [PASSWORD, 'a wrong password for the log test', c.cookie.split('=')[1]!, c.csrf, token]) {
      expect(log).not.toContain(secret);
    }
    expect(log).toContain('/api/invitations/[redacted]');
  });

  it('carry no signing token, one-time code or signed-copy token through the whole signing-link flow, and neither does the audit trail', async () => {
    const world = await makeWorld(app.deps.orm.em.fork());
    const staff = new ApiClient(app.url);
    expect((await staff.login(world.users.staffA.email, PASSWORD)).status).toBe(200);
    const engagementId = (await staff.post(`/api/accounts/${world.a.id}/engagements`, { title: 'Logged', milestones: ['Sign'] })).body.engagement.id as string;
    const signer = { name: 'Log Signer', email: `log-signer-${Date.now()}@client.test` };
    const id = await sendToLinkSigner(staff, engagementId, signer);
    const token = await signingToken(app, id);
    const from = lines.length;
    // The link as a browser opens it (the page, then its API), the code, the signature.
    await fetch(`${app.url}/sign/${token}`);
    const { browser, code } = await verifyByCode(app, token, signer.email);
    await signAs(browser, id, signer.name);
    // A wrong code and a used link are logged too (their answers are not 200).
    expect((await new ApiClient(app.url).post(`/api/sign/${token}/verify`, { code: '000000' })).status).toBe(404);
    const copyToken = await signedCopyToken(app, id);
    expect((await fetch(`${app.url}/api/signed-copies/${copyToken}`)).status).toBe(200);
    expect((await fetch(`${app.url}/api/signed-copies/${copyToken}x`)).status).toBe(404);

    const logged = lines.slice(from);
    const log = logged.join('');
    // The code on its own (timestamps and ids are longer runs of digits that may happen to contain it).
    const codeAlone = new RegExp(`(?<![0-9])${code}(?![0-9])`);
    for (const secret of [token, copyToken]) expect(log).not.toContain(secret);
    expect(log).not.toMatch(codeAlone);
    const urls = logged.map((l) => (JSON.parse(l) as { req?: { url: string } }).req?.url).filter(Boolean);
    expect(urls).toEqual(expect.arrayContaining([
      '/sign/[redacted]', '/api/sign/[redacted]', '/api/sign/[redacted]/code', '/api/sign/[redacted]/verify', '/api/signed-copies/[redacted]',
    ]));
    const audit = await app.deps.orm.em.getConnection().execute<{ row: string }[]>(
      `select row_to_json(a)::text as row from audit_event a where a.target_id = ? or a.account_id = ?`, [id, world.a.id]);
    expect(audit.length).toBeGreaterThan(5);
    for (const secret of [token, copyToken]) expect(audit.filter((a) => a.row.includes(secret))).toEqual([]);
    expect(audit.filter((a) => codeAlone.test(a.row))).toEqual([]);
  }, 60_000);
});
