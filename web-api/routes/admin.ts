import { Router } from 'express';
import { z } from 'zod';
import { User, ROLES, isClientRole } from '../../db/entities/user.ts';
import { recordAudit } from '../../db/audit.ts';
import { AppError } from '../errors.ts';
import { fields, route } from '../http.ts';
import type { AppDeps } from '../deps.ts';
import { auditContext, authorize } from '../policy.ts';
import { endSessionsOf } from './auth.ts';

const UserParams = z.object({ userId: fields.uuid });

export function adminRoutes(deps: AppDeps): Router {
  const r = Router();
  const { orm } = deps;

  route(r, {
    method: 'get', path: '/api/admin/outbox', tag: 'admin', auth: 'session',
    summary: 'The latest queued and sent email (how admins read mail when no SMTP server is configured)',
    response: z.object({ emails: z.array(z.object({ id: z.uuid(), toAddress: z.string(), subject: z.string(), kind: z.string(), status: z.string(), createdAt: z.string(), sentAt: z.string().nullable(), textBody: z.string() })) }),
  }, async ({ req, user }) => {
    await authorize(orm.em, req, user, 'outbox.read');
    const rows = await orm.em.getConnection().execute<{ id: string; to_address: string; subject: string; kind: string; status: string; created_at: Date; sent_at: Date | null; text_body: string }[]>(
      'select id, to_address, subject, kind, status, created_at, sent_at, text_body from outbox_email order by created_at desc limit 200');
    return { emails: rows.map((e) => ({ id: e.id, toAddress: e.to_address, subject: e.subject, kind: e.kind, status: e.status, createdAt: new Date(e.created_at).toISOString(), sentAt: e.sent_at ? new Date(e.sent_at).toISOString() : null, textBody: e.text_body })) };
  });

  route(r, {
    method: 'patch', path: '/api/admin/users/:userId', tag: 'admin', auth: 'session', params: UserParams,
    summary: "Change a user's role or disable/enable them (admin). Disabling ends all their sessions.",
    body: z.strictObject({ role: z.enum(ROLES).optional(), disabled: z.boolean().optional() }),
    response: z.object({ user: z.object({ id: z.uuid(), role: z.string(), disabled: z.boolean() }) }),
  }, async ({ req, user, params, body }) => {
    await authorize(orm.em, req, user, 'branding.manage');
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

  return r;
}
