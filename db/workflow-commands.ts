/**
 * The one rule at the seam between PostgreSQL and Temporal: a change that needs a workflow writes
 * its rows and a command for Temporal in ONE transaction (`enqueueCommand`); the relay delivers the
 * command until Temporal acknowledges it. Nothing is written first and called later, so a crash or
 * a Temporal outage between the two cannot strand or lose work.
 *
 * Delivery is idempotent: a start uses the workflow id derived from the business id (a running
 * workflow is attached to, a closed one is not started again); an Update carries the command's key
 * as its Update id (Temporal answers a repeat with the first outcome); signals are idempotent by
 * their handlers. The commands of one workflow are delivered in the order they were written (a
 * signal never overtakes the start it depends on). An Update the workflow refuses is final: the
 * rows written with it are undone by the command's `onRefused` in the transaction that records
 * the refusal, and the API answers with the workflow's reason when it delivers inline.
 */
import {
  WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, WorkflowUpdateFailedError, type Client,
} from '@temporalio/client';
import { defineSearchAttributeKey, type SearchAttributeType, type SearchAttributePair } from '@temporalio/common';
import type { EntityManager } from '@mikro-orm/postgresql';

export type WorkflowCommandSpec = { key: string; workflowId: string } & (
  | { kind: 'start'; workflowType: string; taskQueue: string; args: unknown[]; searchAttributes?: { name: string; type: SearchAttributeType; value: unknown }[] }
  | { kind: 'signal'; signal: string; args: unknown[] }
  | { kind: 'update'; update: string; args: unknown[]; onRefused?: Compensation }
);

/** Undoes what was written with an Update the workflow refused. */
export interface Compensation { kind: keyof typeof COMPENSATIONS; id: string }

const COMPENSATIONS = {
  /** A deliverable whose engagement refused it (e.g. the engagement had completed): it never existed. */
  'deliverable.remove': (em: EntityManager, id: string) =>
    em.getConnection().execute(`delete from deliverable where id = ? and version = 0`, [id], 'run', em.getTransactionContext()),
  /** A document whose engagement refused to collect it goes back to being a draft. */
  'document.unsend': (em: EntityManager, id: string) =>
    em.getConnection().execute(`update signature_document set status = 'draft', updated_at = now() where id = ? and status = 'collecting' and version = 0`, [id], 'run', em.getTransactionContext()),
} as const;

/** Queues a command in the caller's transaction; the same key queues it once. Returns its id. */
export async function enqueueCommand(tx: EntityManager, cmd: WorkflowCommandSpec): Promise<number> {
  const c = tx.getConnection();
  const ctx = tx.getTransactionContext();
  const name = cmd.kind === 'start' ? cmd.workflowType : cmd.kind === 'signal' ? cmd.signal : cmd.update;
  const inserted = await c.execute<{ id: string }[]>(
    `insert into workflow_command (created_at, command_key, kind, workflow_id, name, task_queue, args, search_attributes, on_refused, status, attempts, next_attempt_at)
     values (now(), ?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, now()) on conflict (command_key) do nothing returning id`,
    [cmd.key, cmd.kind, cmd.workflowId, name, cmd.kind === 'start' ? cmd.taskQueue : null, JSON.stringify(cmd.args),
      cmd.kind === 'start' && cmd.searchAttributes ? JSON.stringify(cmd.searchAttributes) : null,
      cmd.kind === 'update' && cmd.onRefused ? JSON.stringify(cmd.onRefused) : null], 'all', ctx);
  if (inserted[0]) return Number(inserted[0].id);
  return Number((await c.execute<{ id: string }[]>('select id from workflow_command where command_key = ?', [cmd.key], 'all', ctx))[0]!.id);
}

export type CommandOutcome =
  | { id: number; status: 'delivered' }
  /** The workflow refused the Update (or has closed): `error` is its answer. */
  | { id: number; status: 'refused'; error: unknown }
  /** Not delivered yet (Temporal or the worker did not answer in time, or an earlier command of the workflow waits): the relay goes on. */
  | { id: number; status: 'pending'; error?: unknown }
  | { id: number; status: 'failed'; error?: unknown };

interface CommandRow {
  id: string; command_key: string; kind: 'start' | 'signal' | 'update'; workflow_id: string; name: string; task_queue: string | null;
  args: unknown[]; search_attributes: { name: string; type: SearchAttributeType; value: unknown }[] | null;
  on_refused: Compensation | null; status: string; attempts: number; created_at: Date; last_error: string | null;
}

