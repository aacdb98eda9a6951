import type { EntityManager } from '@mikro-orm/postgresql';
import { Branding } from './entities/branding.ts';
import { renderEmail, type EmailContent } from './email-template.ts';
import { redactSecrets } from './redaction.ts';

export const DEFAULT_BRANDING = { businessName: 'Portico', primaryColor: '#2f5bd3', emailFrom: 'portal@portico.localhost' };

export async function loadBranding(em: EntityManager): Promise<{ businessName: string; primaryColor: string; emailFrom: string }> {
  const b = await em.findOne(Branding, { id: 1 });
  return b ? { businessName: b.businessName, primaryColor: b.primaryColor, emailFrom: b.emailFrom } : DEFAULT_BRANDING;
}

/** A mail's secrets: what they are, and until when they work. */
export interface MailSecrets {
  /** Each token or one-time code the mail carries, exactly as it appears in the body. */
  values: string[];
  /** When they stop working; past it they are purged from the stored copy even if it was never sent. */
  expiresAt: Date;
}

/**
 * Queues a branded email. The idempotency key is a business key (e.g. `invitation:<id>`):
 * queuing the same key twice keeps one message, so a retried request or activity mails once.
 * Runs in the caller's transaction, so the mail exists if and only if the change that caused it committed.
 *
 * A mail that carries a link token or a one-time code declares it in `secrets`: the admin outbox
 * shows it redacted, and the stored copy loses it once the mail is sent, has failed for good, or the
 * secret has expired. A secret may never be part of the subject (subjects show in every inbox list
 * and notification): that is refused here.
 */
export async function enqueueEmail(
  em: EntityManager,
  mail: { idempotencyKey: string; to: string; kind: string; content: EmailContent; secrets?: MailSecrets },
): Promise<boolean> {
  const secrets = mail.secrets?.values.filter((v) => v.length > 0) ?? [];
  if (secrets.some((v) => mail.content.subject.includes(v))) throw new Error(`the subject of ${mail.kind} mail carries one of its secrets`);
  const branding = await loadBranding(em);
  const { subject, text, html } = renderEmail(branding, mail.content);
  const res = await em.getConnection().execute<{ affectedRows: number }>(
    `insert into outbox_email (id, created_at, idempotency_key, to_address, subject, text_body, html_body, kind, status, attempts, next_attempt_at, secrets, secrets_expire_at)
     values (gen_random_uuid(), now(), ?, ?, ?, ?, ?, ?, 'pending', 0, now(), ?, ?)
     on conflict (idempotency_key) do nothing`,
    [mail.idempotencyKey, mail.to, subject, text, html, mail.kind,
      secrets.length ? JSON.stringify(secrets) : null, secrets.length ? mail.secrets!.expiresAt : null], 'run', em.getTransactionContext());
  return res.affectedRows > 0;
}

/** The stored copy of a mail without its secrets: what is kept once they must not be readable any more. */
export function purgedCopy(row: { subject: string; text_body: string; html_body: string; secrets: string[] | null }): { subject: string; text: string; html: string } {
  return { subject: redactSecrets(row.subject, row.secrets), text: redactSecrets(row.text_body, row.secrets), html: redactSecrets(row.html_body, row.secrets) };
}

/**
 * Purges the secrets of mail whose secrets have expired before it was sent. The dispatcher purges a
 * mail as it sends it or gives up on it; this catches the rest (no SMTP server, a long outage).
 * Returns how many mails it purged.
 */
export async function purgeExpiredSecrets(em: EntityManager, limit = 200): Promise<number> {
  const conn = em.getConnection();
  const rows = await conn.execute<{ id: string; subject: string; text_body: string; html_body: string; secrets: string[] | null }[]>(
    `select id, subject, text_body, html_body, secrets from outbox_email
      where secrets_expire_at <= now() and secrets is not null
      order by secrets_expire_at limit ?`, [limit]);
  for (const row of rows) {
    const copy = purgedCopy(row);
    // Unsent mail whose secret expired would only carry a dead link: it is not sent any more.
    await conn.execute(
      `update outbox_email set subject = ?, text_body = ?, html_body = ?, secrets = null, secrets_expire_at = null,
              status = case when status in ('pending', 'sending') then 'failed' else status end,
              last_error = case when status in ('pending', 'sending') then 'Its link or code expired before it could be sent' else last_error end
        where id = ?`,
      [copy.subject, copy.text, copy.html, row.id]);
  }
  return rows.length;
}
