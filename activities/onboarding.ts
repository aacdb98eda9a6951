import type { MikroORM } from '@mikro-orm/postgresql';
import { recordAudit } from '../db/audit.ts';
import { writeChecklist } from '../db/engagements.ts';
import { enqueueEmail, loadBranding } from '../db/outbox.ts';
import type { Actor, Origin } from '../workflows/engagement.ts';
import type { ChecklistItemState, OnboardingState } from '../workflows/onboarding.ts';

interface Recipient { id: string; email: string; name: string }

/** Activities of the onboarding checklist workflow, over their dependencies. */
export function createOnboardingActivities({ orm, publicUrl }: { orm: MikroORM; publicUrl: string }) {
  return {
    /**
     * Writes the checklist read model and, for a change made by someone, its audit event, in one
     * transaction. Safe to retry: the read model only moves forward and the event key is the step.
     */
    async recordChecklist(input: {
      engagementId: string; accountId: string; state: OnboardingState;
      event: { key: string; action: string; actor: Actor; origin: Origin | null; data: Record<string, unknown> } | null;
    }): Promise<void> {
      await orm.em.fork().transactional(async (tx) => {
        await writeChecklist(tx, input.engagementId, input.state.items, input.state.version);
        if (input.event) {
          const { event } = input;
          await recordAudit(tx, {
            eventKey: event.key, action: event.action, actor: { id: event.actor.id, email: event.actor.email, role: event.actor.role },
            accountId: input.accountId, target: { type: 'engagement', id: input.engagementId },
            ip: event.origin?.ip ?? null, userAgent: event.origin?.userAgent ?? null, data: event.data,
          });
        }
      });
    },

    /**
     * Emails a reminder (or, for `overdue`, the escalation to the account manager) and records it.
     * Idempotent on (engagement, item, step): a retry after a crash queues no second email. An item
     * closed in the meantime gets nothing.
     */
    async sendItemReminder(input: { engagementId: string; accountId: string; itemKey: string; step: string; kind: 'reminder' | 'escalation' }): Promise<'sent' | 'skipped'> {
      return orm.em.fork().transactional(async (tx) => {
        const conn = tx.getConnection();
        const ctx = tx.getTransactionContext();
        const rows = await conn.execute<{ title: string; checklist: ChecklistItemState[] }[]>(
          'select title, checklist from engagement where id = ? for update', [input.engagementId], 'all', ctx);
        const engagement = rows[0];
        const item = engagement?.checklist.find((i) => i.key === input.itemKey);
        if (!engagement || !item || item.status !== 'open') return 'skipped';
        let recipients: Recipient[];
        if (input.kind === 'escalation') {
          recipients = await conn.execute<Recipient[]>(
            `select u.id, u.email, u.name from account_team_member t join app_user u on u.id = t.user_id
              where t.account_id = ? and u.disabled_at is null order by t.is_manager desc, u.name limit 1`, [input.accountId], 'all', ctx);
        } else if (item.assignee === 'client') {
          recipients = await conn.execute<Recipient[]>(
            `select id, email, name from app_user where account_id = ? and disabled_at is null and password_hash is not null order by name`, [input.accountId], 'all', ctx);
        } else {
          recipients = await conn.execute<Recipient[]>(
            `select u.id, u.email, u.name from account_team_member t join app_user u on u.id = t.user_id
              where t.account_id = ? and u.disabled_at is null order by u.name`, [input.accountId], 'all', ctx);
        }
        const branding = await loadBranding(tx);
        const due = new Date(item.dueAt).toUTCString().slice(0, 16);
        const link = `${publicUrl}/engagements/${input.engagementId}`;
        for (const r of recipients) {
          const overdue = input.step.startsWith('after') || input.kind === 'escalation';
          await enqueueEmail(tx, {
            idempotencyKey: `reminder:${input.engagementId}:${input.itemKey}:${input.step}:${r.id}`,
            to: r.email,
            kind: input.kind === 'escalation' ? 'escalation' : 'reminder',
            content: input.kind === 'escalation'
              ? {
                  subject: `Overdue: ${item.title}`, greeting: `Hello ${r.name},`,
                  paragraphs: [`"${item.title}" for ${engagement.title} was due on ${due} and is still open (waiting on ${item.assignee === 'client' ? 'the client' : 'the team'}).`],
                  action: { label: 'Open the engagement', url: link },
                }
              : {
                  subject: `${overdue ? 'Overdue' : 'Reminder'}: ${item.title}`, greeting: `Hello ${r.name},`,
                  paragraphs: [`"${item.title}" for ${engagement.title} ${overdue ? 'was' : 'is'} due on ${due}.`, item.instructions].filter(Boolean),
                  action: { label: 'Open it in the portal', url: link },
                  footnote: `Sent by ${branding.businessName}'s client portal.`,
                },
          });
        }
        await recordAudit(tx, {
          eventKey: `reminder:${input.engagementId}:${input.itemKey}:${input.step}`,
          action: input.kind === 'escalation' ? 'checklist.item_escalated' : 'checklist.reminder_sent',
          accountId: input.accountId, target: { type: 'engagement', id: input.engagementId },
          data: { itemKey: input.itemKey, item: item.title, step: input.step, recipients: recipients.map((r) => r.email) },
        });
        return 'sent';
      });
    },
  };
}
