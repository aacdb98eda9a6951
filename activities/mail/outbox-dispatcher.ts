import { createHash } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { EntityManager } from '@mikro-orm/postgresql';
import { loadBranding } from '../../db/outbox.ts';

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
}

const MAX_ATTEMPTS = 8;
/** A claimed message whose sender died is offered again after this lease. */
const LEASE_SECONDS = 300;

/**
 * Sends due outbox messages. Rows are claimed with `FOR UPDATE SKIP LOCKED`, so any number of
 * dispatchers (one per worker process) never send the same row at once. The Message-ID is derived
 * from the idempotency key, so even a resend after a crash is recognisable as the same message.
 */
export async function dispatchOutbox(em: EntityManager, transport: MailTransport, limit = 20): Promise<{ sent: number; failed: number }> {
  const conn = em.getConnection();
  const claimed = await conn.execute<ClaimedRow[]>(
    `update outbox_email set status = 'sending', attempts = attempts + 1,
            next_attempt_at = now() + make_interval(secs => ?)
      where id in (select id from outbox_email
                    where (status = 'pending' or status = 'sending') and next_attempt_at <= now()
                    order by created_at limit ? for update skip locked)
      returning id, idempotency_key, to_address, subject, text_body, html_body, attempts`,
    [LEASE_SECONDS, limit]);
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
      await conn.execute(`update outbox_email set status = 'sent', sent_at = now(), last_error = null where id = ?`, [row.id]);
      sent += 1;
    } catch (err) {
      failed += 1;
      const giveUp = row.attempts >= MAX_ATTEMPTS;
      const backoff = Math.min(3600, 15 * 2 ** row.attempts);
      await conn.execute(
        `update outbox_email set status = ?, last_error = ?, next_attempt_at = now() + make_interval(secs => ?) where id = ?`,
        [giveUp ? 'failed' : 'pending', String((err as Error).message).slice(0, 1000), backoff, row.id]);
    }
  }
  return { sent, failed };
}

/** Runs the dispatcher every `intervalMs` until stopped. */
export function startOutboxDispatcher(
  fork: () => EntityManager, transport: MailTransport, opts: { intervalMs?: number; onError?: (err: unknown) => void } = {},
): { stop(): Promise<void>; kick(): void } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = (): void => {
    running = (async () => {
      try {
        // Drain: keep going while full batches come back.
        for (;;) {
          const r = await dispatchOutbox(fork(), transport);
          if (r.sent + r.failed < 20 || stopped) break;
        }
      } catch (err) {
        opts.onError?.(err);
      }
      if (!stopped) timer = setTimeout(tick, opts.intervalMs ?? 1000);
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
