import { Router } from 'express';
import { z } from 'zod';
import { Invitation } from '../../db/entities/invitation.ts';
import { User } from '../../db/entities/user.ts';
import { Account } from '../../db/entities/account.ts';
import { recordAudit } from '../../db/audit.ts';
import { AppError } from '../errors.ts';
import { fields, route } from '../http.ts';
import type { AppDeps } from '../deps.ts';
import { hashPassword, passwordProblem } from '../auth/passwords.ts';
import { hashToken } from '../../domain/tokens.ts';
import { toSessionUser } from '../auth/passport.ts';
import { auditContext } from '../policy.ts';
import { signIn } from './auth.ts';
import { Role, SignedIn } from '../schemas/users.ts';

const Token = z.object({ token: z.string().min(10, 'Invalid link').max(200, 'Invalid link') });

export function invitationRoutes(deps: AppDeps): Router {
  const r = Router();
  const { orm } = deps;

  async function findUsable(token: string) {
    const inv = await orm.em.fork().findOne(Invitation, { tokenHash: hashToken(token) }, { populate: ['account', 'invitedBy'] });
    if (!inv || inv.acceptedAt || inv.revokedAt || inv.expiresAt < new Date()) {
      throw new AppError('link_invalid', 'This invitation link is invalid, already used or expired. Ask your contact for a new one.');
    }
    return inv;
  }

  route(r, {
    method: 'get', path: '/api/invitations/:token', tag: 'invitations', auth: 'public', params: Token,
    summary: 'What an invitation link is for (before accepting it)',
    response: z.object({ email: z.string(), name: z.string().nullable(), role: Role, accountName: z.string().nullable(), invitedBy: z.string() }).meta({ id: 'InvitationPreview' }),
    errors: ['link_invalid'],
  }, async ({ params }) => {
    const inv = await findUsable(params.token);
    return { email: inv.email, name: inv.name, role: inv.role, accountName: inv.account?.name ?? null, invitedBy: inv.invitedBy.name };
  });

  route(r, {
    method: 'post', path: '/api/invitations/accept', tag: 'invitations', auth: 'public',
    summary: 'Accept an invitation: create the account user with a password and sign in',
    body: z.strictObject({ token: Token.shape.token, name: fields.name, password: fields.password }),
    response: SignedIn,
    errors: ['link_invalid', 'conflict'],
  }, async ({ req, body }) => {
    const inv = await findUsable(body.token);
    const problem = passwordProblem(body.password, { email: inv.email });
    if (problem) throw new AppError('validation_failed', problem, { fields: { password: problem } });
    const passwordHash = await hashPassword(body.password);
    const em = orm.em.fork();
    const user = await em.transactional(async (tx) => {
      const claimed = await tx.getConnection().execute<{ affectedRows: number }>(
        'update invitation set accepted_at = now() where id = ? and accepted_at is null', [inv.id], 'run', tx.getTransactionContext());
      if (claimed.affectedRows !== 1) throw new AppError('link_invalid', 'This invitation has already been used');
      if (await tx.count(User, { email: inv.email })) throw new AppError('conflict', 'Someone with this email already has an account');
      const u = tx.create(User, {
        email: inv.email, name: body.name, role: inv.role, account: inv.account ? tx.getReference(Account, inv.account.id) : null,
        passwordHash, passwordChangedAt: new Date(), lastLoginAt: new Date(),
      });
      await tx.flush();
      await recordAudit(tx, {
        ...auditContext(req, null), actor: { id: u.id, email: u.email, role: u.role }, eventKey: `invitation:${inv.id}:accepted`,
        accountId: inv.account?.id ?? null, action: 'invitation.accepted', target: { type: 'user', id: u.id },
        data: { invitationId: inv.id, role: inv.role },
      });
      return u;
    });
    const sessionUser = { ...toSessionUser(user), accountId: inv.account?.id ?? null, accountName: inv.account?.name ?? null };
    return signIn(req, sessionUser);
  });

  return r;
}