/** A command whose workflow does not exist yet is retried this long (its start may still be on its way) before it fails visibly. */
const MISSING_WORKFLOW_GRACE_MS = 10 * 60_000;
/** A claimed command whose deliverer died is offered again after this lease. */
const LEASE_SECONDS = 60;

/** Claims one pending command for delivery, unless an earlier command of its workflow is still pending or it is leased. */
const CLAIM = `update workflow_command c set locked_until = now() + make_interval(secs => ?), attempts = attempts + 1
  where c.id = ? and c.status = 'pending' and (c.locked_until is null or c.locked_until < now())
    and not exists (select 1 from workflow_command o where o.workflow_id = c.workflow_id and o.status = 'pending' and o.id < c.id)
  returning *`;

export class CommandRelay {
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();

  private readonly fork: () => EntityManager;
  private readonly client: Client;
  private readonly opts: { log?: (msg: string, data: Record<string, unknown>) => void };

  constructor(fork: () => EntityManager, client: Client, opts: { log?: (msg: string, data: Record<string, unknown>) => void } = {}) {
    this.fork = fork;
    this.client = client;
    this.opts = opts;
  }

  /** Delivers the given commands now, in order, each within `deadlineMs`; what is not delivered stays for the relay. */
  async deliver(ids: number[], deadlineMs: number): Promise<CommandOutcome[]> {
    const out: CommandOutcome[] = [];
    const until = Date.now() + deadlineMs;
    for (const id of ids) out.push(await this.deliverOne(id, until));
    return out;
  }

