import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { recordAudit } from '../db/audit.ts';
import { enqueueEmail, loadBranding } from '../db/outbox.ts';
import { pauseWork } from '../db/work-pause.ts';
import type { FileStorage } from '../db/files/storage.ts';
import type { DunningState, Escalation, LateFee } from '../workflows/dunning.ts';
import { invoiceLabel, recomputeInvoice } from '../domain/invoicing/ledger.ts';
import { addLateFee } from '../domain/invoicing/invoices.ts';
import { percentOf } from '../domain/invoicing/money.ts';
import { keepSentCopy } from '../domain/invoicing/send-invoice.ts';

interface Person { id: string; name: string; email: string }

const money = (minor: number, currency: string) => {
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return new Intl.NumberFormat('en-GB', { style: 'currency', currency }).format(minor / 10 ** digits);
};

async function accountManager(tx: EntityManager, accountId: string): Promise<Person[]> {
  return tx.getConnection().execute<Person[]>(
    `select u.id, u.name, u.email from account_team_member t join app_user u on u.id = t.user_id
      where t.account_id = ? and u.disabled_at is null order by t.is_manager desc, u.name limit 1`, [accountId], 'all', tx.getTransactionContext());
}

/** Activities of the dunning workflow, over their dependencies. */
export function createDunningActivities({ orm, publicUrl, storage }: { orm: MikroORM; publicUrl: string; storage: FileStorage }) {
  return {
    /** Writes the dunning state (read model, versioned) and its audit event, in one transaction. */
    async recordDunning({ state, event }: { state: DunningState; event: { key: string; action: string; by: string | null; data: Record<string, unknown> } | null }): Promise<void> {
      await orm.em.fork().transactional(async (tx) => {
        await tx.getConnection().execute('update invoice set dunning = ?, version = ?, updated_at = now() where id = ? and version < ?',
          [JSON.stringify(state), state.version, state.invoiceId, state.version], 'run', tx.getTransactionContext());
        if (event) {
          await recordAudit(tx, {
            eventKey: event.key, action: event.action, actor: event.by ? { id: null, email: event.by, role: null } : null,
            accountId: state.accountId, target: { type: 'invoice', id: state.invoiceId }, data: event.data,
          });
        }
      });
    },

    /**
     * One step of the schedule, in one transaction: the late fee (a line keyed by the step: at most
     * once), the reminder to the client's people, the escalation — each keyed, so a retry after a
     * crash adds and sends nothing twice. An invoice settled or disputed meanwhile gets nothing.
     */
    async runDunningStep(input: { invoiceId: string; stepKey: string; offsetDays?: number; lateFee: LateFee | null; escalation: Escalation | null; kind: 'step' | 'repeat' | 'final' }): Promise<'done' | 'settled' | 'paid' | 'void'> {
      const result = await orm.em.fork().transactional(async (tx) => {
        const conn = tx.getConnection();
        const ctx = tx.getTransactionContext();
        const inv = (await conn.execute<{ id: string; account_id: string; number: number | null; status: string; currency: string; due_date: string; total_minor: string; paid_minor: string; refunded_minor: string; account_name: string }[]>(
          `select i.id, i.account_id, i.number, i.status, i.currency, i.due_date, i.total_minor, i.paid_minor, i.refunded_minor, a.name as account_name
             from invoice i join account a on a.id = i.account_id where i.id = ? for update of i`, [input.invoiceId], 'all', ctx))[0];
        // Paid or voided meanwhile (its signal may be on its way): the workflow stops. Disputed: the step is skipped.
        if (!inv || ['void', 'draft'].includes(inv.status)) return { outcome: 'void' as const, fee: false };
        if (inv.status === 'paid') return { outcome: 'paid' as const, fee: false };
        if (inv.status === 'disputed') return { outcome: 'settled' as const, fee: false };
        const balance = Number(inv.total_minor) - Number(inv.paid_minor) + Number(inv.refunded_minor);
        if (balance <= 0) return { outcome: 'paid' as const, fee: false };
        let fee = 0;
        if (input.lateFee && input.kind === 'step') {
          fee = input.lateFee.type === 'fixed' ? input.lateFee.amountMinor : percentOf(balance, input.lateFee.basisPoints);
          const added = await addLateFee(tx, {
            invoiceId: inv.id, stepKey: input.stepKey, amountMinor: fee,
            description: input.lateFee.type === 'fixed' ? 'Late fee' : `Late fee (${input.lateFee.basisPoints / 100} % of ${money(balance, inv.currency)} open)`,
          });
          if (!added) fee = 0;
        }
        // From the due date on (a step at or after it, a repeat, the final action) the invoice is overdue.
        const totals = await recomputeInvoice(tx, inv.id, input.kind !== 'step' || (input.offsetDays ?? 0) >= 0);
        const label = invoiceLabel(inv.number);
        const link = `${publicUrl}/invoices/${inv.id}`;
        const clients = await conn.execute<Person[]>(
          `select id, name, email from app_user where account_id = ? and disabled_at is null and password_hash is not null order by name`, [inv.account_id], 'all', ctx);
        const branding = await loadBranding(tx);
        for (const c of clients) {
          await enqueueEmail(tx, {
            idempotencyKey: `dunning:${inv.id}:${input.stepKey}:${c.id}`, to: c.email, kind: 'dunning',
            content: {
              subject: `${totals.status === 'overdue' ? 'Overdue' : 'Reminder'}: invoice ${label} — ${money(totals.balanceMinor, inv.currency)} due`,
              greeting: `Hello ${c.name},`,
              paragraphs: [
                `Invoice ${label} for ${inv.account_name} ${totals.status === 'overdue' ? 'was' : 'is'} due on ${inv.due_date}; ${money(totals.balanceMinor, inv.currency)} is open.`,
                ...(fee ? [`A late fee of ${money(fee, inv.currency)} has been added.`] : []),
                'If something is wrong with it, you can dispute it from the invoice page.',
              ],
              action: { label: 'View and pay', url: link },
              footnote: `Sent by ${branding.businessName}.`,
            },
          });
        }
        if (input.escalation) {
          for (const m of await accountManager(tx, inv.account_id)) {
            const what = { notify_manager: 'is overdue', pause_work: 'is overdue: new work for this account is paused until it is paid', hand_to_person: 'is handed to you to follow up in person' }[input.escalation];
            await enqueueEmail(tx, {
              idempotencyKey: `dunning:${inv.id}:${input.stepKey}:escalation:${m.id}`, to: m.email, kind: 'escalation',
              content: { subject: `Invoice ${label} (${inv.account_name}) ${input.escalation === 'hand_to_person' ? 'needs you' : 'is overdue'}`, greeting: `Hello ${m.name},`, paragraphs: [`Invoice ${label} for ${inv.account_name} ${what}. ${money(totals.balanceMinor, inv.currency)} is open.`], action: { label: 'Open the invoice', url: link } },
            });
          }
        }
        // Enforced, not only announced: the account's new work waits until the invoice is paid, voided or the pause waived.
        if (input.escalation === 'pause_work') await pauseWork(tx, { invoiceId: inv.id, accountId: inv.account_id, stepKey: input.stepKey, invoiceLabel: label });
        await recordAudit(tx, {
          eventKey: `dunning:${inv.id}:${input.stepKey}:run`, action: input.kind === 'final' ? 'dunning.final_action' : 'dunning.reminder_sent',
          accountId: inv.account_id, target: { type: 'invoice', id: inv.id },
          data: { invoice: label, step: input.stepKey, feeMinor: fee, escalation: input.escalation, balanceMinor: totals.balanceMinor, recipients: clients.map((c) => c.email) },
        });
        return { outcome: 'done' as const, fee: fee > 0 };
      });
      // A new line: the PDF is rendered again (idempotent: the same content gives the same file).
      if (result.fee) await (await import('../domain/invoicing/document.ts')).renderAndStoreInvoice(orm, storage, input.invoiceId);
      return result.outcome;
    },

    /** Keeps the invoice as sent (PDF and SHA-256) if its sending was interrupted before it was kept. */
    async keepSentCopy({ invoiceId }: { invoiceId: string }): Promise<void> {
      await keepSentCopy({ orm, storage }, invoiceId);
    },

    /** Waives a fee (the line stays, at zero, with the reason) and renders the PDF again. */
    async rerenderInvoice({ invoiceId, waive }: { invoiceId: string; waive?: { stepKey: string; reason: string } }): Promise<void> {
      if (waive) {
        await orm.em.fork().transactional(async (tx) => {
          await tx.getConnection().execute(`update invoice_line set amount_minor = 0, waived_reason = ? where invoice_id = ? and step_key = ? and waived_reason is null`,
            [waive.reason, invoiceId, waive.stepKey], 'run', tx.getTransactionContext());
          await recomputeInvoice(tx, invoiceId);
        });
      }
      await (await import('../domain/invoicing/document.ts')).renderAndStoreInvoice(orm, storage, invoiceId);
    },
  };
}
