import { Router } from 'express';
import { z } from 'zod';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { completeMilestoneUpdate, engagementWorkflowId } from '../../workflows/engagement.ts';
import { completeItemUpdate, onboardingWorkflowId, reopenItemUpdate, waiveItemUpdate } from '../../workflows/onboarding.ts';
import { AppError, ERROR_STATUS, type ErrorCode } from '../errors.ts';
import { fields, route } from '../http.ts';
import type { AppDeps } from '../deps.ts';
import { accountPermissions, authorize } from '../policy.ts';
import { getEngagement } from '../services/engagements.ts';

export const EngagementView = z.object({
  id: z.uuid(), accountId: z.uuid(), accountName: z.string(), title: z.string(), status: z.enum(['active', 'completed']),
  progress: z.object({ done: z.number(), total: z.number() }),
  currentMilestone: z.string().nullable(), waitingOn: z.enum(['client', 'staff']).nullable(),
  milestones: z.array(z.object({
    id: z.string(), title: z.string(), owner: z.enum(['client', 'staff']).optional(), status: z.enum(['pending', 'current', 'done']),
    completedAt: z.string().nullable(), completedBy: z.string().nullable(),
  })),
  startedAt: z.string(), updatedAt: z.string(),
  template: z.object({ name: z.string(), version: z.number() }).nullable(),
  checklist: z.array(z.object({
    key: z.string(), title: z.string(), instructions: z.string(), assignee: z.enum(['client', 'staff']), status: z.enum(['open', 'done', 'waived']),
    dueAt: z.string(), completedAt: z.string().nullable(), completedBy: z.string().nullable(), waivedReason: z.string().nullable(),
    completion: z.record(z.string(), z.unknown()), answers: z.record(z.string(), z.union([z.string(), z.boolean()])).nullable(),
    fileId: z.string().nullable(), blocksMilestone: z.string().nullable(), reminders: z.array(z.object({ step: z.string(), at: z.string() })),
  })),
});

const MilestoneInput = z.union([
  z.string().trim().min(1, 'Required').max(200, 'At most 200 characters').transform((title) => ({ title, owner: 'staff' as const })),
  z.strictObject({ title: z.string().trim().min(1, 'Required').max(200, 'At most 200 characters'), owner: z.enum(['client', 'staff']) }),
]);

/** Either a template (its latest version; the title defaults to the template's name) or ad-hoc milestones. */
export const engagementStartBody = z.strictObject({
  templateId: fields.uuid.optional(),
  title: z.string().trim().min(1, 'Required').max(200, 'At most 200 characters').optional(),
  milestones: z.array(MilestoneInput).min(1, 'Add at least one milestone').max(20, 'At most 20 milestones').optional(),
}).superRefine((b, ctx) => {
  if (b.templateId) {
    if (b.milestones) ctx.addIssue({ code: 'custom', path: ['milestones'], message: 'Give a template or milestones, not both' });
    return;
  }
  if (!b.title) ctx.addIssue({ code: 'custom', path: ['title'], message: 'Required' });
  if (!b.milestones) ctx.addIssue({ code: 'custom', path: ['milestones'], message: 'Add at least one milestone, or choose a template' });
});

const EngagementParams = z.object({ engagementId: fields.uuid });

/** A refused Workflow Update becomes the API error its validator named, with its field errors. */
function updateError(err: unknown): unknown {
  if (err instanceof WorkflowNotFoundError) {
    // The checklist's workflow starts a moment after the engagement.
    return new AppError('conflict', 'The checklist is still being set up; try again in a moment');
  }
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
    const code = (err.cause.type && err.cause.type in ERROR_STATUS ? err.cause.type : 'conflict') as ErrorCode;
    const fields = err.cause.details?.[0];
    return new AppError(code, err.cause.message, fields && typeof fields === 'object' ? { fields: fields as Record<string, string> } : {});
  }
  return err;
}

