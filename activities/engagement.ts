import type { MikroORM } from '@mikro-orm/postgresql';
import { recordAudit } from '../db/audit.ts';
import { writeEngagementProgress } from '../db/engagements.ts';
import { engagementWorkflowId, type Actor, type EngagementState, type Origin } from '../workflows/engagement.ts';

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
        await writeEngagementProgress(tx, {
          id: state.engagementId, accountId: state.accountId, title: state.title, workflowId: engagementWorkflowId(state.engagementId), status: state.status,
          milestones: state.milestones.map(({ id, title, owner, status, completedAt, completedBy }) => ({ id, title, owner, status, completedAt, completedBy })),
          waitingOn: state.waitingOn, version: state.version, startedById: event.action === 'engagement.started' ? event.actor.id : null,
        });
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
