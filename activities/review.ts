import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { recordAudit } from '../db/audit.ts';
import { enqueueEmail } from '../db/outbox.ts';
import type { Actor, Origin } from '../workflows/engagement.ts';
import type { DecisionRecord, Reviewer, ReviewState, StageSpec } from '../workflows/review.ts';

const DECISION_WORDS: Record<string, string> = {
  approved: 'approved', approved_with_changes: 'approved with changes', changes_requested: 'requested changes to', rejected: 'rejected',
};

async function accountManager(em: EntityManager, accountId: string): Promise<Reviewer[]> {
  return em.getConnection().execute<Reviewer[]>(
    `select u.id, u.name, u.email from account_team_member t join app_user u on u.id = t.user_id
      where t.account_id = ? and u.disabled_at is null order by t.is_manager desc, u.name limit 1`, [accountId], 'all', em.getTransactionContext());
}

/** Activities of the deliverable review workflow, over their dependencies. */
export function createReviewActivities({ orm, publicUrl }: { orm: MikroORM; publicUrl: string }) {
  const link = (deliverableId: string) => `${publicUrl}/deliverables/${deliverableId}`;
  return {
    /**
     * The people of each stage, fixed when a round opens: a group of the account's people, or named
     * users (only those who may see the account).
     */
    async resolveReviewers({ accountId, stages }: { accountId: string; stages: StageSpec[] }): Promise<Record<string, Reviewer[]>> {
      const conn = orm.em.getConnection();
      const out: Record<string, Reviewer[]> = {};
      for (const s of stages) {
        if ('group' in s.reviewers) {
          out[s.key] = s.reviewers.group === 'account_team'
            ? await conn.execute<Reviewer[]>(`select u.id, u.name, u.email from account_team_member t join app_user u on u.id = t.user_id
                where t.account_id = ? and u.disabled_at is null order by u.name`, [accountId])
            : await conn.execute<Reviewer[]>(`select id, name, email from app_user where account_id = ? and disabled_at is null
                and password_hash is not null ${s.reviewers.group === 'client_admins' ? "and role = 'client_admin'" : ''} order by name`, [accountId]);
        } else {
          out[s.key] = s.reviewers.userIds.length ? await conn.execute<Reviewer[]>(
            `select u.id, u.name, u.email from app_user u where u.id in (${s.reviewers.userIds.map(() => '?').join(', ')}) and u.disabled_at is null
               and (u.account_id = ? or u.role = 'admin' or exists (select 1 from account_team_member t where t.user_id = u.id and t.account_id = ?))
             order by u.name`, [...s.reviewers.userIds, accountId, accountId]) : [];
        }
      }
      return out;
    },

    /**
     * Writes the deliverable's read model, the decision row (who, when, which version and its hash,
     * comment, IP, user agent) and the audit event, in one transaction. Retried: nothing twice
     * (read model versioned, decision and audit event keyed).
     */
    async recordReview(input: {
      state: ReviewState;
      event: { key: string; action: string; actor: Actor | null; origin: Origin | null; data: Record<string, unknown> } | null;
      decision: (DecisionRecord & { round: number; stageKey: string; origin: Origin | null }) | null;
    }): Promise<void> {
      await orm.em.fork().transactional(async (tx) => {
        const conn = tx.getConnection();
        const ctx = tx.getTransactionContext();
        const { state } = input;
        const current = state.rounds[state.rounds.length - 1];
        const dueAt = current && !current.closedAt ? current.stages.filter((s) => s.status === 'open' && s.dueAt).map((s) => s.dueAt!).sort()[0] ?? null : null;
        await conn.execute(
          'update deliverable set review = ?, status = ?, version = ?, due_at = ?, updated_at = now() where id = ? and version < ?',
          [JSON.stringify(state), state.status, state.version, dueAt, state.deliverableId, state.version], 'run', ctx);
        const d = input.decision;
        if (d && input.event) {
          const inserted = await conn.execute<{ affectedRows: number }>(
            `insert into review_decision (id, created_at, deliverable_id, round, version_id, version_sha256, stage_key, reviewer_id, reviewer_name,
                decision, comment, ip, user_agent, event_key)
             values (gen_random_uuid(), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (event_key) do nothing`,
            [new Date(d.at), state.deliverableId, d.round, d.versionId, d.sha256, d.stageKey, d.reviewerId, d.reviewerName, d.decision, d.comment,
              d.origin?.ip ?? null, d.origin?.userAgent?.slice(0, 500) ?? null, input.event.key], 'run', ctx);
          if (inserted.affectedRows > 0) {
            await conn.execute(
              `update review_decision set superseded_at = ? where deliverable_id = ? and round = ? and stage_key = ? and reviewer_id = ?
                 and event_key <> ? and superseded_at is null`,
              [new Date(d.at), state.deliverableId, d.round, d.stageKey, d.reviewerId, input.event.key], 'run', ctx);
          }
        }
        if (input.event) {
          const { event } = input;
          await recordAudit(tx, {
            eventKey: event.key, action: event.action,
            actor: event.actor ? { id: event.actor.id, email: event.actor.email, role: event.actor.role } : undefined,
            accountId: state.accountId, target: { type: 'deliverable', id: state.deliverableId },
            ip: event.origin?.ip ?? null, userAgent: event.origin?.userAgent ?? null, data: event.data,
          });
        }
      });
    },

    /** Tells the reviewers of newly opened stages that a version waits for them; once per person and stage. */
    async notifyReviewers(input: { deliverableId: string; accountId: string; title: string; round: number; stages: { key: string; title: string; reviewers: Reviewer[]; dueAt: string | null }[] }): Promise<void> {
      await orm.em.fork().transactional(async (tx) => {
        for (const s of input.stages) {
          for (const r of s.reviewers) {
            await enqueueEmail(tx, {
              idempotencyKey: `review:${input.deliverableId}:${input.round}:${s.key}:opened:${r.id}`, to: r.email, kind: 'review',
              content: {
                subject: `Please review: ${input.title}`, greeting: `Hello ${r.name},`,
                paragraphs: [`"${input.title}" (${s.title}) is ready for your review${s.dueAt ? `, by ${new Date(s.dueAt).toUTCString().slice(0, 16)}` : ''}.`],
                action: { label: 'Review it', url: link(input.deliverableId) },
              },
            });
          }
        }
      });
    },

    /**
     * A reminder to the reviewers who have not decided, or (overdue) the escalation to the account
     * manager. Keyed by (deliverable, round, stage, step): a retry sends nothing twice; a stage that
     * has closed meanwhile gets nothing.
     */
    async sendReviewReminder(input: {
      deliverableId: string; accountId: string; title: string; round: number; stageKey: string; stageTitle: string; step: string;
      kind: 'reminder' | 'escalation'; dueAt: string; reviewers: Reviewer[];
    }): Promise<'sent' | 'skipped'> {
      return orm.em.fork().transactional(async (tx) => {
        const conn = tx.getConnection();
        const ctx = tx.getTransactionContext();
        const rows = await conn.execute<{ review: ReviewState }[]>('select review from deliverable where id = ? for update', [input.deliverableId], 'all', ctx);
        const round = rows[0]?.review.rounds?.find((r) => r.number === input.round);
        const stage = round?.stages.find((s) => s.key === input.stageKey);
        if (!round || round.closedAt || stage?.status !== 'open') return 'skipped';
        const decided = new Set(stage.decisions.filter((d) => !d.superseded).map((d) => d.reviewerId));
        const waitingOn = input.reviewers.filter((r) => !decided.has(r.id));
        if (!waitingOn.length) return 'skipped';
        const recipients = input.kind === 'escalation' ? await accountManager(tx, input.accountId) : waitingOn;
        const due = new Date(input.dueAt).toUTCString().slice(0, 16);
        for (const r of recipients) {
          await enqueueEmail(tx, {
            idempotencyKey: `review:${input.deliverableId}:${input.round}:${input.stageKey}:${input.step}:${r.id}`, to: r.email,
            kind: input.kind === 'escalation' ? 'escalation' : 'reminder',
            content: input.kind === 'escalation'
              ? {
                  subject: `Overdue review: ${input.title}`, greeting: `Hello ${r.name},`,
                  paragraphs: [`The ${input.stageTitle} review of "${input.title}" was due on ${due} and still waits on ${waitingOn.map((w) => w.name).join(', ')}.`],
                  action: { label: 'Open the deliverable', url: link(input.deliverableId) },
                }
              : {
                  subject: `${input.step === 'due' ? 'Due today' : 'Reminder'}: please review ${input.title}`, greeting: `Hello ${r.name},`,
                  paragraphs: [`"${input.title}" (${input.stageTitle}) waits for your decision; it is due on ${due}.`],
                  action: { label: 'Review it', url: link(input.deliverableId) },
                },
          });
        }
        await recordAudit(tx, {
          eventKey: `review:${input.deliverableId}:${input.round}:${input.stageKey}:${input.step}`,
          action: input.kind === 'escalation' ? 'review.escalated' : 'review.reminder_sent',
          accountId: input.accountId, target: { type: 'deliverable', id: input.deliverableId },
          data: { deliverable: input.title, round: input.round, stage: input.stageKey, step: input.step, recipients: recipients.map((r) => r.email) },
        });
        return 'sent';
      });
    },
  };
}

export { DECISION_WORDS };
