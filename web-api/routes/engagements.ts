import { Router } from 'express';
import { z } from 'zod';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { completeMilestoneUpdate, engagementWorkflowId } from '../../workflows/engagement.ts';
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

export function engagementRoutes(deps: AppDeps): Router {
  const r = Router();
  const { orm } = deps;

  /** Loads the engagement and checks the caller may see its account (404 otherwise). */
  async function visibleEngagement(req: Parameters<typeof authorize>[1], user: Parameters<typeof authorize>[2], engagementId: string, action: 'account.read' | 'engagement.advance') {
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
      if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
        const code = (err.cause.type && err.cause.type in ERROR_STATUS ? err.cause.type : 'conflict') as ErrorCode;
        throw new AppError(code, err.cause.message);
      }
      throw err;
    }
    return { engagement: (await getEngagement(orm.em, params.engagementId))! };
  });

  return r;
}