export function engagementRoutes(deps: AppDeps): Router {
  const r = Router();
  const { orm } = deps;

  /** Loads the engagement and checks the caller may see its account (404 otherwise). */
  async function visibleEngagement(req: Parameters<typeof authorize>[1], user: Parameters<typeof authorize>[2], engagementId: string, action: 'account.read' | 'engagement.advance' | 'checklist.act') {
    const engagement = await getEngagement(orm.em, engagementId);
    if (!engagement) throw new AppError('not_found', 'Not found');
    await authorize(orm.em, req, user, action, engagement.accountId);
    return engagement;
  }

  route(r, {
    method: 'get', path: '/api/engagements/:engagementId', tag: 'engagements', auth: 'session', params: EngagementParams,
    summary: 'An engagement with its milestones (from the read model)',
    response: z.object({ engagement: EngagementView, permissions: z.object({ advanceMilestone: z.boolean() }) }),
  }, async ({ req, user, params }) => {
    const engagement = await visibleEngagement(req, user, params.engagementId, 'account.read');
    return { engagement, permissions: { advanceMilestone: accountPermissions(user).advanceMilestone && engagement.status === 'active' } };
  });

  route(r, {
    method: 'post', path: '/api/engagements/:engagementId/milestones/:milestoneId/complete', tag: 'engagements', auth: 'session',
    params: EngagementParams.extend({ milestoneId: z.string().regex(/^m\d{1,3}$/, 'Unknown milestone') }),
    body: z.strictObject({}).optional(),
    summary: 'Complete the current milestone (a Workflow Update; answers once the workflow has accepted and recorded it)',
    response: z.object({ engagement: EngagementView }),
    errors: ['milestone_not_current'],
  }, async ({ req, user, params }) => {
    await visibleEngagement(req, user, params.engagementId, 'engagement.advance');
    const handle = deps.temporal.workflow.getHandle(engagementWorkflowId(params.engagementId));
    try {
      await handle.executeUpdate(completeMilestoneUpdate, {
        args: [{ milestoneId: params.milestoneId, actor: { id: user.id, email: user.email, role: user.role, name: user.name }, origin: { ip: req.ip ?? null, userAgent: req.get('user-agent') ?? null } }],
        updateId: `${params.milestoneId}:${req.get('x-request-id') ?? req.id}`,
      });
    } catch (err) {
      throw updateError(err);
    }
    return { engagement: (await getEngagement(orm.em, params.engagementId))! };
  });

  const ItemParams = EngagementParams.extend({ itemKey: z.string().regex(/^[a-z0-9][a-z0-9-]{0,59}$/, 'Unknown item') });
  const actorOf = (user: Parameters<typeof authorize>[2]) => ({ id: user.id, email: user.email, role: user.role, name: user.name });
  const originOf = (req: Parameters<typeof authorize>[1]) => ({ ip: req.ip ?? null, userAgent: req.get('user-agent') ?? null });

  /** Sends a checklist Update to the engagement's onboarding workflow; answers with the fresh read model. */
  async function itemUpdate(engagementId: string, send: (h: ReturnType<typeof deps.temporal.workflow.getHandle>) => Promise<unknown>) {
    const engagement = await getEngagement(orm.em, engagementId);
    if (!engagement?.checklist.length) throw new AppError('not_found', 'This engagement has no checklist');
    try {
      await send(deps.temporal.workflow.getHandle(onboardingWorkflowId(engagementId)));
    } catch (err) {
      throw updateError(err);
    }
    return { engagement: (await getEngagement(orm.em, engagementId))! };
  }

  route(r, {
    method: 'post', path: '/api/engagements/:engagementId/items/:itemKey/complete', tag: 'checklist', auth: 'session', params: ItemParams,
    body: z.strictObject({
      answers: z.record(z.string().max(60), z.union([z.string().max(5000, 'At most 5000 characters'), z.boolean()])).optional(),
      fileId: fields.uuid.optional(),
    }).optional(),
    summary: 'Complete a checklist item: a tick, form answers or an uploaded file (client items by the client or the team, team items by the team)',
    response: z.object({ engagement: EngagementView }), errors: ['conflict'],
  }, async ({ req, user, params, body }) => {
    await visibleEngagement(req, user, params.engagementId, 'checklist.act');
    return itemUpdate(params.engagementId, (h) => h.executeUpdate(completeItemUpdate, {
      args: [{ itemKey: params.itemKey, actor: actorOf(user), answers: body?.answers, fileId: body?.fileId, origin: originOf(req) }],
    }));
  });

  route(r, {
    method: 'post', path: '/api/engagements/:engagementId/items/:itemKey/waive', tag: 'checklist', auth: 'session', params: ItemParams,
    body: z.strictObject({ reason: z.string().trim().min(1, 'Give a reason').max(1000, 'At most 1000 characters') }),
    summary: 'Waive a checklist item with a reason (account team)', response: z.object({ engagement: EngagementView }), errors: ['conflict'],
  }, async ({ req, user, params, body }) => {
    await visibleEngagement(req, user, params.engagementId, 'engagement.advance');
    return itemUpdate(params.engagementId, (h) => h.executeUpdate(waiveItemUpdate, {
      args: [{ itemKey: params.itemKey, actor: actorOf(user), reason: body.reason, origin: originOf(req) }],
    }));
  });

  route(r, {
    method: 'post', path: '/api/engagements/:engagementId/items/:itemKey/reopen', tag: 'checklist', auth: 'session', params: ItemParams,
    body: z.strictObject({}).optional(),
    summary: 'Reopen a done or waived checklist item (account team)', response: z.object({ engagement: EngagementView }), errors: ['conflict'],
  }, async ({ req, user, params }) => {
    await visibleEngagement(req, user, params.engagementId, 'engagement.advance');
    return itemUpdate(params.engagementId, (h) => h.executeUpdate(reopenItemUpdate, {
      args: [{ itemKey: params.itemKey, actor: actorOf(user), origin: originOf(req) }],
    }));
  });

  return r;
}
