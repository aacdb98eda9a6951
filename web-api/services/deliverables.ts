import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { addDeliverableUpdate, engagementWorkflowId, type Actor } from '../../workflows/engagement.ts';
import { reviewWorkflowId, submitVersionUpdate, type ReviewState } from '../../workflows/review.ts';
import type { Origin } from '../../workflows/engagement.ts';
import type { StoredFile } from '../../db/entities/stored-file.ts';
import { AppError } from '../errors.ts';
import { enqueueCommand } from '../../db/workflow-commands.ts';
import { deliverCommands, type TemporalDeps } from './temporal.ts';
import { reviewPolicy, type ReviewPolicyInput } from '../templates/template-format.ts';
import type { SessionUser } from '../auth/session-user.ts';

export const isClientRole = (role: string): boolean => role === 'client_member' || role === 'client_admin';

/**
 * Adds a deliverable to an engagement inside the caller's transaction: its row and the command
 * that sends the engagement workflow the Update `addDeliverable` (whose handler starts the review
 * workflow as a child). If the engagement refuses it (e.g. it has completed), the row is removed
 * in the transaction that records the refusal.
 */
export async function createDeliverable(
  tx: EntityManager,
  dayMs: number,
  input: { id?: string; engagementId: string; accountId: string; title: string; description: string; policy: ReviewPolicyInput; templateKey?: string | null; actor: Actor },
): Promise<{ id: string; commandIds: number[] }> {
  const id = input.id ?? randomUUID();
  const policy = reviewPolicy(input.policy);
  const inserted = await tx.getConnection().execute<{ affectedRows: number }>(
    `insert into deliverable (id, created_at, account_id, engagement_id, template_key, title, description, status, policy, review, version,
        unlock_on_approval, workflow_id, created_by_id, updated_at)
     values (?, now(), ?, ?, ?, ?, ?, 'awaiting_version', ?, '{}', 0, ?, ?, ?, now()) on conflict (id) do nothing`,
    [id, input.accountId, input.engagementId, input.templateKey ?? null, input.title, input.description, JSON.stringify(policy),
      policy.unlockOnApproval, reviewWorkflowId(id), input.actor.id], 'run', tx.getTransactionContext());
  if (!inserted.affectedRows) return { id, commandIds: [] };
  const commandId = await enqueueCommand(tx, {
    kind: 'update', key: `deliverable:${id}`, workflowId: engagementWorkflowId(input.engagementId), update: addDeliverableUpdate.name,
    args: [{ deliverableId: id, title: input.title, policy, dayMs, actor: input.actor }],
    onRefused: { kind: 'deliverable.remove', id },
  });
  return { id, commandIds: [commandId] };
}

export interface DeliverableRow {
  id: string; account_id: string; account_name: string; engagement_id: string; engagement_title: string; title: string; description: string;
  status: string; policy: { stages: { key: string; title: string }[]; unlockOnApproval: boolean }; review: Partial<ReviewState>;
  due_at: Date | null; created_at: Date; updated_at: Date; template_key: string | null;
}

const SELECT = `select d.id, d.account_id, a.name as account_name, d.engagement_id, e.title as engagement_title, d.title, d.description,
  d.status, d.policy, d.review, d.due_at, d.created_at, d.updated_at, d.template_key
  from deliverable d join account a on a.id = d.account_id join engagement e on e.id = d.engagement_id`;

export interface DeliverableSummary {
  id: string; accountId: string; accountName: string; engagementId: string; engagementTitle: string; title: string; description: string;
  status: string; outcome: string | null; unlocked: boolean; round: number; currentVersion: number | null; dueAt: string | null; overdue: boolean;
  /** Who the open stages wait on (names), and whether the viewer is one of them. */
  waitingOn: string[]; waitingOnYou: boolean; stages: { key: string; title: string }[]; updatedAt: string;
}

export function summarize(row: DeliverableRow, viewer: SessionUser | null, now = Date.now()): DeliverableSummary {
  const review = row.review;
  const round = review.rounds?.[review.rounds.length - 1];
  const open = round && !round.closedAt ? round.stages.filter((s) => s.status === 'open') : [];
  const undecided = open.flatMap((s) => s.reviewers.filter((r) => !s.decisions.some((d) => d.reviewerId === r.id && !d.superseded)));
  return {
    id: row.id, accountId: row.account_id, accountName: row.account_name, engagementId: row.engagement_id, engagementTitle: row.engagement_title,
    title: row.title, description: row.description, status: row.status, outcome: review.outcome ?? null, unlocked: review.unlocked ?? false,
    round: round?.number ?? 0, currentVersion: round?.version.number ?? null,
    dueAt: row.due_at ? new Date(row.due_at).toISOString() : null, overdue: !!row.due_at && new Date(row.due_at).getTime() < now,
    waitingOn: [...new Set(undecided.map((r) => r.name))], waitingOnYou: !!viewer && undecided.some((r) => r.id === viewer.id),
    stages: row.policy.stages.map((s) => ({ key: s.key, title: s.title })), updatedAt: new Date(row.updated_at).toISOString(),
  };
}

export async function loadDeliverable(em: EntityManager, id: string): Promise<DeliverableRow | null> {
  return (await em.getConnection().execute<DeliverableRow[]>(`${SELECT} where d.id = ?`, [id]))[0] ?? null;
}

