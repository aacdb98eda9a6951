import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, startTestApp, type TestApp } from '../support/app.ts';
import { makeAccount, makeUser, PASSWORD } from '../support/fixtures.ts';

let app: TestApp;
const lines: string[] = [];

beforeAll(async () => {
  app = await startTestApp({ env: { LOG_LEVEL: 'info' }, logStream: { write: (l: string) => { lines.push(l); } } });
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
    expect(log).toContain('/api/invitations/[token]');
  });
});
