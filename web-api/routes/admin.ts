import { Router } from 'express';
import { z } from 'zod';
import { User, ROLES, isClientRole } from '../../db/entities/user.ts';
import { recordAudit } from '../../db/audit.ts';
import { redactSecrets } from '../../db/redaction.ts';
import { AppError } from '../errors.ts';
import { fields, route } from '../http.ts';
import type { AppDeps } from '../deps.ts';
import { auditContext, authorize } from '../policy.ts';
import { createInvitation } from '../services/invitations.ts';
import { Account } from '../../db/entities/account.ts';
import { AccountTeamMember } from '../../db/entities/account-team-member.ts';
import { endSessionsOf } from './auth.ts';

const UserParams = z.object({ userId: fields.uuid });

export function adminRoutes(deps: AppDeps): Router {
  const r = Router();
  const { orm } = deps;

  route(r, {
    method: 'get', path: '/api/admin/outbox', tag: 'admin', auth: 'session',
    summary: 'The latest queued and sent email (how admins read mail when no SMTP server is configured). Links carrying a token and one-time codes show redacted (••••): nobody, admins included, can use them from here.',
    response: z.object({ emails: z.array(z.object({ id: z.uuid(), toAddress: z.string(), subject: z.string(), kind: z.string(), status: z.string(), createdAt: z.string(), sentAt: z.string().nullable(), textBody: z.string() }).meta({ id: 'OutboxEmail' })) }),
  }, async ({ req, user }) => {
    await authorize(orm.em, req, user, 'outbox.read');
    const rows = await orm.em.getConnection().execute<{ id: string; to_address: string; subject: string; kind: string; status: string; created_at: Date; sent_at: Date | null; text_body: string; secrets: string[] | null }[]>(
      'select id, to_address, subject, kind, status, created_at, sent_at, text_body, secrets from outbox_email order by created_at desc limit 200');
    return {
      emails: rows.map((e) => ({
        id: e.id, toAddress: e.to_address, subject: redactSecrets(e.subject, e.secrets), kind: e.kind, status: e.status,
        createdAt: new Date(e.created_at).toISOString(), sentAt: e.sent_at ? new Date(e.sent_at).toISOString() : null, textBody: redactSecrets(e.text_body, e.secrets),
      })),
    };
  });

  route(r, {
    method: 'patch', path: '/api/admin/users/:userId', tag: 'admin', auth: 'session', params: UserParams,
    summary: "Change a user's role or disable/enable them (admin). Disabling ends all their sessions.",
    body: z.strictObject({ role: z.enum(ROLES).optional(), disabled: z.boolean().optional() }),
    response: z.object({ user: z.object({ id: z.uuid(), role: z.string(), disabled: z.boolean() }) }),
  }, async ({ req, user, params, body }) => {
    await authorize(orm.em, req, user, 'users.manage');
    const em = orm.em.fork();
    const target = await em.findOne(User, params.userId, { populate: ['account'] });
    if (!target) throw new AppError('not_found', 'Not found');
    if (target.id === user.id) throw new AppError('forbidden', 'You cannot change your own role or disable yourself');
    if (body.role && isClientRole(body.role) !== isClientRole(target.role)) {
      throw new AppError('validation_failed', 'Client users keep client roles and internal users internal roles', { fields: { role: 'Not allowed for this user' } });
    }
    const before = { role: target.role, disabled: !!target.disabledAt };
    await em.transactional(async (tx) => {
      if (body.role) target.role = body.role;
      if (body.disabled !== undefined) target.disabledAt = body.disabled ? (target.disabledAt ?? new Date()) : null;
      await tx.flush();
      const after = { role: target.role, disabled: !!target.disabledAt };
      if (before.role !== after.role) {
        await recordAudit(tx, { ...auditContext(req, user), accountId: target.account?.id ?? null, action: 'user.role_changed', target: { type: 'user', id: target.id }, data: { from: before.role, to: after.role } });
      }
      if (before.disabled !== after.disabled) {
        await recordAudit(tx, { ...auditContext(req, user), accountId: target.account?.id ?? null, action: after.disabled ? 'user.disabled' : 'user.enabled', target: { type: 'user', id: target.id }, data: {} });
      }
    });
    // Sessions carry a snapshot of the user: any change to their access signs them out everywhere.
    if (before.role !== target.role || before.disabled !== !!target.disabledAt) await endSessionsOf(deps, target.id);
    return { user: { id: target.id, role: target.role, disabled: !!target.disabledAt } };
  });

  route(r, {
    method: 'post', path: '/api/admin/accounts', tag: 'admin', auth: 'session', status: 201,
    summary: 'Create a client account (admin)',
    body: z.strictObject({ name: z.string().trim().min(1, 'Required').max(200, 'At most 200 characters'), stage: z.string().trim().min(1).max(40).optional() }),
    response: z.object({ account: z.object({ id: z.uuid(), name: z.string(), stage: z.string() }) }),
  }, async ({ req, user, body }) => {
    await authorize(orm.em, req, user, 'accounts.manage');
    const em = orm.em.fork();
    const account = await em.transactional(async (tx) => {
      const a = tx.create(Account, { name: body.name, stage: body.stage ?? 'onboarding' });
      await tx.flush();
      await recordAudit(tx, { ...auditContext(req, user), accountId: a.id, action: 'account.created', target: { type: 'account', id: a.id }, data: { name: a.name } });
      return a;
    });
    return { account: { id: account.id, name: account.name, stage: account.stage } };
  });

  route(r, {
    method: 'post', path: '/api/admin/invitations', tag: 'admin', auth: 'session', status: 201,
    summary: 'Invite a member of the business (staff, admin or compliance reviewer) by email (admin)',
    body: z.strictObject({
      email: fields.email,
      name: z.string().trim().max(200, 'Too long').optional().transform((v) => v || null),
      role: z.enum(['staff', 'admin', 'compliance_reviewer'], { message: 'Choose staff, admin or compliance reviewer' }),
    }),
    response: z.object({ invitation: z.object({ id: z.uuid(), email: z.string(), role: z.string(), expiresAt: z.string() }) }),
    errors: ['conflict'],
  }, async ({ req, user, body }) => {
    await authorize(orm.em, req, user, 'accounts.manage');
    const ctx = auditContext(req, user);
    const { invitation } = await createInvitation(orm.em.fork(), {
      email: body.email, name: body.name, role: body.role, accountId: null,
      invitedBy: { ...ctx.actor!, name: user.name }, publicUrl: deps.config.publicUrl, ip: ctx.ip, userAgent: ctx.userAgent,
    });
    return { invitation: { id: invitation.id, email: invitation.email, role: invitation.role, expiresAt: invitation.expiresAt.toISOString() } };
  });

  const TeamParams = z.object({ accountId: fields.uuid, userId: fields.uuid });

  route(r, {
    method: 'put', path: '/api/accounts/:accountId/team/:userId', tag: 'accounts', auth: 'session', params: TeamParams,
    summary: 'Assign a staff member to the account team, or change their role on it (admin)',
    body: z.strictObject({ teamRole: z.string().trim().min(1, 'Required').max(80, 'At most 80 characters'), isManager: z.boolean().default(false) }),
    response: z.object({ member: z.object({ userId: z.uuid(), teamRole: z.string(), isManager: z.boolean() }) }),
  }, async ({ req, user, params, body }) => {
    await authorize(orm.em, req, user, 'accounts.manage', params.accountId);
    const em = orm.em.fork();
    const staff = await em.findOne(User, { id: params.userId, role: { $in: ['staff', 'admin'] }, disabledAt: null });
    if (!staff) throw new AppError('not_found', 'Not found');
    await em.transactional(async (tx) => {
      const existing = await tx.findOne(AccountTeamMember, { account: params.accountId, user: params.userId });
      if (existing) Object.assign(existing, body);
      else tx.create(AccountTeamMember, { account: tx.getReference(Account, params.accountId), user: tx.getReference(User, params.userId), ...body });
      await tx.flush();
      await recordAudit(tx, { ...auditContext(req, user), accountId: params.accountId, action: 'team.member_assigned', target: { type: 'user', id: params.userId }, data: { teamRole: body.teamRole, isManager: body.isManager } });
    });
    return { member: { userId: params.userId, teamRole: body.teamRole, isManager: body.isManager } };
  });

  route(r, {
    method: 'delete', path: '/api/accounts/:accountId/team/:userId', status: 204, tag: 'accounts', auth: 'session', params: TeamParams,
    summary: 'Remove a staff member from the account team (admin)',
  }, async ({ req, user, params }) => {
    await authorize(orm.em, req, user, 'accounts.manage', params.accountId);
    const em = orm.em.fork();
    await em.transactional(async (tx) => {
      const removed = await tx.nativeDelete(AccountTeamMember, { account: params.accountId, user: params.userId });
      if (!removed) throw new AppError('not_found', 'Not found');
      await recordAudit(tx, { ...auditContext(req, user), accountId: params.accountId, action: 'team.member_removed', target: { type: 'user', id: params.userId }, data: {} });
    });
  });

  return r;
}
