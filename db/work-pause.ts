/**
 * Paused work: a dunning step with the `pause_work` escalation stops new work for the account (no
 * new engagements, deliverables or documents) until its invoice is paid in full or voided, or the
 * team waives the pause with a reason. Each pause and each lift is written in the caller's
 * transaction with its audit event, keyed, so a retried step or a repeated lift writes nothing twice.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { recordAudit } from './audit.ts';

export interface ActiveWorkPause { invoiceId: string; invoiceNumber: number | null; stepKey: string; since: string }

/** Pauses the account's new work for this invoice's step (once per step). Returns whether it was new. */
export async function pauseWork(tx: EntityManager, p: { invoiceId: string; accountId: string; stepKey: string; invoiceLabel: string }): Promise<boolean> {
  const added = await tx.getConnection().execute<{ affectedRows: number }>(
    `insert into work_pause (id, created_at, invoice_id, account_id, step_key) values (gen_random_uuid(), now(), ?, ?, ?) on conflict (invoice_id, step_key) do nothing`,
    [p.invoiceId, p.accountId, p.stepKey], 'run', tx.getTransactionContext());
  if (!added.affectedRows) return false;
  await recordAudit(tx, {
    eventKey: `work-pause:${p.invoiceId}:${p.stepKey}:paused`, action: 'account.work_paused', accountId: p.accountId,
    target: { type: 'invoice', id: p.invoiceId }, data: { invoice: p.invoiceLabel, step: p.stepKey },
  });
  return true;
}

/** Lifts every open pause of the invoice: it was paid in full or voided, or the team waived it. */
export async function liftWorkPauses(
  tx: EntityManager,
  invoiceId: string,
  how: { because: 'paid' | 'void' | 'waived'; actor?: { id: string; email: string; role: string } | null; reason?: string | null; ip?: string | null; userAgent?: string | null },
): Promise<number> {
  const lifted = await tx.getConnection().execute<{ id: string; account_id: string; step_key: string }[]>(
    `update work_pause set lifted_at = now(), lifted_because = ?, lifted_by_id = ?, lift_reason = ? where invoice_id = ? and lifted_at is null returning id, account_id, step_key`,
    [how.because, how.actor?.id ?? null, how.reason ?? null, invoiceId], 'all', tx.getTransactionContext());
  for (const w of lifted) {
    await recordAudit(tx, {
      eventKey: `work-pause:${w.id}:lifted`, action: 'account.work_resumed', accountId: w.account_id, actor: how.actor ?? null,
      ip: how.ip ?? null, userAgent: how.userAgent ?? null,
      target: { type: 'invoice', id: invoiceId }, data: { step: w.step_key, because: how.because, ...(how.reason ? { reason: how.reason } : {}) },
    });
  }
  return lifted.length;
}

/** The oldest pause in force on the account, if any. */
export async function activeWorkPause(em: EntityManager, accountId: string): Promise<ActiveWorkPause | null> {
  const row = (await em.getConnection().execute<{ invoice_id: string; number: number | null; step_key: string; created_at: Date }[]>(
    `select w.invoice_id, i.number, w.step_key, w.created_at from work_pause w join invoice i on i.id = w.invoice_id
      where w.account_id = ? and w.lifted_at is null order by w.created_at limit 1`, [accountId], 'all', em.getTransactionContext()))[0];
  return row ? { invoiceId: row.invoice_id, invoiceNumber: row.number, stepKey: row.step_key, since: new Date(row.created_at).toISOString() } : null;
}
