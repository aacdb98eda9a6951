import { createHash } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { EntityManager } from '@mikro-orm/postgresql';
import { loadBranding, purgedCopy, purgeExpiredSecrets } from '../../db/outbox.ts';
import { redactSecrets } from '../../db/redaction.ts';

/** What the dispatcher needs from a mail transport; nodemailer's SMTP transport implements it. */
export interface MailTransport {
  sendMail(message: {
    from: string; to: string; subject: string; text: string; html: string; messageId: string;
  }): Promise<unknown>;
  close?(): void;
}

export function createSmtpTransport(smtpUrl: string): MailTransport {
  return nodemailer.createTransport(smtpUrl);
}

interface ClaimedRow {
  id: string;
  idempotency_key: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  attempts: number;
  secrets: string[] | null;
}

const MAX_ATTEMPTS = 8;
/** A claimed message whose sender died is offered again after this lease. */
const LEASE_SECONDS = 300;

/**
 * Sends due outbox messages. Rows are claimed with `FOR UPDATE SKIP LOCKED`, so any number of
 * dispatchers (one per worker process) never send the same row at once. The Message-ID is derived
 * from the idempotency key, so even a resend after a crash is recognisable as the same message.
 */
export async function dispatchOutbox(
  em: EntityManager, transport: MailTransport, limit = 20,
  /** Only mail to these addresses (a test sharing its database sends its own mail and nobody else's). */
  only?: { to: readonly string[] },
): Promise<{ sent: number; failed: number }> {
  const conn = em.getConnection();
  const claimed = await conn.execute<ClaimedRow[]>(
    `update outbox_email set status = 'sending', attempts = attempts + 1,
            next_attempt_at = now() + make_interval(secs => ?)
      where id in (select id from outbox_email
                    where (status = 'pending' or status = 'sending') and next_attempt_at <= now()
                      ${only ? `and to_address in (${only.to.map(() => '?').join(', ') || "''"})` : ''}
                    order by created_at limit ? for update skip locked)
      returning id, idempotency_key, to_address, subject, text_body, html_body, attempts, secrets`,
    [LEASE_SECONDS, ...(only?.to ?? []), limit]);
  if (claimed.length === 0) return { sent: 0, failed: 0 };
  const branding = await loadBranding(em);
  const from = `"${branding.businessName.replace(/"/g, '')}" <${branding.emailFrom}>`;
  let sent = 0;
  let failed = 0;
  for (const row of claimed) {
    const domain = branding.emailFrom.split('@')[1] ?? 'portico.localhost';
    const messageId = `<${createHash('sha256').update(row.idempotency_key).digest('hex').slice(0, 32)}@${domain}>`;
    try {
      await transport.sendMail({ from, to: row.to_address, subject: row.subject, text: row.text_body, html: row.html_body, messageId });
      // Delivered: the stored copy keeps no live link or code (secrets were declared when queued).
      const copy = purgedCopy(row);
      await conn.execute(
        `update outbox_email set status = 'sent', sent_at = now(), last_error = null, subject = ?, text_body = ?, html_body = ?, secrets = null, secrets_expire_at = null where id = ?`,
        [copy.subject, copy.text, copy.html, row.id]);
      sent += 1;
    } catch (err) {
      failed += 1;
      const giveUp = row.attempts >= MAX_ATTEMPTS;
      const backoff = Math.min(3600, 15 * 2 ** row.attempts);
      const error = String((err as Error).message).slice(0, 1000);
      if (giveUp) {
        // Never to be sent: nothing in the stored copy may work any more.
        const copy = purgedCopy(row);
        await conn.execute(
          `update outbox_email set status = 'failed', last_error = ?, subject = ?, text_body = ?, html_body = ?, secrets = null, secrets_expire_at = null where id = ?`,
          [redactSecrets(error, row.secrets), copy.subject, copy.text, copy.html, row.id]);
      } else {
        await conn.execute(
          `update outbox_email set status = 'pending', last_error = ?, next_attempt_at = now() + make_interval(secs => ?) where id = ?`,
          [redactSecrets(error, row.secrets), backoff, row.id]);
      }
    }
  }
  return { sent, failed };
}

/** How often mail whose secrets expired unsent is purged. */
const PURGE_EVERY_MS = 30_000;

/**
 * Runs the dispatcher every `intervalMs` until stopped. Without a transport (no SMTP server) it sends
 * nothing and only purges the secrets of mail that expired while waiting.
 */
export function startOutboxDispatcher(
  fork: () => EntityManager, transport: MailTransport | null, opts: { intervalMs?: number; onError?: (err: unknown) => void } = {},
): { stop(): Promise<void>; kick(): void } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let purgedAt = 0;
  const tick = (): void => {
    running = (async () => {
      try {
        if (Date.now() - purgedAt >= PURGE_EVERY_MS) {
          purgedAt = Date.now();
          while (await purgeExpiredSecrets(fork()) === 200 && !stopped) { /* a full batch: more may wait */ }
        }
        // Drain: keep going while full batches come back.
        for (;;) {
          if (!transport) break;
          const r = await dispatchOutbox(fork(), transport);
          if (r.sent + r.failed < 20 || stopped) break;
        }
      } catch (err) {
        opts.onError?.(err);
      }
      if (!stopped) timer = setTimeout(tick, opts.intervalMs ?? (transport ? 1000 : PURGE_EVERY_MS));
    })();
  };
  tick();
  return {
    kick() {
      if (timer) { clearTimeout(timer); timer = undefined; tick(); }
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
