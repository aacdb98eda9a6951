import { Router, type Request } from 'express';
import { z } from 'zod';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError } from '../errors.ts';
import { fields, route } from '../http.ts';
import type { AppDeps } from '../deps.ts';
import { authorize, type Action } from '../policy.ts';
import type { SessionUser } from '../auth/session-user.ts';
import { listOverdueItems } from '../services/list-overdue-items.ts';
import { searchEngagements } from '../services/search-engagements.ts';

/** Enough for a working list; the counts still cover everything. */
const OVERDUE_LIMIT = 500;
const SEARCH_LIMIT = 200;

const OverdueQuery = z.strictObject({ accountId: fields.uuid.optional() });

const OverdueItemView = z.object({
  engagementId: z.uuid(), engagementTitle: z.string(), accountId: z.uuid(), accountName: z.string(),
  itemKey: z.string(), title: z.string(), waitingOn: z.enum(['client', 'staff']), dueAt: z.string(),
  daysOverdue: z.number().int(), people: z.array(z.string()), lastReminderAt: z.string().nullable(),
}).meta({ id: 'OverdueItem' });

const EngagementSearchQuery = z.strictObject({
  status: z.enum(['active', 'completed'], { message: 'Choose active or completed' }).optional(),
  waitingOn: z.enum(['client', 'staff'], { message: 'Choose client or staff' }).optional(),
  accountId: fields.uuid.optional(),
});

const FoundEngagementView = z.object({
  id: z.uuid(), accountId: z.uuid(), accountName: z.string(), title: z.string(), status: z.enum(['active', 'completed']),
  currentMilestone: z.string().nullable(), waitingOn: z.string().nullable(),
  progress: z.object({ done: z.number(), total: z.number() }), startedAt: z.string(), updatedAt: z.string(),
}).meta({ id: 'FoundEngagement' });

/**
 * Authorizes a cross-account view and tells whether the caller is limited to their team's accounts.
 * A named account the caller may not see answers 404 like any other route; so does one that does not
 * exist for the roles that see every account.
 */
async function authorizeView(em: EntityManager, req: Request, user: SessionUser, action: Action, accountId: string | undefined): Promise<{ teamOnly: boolean }> {
  await authorize(em, req, user, action, accountId);
  if (accountId && user.role !== 'staff') {
    const found = await em.getConnection().execute<unknown[]>('select 1 from account where id = ?', [accountId]);
    if (found.length === 0) throw new AppError('not_found', 'Not found');
  }
  return { teamOnly: user.role === 'staff' };
}

const StaffDocumentView = z.object({
  id: z.uuid(), title: z.string(), accountId: z.uuid(), accountName: z.string(), engagementId: z.uuid(), engagementTitle: z.string(),
  expiresAt: z.string().nullable(), createdAt: z.string(),
  /** For a draft: the roles whose signer the team still has to name. */
  unnamed: z.array(z.string()),
}).meta({ id: 'StaffDocument' });
interface StaffDocumentRow { id: string; title: string; account_id: string; account_name: string; engagement_id: string; engagement_title: string; expires_at: Date | null; created_at: Date; unnamed: string[] }
const staffDocumentView = (d: StaffDocumentRow): z.infer<typeof StaffDocumentView> => ({
  id: d.id, title: d.title, accountId: d.account_id, accountName: d.account_name, engagementId: d.engagement_id, engagementTitle: d.engagement_title,
  expiresAt: d.expires_at ? new Date(d.expires_at).toISOString() : null, createdAt: new Date(d.created_at).toISOString(), unnamed: d.unnamed ?? [],
});

/** Cross-account views for the business: what is overdue and on whom, and engagements by who they wait on. */
export function staffRoutes(deps: AppDeps): Router {
  const r = Router();
  const { orm } = deps;

  route(r, {
    method: 'get', path: '/api/staff/overdue', tag: 'staff', auth: 'session', query: OverdueQuery,
    summary: 'Overdue open checklist items of active engagements, most overdue first, on the accounts the caller may see',
    response: z.object({
      items: z.array(OverdueItemView),
      counts: z.object({ total: z.number().int(), onClient: z.number().int(), onStaff: z.number().int() }),
    }).meta({ id: 'OverdueList' }),
  }, async ({ req, user, query }) => {
    const { teamOnly } = await authorizeView(orm.em, req, user, 'overdue.read', query.accountId);
    return listOverdueItems(orm.em, { accountId: query.accountId ?? null, teamOf: teamOnly ? user.id : null },
      { dayMs: deps.config.dayMs, limit: OVERDUE_LIMIT });
  });

  route(r, {
    method: 'get', path: '/api/staff/documents', tag: 'staff', auth: 'session',
    summary: "Documents to sign that wait on the caller: those whose turn is theirs (a countersignature), and drafts to set up and send on the accounts they may see",
    response: z.object({ yourTurn: z.array(StaffDocumentView), drafts: z.array(StaffDocumentView) }),
  }, async ({ req, user }) => {
    const { teamOnly } = await authorizeView(orm.em, req, user, 'document.manage', undefined);
    const select = `select d.id, d.title, d.account_id, a.name as account_name, d.engagement_id, e.title as engagement_title, d.expires_at, d.created_at,
        coalesce((select json_agg(s.role_label order by s.position) from document_signer s where s.document_id = d.id and (s.name = '' or s.email = '')), '[]') as unnamed
      from signature_document d join account a on a.id = d.account_id join engagement e on e.id = d.engagement_id`;
    const c = orm.em.getConnection();
    const yourTurn = await c.execute<StaffDocumentRow[]>(
      `${select} where d.status = 'collecting' and exists (select 1 from document_signer s where s.document_id = d.id and s.status = 'current'
         and (s.user_id = ? or (s.user_id is null and lower(s.email) = lower(?)))) order by d.expires_at nulls last limit 200`, [user.id, user.email]);
    const drafts = await c.execute<StaffDocumentRow[]>(
      `${select} where d.status = 'draft' ${teamOnly ? 'and d.account_id in (select account_id from account_team_member where user_id = ?)' : ''}
        order by d.created_at limit 200`, teamOnly ? [user.id] : []);
    return { yourTurn: yourTurn.map(staffDocumentView), drafts: drafts.map(staffDocumentView) };
  });

  route(r, {
    method: 'get', path: '/api/staff/engagements', tag: 'staff', auth: 'session', query: EngagementSearchQuery,
    summary: "Engagements by status, account and whom they wait on (Temporal visibility; 'client' also matches engagements waiting on both sides)", errors: ['unavailable'],
    response: z.object({ engagements: z.array(FoundEngagementView), truncated: z.boolean() }),
  }, async ({ req, user, query }) => {
    const { teamOnly } = await authorizeView(orm.em, req, user, 'engagements.search', query.accountId);
    let accountIds: string[] | null = query.accountId ? [query.accountId] : null;
    if (!accountIds && teamOnly) {
      const rows = await orm.em.getConnection().execute<{ account_id: string }[]>(
        'select account_id from account_team_member where user_id = ? order by account_id', [user.id]);
      accountIds = rows.map((row) => row.account_id);
    }
    return searchEngagements({ em: orm.em, temporal: deps.temporal, deadlineMs: deps.config.temporalDeadlineMs },
      { status: query.status, waitingOn: query.waitingOn, accountIds }, SEARCH_LIMIT);
  });

  return r;
}
