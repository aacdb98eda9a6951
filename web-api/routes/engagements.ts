import { Router, type Response } from 'express';
import type { UpdateDefinition } from '@temporalio/common';
import { z } from 'zod';
import { completeMilestoneUpdate, engagementWorkflowId } from '../../workflows/engagement.ts';
import { completeItemUpdate, onboardingWorkflowId, reopenItemUpdate, waiveItemUpdate } from '../../workflows/onboarding.ts';
import { AppError } from '../errors.ts';
import { updateWorkflow, temporalDepsOf } from '../services/temporal.ts';
import { fields, route } from '../http.ts';
import type { AppDeps } from '../deps.ts';
import { accountPermissions, authorize } from '../policy.ts';
import { getEngagement } from '../services/engagements.ts';
import { workPauseView } from '../services/work-pause.ts';
import { findVisibleFile, storeUpload } from '../services/files.ts';
import type { UploadedFile } from '../../workflows/onboarding.ts';
import { StoredFile as StoredFileEntity, type StoredFile } from '../../db/entities/stored-file.ts';
import { KNOWN_TYPES } from '../../db/files/sniff.ts';
import { ChecklistFile, EngagementChanged, EngagementView } from '../schemas/engagements.ts';

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
  const temporalDeps = temporalDepsOf(deps);

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
    response: z.object({
      engagement: EngagementView, permissions: z.object({ advanceMilestone: z.boolean() }),
      workPause: z.object({ invoiceId: z.uuid(), invoiceLabel: z.string(), since: z.string() }).meta({ id: 'WorkPause' }).nullable(),
    }).meta({ id: 'EngagementDetail' }),
  }, async ({ req, user, params }) => {
    const engagement = await visibleEngagement(req, user, params.engagementId, 'account.read');
    return {
      engagement, permissions: { advanceMilestone: accountPermissions(user).advanceMilestone && engagement.status === 'active' },
      // New work for the account held back by an unpaid invoice (the page shows a banner).
      workPause: await workPauseView(orm.em, engagement.accountId),
    };
  });

  route(r, {
    method: 'post', path: '/api/engagements/:engagementId/milestones/:milestoneId/complete', tag: 'engagements', auth: 'session',
    params: EngagementParams.extend({ milestoneId: z.string().regex(/^m\d{1,3}$/, 'Unknown milestone') }),
    body: z.strictObject({}).optional(),
    summary: 'Complete the current milestone (a Workflow Update; answers once the workflow has accepted and recorded it)',
    response: EngagementChanged,
    errors: ['milestone_not_current'], workflow: 'direct',
  }, async ({ req, res, user, params }) => {
    await visibleEngagement(req, user, params.engagementId, 'engagement.advance');
    await updateWorkflow(temporalDeps, res, engagementWorkflowId(params.engagementId), completeMilestoneUpdate, {
      args: [{ milestoneId: params.milestoneId, actor: { id: user.id, email: user.email, role: user.role, name: user.name }, origin: { ip: req.ip ?? null, userAgent: req.get('user-agent') ?? null } }],
      updateId: `${params.milestoneId}:${req.get('x-request-id') ?? req.id}`,
    });
    return { engagement: (await getEngagement(orm.em, params.engagementId))! };
  });

  const ItemParams = EngagementParams.extend({ itemKey: z.string().regex(/^[a-z0-9][a-z0-9-]{0,59}$/, 'Unknown item') });
  const actorOf = (user: Parameters<typeof authorize>[2]) => ({ id: user.id, email: user.email, role: user.role, name: user.name });
  const originOf = (req: Parameters<typeof authorize>[1]) => ({ ip: req.ip ?? null, userAgent: req.get('user-agent') ?? null });

  /** Sends a checklist Update to the engagement's onboarding workflow; answers with the fresh read model. */
  async function itemUpdate<Args extends [unknown, ...unknown[]]>(res: Response, engagementId: string, def: UpdateDefinition<unknown, Args>, options: { args: Args; updateId?: string }) {
    const engagement = await getEngagement(orm.em, engagementId);
    if (!engagement?.checklist.length) throw new AppError('not_found', 'This engagement has no checklist');
    // The checklist ended with its engagement (its workflow refuses every Update, or has closed).
    if (engagement.status !== 'active') throw new AppError('conflict', `This engagement is ${engagement.status === 'completed' ? 'complete' : engagement.status}; its checklist is closed`);
    await updateWorkflow(temporalDeps, res, onboardingWorkflowId(engagementId), def, options);
    return { engagement: (await getEngagement(orm.em, engagementId))! };
  }

  const uploadedFile = (f: StoredFile): UploadedFile => ({
    id: f.id, accountId: f.account.id, name: f.name, contentType: f.contentType, size: Number(f.size), sha256: f.sha256,
  });

  route(r, {
    method: 'post', path: '/api/engagements/:engagementId/items/:itemKey/complete', tag: 'checklist', auth: 'session', params: ItemParams,
    body: z.strictObject({
      answers: z.record(z.string().max(60), z.union([z.string().max(5000, 'At most 5000 characters'), z.boolean()])).optional(),
      fileId: fields.uuid.optional(),
    }).optional(),
    summary: 'Complete a checklist item: a tick, form answers or a file uploaded before (client items by the client or the team, team items by the team)',
    response: EngagementChanged, errors: ['conflict'], workflow: 'direct',
  }, async ({ req, res, user, params, body }) => {
    await visibleEngagement(req, user, params.engagementId, 'checklist.act');
    let file: UploadedFile | undefined;
    if (body?.fileId) {
      // Only a file the caller may see; the workflow's validator then checks it is this account's and of an accepted type.
      const found = await findVisibleFile(orm.em, user, body.fileId);
      if (!found) throw new AppError('validation_failed', 'No such file', { fields: { fileId: 'No such file' } });
      file = uploadedFile(found);
    }
    return itemUpdate(res, params.engagementId, completeItemUpdate, {
      args: [{ itemKey: params.itemKey, actor: actorOf(user), answers: body?.answers, file, origin: originOf(req) }],
    });
  });

  route(r, {
    method: 'post', path: '/api/engagements/:engagementId/items/:itemKey/upload', tag: 'checklist', auth: 'session', params: ItemParams,
    query: z.object({ name: z.string().max(1000).optional() }),
    rawBody: [...KNOWN_TYPES],
    summary: 'Upload the file that completes a checklist item: the raw file as the body, its name in ?name=. The type is judged from the content (415 if the item does not accept it), the size against the limit (413). An Idempotency-Key header makes a retry store nothing twice.',
    response: EngagementChanged.extend({ file: ChecklistFile }),
    errors: ['conflict', 'payload_too_large', 'unsupported_media_type'], workflow: 'direct',
  }, async ({ req, res, user, params }) => {
    const engagement = await visibleEngagement(req, user, params.engagementId, 'checklist.act');
    const item = engagement.checklist.find((i) => i.key === params.itemKey);
    if (!item) throw new AppError('not_found', 'No such checklist item');
    if (item.completion.type !== 'upload') throw new AppError('validation_failed', `"${item.title}" is not completed by a file`, { fields: { file: 'This item takes no file' } });
    const key = req.get('idempotency-key');
    const retried = key ? await orm.em.fork().findOne(StoredFileEntity, { account: engagement.accountId, idempotencyKey: key.slice(0, 100) }) : null;
    if (retried && item.fileId === retried.id) {
      // The same upload again, already applied: the same answer, nothing stored twice.
      req.resume();
      const { accountId: _a, ...view } = uploadedFile(retried);
      return { engagement, file: view };
    }
    // Checked again by the workflow; refusing here first spares storing a file for nothing.
    if (item.status !== 'open') throw new AppError('conflict', `"${item.title}" is already ${item.status === 'done' ? 'done' : 'waived'}`);
    const { file } = await storeUpload(orm.em.fork(), deps.storage, req, {
      accountId: engagement.accountId, user, maxBytes: deps.config.uploadMaxBytes, quotaBytes: deps.config.accountQuotaBytes, accept: item.completion.accept,
      purpose: 'checklist', engagementId: engagement.id, itemKey: item.key,
    });
    const uploaded = uploadedFile(file);
    const out = await itemUpdate(res, params.engagementId, completeItemUpdate, {
      args: [{ itemKey: params.itemKey, actor: actorOf(user), file: uploaded, origin: originOf(req) }],
      // A retried upload (same file row) is the same Update: the workflow applies it once.
      updateId: `upload:${file.id}`,
    });
    const { accountId: _account, ...view } = uploaded;
    return { ...out, file: view };
  });

  route(r, {
    method: 'post', path: '/api/engagements/:engagementId/items/:itemKey/waive', tag: 'checklist', auth: 'session', params: ItemParams,
    body: z.strictObject({ reason: z.string().trim().min(1, 'Give a reason').max(1000, 'At most 1000 characters') }),
    summary: 'Waive a checklist item with a reason (account team)', response: EngagementChanged, errors: ['conflict'], workflow: 'direct',
  }, async ({ req, res, user, params, body }) => {
    await visibleEngagement(req, user, params.engagementId, 'engagement.advance');
    return itemUpdate(res, params.engagementId, waiveItemUpdate, {
      args: [{ itemKey: params.itemKey, actor: actorOf(user), reason: body.reason, origin: originOf(req) }],
    });
  });

  route(r, {
    method: 'post', path: '/api/engagements/:engagementId/items/:itemKey/reopen', tag: 'checklist', auth: 'session', params: ItemParams,
    body: z.strictObject({}).optional(),
    summary: 'Reopen a done or waived checklist item (account team)', response: EngagementChanged, errors: ['conflict'], workflow: 'direct',
  }, async ({ req, res, user, params }) => {
    await visibleEngagement(req, user, params.engagementId, 'engagement.advance');
    return itemUpdate(res, params.engagementId, reopenItemUpdate, {
      args: [{ itemKey: params.itemKey, actor: actorOf(user), origin: originOf(req) }],
    });
  });

  return r;
}