  /**
   * Claims and delivers one command; while it cannot be claimed (the relay is delivering it, or an
   * earlier command of its workflow is still on its way) waits for its outcome, until `until`.
   */
  private async deliverOne(id: number, until: number): Promise<CommandOutcome> {
    for (;;) {
      const row = (await this.fork().getConnection().execute<CommandRow[]>(CLAIM, [LEASE_SECONDS, id]))[0];
      if (row) {
        const outcome = await this.deliverRow(row, Math.max(500, until - Date.now()));
        // Not delivered yet: another attempt within the deadline only if Temporal answered at once (it may have been the workflow not started yet).
        if (outcome.status !== 'pending' || Date.now() + 250 > until) return outcome;
      } else {
        const now = (await this.fork().getConnection().execute<{ status: CommandOutcome['status']; last_error: string | null }[]>('select status, last_error from workflow_command where id = ?', [id]))[0];
        if (now?.status === 'refused') return { id, status: 'refused', error: new Error(now.last_error ?? 'Refused') };
        if (now && now.status !== 'pending') return { id, status: now.status } as CommandOutcome;
        if (Date.now() + 100 > until) return { id, status: 'pending' };
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Delivers every due command (oldest first, one at a time per workflow). Returns how many were tried. */
  async drain(limit = 50, deadlineMs = 20_000): Promise<number> {
    const due = await this.fork().getConnection().execute<{ id: string }[]>(
      `select c.id from workflow_command c where c.status = 'pending' and c.next_attempt_at <= now() and (c.locked_until is null or c.locked_until < now())
         and not exists (select 1 from workflow_command o where o.workflow_id = c.workflow_id and o.status = 'pending' and o.id < c.id)
       order by c.id limit ?`, [limit]);
    for (const { id } of due) {
      if (this.stopped) break;
      const row = (await this.fork().getConnection().execute<CommandRow[]>(CLAIM, [LEASE_SECONDS, id]))[0];
      if (row) await this.deliverRow(row, deadlineMs);
    }
    return due.length;
  }

  /** Runs `drain()` every `intervalMs` until stopped. */
  start(intervalMs = 1000, onError?: (err: unknown) => void): this {
    const tick = (): void => {
      this.running = (async () => {
        try {
          while (!this.stopped && (await this.drain()) >= 50);
        } catch (err) {
          onError?.(err);
        }
        if (!this.stopped) this.timer = setTimeout(tick, intervalMs);
      })();
    };
    tick();
    return this;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private async deliverRow(row: CommandRow, deadlineMs: number): Promise<CommandOutcome> {
    const id = Number(row.id);
    try {
      await this.client.withDeadline(Date.now() + deadlineMs, () => this.send(row));
      await this.settle(id, 'delivered', null);
      return { id, status: 'delivered' };
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) {
        // Started before and closed since: the start happened.
        await this.settle(id, 'delivered', null);
        return { id, status: 'delivered' };
      }
      if (err instanceof WorkflowUpdateFailedError) return this.refuse(row, err);
      if (err instanceof WorkflowNotFoundError) {
        const exists = await this.client.withDeadline(Date.now() + 2000, () => this.client.workflow.getHandle(row.workflow_id).describe()).then(() => true, () => false);
        if (exists && row.kind === 'signal') {
          // The workflow has closed: nothing is waiting for the signal any more.
          await this.settle(id, 'delivered', 'The workflow had closed');
          return { id, status: 'delivered' };
        }
        if (exists) return this.refuse(row, err);
        if (Date.now() - new Date(row.created_at).getTime() > MISSING_WORKFLOW_GRACE_MS) {
          await this.settle(id, 'failed', `No workflow ${row.workflow_id}`);
          this.opts.log?.('workflow command failed: no such workflow', { commandKey: row.command_key, workflowId: row.workflow_id });
          return { id, status: 'failed', error: err };
        }
      }
      // Temporal or the worker did not answer in time: tried again with back-off, for as long as it takes.
      const backoff = Math.min(60, 2 ** Math.min(row.attempts, 6));
      await this.fork().getConnection().execute(
        `update workflow_command set locked_until = null, next_attempt_at = now() + make_interval(secs => ?), last_error = ? where id = ? and status = 'pending'`,
        [backoff, String((err as Error).message ?? err).slice(0, 1000), id]);
      if (row.attempts > 3) this.opts.log?.('workflow command not delivered yet', { commandKey: row.command_key, attempts: row.attempts, error: (err as Error).message });
      return { id, status: 'pending', error: err };
    }
  }

  private async send(row: CommandRow): Promise<void> {
    const handle = () => this.client.workflow.getHandle(row.workflow_id);
    if (row.kind === 'start') {
      await this.client.workflow.start(row.name, {
        workflowId: row.workflow_id, taskQueue: row.task_queue!, args: row.args,
        // A running workflow is attached to; one that has closed is not started again.
        workflowIdConflictPolicy: 'USE_EXISTING', workflowIdReusePolicy: 'REJECT_DUPLICATE',
        ...(row.search_attributes?.length ? {
          typedSearchAttributes: row.search_attributes.map((a) => ({ key: defineSearchAttributeKey(a.name, a.type), value: a.value }) as SearchAttributePair),
        } : {}),
      });
    } else if (row.kind === 'signal') {
      await handle().signal(row.name, ...row.args);
    } else {
      await handle().executeUpdate(row.name, { args: row.args as [unknown, ...unknown[]], updateId: row.command_key });
    }
  }

  private async refuse(row: CommandRow, err: unknown): Promise<CommandOutcome> {
    const id = Number(row.id);
    const message = err instanceof WorkflowUpdateFailedError && err.cause ? err.cause.message : 'This is not open for changes any more';
    await this.fork().transactional(async (tx) => {
      const done = await tx.getConnection().execute<{ affectedRows: number }>(
        `update workflow_command set status = 'refused', last_error = ?, locked_until = null where id = ? and status = 'pending'`, [message.slice(0, 1000), id], 'run', tx.getTransactionContext());
      if (done.affectedRows && row.on_refused) await COMPENSATIONS[row.on_refused.kind](tx, row.on_refused.id);
    });
    this.opts.log?.('workflow command refused', { commandKey: row.command_key, reason: message });
    return { id, status: 'refused', error: err };
  }

  private async settle(id: number, status: 'delivered' | 'failed', note: string | null): Promise<void> {
    await this.fork().getConnection().execute(
      `update workflow_command set status = ?, delivered_at = case when ? = 'delivered' then now() else null end, last_error = ?, locked_until = null where id = ? and status = 'pending'`,
      [status, status, note, id]);
  }
}

/** The commands of a workflow not yet delivered, in order (a retried request delivers what its first attempt queued). */
export async function pendingCommands(em: EntityManager, workflowId: string): Promise<number[]> {
  return (await em.getConnection().execute<{ id: string }[]>(`select id from workflow_command where workflow_id = ? and status = 'pending' order by id`, [workflowId], 'all', em.getTransactionContext()))
    .map((r) => Number(r.id));
}
