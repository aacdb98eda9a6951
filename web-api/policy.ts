/**
 * Authorization in one place. Every route calls `authorize()` before touching an item:
 * clients see their own account only, staff the accounts they are assigned to, admins all,
 * compliance reviewers all but read-only. An item the caller may not know about answers 404;
 * a visible item the role may not change answers 403. Every refusal is an audit event.
 */
import type { Request } from 'express';
import type { EntityManager } from '@mikro-orm/postgresql';
import { recordAudit } from '../db/audit.ts';
import { redactSecretPaths } from '../db/redaction.ts';
import { afterResponse } from './after-response.ts';
import { AppError } from './errors.ts';
import type { SessionUser } from './auth/session-user.ts';

export type Action =
  | 'account.read'
  | 'account.invite'
  | 'engagement.start'
  | 'engagement.advance'
  | 'accounts.list'
  | 'branding.manage'
  | 'outbox.read'
  | 'audit.verify'
  | 'audit.export'
  | 'audit.read'
  | 'accounts.manage'
  | 'users.manage'
  | 'templates.read'
  | 'templates.manage'
  | 'checklist.act'
  | 'overdue.read'
  | 'engagements.search'
  | 'deliverable.manage'
  | 'review.decide'
  | 'comment.write'
  | 'pipeline.read'
  | 'library.read'
  | 'library.upload'
  | 'library.manage'
  | 'document.manage'
  | 'invoice.manage'
  | 'invoice.pay'
  | 'audit.checkpoints.read'
  | 'account.auditDigest.read'
  | 'account.auditDigest.manage';

/** Roles allowed each action, before the account check. */
const ROLE_RULES: Record<Action, readonly SessionUser['role'][]> = {
  'account.read': ['client_member', 'client_admin', 'staff', 'admin', 'compliance_reviewer'],
  'account.invite': ['client_admin', 'staff', 'admin'],
  'engagement.start': ['staff', 'admin'],
  'engagement.advance': ['staff', 'admin'],
  'accounts.list': ['staff', 'admin', 'compliance_reviewer'],
  'branding.manage': ['admin'],
  'outbox.read': ['admin'],
  // The compliance console: the chain's status, the event browser and the evidence of every account.
  'audit.verify': ['admin', 'compliance_reviewer'],
  'audit.read': ['admin', 'compliance_reviewer'],
  // Evidence exports read across the whole chain: admins and compliance reviewers only (staff have no audit rights).
  'audit.export': ['admin', 'compliance_reviewer'],
  'accounts.manage': ['admin'],
  'users.manage': ['admin'],
  'templates.read': ['staff', 'admin', 'compliance_reviewer'],
  'templates.manage': ['admin'],
  'checklist.act': ['client_member', 'client_admin', 'staff', 'admin'],
  // Cross-account views: scoped to the caller's accounts by the route, never open to clients.
  'overdue.read': ['staff', 'admin', 'compliance_reviewer'],
  'engagements.search': ['staff', 'admin', 'compliance_reviewer'],
  'deliverable.manage': ['staff', 'admin'],
  'review.decide': ['client_member', 'client_admin', 'staff', 'admin'],
  'comment.write': ['client_member', 'client_admin', 'staff', 'admin'],
  'pipeline.read': ['staff', 'admin', 'compliance_reviewer'],
  'document.manage': ['staff', 'admin'],
  'invoice.manage': ['staff', 'admin'],
  'invoice.pay': ['client_member', 'client_admin', 'staff', 'admin'],
  // The file library: everyone on the account reads (clients never see staff-only items), clients
  // and the team upload files, new versions and folders, the team alone renames, moves, deletes and
  // marks items staff-only.
  'library.read': ['client_member', 'client_admin', 'staff', 'admin', 'compliance_reviewer'],
  'library.upload': ['client_member', 'client_admin', 'staff', 'admin'],
  'library.manage': ['staff', 'admin'],
  // Signed checkpoints are evidence for auditors and the business; an account's digest setting is its
  // client admins' to choose (and the business's admins'), and everyone on the account team may see it.
  'audit.checkpoints.read': ['admin', 'compliance_reviewer'],
  'account.auditDigest.read': ['client_admin', 'staff', 'admin', 'compliance_reviewer'],
  'account.auditDigest.manage': ['client_admin', 'admin'],
};

/** Whether the user may see the account at all (404 otherwise). */
export async function canSeeAccount(em: EntityManager, user: SessionUser, accountId: string): Promise<boolean> {
  switch (user.role) {
    case 'admin':
    case 'compliance_reviewer':
      return true;
    case 'client_member':
    case 'client_admin':
      return user.accountId === accountId;
    case 'staff': {
      const rows = await em.getConnection().execute<unknown[]>(
        'select 1 from account_team_member where account_id = ? and user_id = ? limit 1', [accountId, user.id]);
      return rows.length > 0;
    }
  }
}

export function roleMay(user: SessionUser, action: Action): boolean {
  return ROLE_RULES[action].includes(user.role);
}

/**
 * Throws 404 when the account is not visible to the user and 403 when the role may not perform
 * the action; records the refusal in the audit trail either way, after the answer: waiting for the
 * audit trail's lock would make a refused id answer slower than an id that does not exist, and so
 * tell them apart.
 */
export async function authorize(em: EntityManager, req: Request, user: SessionUser, action: Action, accountId?: string): Promise<void> {
  let refusal: AppError | null = null;
  if (accountId !== undefined && !(await canSeeAccount(em, user, accountId))) {
    refusal = new AppError('not_found', 'Not found');
  } else if (!roleMay(user, action)) {
    refusal = user.role === 'compliance_reviewer'
      ? new AppError('forbidden', 'Compliance reviewers have read-only access')
      : new AppError('forbidden', 'You may not do this');
  }
  if (!refusal) return;
  const event = {
    action: 'permission.denied',
    actor: { id: user.id, email: user.email, role: user.role },
    accountId: accountId ?? null,
    ip: req.ip ?? null,
    userAgent: req.get('user-agent') ?? null,
    data: { action, method: req.method, path: redactSecretPaths(req.originalUrl.split('?')[0]!, '[redacted]'), answered: refusal.status },
  };
  afterResponse(req, 'recording a refused permission check', () => recordAudit(em.fork(), event));
  throw refusal;
}

/** What the user may do on a visible account; the UI shows only the actions that will succeed. */
export function accountPermissions(user: SessionUser): { invite: boolean; startEngagement: boolean; advanceMilestone: boolean; createInvoice: boolean } {
  return {
    invite: roleMay(user, 'account.invite'),
    startEngagement: roleMay(user, 'engagement.start'),
    advanceMilestone: roleMay(user, 'engagement.advance'),
    createInvoice: roleMay(user, 'invoice.manage'),
  };
}

/** Context for audit events recorded on behalf of a request. */
export function auditContext(req: Request, user: SessionUser | null) {
  return {
    actor: user ? { id: user.id, email: user.email, role: user.role } : null,
    ip: req.ip ?? null,
    userAgent: req.get('user-agent') ?? null,
  };
}
