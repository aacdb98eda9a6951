/**
 * Sending an invoice, the one way it happens: by the team through the API, or by an engagement's
 * billing schedule through an activity. The number is taken in a transaction with the counter row
 * locked; everything after it (the PDF kept as the sent copy with its SHA-256, the client's email)
 * is idempotent, so a send interrupted after the number was taken completes on a retry. The API
 * queues the dunning workflow's start with the number; the engagement workflow starts it as an
 * abandoned child with the input returned.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import { recordAudit } from '../../db/audit.ts';
import { enqueueEmail } from '../../db/outbox.ts';
import type { FileStorage } from '../../db/files/storage.ts';
import type { DunningInput, DunningPolicy } from '../../workflows/dunning.ts';
import { enqueueCommand, type WorkflowCommandSpec } from '../../db/workflow-commands.ts';
import { invoiceLabel, recomputeInvoice } from './ledger.ts';

export interface SendDeps {
  orm: MikroORM;
  storage: FileStorage;
  publicUrl: string;
  /** Length of a dunning "day" in ms (PORTICO_DAY_MS). */
  dayMs: number;
  /** The policy of an invoice that has none of its own. */
  defaultPolicy: DunningPolicy;
}

/** Who sends, for the audit trail (null: the engagement's billing schedule). */
export interface SendContext {
  actor: { id: string | null; email: string | null; role: string | null } | null;
  ip: string | null;
  userAgent: string | null;
  data?: Record<string, unknown>;
}

/**
 * Sends an invoice (a draft takes the next number; one already numbered is finished) and returns
 * the input of its dunning workflow. Safe to call again for the same invoice. The number, the
 * status, the audit event and the client's emails commit together; with `dunningCommand` (the
 * API, which builds the command that starts the dunning workflow with this input) that command
 * commits with them too, so a crash after the commit loses nothing (the relay starts it, and the
 * workflow keeps the sent copy if the PDF was not made). The engagement's billing schedule starts dunning as a child workflow instead.
 */
export async function sendInvoice(deps: SendDeps, invoiceId: string, ctx: SendContext, opts: { dunningCommand?: (input: DunningInput) => WorkflowCommandSpec } = {}): Promise<DunningInput & { commandId: number | null }> {
  const { dunning, commandId } = await deps.orm.em.fork().transactional(async (tx) => {
    const c = tx.getConnection();
    const tctx = tx.getTransactionContext();
    const locked = (await c.execute<{ status: string; account_id: string; currency: string }[]>('select status, account_id, currency from invoice where id = ? for update', [invoiceId], 'all', tctx))[0]!;
    if (locked.status === 'draft') {
      // The counter row is locked until this transaction ends: numbers follow commit order, and a rollback gives its number back.
      const n = (await c.execute<{ number: number }[]>(
        `insert into invoice_counter (id, next_number) values (1, 2) on conflict (id) do update set next_number = invoice_counter.next_number + 1 returning next_number - 1 as number`, [], 'all', tctx))[0]!.number;
      await c.execute(`update invoice set number = ?, status = 'sent', issue_date = coalesce(issue_date, to_char(now() at time zone 'UTC', 'YYYY-MM-DD')), sent_at = now() where id = ?`, [n, invoiceId], 'run', tctx);
      const totals = await recomputeInvoice(tx, invoiceId);
      // The amount as sent is part of the evidence ("invoices sent with amounts"): the total changes later with fees.
      await recordAudit(tx, {
        actor: ctx.actor, ip: ctx.ip, userAgent: ctx.userAgent, eventKey: `invoice:${invoiceId}:sent`, action: 'invoice.sent', accountId: locked.account_id,
        target: { type: 'invoice', id: invoiceId }, data: { number: invoiceLabel(n), totalMinor: totals.totalMinor, currency: locked.currency, ...ctx.data },
      });
    }
    const inv = (await c.execute<{ account_id: string; account_name: string; number: number | null; due_date: string; dunning_policy: DunningPolicy | null }[]>(
      'select i.account_id, a.name as account_name, i.number, i.due_date, i.dunning_policy from invoice i join account a on a.id = i.account_id where i.id = ?', [invoiceId], 'all', tctx))[0]!;
    const clients = await c.execute<{ id: string; name: string; email: string }[]>(
      'select id, name, email from app_user where account_id = ? and disabled_at is null and password_hash is not null', [inv.account_id], 'all', tctx);
    const label = invoiceLabel(inv.number);
    for (const u of clients) {
      await enqueueEmail(tx, {
        idempotencyKey: `invoice:${invoiceId}:sent:${u.id}`, to: u.email, kind: 'invoice',
        content: { subject: `Invoice ${label} from your account team`, greeting: `Hello ${u.name},`, paragraphs: [`Invoice ${label} for ${inv.account_name} is ready; it is due on ${inv.due_date}.`], action: { label: 'View and pay', url: `${deps.publicUrl}/invoices/${invoiceId}` } },
      });
    }
    // Dunning runs from the due date, counted in "days" of PORTICO_DAY_MS from now (real days outside tests and demos).
    const daysToDue = Math.round((Date.parse(`${inv.due_date}T00:00:00Z`) - Date.parse(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`)) / 86_400_000);
    const input: DunningInput = {
      invoiceId, accountId: inv.account_id, dueAt: new Date(Date.now() + daysToDue * deps.dayMs).toISOString(), policy: inv.dunning_policy ?? deps.defaultPolicy, dayMs: deps.dayMs,
    };
    const id = opts.dunningCommand ? await enqueueCommand(tx, opts.dunningCommand(input)) : null;
    return { dunning: input, commandId: id };
  });
  await keepSentCopy(deps, invoiceId);
  return { ...dunning, commandId };
}

/** Renders the invoice as sent and keeps it with its SHA-256, once (a second call keeps the first copy). */
export async function keepSentCopy(deps: Pick<SendDeps, 'orm' | 'storage'>, invoiceId: string): Promise<void> {
  const { orm } = deps;
  // One keeper at a time per invoice (the API after sending, the dunning workflow's first step): the second finds the copy kept.
  await orm.em.fork().transactional(async (tx) => {
    const c = tx.getConnection();
    const ctx = tx.getTransactionContext();
    await c.execute('select pg_advisory_xact_lock(hashtext(?))', [`invoice-sent-copy:${invoiceId}`], 'all', ctx);
    const kept = (await c.execute<{ sent_file_id: string | null }[]>('select sent_file_id from invoice where id = ?', [invoiceId], 'all', ctx))[0];
    if (!kept || kept.sent_file_id) return;
    // Loaded when first needed, like every caller of the renderer: pdf-lib stays out of start-up.
    const { renderAndStoreInvoice } = await import('./document.ts');
    const pdf = await renderAndStoreInvoice(orm, deps.storage, invoiceId);
    await c.execute('update invoice set sent_file_id = coalesce(sent_file_id, ?), sent_sha256 = coalesce(sent_sha256, ?) where id = ?', [pdf.fileId, pdf.sha256, invoiceId], 'run', ctx);
  });
}
