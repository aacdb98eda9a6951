import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { addDeliverableUpdate, engagementWorkflowId, type Actor } from '../../workflows/engagement.ts';
import { reviewWorkflowId, submitVersionUpdate, type ReviewState } from '../../workflows/review.ts';
import type { Origin } from '../../workflows/engagement.ts';
import type { StoredFile } from '../../db/entities/stored-file.ts';
import { AppError, ERROR_STATUS, type ErrorCode } from '../errors.ts';
import { reviewPolicy, type ReviewPolicyInput } from '../templates/template-format.ts';
import type { SessionUser } from '../auth/session-user.ts';

export const isClientRole = (role: string): boolean => role === 'client_member' || role === 'client_admin';

/** A refused Workflow Update becomes the API error its validator named, with its field errors. */
export function workflowUpdateError(err: unknown): unknown {
  // A workflow that has finished (or not yet started) takes no Updates.
  if (err instanceof WorkflowNotFoundError) return new AppError('conflict', 'This is not open for changes any more');
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
    const code = (err.cause.type && err.cause.type in ERROR_STATUS ? err.cause.type : 'conflict') as ErrorCode;
    const fields = err.cause.details?.[0];
    return new AppError(code, err.cause.message, fields && typeof fields === 'object' ? { fields: fields as Record<string, string> } : {});
  }
  return err;
}

/**
 * Adds a deliverable to an engagement: its row, then its review workflow (a child of the
 * engagement's). If the engagement refuses (e.g. it is complete) the row goes again.
 */
export async function createDeliverable(
  deps: { em: EntityManager; temporal: Client; dayMs: number },
  input: { engagementId: string; accountId: string; title: string; description: string; policy: ReviewPolicyInput; templateKey?: string | null; actor: Actor },
): Promise<string> {
  const id = randomUUID();
  const policy = reviewPolicy(input.policy);
  await deps.em.getConnection().execute(
    `insert into deliverable (id, created_at, account_id, engagement_id, template_key, title, description, status, policy, review, version,
        unlock_on_approval, workflow_id, created_by_id, updated_at)
     values (?, now(), ?, ?, ?, ?, ?, 'awaiting_version', ?, '{}', 0, ?, ?, ?, now())`,
    [id, input.accountId, input.engagementId, input.templateKey ?? null, input.title, input.description, JSON.stringify(policy),
      policy.unlockOnApproval, reviewWorkflowId(id), input.actor.id]);
  try {
    await deps.temporal.workflow.getHandle(engagementWorkflowId(input.engagementId)).executeUpdate(addDeliverableUpdate, {
      args: [{ deliverableId: id, title: input.title, policy, dayMs: deps.dayMs, actor: input.actor }],
      updateId: `deliverable:${id}`,
    });
  } catch (err) {
    await deps.em.getConnection().execute('delete from deliverable where id = ?', [id]);
    throw workflowUpdateError(err);
  }
  return id;
}

interface DeliverableRow {
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
  deps: { em: EntityManager; temporal: Client },
  input: { deliverableId: string; file: StoredFile; actor: Actor; origin?: Origin; note: string | null; idempotencyKey: string | null; existing?: { id: string; number: number } },
): Promise<{ id: string; number: number }> {
  const { deliverableId, file, idempotencyKey: key } = input;
  const version = input.existing ?? await deps.em.fork().transactional(async (tx) => {
    const c = tx.getConnection();
    const ctx = tx.getTransactionContext();
    await c.execute('select 1 from deliverable where id = ? for update', [deliverableId], 'all', ctx);
    const again = key ? (await c.execute<{ id: string; number: number }[]>(
      'select id, number from deliverable_version where deliverable_id = ? and idempotency_key = ?', [deliverableId, key], 'all', ctx))[0] : undefined;
    if (again) return again;
    const next = Number((await c.execute<{ n: number }[]>('select coalesce(max(number), 0) + 1 as n from deliverable_version where deliverable_id = ?', [deliverableId], 'all', ctx))[0]!.n);
    return (await c.execute<{ id: string; number: number }[]>(
      `insert into deliverable_version (id, created_at, deliverable_id, number, stored_file_id, sha256, uploaded_by_id, note, idempotency_key)
       values (gen_random_uuid(), now(), ?, ?, ?, ?, ?, ?, ?) returning id, number`,
      [deliverableId, next, file.id, file.sha256, input.actor.id, input.note?.trim() || null, key], 'all', ctx))[0]!;
  });
  try {
    await deps.temporal.workflow.getHandle(reviewWorkflowId(deliverableId)).executeUpdate(submitVersionUpdate, {
      args: [{ version: { id: version.id, number: version.number, sha256: file.sha256, name: file.name, uploadedBy: input.actor.name, at: new Date().toISOString() }, actor: input.actor, origin: input.origin }],
      updateId: `version:${version.id}`,
    });
  } catch (err) {
    const e = workflowUpdateError(err);
    // The same version submitted before (a retry after the round opened) is not an error.
    if (!(e instanceof AppError && e.message === 'This version is already under review')) throw e;
  }
  return version;
}
