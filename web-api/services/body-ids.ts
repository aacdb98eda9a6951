import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError } from '../errors.ts';

/**
 * Ids given in a request body are checked like ids in the path: each must name an item of the
 * account the request is about. Another account's item is as unknown as a random id, so both
 * answer the same 400 naming the field (the path's item was found and authorized already).
 */

/** An engagement of the account (an invoice's `engagementId`). */
export async function assertEngagementOfAccount(em: EntityManager, engagementId: string, accountId: string, field = 'engagementId'): Promise<void> {
  const rows = await em.getConnection().execute<unknown[]>('select 1 from engagement where id = ? and account_id = ?', [engagementId, accountId]);
  if (!rows.length) throw new AppError('validation_failed', 'No such engagement on this account', { fields: { [field]: 'No such engagement on this account' } });
}

/**
 * People who may act on the account: its own users, its team, or admins (a review's named
 * reviewers; the same rule the review's `resolveReviewers` activity applies). `fields` maps each
 * id to the field path that named it.
 */
export async function assertPeopleOfAccount(em: EntityManager, ids: { id: string; field: string }[], accountId: string): Promise<void> {
  if (!ids.length) return;
  const found = new Set((await em.getConnection().execute<{ id: string }[]>(
    `select u.id from app_user u where u.id in (${ids.map(() => '?').join(', ')})
       and (u.account_id = ? or u.role = 'admin' or exists (select 1 from account_team_member t where t.user_id = u.id and t.account_id = ?))`,
    [...ids.map((i) => i.id), accountId, accountId])).map((r) => r.id));
  const missing = ids.filter((i) => !found.has(i.id));
  if (missing.length) {
    throw new AppError('validation_failed', 'No such person on this account', { fields: Object.fromEntries(missing.map((m) => [m.field, 'No such person on this account'])) });
  }
}
