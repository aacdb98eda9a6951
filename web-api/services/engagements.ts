import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { SearchAttributeType } from '@temporalio/common';
import { enqueueCommand } from '../../db/workflow-commands.ts';
import { insertStartedEngagement } from '../../db/engagements.ts';
import type { MilestoneView } from '../../db/entities/engagement.ts';
import {
  engagementWorkflow, engagementWorkflowId, waitingOnValue, type Actor, type BillingPlan, type EngagementInput, type MilestoneOwner, type Origin,
} from '../../workflows/engagement.ts';
import type { ChecklistItemSpec } from '../../workflows/onboarding.ts';
import { PorticoAccountId, PorticoStatus, PorticoWaitingOn } from '../../workflows/search-attributes.ts';

export interface EngagementSummary {
  id: string;
  accountId: string;
  accountName: string;
  title: string;
  status: 'active' | 'completed';
  progress: { done: number; total: number };
  currentMilestone: string | null;
  waitingOn: 'client' | 'staff' | null;
  milestones: (MilestoneView & { owner?: MilestoneOwner })[];
  startedAt: string;
  updatedAt: string;
  /** The template version it started from (kept for good), if any. */
  template: { name: string; version: number } | null;
  checklist: ChecklistItemView[];
}

/** A checklist item as people see it (no reminder schedule internals). */
export interface ChecklistItemView {
  key: string; title: string; instructions: string; assignee: 'client' | 'staff'; status: 'open' | 'done' | 'waived';
  dueAt: string; completedAt: string | null; completedBy: string | null; waivedReason: string | null;
  completion: ChecklistItemSpec['completion']; answers: Record<string, string | boolean> | null; fileId: string | null;
  /** The uploaded file that completed it. */
  file: { id: string; name: string; contentType: string; size: number; sha256: string } | null;
  blocksMilestone: string | null; reminders: { step: string; at: string }[];
}

export type StoredItem = Omit<ChecklistItemView, 'file' | 'reminders'> & { sent?: { step: string; at: string }[]; file?: (NonNullable<ChecklistItemView['file']> & { accountId?: string }) | null };

export function checklistView(items: StoredItem[]): ChecklistItemView[] {
  return items.map((i) => ({
    key: i.key, title: i.title, instructions: i.instructions, assignee: i.assignee, status: i.status, dueAt: i.dueAt,
    completedAt: i.completedAt, completedBy: i.completedBy, waivedReason: i.waivedReason, completion: i.completion,
    answers: i.answers, fileId: i.fileId,
    // A reopened item forgets its file.
    file: i.status === 'done' && i.file ? { id: i.file.id, name: i.file.name, contentType: i.file.contentType, size: i.file.size, sha256: i.file.sha256 } : null,
    blocksMilestone: i.blocksMilestone, reminders: i.sent ?? [],
  }));
}

interface EngagementRow {
  id: string; account_id: string; account_name: string; title: string; status: 'active' | 'completed';
  progress_done: number; progress_total: number; current_milestone: string | null; waiting_on: 'client' | 'staff' | null;
  milestones: MilestoneView[]; created_at: Date; updated_at: Date; template_name: string | null; template_version: number | null;
  checklist: StoredItem[];
}

const SELECT = `select e.id, e.account_id, a.name as account_name, e.title, e.status, e.progress_done, e.progress_total,
  e.current_milestone, e.waiting_on, e.milestones, e.checklist, e.created_at, e.updated_at, t.name as template_name, v.version as template_version
  from engagement e join account a on a.id = e.account_id
  left join engagement_template_version v on v.id = e.template_version_id left join engagement_template t on t.id = v.template_id`;

function toSummary(r: EngagementRow): EngagementSummary {
  return {
    id: r.id, accountId: r.account_id, accountName: r.account_name, title: r.title, status: r.status,
    progress: { done: r.progress_done, total: r.progress_total },
    currentMilestone: r.current_milestone, waitingOn: r.waiting_on, milestones: r.milestones,
    startedAt: new Date(r.created_at).toISOString(), updatedAt: new Date(r.updated_at).toISOString(),
    template: r.template_name && r.template_version ? { name: r.template_name, version: r.template_version } : null,
    checklist: checklistView(r.checklist),
  };
}

/** Engagements of one account from the read model, active first, newest first. */
export async function listEngagements(em: EntityManager, accountId: string): Promise<EngagementSummary[]> {
  const rows = await em.getConnection().execute<EngagementRow[]>(
    `${SELECT} where e.account_id = ? order by e.status = 'completed', e.created_at desc`, [accountId]);
  return rows.map(toSummary);
}

