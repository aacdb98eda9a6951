import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { recordAudit } from '../db/audit.ts';
import { enqueueEmail } from '../db/outbox.ts';
import type { FileStorage } from '../db/files/storage.ts';
import type { DunningInput, DunningPolicy } from '../workflows/dunning.ts';
import { dunningWorkflowId } from '../workflows/dunning.ts';
import type { Actor, ScheduledInvoiceSpec } from '../workflows/engagement.ts';
import { recomputeInvoice } from '../domain/invoicing/ledger.ts';
import { insertDraftInvoice, setItemLines } from '../domain/invoicing/invoices.ts';
import { sendInvoice } from '../domain/invoicing/send-invoice.ts';

export interface IssueScheduledInvoiceArgs {
  engagementId: string;
  accountId: string;
  /** Who started the engagement: the invoice's creator of record. */
  createdBy: Actor;
  currency: string;
  taxRateBp: number;
  dunning: DunningPolicy;
  dayMs: number;
  entry: ScheduledInvoiceSpec;
}

/** Activities of an engagement's billing schedule, over their dependencies. */
export function createBillingActivities({ orm, publicUrl, storage }: { orm: MikroORM; publicUrl: string; storage: FileStorage }) {
  return {
    /**
     * Makes the schedule entry's invoice — once: `unique (engagement_id, schedule_key)` turns a retry
     * (or a worker that died after the insert) into finding the invoice already there — and, if the
     * entry says so, sends it the way the team's "send" does. Returns the dunning workflow's input
     * when it was sent, for the engagement workflow to start it as a child.
     */
    async issueScheduledInvoice(args: IssueScheduledInvoiceArgs): Promise<{ invoiceId: string; dunning: DunningInput | null }> {
      const { entry } = args;
      const invoiceId = await orm.em.fork().transactional(async (tx) => {
        const c = tx.getConnection();
        const ctx = tx.getTransactionContext();
        const id = randomUUID();
        const created = await insertDraftInvoice(tx, {
          id, accountId: args.accountId, engagementId: args.engagementId, scheduleKey: entry.key, currency: args.currency, taxRateBp: args.taxRateBp,
          issueDate: null, due: { days: entry.dueDays }, notes: entry.notes ? `${entry.title}\n\n${entry.notes}` : entry.title, dunningPolicy: args.dunning,
          workflowId: dunningWorkflowId(id), createdById: args.createdBy.id,
        });
        if (!created) {
          return (await c.execute<{ id: string }[]>('select id from invoice where engagement_id = ? and schedule_key = ?', [args.engagementId, entry.key], 'all', ctx))[0]!.id;
        }
        await setItemLines(tx, id, entry.lines);
        const totals = await recomputeInvoice(tx, id);
        await recordAudit(tx, {
          eventKey: `invoice:schedule:${args.engagementId}:${entry.key}:created`, action: 'invoice.created', accountId: args.accountId,
          target: { type: 'invoice', id }, data: { schedule: entry.key, title: entry.title, engagementId: args.engagementId, lines: entry.lines.length, currency: args.currency, totalMinor: totals.totalMinor, autoSend: entry.autoSend },
        });
        if (!entry.autoSend) {
          // A draft waits for the team: the account team hears that it is ready to review and send.
          const team = await c.execute<{ id: string; name: string; email: string }[]>(
            `select u.id, u.name, u.email from account_team_member t join app_user u on u.id = t.user_id join account a on a.id = t.account_id
              where t.account_id = ? and u.disabled_at is null order by t.is_manager desc, u.name`, [args.accountId], 'all', ctx);
          for (const m of team) {
            await enqueueEmail(tx, {
              idempotencyKey: `invoice:${id}:draft-ready:${m.id}`, to: m.email, kind: 'invoice',
              content: { subject: `Invoice to review: ${entry.title}`, greeting: `Hello ${m.name},`, paragraphs: [`The billing schedule made the draft invoice "${entry.title}". Review it and send it when it is right.`], action: { label: 'Open the draft', url: `${publicUrl}/invoices/${id}` } },
            });
          }
        }
        return id;
      });
      if (!entry.autoSend) return { invoiceId, dunning: null };
      const { commandId: _none, ...dunning } = await sendInvoice({ orm, storage, publicUrl, dayMs: args.dayMs, defaultPolicy: args.dunning }, invoiceId, {
        actor: null, ip: null, userAgent: null, data: { schedule: entry.key, engagementId: args.engagementId },
      });
      return { invoiceId, dunning };
    },
  };
}
