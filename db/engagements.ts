/**
 * The `engagement` read model's writes. The workflows own an engagement; this row is what pages
 * read. The API writes a first row with the command that starts the workflow, so the engagement
 * shows at once (version 0); then the engagement workflow's activity writes its progress and the
 * onboarding workflow's activity its checklist, each under a version of its own that only grows,
 * so a retried or late write never rolls the row back.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { MilestoneView } from './entities/engagement.ts';

/** A milestone as the read model keeps it: what pages show, with whose it is. */
type StoredMilestone = MilestoneView & { owner: 'client' | 'staff' };

/**
 * The row of an engagement being started, in the caller's transaction: active, nothing done, the
 * first milestone current and waiting on its owner. Returns false when the engagement exists
 * already (a retried start).
 */
export async function insertStartedEngagement(tx: EntityManager, e: {
  id: string; accountId: string; title: string; workflowId: string; milestones: StoredMilestone[];
  startedById: string; checklist: unknown[]; templateVersionId: string | null;
}): Promise<boolean> {
  const inserted = await tx.getConnection().execute<{ affectedRows: number }>(
    `insert into engagement (id, created_at, account_id, title, workflow_id, status, milestones, progress_done, progress_total,
        current_milestone, waiting_on, version, started_by_id, updated_at, checklist, checklist_version, template_version_id)
     values (?, now(), ?, ?, ?, 'active', ?, 0, ?, ?, ?, 0, ?, now(), ?, 0, ?) on conflict (id) do nothing`,
    [e.id, e.accountId, e.title, e.workflowId, JSON.stringify(e.milestones), e.milestones.length,
      e.milestones[0]?.title ?? null, e.milestones[0]?.owner ?? null, e.startedById, JSON.stringify(e.checklist), e.templateVersionId],
    'run', tx.getTransactionContext());
  return inserted.affectedRows > 0;
}

/**
 * The engagement workflow's state at `version`, in the caller's transaction: the row is made if it
 * is missing (`startedById` is kept only then) and otherwise written over an older version.
 */
export async function writeEngagementProgress(tx: EntityManager, e: {
  id: string; accountId: string; title: string; workflowId: string; status: 'active' | 'completed'; milestones: StoredMilestone[];
  waitingOn: 'client' | 'staff' | null; version: number; startedById: string | null;
}): Promise<void> {
  const done = e.milestones.filter((m) => m.status === 'done').length;
  const current = e.milestones.find((m) => m.status === 'current');
  await tx.getConnection().execute(
    `insert into engagement (id, created_at, account_id, title, workflow_id, status, milestones, progress_done,
        progress_total, current_milestone, waiting_on, version, started_by_id, updated_at)
     values (?, now(), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())
     on conflict (id) do update set status = excluded.status, milestones = excluded.milestones,
        progress_done = excluded.progress_done, current_milestone = excluded.current_milestone,
        waiting_on = excluded.waiting_on, version = excluded.version, updated_at = now()
     where engagement.version < excluded.version`,
    [e.id, e.accountId, e.title, e.workflowId, e.status, JSON.stringify(e.milestones), done, e.milestones.length,
      current?.title ?? null, e.waitingOn, e.version, e.startedById],
    'run', tx.getTransactionContext());
}

/** The onboarding checklist at `version`, in the caller's transaction; an older version is ignored. */
export async function writeChecklist(tx: EntityManager, engagementId: string, items: unknown[], version: number): Promise<void> {
  await tx.getConnection().execute(
    'update engagement set checklist = ?, checklist_version = ?, updated_at = now() where id = ? and checklist_version < ?',
    [JSON.stringify(items), version, engagementId, version], 'run', tx.getTransactionContext());
}