/** The JSON of one engagement summary, built in SQL (the home page reads everything in one query). */
export const ENGAGEMENT_JSON = `json_build_object('id', e.id, 'accountId', e.account_id, 'accountName', a.name, 'title', e.title,
  'status', e.status, 'progress', json_build_object('done', e.progress_done, 'total', e.progress_total),
  'currentMilestone', e.current_milestone, 'waitingOn', e.waiting_on, 'milestones', e.milestones,
  'startedAt', to_char(e.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
  'updatedAt', to_char(e.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
  'checklist', e.checklist,
  'template', (select json_build_object('name', t.name, 'version', v.version) from engagement_template_version v
                 join engagement_template t on t.id = v.template_id where v.id = e.template_version_id))`;

export async function getEngagement(em: EntityManager, engagementId: string): Promise<EngagementSummary | null> {
  const rows = await em.getConnection().execute<EngagementRow[]>(`${SELECT} where e.id = ?`, [engagementId]);
  return rows[0] ? toSummary(rows[0]) : null;
}

/**
 * Starts an engagement inside the caller's transaction: a first read-model row, so the engagement
 * shows at once, and the command that starts its workflow (id derived from the engagement id, so
 * a repeated delivery attaches to the running one). Nothing reaches Temporal before the
 * transaction commits; then the caller delivers the commands (`deliverCommands`).
 * `created` is false when the engagement already existed (a retried request with the same key).
 */
export async function startEngagement(
  tx: EntityManager,
  taskQueue: string,
  input: {
    engagementId?: string; accountId: string; title: string; actor: Actor; origin?: Origin; templateVersionId?: string;
    milestones: { title: string; owner: MilestoneOwner; blockedBy?: string[] }[];
    onboarding?: { items: ChecklistItemSpec[]; dayMs: number };
    billing?: BillingPlan;
  },
): Promise<{ engagementId: string; created: boolean; commandIds: number[] }> {
  const engagementId = input.engagementId ?? randomUUID();
  const milestones = input.milestones.map((m, i) => ({ id: `m${i + 1}`, title: m.title, owner: m.owner, ...(m.blockedBy?.length ? { blockedBy: m.blockedBy } : {}) }));
  const args: EngagementInput = {
    engagementId, accountId: input.accountId, title: input.title, milestones, startedBy: input.actor, origin: input.origin,
    ...(input.onboarding?.items.length ? { onboarding: input.onboarding } : {}),
    ...(input.billing?.schedule.length ? { billing: input.billing } : {}),
  };
  const views = milestones.map((m, i) => ({ ...m, status: i === 0 ? 'current' as const : 'pending' as const, completedAt: null, completedBy: null }));
  // The checklist as it will start, so the engagement page shows it at once; the onboarding workflow's first
  // record (checklist version 1) replaces it.
  const now = Date.now();
  const checklist = (input.onboarding?.items ?? []).map((item) => ({
    ...item, status: 'open', dueAt: new Date(now + item.dueDays * (input.onboarding?.dayMs ?? 86_400_000)).toISOString(),
    completedAt: null, completedBy: null, answers: null, fileId: null, waivedReason: null, sent: [],
  }));
  // Version 0: any write by the workflow's activity (version ≥ 1) wins over this placeholder.
  const created = await insertStartedEngagement(tx, {
    id: engagementId, accountId: input.accountId, title: input.title, workflowId: engagementWorkflowId(engagementId), milestones: views,
    startedById: input.actor.id, checklist, templateVersionId: input.templateVersionId ?? null,
  });
  if (!created) return { engagementId, created: false, commandIds: [] };
  const attr = (key: { name: string; type: SearchAttributeType }, value: unknown) => ({ name: key.name, type: key.type, value });
  const commandId = await enqueueCommand(tx, {
    kind: 'start', key: `engagement:${engagementId}:start`, workflowId: engagementWorkflowId(engagementId), workflowType: engagementWorkflow.name,
    taskQueue, args: [args],
    searchAttributes: [
      attr(PorticoAccountId, input.accountId),
      attr(PorticoStatus, 'active'),
      // What the workflow sets from then on: the first milestone's owner (unless it waits for items) and the sides with items.
      attr(PorticoWaitingOn, waitingOnValue([
        ...(milestones[0] && !milestones[0].blockedBy?.length ? [milestones[0].owner] : []),
        ...(input.onboarding?.items ?? []).map((i) => i.assignee),
      ])),
    ],
  });
  return { engagementId, created: true, commandIds: [commandId] };
}
