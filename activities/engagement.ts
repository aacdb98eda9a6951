import type { MikroORM } from '@mikro-orm/postgresql';
import { recordAudit } from '../db/audit.ts';
import type { Actor, EngagementState, Origin } from '../workflows/engagement.ts';

export interface ProgressEvent {
  /** Business key: the same step recorded twice (a retried activity) is stored once. */
  key: string;
  action: string;
  actor: Actor;
  origin: Origin | null;
  data: Record<string, unknown>;
}

/** Activities of the engagement workflow, over their dependencies. */
export function createEngagementActivities({ orm }: { orm: MikroORM }) {
  return {
    /**
     * Writes the engagement's read model and its audit event in one transaction. Safe to retry: the
     * read model only moves forward (version guard) and the audit event is keyed by the business step.
     */
    async recordEngagementProgress({ state, event }: { state: EngagementState; event: ProgressEvent }): Promise<void> {
      const em = orm.em.fork();
      await em.transactional(async (tx) => {
        const done = state.milestones.filter((m) => m.status === 'done').length;
        const current = state.milestones.find((m) => m.status === 'current');
        const milestones = state.milestones.map(({ id, title, owner, status, completedAt, completedBy }) => ({
          id, title, owner, status, completedAt, completedBy,
        }));
        await tx.getConnection().execute(
          `insert into engagement (id, created_at, account_id, title, workflow_id, status, milestones, progress_done,
              progress_total, current_milestone, waiting_on, version, started_by_id, updated_at)
           values (?, now(), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())
           on conflict (id) do update set status = excluded.status, milestones = excluded.milestones,
              progress_done = excluded.progress_done, current_milestone = excluded.current_milestone,
              waiting_on = excluded.waiting_on, version = excluded.version, updated_at = now()
           where engagement.version < excluded.version`,
          [state.engagementId, state.accountId, state.title, `engagement-${state.engagementId}`, state.status,
            JSON.stringify(milestones), done, state.milestones.length, current?.title ?? null, state.waitingOn,
            state.version, event.action === 'engagement.started' ? event.actor.id : null],
          'run', tx.getTransactionContext());
        await recordAudit(tx, {
          eventKey: event.key,
          action: event.action,
          actor: { id: event.actor.id, email: event.actor.email, role: event.actor.role },
          accountId: state.accountId,
          target: { type: 'engagement', id: state.engagementId },
          ip: event.origin?.ip ?? null,
          userAgent: event.origin?.userAgent ?? null,
          data: event.data,
        });
      });
    },
  };
}
