import { Router, type Request } from 'express';
import { z } from 'zod';
import type { PassportStatic } from 'passport';
import { recordAudit } from '../../db/audit.ts';
import { enqueueEmail } from '../../db/outbox.ts';
import { PasswordReset } from '../../db/entities/password-reset.ts';
import { User } from '../../db/entities/user.ts';
import { AppError } from '../errors.ts';
import { fields, route } from '../http.ts';
import type { AppDeps } from '../deps.ts';
import { anonymousCsrfToken, ensureCsrfToken, saveSession } from '../auth/session.ts';
import { addressKey, auditRefusal, loginPairKey, tooManyRequests } from '../auth/throttle.ts';
import type { SessionUser } from '../auth/session-user.ts';
import { hashPassword, passwordProblem } from '../auth/passwords.ts';
import { hashToken, newToken } from '../../domain/tokens.ts';
import { toSessionUser } from '../auth/passport.ts';
import { auditContext } from '../policy.ts';
import { afterResponse } from '../after-response.ts';
import { brandingView, BrandingView } from './branding.ts';
import { SignedIn, UserView } from '../schemas/users.ts';


const RESET_MINUTES = 60;

/** Signs the user in on a fresh session id (fixation defence) and returns what the UI needs. */
export async function signIn(req: Request, user: SessionUser): Promise<z.infer<typeof SignedIn>> {
  // passport ≥ 0.6 regenerates the session inside req.login; nothing of the old session is kept.
  await new Promise<void>((resolve, reject) => req.login(user, (err) => (err ? reject(err) : resolve())));
  req.session.authenticatedAt = Date.now();
  req.session.lastSeenAt = Date.now();
  const csrfToken = ensureCsrfToken(req);
  await saveSession(req);
  return { user, csrfToken };
}

/** Ends every session of a user (password reset, disabled account). */
export async function endSessionsOf(deps: AppDeps, userId: string, exceptSid?: string): Promise<number> {
  const ended = await deps.orm.em.getConnection().execute<{ sid: string }[]>(
    `delete from session where sess->'passport'->'user'->>'id' = ? and sid <> ? returning sid`, [userId, exceptSid ?? '']);
  // Other API processes hear of it from the table's trigger; this one drops its copies now.
  deps.sessionStore.forget(ended.map((r) => r.sid));
  return ended.length;
}

