import { Router } from 'express';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { fields, route } from '../http.ts';
import type { AppDeps } from '../deps.ts';
import { accountPermissions, auditContext, authorize } from '../policy.ts';
import { createInvitation } from '../services/invitations.ts';
import { listEngagements, startEngagement, getEngagement } from '../services/engagements.ts';
import { engagementStartBody } from './engagements.ts';
import { EngagementView } from '../schemas/engagements.ts';
import { Role } from '../schemas/users.ts';
import { latestTemplateVersion } from './templates.ts';
import { workflowPlan, type TemplateDefinition } from '../templates/template-format.ts';
import { createDeliverable } from '../services/deliverables.ts';
import { createTemplateDocuments, prepareTemplateDocuments } from '../services/documents.ts';
import { deliverCommands, idFromKey, markQueued, temporalDepsOf } from '../services/temporal.ts';
import { pendingCommands } from '../../db/workflow-commands.ts';
import { engagementWorkflowId } from '../../workflows/engagement.ts';
import { randomUUID } from 'node:crypto';
import { assertWorkNotPaused } from '../services/work-pause.ts';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { SessionUser } from '../auth/session-user.ts';

const AccountParams = z.object({ accountId: fields.uuid });

export const TeamMemberView = z.object({
  id: z.uuid(), name: z.string(), teamRole: z.string(), email: z.string(), phone: z.string().nullable(), isManager: z.boolean(),
}).meta({ id: 'TeamMember' });

/** A person of a client account (the account page; a client admin's home, without `disabled`). */
export const AccountUser = z.object({
  id: z.uuid(), name: z.string(), email: z.string(), role: Role, lastLoginAt: z.string().nullable(), disabled: z.boolean(),
}).meta({ id: 'AccountUser' });

export async function accountTeam(em: EntityManager, accountId: string): Promise<z.infer<typeof TeamMemberView>[]> {
  const rows = await em.getConnection().execute<{ id: string; name: string; team_role: string; email: string; phone: string | null; is_manager: boolean }[]>(
    `select u.id, u.name, t.team_role, u.email, u.phone, t.is_manager
       from account_team_member t join app_user u on u.id = t.user_id
      where t.account_id = ? and u.disabled_at is null order by t.is_manager desc, u.name`, [accountId]);
  return rows.map((r) => ({ id: r.id, name: r.name, teamRole: r.team_role, email: r.email, phone: r.phone, isManager: r.is_manager }));
}

export async function accountUsers(em: EntityManager, accountId: string) {
  const rows = await em.getConnection().execute<{ id: string; name: string; email: string; role: string; last_login_at: Date | null; disabled_at: Date | null }[]>(
    'select id, name, email, role, last_login_at, disabled_at from app_user where account_id = ? order by name', [accountId]);
  return rows.map((r) => ({ id: r.id, name: r.name, email: r.email, role: r.role, lastLoginAt: r.last_login_at ? new Date(r.last_login_at).toISOString() : null, disabled: !!r.disabled_at }));
}

const InviteBody = z.strictObject({
  email: fields.email,
  name: z.string().trim().max(200, 'Too long').optional().transform((s) => s || null),
  role: z.enum(['client_member', 'client_admin'], { message: 'Choose client member or client admin' }),
});

/** Accounts the user may list: admins and reviewers all, staff their assigned ones. */
async function listAccounts(em: EntityManager, user: SessionUser) {
  const where = user.role === 'staff' ? 'where exists (select 1 from account_team_member m where m.account_id = a.id and m.user_id = ?)' : '';
  const rows = await em.getConnection().execute<{ id: string; name: string; stage: string; active: string; on_client: string; on_staff: string; team: string[] | null }[]>(
    `select a.id, a.name, a.stage,
        (select count(*) from engagement e where e.account_id = a.id and e.status = 'active') as active,
        (select count(*) from engagement e where e.account_id = a.id and e.waiting_on = 'client') as on_client,
        (select count(*) from engagement e where e.account_id = a.id and e.waiting_on = 'staff') as on_staff,
        (select array_agg(u.name order by t.is_manager desc, u.name) from account_team_member t join app_user u on u.id = t.user_id where t.account_id = a.id) as team
       from account a ${where} order by a.name`, user.role === 'staff' ? [user.id] : []);
  return rows.map((r) => ({ id: r.id, name: r.name, stage: r.stage, activeEngagements: Number(r.active), waitingOnClient: Number(r.on_client), waitingOnStaff: Number(r.on_staff), team: r.team ?? [] }));
}

