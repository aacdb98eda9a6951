import type { EntityManager } from '@mikro-orm/postgresql';
import type { NextFunction, Request, Response } from 'express';
import { activeWorkPause } from '../../db/work-pause.ts';
import { invoiceLabel } from '../../domain/invoicing/ledger.ts';
import { AppError } from '../errors.ts';
import { canSeeAccount, roleMay, type Action } from '../policy.ts';
import type { SessionUser } from '../auth/session-user.ts';
import type { MikroORM } from '@mikro-orm/postgresql';

/** The pause in force on an account, as the API shows it (null: none). */
export async function workPauseView(em: EntityManager, accountId: string): Promise<{ invoiceId: string; invoiceLabel: string; since: string } | null> {
  const p = await activeWorkPause(em, accountId);
  return p ? { invoiceId: p.invoiceId, invoiceLabel: invoiceLabel(p.invoiceNumber), since: p.since } : null;
}

/**
 * Refuses new work (an engagement, a deliverable, a document to sign) for an account whose work a
 * dunning step paused, with 409 `work_paused` naming the unpaid invoice. Call it after the caller
 * is authorized for the account, so nobody learns of another account's invoices.
 */
export async function assertWorkNotPaused(em: EntityManager, accountId: string): Promise<void> {
  const p = await workPauseView(em, accountId);
  if (p) throw new AppError('work_paused', `New work for this account is paused until invoice ${p.invoiceLabel} is paid`, { fields: { invoiceId: p.invoiceId } });
}

/**
 * The same check as middleware, for routes whose handlers live elsewhere (documents): it answers
 * only callers the route would let through (the action's authorization is asked first; anyone
 * else passes on to the route, which gives its own 404 or 403), and refuses before an upload is read.
 */
export function workPauseGuard(orm: MikroORM, find: (req: Request) => Promise<string | null>, action: Action) {
  return async (req: Request, _res: Response, next: NextFunction): Promise<void> => {
    try {
      const user = req.user as SessionUser | undefined;
      const accountId = user ? await find(req).catch(() => null) : null;
      if (!user || !accountId) return next();
      const em = orm.em.fork();
      // The route itself authorizes (and audits a refusal); this only decides whether it would let the caller through.
      if (roleMay(user, action) && await canSeeAccount(em, user, accountId)) await assertWorkNotPaused(em, accountId);
      next();
    } catch (err) {
      next(err);
    }
  };
}
