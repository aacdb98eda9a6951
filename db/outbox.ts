import type { EntityManager } from '@mikro-orm/postgresql';
import { Branding } from './entities/branding.ts';
import { renderEmail, type EmailContent } from './email-template.ts';

export const DEFAULT_BRANDING = { businessName: 'Portico', primaryColor: '#2f5bd3', emailFrom: 'portal@portico.localhost' };

export async function loadBranding(em: EntityManager): Promise<{ businessName: string; primaryColor: string; emailFrom: string }> {
  const b = await em.findOne(Branding, { id: 1 });
  return b ? { businessName: b.businessName, primaryColor: b.primaryColor, emailFrom: b.emailFrom } : DEFAULT_BRANDING;
}

/**
 * Queues a branded email. The idempotency key is a business key (e.g. `invitation:<id>`):
 * queuing the same key twice keeps one message, so a retried request or activity mails once.
 * Runs in the caller's transaction, so the mail exists if and only if the change that caused it committed.
 */
export async function enqueueEmail(
  em: EntityManager,
  mail: { idempotencyKey: string; to: string; kind: string; content: EmailContent },
): Promise<boolean> {
  const branding = await loadBranding(em);
  const { subject, text, html } = renderEmail(branding, mail.content);
  const res = await em.getConnection().execute<{ affectedRows: number }>(
    `insert into outbox_email (id, created_at, idempotency_key, to_address, subject, text_body, html_body, kind, status, attempts, next_attempt_at)
     values (gen_random_uuid(), now(), ?, ?, ?, ?, ?, ?, 'pending', 0, now())
     on conflict (idempotency_key) do nothing`,
    [mail.idempotencyKey, mail.to, subject, text, html, mail.kind], 'run', em.getTransactionContext());
  return res.affectedRows > 0;
}
