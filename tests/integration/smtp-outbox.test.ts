import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import type { MikroORM } from '@mikro-orm/postgresql';
import { initORM } from '../../db/orm.ts';
import { enqueueEmail } from '../../db/outbox.ts';
import { createSmtpTransport, dispatchOutbox } from '../../activities/mail/outbox-dispatcher.ts';
import { createTestDatabase } from '../support/db.ts';

/** The Subject header, decoded from RFC 2047 quoted-printable words. */
function subjectOf(raw: string): string {
  const header = raw.match(/^Subject: (.*(?:\r?\n[ \t].*)*)/m)![1]!.replace(/\r?\n[ \t]/g, ' ');
  return header.replace(/=\?UTF-8\?Q\?([^?]*)\?=\s*/gi, (_m, q: string) =>
    Buffer.from(q.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_h, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8'));
}

interface Received { from: string; to: string[]; raw: string }
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let orm: MikroORM;
let smtp: SMTPServer;
let port: number;
const inbox: Received[] = [];
let failNext = 0;

beforeAll(async () => {
  db = await createTestDatabase('smtp');
  orm = await initORM(db.url);
  smtp = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (d: Buffer) => { raw += d.toString(); });
      stream.on('end', () => {
        if (failNext > 0) { failNext -= 1; callback(Object.assign(new Error('Mailbox busy'), { responseCode: 451 })); return; }
        inbox.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
  port = (smtp.server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((r) => { if (smtp) smtp.close(() => r()); else r(); });
  await orm?.close();
  await db?.drop();
});

describe('outbox over real SMTP', () => {
  it('delivers a queued, branded mail once, even when queued twice and dispatched twice', async () => {
    const em = orm.em.fork();
    const mail = { idempotencyKey: 'invitation:test-1', to: 'ana@client.test', kind: 'invitation', content: { subject: 'Welcome', greeting: 'Hello Ana,', paragraphs: ['Your portal is ready.'], action: { label: 'Open', url: 'https://portal.test/invite/abc' } } };
    expect(await enqueueEmail(em, mail)).toBe(true);
    expect(await enqueueEmail(em, mail)).toBe(false);
    const transport = createSmtpTransport(`smtp://127.0.0.1:${port}`);
    expect(await dispatchOutbox(orm.em.fork(), transport)).toEqual({ sent: 1, failed: 0 });
    expect(await dispatchOutbox(orm.em.fork(), transport)).toEqual({ sent: 0, failed: 0 });
    expect(inbox).toHaveLength(1);
    expect(inbox[0]!.to).toEqual(['ana@client.test']);
    expect(subjectOf(inbox[0]!.raw)).toBe('Welcome · Portico');
    expect(inbox[0]!.raw).toContain('https://portal.test/invite/abc');
    const row = await orm.em.getConnection().execute<{ status: string; sent_at: Date | null }[]>(`select status, sent_at from outbox_email where idempotency_key = 'invitation:test-1'`);
    expect(row[0]!.status).toBe('sent');
    expect(row[0]!.sent_at).not.toBeNull();
  });

  it('keeps a message that the server refused and retries it later', async () => {
    const em = orm.em.fork();
    await enqueueEmail(em, { idempotencyKey: 'reset:test-2', to: 'bo@client.test', kind: 'password-reset', content: { subject: 'Reset', greeting: 'Hi', paragraphs: ['x'] } });
    failNext = 1;
    const transport = createSmtpTransport(`smtp://127.0.0.1:${port}`);
    expect(await dispatchOutbox(orm.em.fork(), transport)).toEqual({ sent: 0, failed: 1 });
    const row = await orm.em.getConnection().execute<{ status: string; last_error: string }[]>(`select status, last_error from outbox_email where idempotency_key = 'reset:test-2'`);
    expect(row[0]!.status).toBe('pending');
    expect(row[0]!.last_error).toMatch(/Mailbox busy/);
    await orm.em.getConnection().execute(`update outbox_email set next_attempt_at = now() where idempotency_key = 'reset:test-2'`);
    expect(await dispatchOutbox(orm.em.fork(), transport)).toEqual({ sent: 1, failed: 0 });
    expect(inbox.filter((m) => m.to[0] === 'bo@client.test')).toHaveLength(1);
  });
});