export function authRoutes(deps: AppDeps, passport: PassportStatic): Router {
  const r = Router();
  const { orm, throttles } = deps;

  route(r, {
    method: 'get', path: '/api/session', tag: 'auth', auth: 'public',
    summary: 'Who is signed in, the CSRF token for state-changing requests, and the branding',
    response: z.object({ user: UserView.nullable(), csrfToken: z.string(), branding: BrandingView }).meta({ id: 'Session' }),
  }, async ({ req, res }) => {
    // A visitor without a session gets a token bound to a cookie instead: reading this stores nothing.
    const csrfToken = req.session.csrfToken ?? anonymousCsrfToken(req, res, deps.config);
    return { user: req.user ?? null, csrfToken, branding: await brandingView(orm.em) };
  });

  route(r, {
    method: 'post', path: '/api/auth/login', tag: 'auth', auth: 'public',
    summary: 'Sign in with email and password',
    body: z.strictObject({ email: fields.email, password: fields.password.min(1, 'Required') }),
    response: SignedIn,
    errors: ['invalid_credentials', 'too_many_attempts'],
  }, async ({ req, body }) => {
    const ip = addressKey(req.ip);
    const ctx = auditContext(req, null);
    const pair = loginPairKey(body.email, ip);
    const [pairWait, ipWait] = await Promise.all([throttles.loginPair.retryAfter(pair), throttles.loginIp.retryAfter(ip)]);
    if (pairWait > 0 || ipWait > 0) {
      // Recorded once per blocked key and block, after the answer: a flood of blocked attempts
      // neither queues on the audit trail's lock nor grows it.
      if (pairWait > 0) auditRefusal(deps, req, throttles.loginPair, pair, 'login.throttled', { email: body.email });
      else auditRefusal(deps, req, throttles.loginIp, ip, 'login.throttled', { email: body.email });
      throw tooMany(Math.max(pairWait, ipWait));
    }
    // The strategy reads the body: give it the normalised email, not what was typed.
    req.body = body;
    const user = await new Promise<SessionUser | false>((resolve, reject) => {
      passport.authenticate('local', { session: false }, (err: unknown, u: SessionUser | false) => (err ? reject(err) : resolve(u)))(req, req.res!, () => {});
    });
    if (!user) {
      const [byPair, byIp] = await Promise.all([throttles.loginPair.hit(pair), throttles.loginIp.hit(ip)]);
      const nowBlocked = Math.max(byPair.retryAfter, byIp.retryAfter);
      await recordAudit(orm.em.fork(), { ...ctx, action: 'login.failed', data: { email: body.email } });
      if (nowBlocked > 0) throw tooMany(nowBlocked);
      throw new AppError('invalid_credentials', 'Email or password is incorrect');
    }
    await throttles.loginPair.clear(pair);
    const out = await signIn(req, user);
    await orm.em.getConnection().execute('update app_user set last_login_at = now() where id = ?', [user.id]);
    await recordAudit(orm.em.fork(), { ...auditContext(req, user), accountId: user.accountId, action: 'login.succeeded', data: { method: 'password' } });
    return out;
  });

  route(r, {
    method: 'post', path: '/api/auth/logout', tag: 'auth', auth: 'public',
    summary: 'Sign out: the session row is deleted; the answer carries an anonymous CSRF token',
    response: z.object({ csrfToken: z.string() }),
  }, async ({ req, res }) => {
    const user = req.user ?? null;
    if (user) {
      // Deletes the session row; the empty session passport starts in its place is not stored either.
      await new Promise<void>((resolve, reject) => req.logout((err) => (err ? reject(err) : resolve())));
      await new Promise<void>((resolve, reject) => req.session.destroy((err) => (err ? reject(err) : resolve())));
      await recordAudit(orm.em.fork(), { ...auditContext(req, user), accountId: user.accountId, action: 'logout', data: {} });
    } else if (req.session.csrfToken) {
      await new Promise<void>((resolve, reject) => req.session.destroy((err) => (err ? reject(err) : resolve())));
    }
    // From here on the visitor is anonymous: a cookie-bound token, and no session row.
    return { csrfToken: anonymousCsrfToken(req, res, deps.config) };
  });

  route(r, {
    method: 'post', path: '/api/auth/password-reset/request', tag: 'auth', auth: 'public', status: 202,
    summary: 'Email a password reset link (answers the same whether or not the address is known)',
    body: z.strictObject({ email: fields.email }),
    response: z.object({}),
    errors: ['too_many_attempts'],
  }, async ({ req, body }) => {
    // Per address first, so a flood from one address adds no rows for the emails it tries.
    const ip = addressKey(req.ip);
    const byIp = await throttles.resetIp.hit(ip);
    if (!byIp.allowed) {
      auditRefusal(deps, req, throttles.resetIp, ip, 'password_reset.throttled', {});
      throw tooManyRequests(byIp.retryAfter, 'Too many password reset requests from this address; try again later');
    }
    // Per email whether or not it is known, so the answer still says nothing about the address.
    const byEmail = await throttles.resetEmail.hit(body.email);
    if (!byEmail.allowed) {
      auditRefusal(deps, req, throttles.resetEmail, body.email, 'password_reset.throttled', { email: body.email });
      throw tooManyRequests(byEmail.retryAfter, 'A reset link was asked for this address several times already; check your email or try again later');
    }
    // The same answer in the same time for known and unknown addresses: the lookup, the token, the
    // email and the audit event come after the answer (and do not wait on the audit trail's lock).
    const ctx = auditContext(req, null);
    afterResponse(req, 'a password reset request', () => sendPasswordReset(deps, body.email, ctx));
    return {};
  });

  route(r, {
    method: 'post', path: '/api/auth/password-reset/complete', tag: 'auth', auth: 'public',
    summary: 'Set a new password with a reset link; ends the other sessions and signs in',
    body: z.strictObject({ token: z.string().min(10).max(200), password: fields.password }),
    response: SignedIn,
    errors: ['link_invalid'],
  }, async ({ req, body }) => {
    const em = orm.em.fork();
    const reset = await em.findOne(PasswordReset, { tokenHash: hashToken(body.token) }, { populate: ['user', 'user.account'] });
    if (!reset || reset.usedAt || reset.expiresAt < new Date() || reset.user.disabledAt) {
      throw new AppError('link_invalid', 'This link is invalid or has expired; ask for a new one');
    }
    const problem = passwordProblem(body.password, { email: reset.user.email });
    if (problem) throw new AppError('validation_failed', problem, { fields: { password: problem } });
    const passwordHash = await hashPassword(body.password);
    await em.transactional(async (tx) => {
      // Single use even under concurrent requests: only one update finds used_at still null.
      const claimed = await tx.getConnection().execute<{ affectedRows: number }>(
        'update password_reset set used_at = now() where id = ? and used_at is null', [reset.id], 'run', tx.getTransactionContext());
      if (claimed.affectedRows !== 1) throw new AppError('link_invalid', 'This link has already been used');
      await tx.getConnection().execute('update app_user set password_hash = ?, password_changed_at = now() where id = ?',
        [passwordHash, reset.user.id], 'run', tx.getTransactionContext());
      await recordAudit(tx, { ...auditContext(req, null), actor: { id: reset.user.id, email: reset.user.email, role: reset.user.role }, accountId: reset.user.account?.id ?? null, action: 'password_reset.completed', target: { type: 'user', id: reset.user.id }, data: {} });
    });
    await endSessionsOf(deps, reset.user.id);
    return signIn(req, toSessionUser(reset.user));
  });

  return r;
}