/**
 * The deliverables `listDeliverables` finds for one account and set of statuses, as a JSON array
 * expression, so a page that needs them with other data (the client home) loads in one query.
 * Its rows go through `summarize` like the list's.
 */
export function accountDeliverablesJson(statuses: readonly string[]): { sql: string; params: (account: string) => unknown[] } {
  return {
    sql: `(select coalesce(json_agg(x), '[]') from (${SELECT} where d.account_id = ? and d.status in (${statuses.map(() => '?').join(', ')})
      order by d.due_at nulls last, d.created_at desc limit 500) x)`,
    params: (account) => [account, ...statuses],
  };
}

export async function listDeliverables(em: EntityManager, where: { engagementId?: string; accountIds?: string[] | 'all'; status?: string[] }, viewer: SessionUser): Promise<DeliverableSummary[]> {
  const clauses: string[] = [];
  const params: unknown[] = [];
  if (where.engagementId) { clauses.push('d.engagement_id = ?'); params.push(where.engagementId); }
  if (where.accountIds && where.accountIds !== 'all') {
    if (!where.accountIds.length) return [];
    clauses.push(`d.account_id in (${where.accountIds.map(() => '?').join(', ')})`);
    params.push(...where.accountIds);
  }
  if (where.status?.length) { clauses.push(`d.status in (${where.status.map(() => '?').join(', ')})`); params.push(...where.status); }
  const rows = await em.getConnection().execute<DeliverableRow[]>(
    `${SELECT} ${clauses.length ? `where ${clauses.join(' and ')}` : ''} order by d.due_at nulls last, d.created_at desc limit 500`, params);
  return rows.map((r) => summarize(r, viewer));
}

/** The review as the viewer may see it: clients get names, never email addresses. */
export function reviewView(review: Partial<ReviewState>) {
  return {
    rounds: (review.rounds ?? []).map((r) => ({
      number: r.number, openedAt: r.openedAt, closedAt: r.closedAt, outcome: r.outcome,
      version: { id: r.version.id, number: r.version.number, sha256: r.version.sha256, name: r.version.name, uploadedBy: r.version.uploadedBy, at: r.version.at },
      stages: r.stages.map((s) => ({
        key: s.key, title: s.title, rule: s.rule, parallel: s.parallel, status: s.status, openedAt: s.openedAt, dueAt: s.dueAt, closedAt: s.closedAt,
        reviewers: s.reviewers.map((x) => ({ id: x.id, name: x.name })),
        decisions: s.decisions.map((d) => ({ reviewerId: d.reviewerId, reviewerName: d.reviewerName, decision: d.decision, comment: d.comment, at: d.at, sha256: d.sha256, superseded: d.superseded })),
        reminders: s.sent,
      })),
    })),
  };
}

/**
 * Makes a stored file the deliverable's next version and opens its review round. The version
 * number is taken under a row lock; the same idempotency key (or an `existing` version found by
 * it) never makes a second version, and the Update's id makes a retry open no second round.
 */
export async function submitVersion(
  deps: { em: EntityManager } & Pick<TemporalDeps, 'commands' | 'deadlineMs'>,
  input: { deliverableId: string; file: StoredFile; actor: Actor; origin?: Origin; note: string | null; idempotencyKey: string | null; existing?: { id: string; number: number } },
): Promise<{ id: string; number: number; state: 'delivered' | 'queued' }> {
  const { deliverableId, file, idempotencyKey: key } = input;
  // The version row and the command that opens its round commit together; the command's key is the Update id.
  const { version, commandId } = await deps.em.fork().transactional(async (tx) => {
    const c = tx.getConnection();
    const ctx = tx.getTransactionContext();
    await c.execute('select 1 from deliverable where id = ? for update', [deliverableId], 'all', ctx);
    const again = input.existing ?? (key ? (await c.execute<{ id: string; number: number }[]>(
      'select id, number from deliverable_version where deliverable_id = ? and idempotency_key = ?', [deliverableId, key], 'all', ctx))[0] : undefined);
    const v = again ?? await (async () => {
      const next = Number((await c.execute<{ n: number }[]>('select coalesce(max(number), 0) + 1 as n from deliverable_version where deliverable_id = ?', [deliverableId], 'all', ctx))[0]!.n);
      return (await c.execute<{ id: string; number: number }[]>(
        `insert into deliverable_version (id, created_at, deliverable_id, number, stored_file_id, sha256, uploaded_by_id, note, idempotency_key)
         values (gen_random_uuid(), now(), ?, ?, ?, ?, ?, ?, ?) returning id, number`,
        [deliverableId, next, file.id, file.sha256, input.actor.id, input.note?.trim() || null, key], 'all', ctx))[0]!;
    })();
    const id = await enqueueCommand(tx, {
      kind: 'update', key: `version:${v.id}`, workflowId: reviewWorkflowId(deliverableId), update: submitVersionUpdate.name,
      args: [{ version: { id: v.id, number: v.number, sha256: file.sha256, name: file.name, uploadedBy: input.actor.name, at: new Date().toISOString() }, actor: input.actor, origin: input.origin }],
    });
    return { version: { id: v.id, number: Number(v.number) }, commandId: id };
  });
  let state: 'delivered' | 'queued';
  try {
    state = await deliverCommands(deps, [commandId]);
  } catch (e) {
    // The same version submitted before (a retry after the round opened) is not an error.
    if (!(e instanceof AppError && e.message === 'This version is already under review')) throw e;
    state = 'delivered';
  }
  return { ...version, state };
}