export function accountRoutes(deps: AppDeps): Router {
  const r = Router();
  const { orm } = deps;

  route(r, {
    method: 'get', path: '/api/accounts', tag: 'accounts', auth: 'session', summary: 'Client accounts the caller works on',
    response: z.object({ accounts: z.array(z.object({ id: z.uuid(), name: z.string(), stage: z.string(), activeEngagements: z.number(), waitingOnClient: z.number(), waitingOnStaff: z.number(), team: z.array(z.string()) }).meta({ id: 'AccountSummary' })) }),
  }, async ({ req, user }) => {
    await authorize(orm.em, req, user, 'accounts.list');
    return { accounts: await listAccounts(orm.em, user) };
  });

  route(r, {
    method: 'get', path: '/api/accounts/:accountId', tag: 'accounts', auth: 'session', params: AccountParams,
    summary: 'One account: team, users, invitations, engagements',
    response: z.object({
      account: z.object({ id: z.uuid(), name: z.string(), stage: z.string() }),
      team: z.array(TeamMemberView),
      users: z.array(AccountUser),
      invitations: z.array(z.object({ id: z.uuid(), email: z.string(), role: Role, expiresAt: z.string(), acceptedAt: z.string().nullable() })),
      engagements: z.array(EngagementView),
      permissions: z.object({ invite: z.boolean(), startEngagement: z.boolean(), advanceMilestone: z.boolean(), createInvoice: z.boolean() }),
    }).meta({ id: 'AccountDetail' }),
  }, async ({ req, user, params }) => {
    await authorize(orm.em, req, user, 'account.read', params.accountId);
    const conn = orm.em.getConnection();
    const acc = (await conn.execute<{ id: string; name: string; stage: string }[]>('select id, name, stage from account where id = ?', [params.accountId]))[0];
    if (!acc) throw new AppError('not_found', 'Not found');
    const invitations = await conn.execute<{ id: string; email: string; role: string; expires_at: Date; accepted_at: Date | null }[]>(
      'select id, email, role, expires_at, accepted_at from invitation where account_id = ? and revoked_at is null order by created_at desc limit 50', [acc.id]);
    return {
      account: acc,
      team: await accountTeam(orm.em, acc.id),
      users: await accountUsers(orm.em, acc.id),
      invitations: invitations.map((i) => ({ id: i.id, email: i.email, role: i.role, expiresAt: new Date(i.expires_at).toISOString(), acceptedAt: i.accepted_at ? new Date(i.accepted_at).toISOString() : null })),
      engagements: await listEngagements(orm.em, acc.id),
      permissions: accountPermissions(user),
    };
  });

  route(r, {
    method: 'post', path: '/api/accounts/:accountId/invitations', tag: 'accounts', auth: 'session', params: AccountParams, status: 201,
    summary: 'Invite a person to the account (staff on their accounts; a client admin on their own account)',
    body: InviteBody,
    response: z.object({ invitation: z.object({ id: z.uuid(), email: z.string(), role: Role, expiresAt: z.string() }) }),
    errors: ['conflict'],
  }, async ({ req, user, params, body }) => {
    await authorize(orm.em, req, user, 'account.invite', params.accountId);
    const ctx = auditContext(req, user);
    const { invitation } = await createInvitation(orm.em.fork(), {
      email: body.email, name: body.name, role: body.role, accountId: params.accountId,
      invitedBy: { ...ctx.actor!, name: user.name }, publicUrl: deps.config.publicUrl, ip: ctx.ip, userAgent: ctx.userAgent,
    });
    return { invitation: { id: invitation.id, email: invitation.email, role: invitation.role, expiresAt: invitation.expiresAt.toISOString() } };
  });

  route(r, {
    method: 'post', path: '/api/accounts/:accountId/engagements', tag: 'engagements', auth: 'session', params: AccountParams, status: 201,
    summary: 'Start an engagement (its workflow) for the account',
    body: engagementStartBody,
    response: z.object({ engagement: EngagementView }),
    workflow: 'queued',
  }, async ({ req, res, user, params, body }) => {
    await authorize(orm.em, req, user, 'engagement.start', params.accountId);
    await assertWorkNotPaused(orm.em, params.accountId);
    let plan: Pick<Parameters<typeof startEngagement>[2], 'title' | 'milestones' | 'templateVersionId' | 'onboarding' | 'billing'>;
    let deliverables: TemplateDefinition['deliverables'] = [];
    let documents: TemplateDefinition['documents'] = [];
    if (body.templateId) {
      const t = await latestTemplateVersion(orm.em, body.templateId);
      const run = workflowPlan(t.definition);
      plan = {
        title: body.title ?? t.definition.name, milestones: run.milestones, templateVersionId: t.versionId, onboarding: { items: run.items, dayMs: deps.config.dayMs },
        ...(run.billing ? { billing: { ...run.billing, dayMs: deps.config.dayMs } } : {}),
      };
      deliverables = t.definition.deliverables;
      documents = t.definition.documents ?? [];
    } else {
      plan = { title: body.title!, milestones: body.milestones! };
    }
    const actor = { id: user.id, email: user.email, role: user.role, name: user.name };
    const origin = { ip: req.ip ?? null, userAgent: req.get('user-agent') ?? null };
    // The same Idempotency-Key again starts no second engagement.
    const key = req.get('idempotency-key')?.slice(0, 100);
    const engagementId = key ? idFromKey(`engagement:${params.accountId}`, key) : randomUUID();
    // The template's documents are checked (and their pages read) before anything is written.
    const prepared = await prepareTemplateDocuments({ em: orm.em, storage: deps.storage }, { accountId: params.accountId, documents });
    // One transaction: the engagement, its deliverables and documents, and every workflow command they need.
    const commandIds = await orm.em.fork().transactional(async (tx) => {
      const started = await startEngagement(tx, deps.config.taskQueue, {
        engagementId, accountId: params.accountId, title: plan.title, milestones: plan.milestones, templateVersionId: plan.templateVersionId, onboarding: plan.onboarding, billing: plan.billing,
        actor, origin,
      });
      if (!started.created) return pendingCommands(tx, engagementWorkflowId(engagementId));
      const ids = [...started.commandIds];
      // The template's deliverables, each with its review waiting for a first version.
      for (const d of deliverables) {
        ids.push(...(await createDeliverable(tx, deps.config.dayMs, {
          id: idFromKey(`deliverable:${engagementId}`, d.key), engagementId, accountId: params.accountId, title: d.title, description: d.description, policy: d.review, templateKey: d.key, actor,
        })).commandIds);
      }
      // The template's documents to sign: drafts for the team, or sent at once where the template says so.
      ids.push(...await createTemplateDocuments(tx, deps.config.dayMs, { engagementId, accountId: params.accountId, documents: prepared, actor, origin }));
      return ids;
    });
    markQueued(res, await deliverCommands(temporalDepsOf(deps), commandIds));
    return { engagement: (await getEngagement(orm.em, engagementId))! };
  });

  return r;
}