/** Makes and emails a reset link when the address belongs to an enabled user; nothing otherwise. */
async function sendPasswordReset(deps: AppDeps, email: string, ctx: ReturnType<typeof auditContext>): Promise<void> {
  const em = deps.orm.em.fork();
  const user = await em.findOne(User, { email, disabledAt: null });
  if (!user) return;
  await em.transactional(async (tx) => {
    const { token, tokenHash } = newToken();
    const reset = tx.create(PasswordReset, { user: tx.getReference(User, user.id), tokenHash, expiresAt: new Date(Date.now() + RESET_MINUTES * 60_000) });
    await tx.flush();
    await enqueueEmail(tx, {
      idempotencyKey: `password-reset:${reset.id}`, to: user.email, kind: 'password-reset',
      content: {
        subject: 'Reset your password', greeting: `Hello ${user.name},`,
        paragraphs: ['Someone (hopefully you) asked to reset the password of your portal account.', `The link works once and expires in ${RESET_MINUTES} minutes.`],
        action: { label: 'Choose a new password', url: `${deps.config.publicUrl}/reset-password/${token}` },
        footnote: "If you didn't ask for this, ignore this email: your password stays as it is.",
      },
      secrets: { values: [token], expiresAt: reset.expiresAt },
    });
    await recordAudit(tx, { ...ctx, accountId: user.account?.id ?? null, action: 'password_reset.requested', target: { type: 'user', id: user.id }, data: {} });
  });
}

function tooMany(seconds: number): AppError {
  const minutes = Math.ceil(seconds / 60);
  return new AppError('too_many_attempts', `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}, or reset your password.`, {
    headers: { 'Retry-After': String(seconds) },
  });
}
