import { Router } from 'express';
import { z } from 'zod';
import { route } from '../http.ts';
import type { AppDeps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { checklistView, ENGAGEMENT_JSON, type EngagementSummary, type StoredItem } from '../services/engagements.ts';
import { AccountUser, accountUsers, TeamMemberView } from './accounts.ts';
import { EngagementView } from '../schemas/engagements.ts';
import { accountDeliverablesJson, summarize, type DeliverableRow } from '../services/deliverables.ts';

const WaitingItem = z.object({
  engagementId: z.uuid(), engagementTitle: z.string(), title: z.string(),
  /** A milestone waiting on someone, or a checklist item (then with its due date). */
  kind: z.enum(['milestone', 'item', 'review', 'signature']), milestoneId: z.string().nullable(), itemKey: z.string().nullable(), dueAt: z.string().nullable(), overdue: z.boolean(),
  /** For a review: the deliverable waiting for the viewer's decision (or, in "waiting on us", a new version). */
  deliverableId: z.uuid().nullable().optional(),
  /** For a signature: the document waiting for the viewer to sign. */
  documentId: z.uuid().nullable().optional(),
}).meta({ id: 'WaitingItem' });

/** The deliverables a client's home lists: under review, or sent back for changes or rejected. */
const REVIEWS = accountDeliverablesJson(['in_review', 'changes_requested', 'rejected']);

export function homeRoutes(deps: AppDeps): Router {
  const r = Router();
  const { orm } = deps;

  route(r, {
    method: 'get', path: '/api/home', tag: 'home', auth: 'session',
    summary: "A client's home: what is waiting on them, their engagements and their account team",
    response: z.object({
      account: z.object({ id: z.uuid(), name: z.string() }),
      team: z.array(TeamMemberView),
      engagements: z.array(EngagementView),
      waitingOnYou: z.array(WaitingItem),
      waitingOnUs: z.array(WaitingItem),
      people: z.array(AccountUser.omit({ disabled: true })).nullable(),
      permissions: z.object({ invite: z.boolean() }),
    }).meta({ id: 'Home' }),
  }, async ({ user }) => {
    // The client's own account only: the id comes from the session, never from the request.
    if (!user.accountId) throw new AppError('forbidden', 'The home page is for client users; staff use the accounts list');
    const accountId = user.accountId;
    // One round trip for the page (it is the most visited one): engagements, team, signatures and reviews together.
    type Signature = { id: string; title: string; expiresAt: string | null; engagementId: string; engagementTitle: string };
    const rows = await orm.em.getConnection().execute<{ engagements: EngagementSummary[]; team: z.infer<typeof TeamMemberView>[]; signatures: Signature[]; deliverables: DeliverableRow[] }[]>(
      `select
         (select coalesce(json_agg(${ENGAGEMENT_JSON} order by e.status = 'completed', e.created_at desc), '[]')
            from engagement e join account a on a.id = e.account_id where e.account_id = ?) as engagements,
         (select coalesce(json_agg(json_build_object('id', u.id, 'name', u.name, 'teamRole', t.team_role, 'email', u.email,
                   'phone', u.phone, 'isManager', t.is_manager) order by t.is_manager desc, u.name), '[]')
            from account_team_member t join app_user u on u.id = t.user_id where t.account_id = ? and u.disabled_at is null) as team,
         -- Documents whose current signer is this person (by their user, or by email for a signer added without one).
         (select coalesce(json_agg(json_build_object('id', d.id, 'title', d.title, 'expiresAt', d.expires_at, 'engagementId', d.engagement_id,
                   'engagementTitle', e.title) order by d.expires_at nulls last, d.created_at), '[]')
            from signature_document d join document_signer s on s.document_id = d.id join engagement e on e.id = d.engagement_id
           where d.account_id = ? and d.status = 'collecting' and s.status = 'current'
             and (s.user_id = ? or (s.user_id is null and lower(s.email) = lower(?)))) as signatures,
         ${REVIEWS.sql} as deliverables`,
      [accountId, accountId, accountId, user.id, user.email, ...REVIEWS.params(accountId)]);
    const { team, signatures } = rows[0]!;
    const engagements = rows[0]!.engagements.map((e) => ({ ...e, checklist: checklistView(e.checklist as unknown as StoredItem[]) }));
    const people = user.role === 'client_admin' ? await accountUsers(orm.em, accountId) : null;
    const reviews = rows[0]!.deliverables.map((d) => summarize(d, user));
    const reviewItem = (d: (typeof reviews)[number]) => ({
      engagementId: d.engagementId, engagementTitle: d.engagementTitle, title: d.title, kind: 'review' as const, milestoneId: null, itemKey: null,
      dueAt: d.dueAt, overdue: d.overdue, deliverableId: d.id,
    });
    const now = Date.now();
    const signatureItems = signatures.map((d) => ({
      engagementId: d.engagementId, engagementTitle: d.engagementTitle, title: d.title, kind: 'signature' as const, milestoneId: null, itemKey: null,
      dueAt: d.expiresAt ? new Date(d.expiresAt).toISOString() : null, overdue: false, documentId: d.id,
    }));
    // Checklist items first, soonest due first; then milestones waiting on the same side.
    const waiting = (who: 'client' | 'staff') => [
      ...engagements.filter((e) => e.status === 'active').flatMap((e) => e.checklist
        .filter((i) => i.status === 'open' && i.assignee === who)
        .map((i) => ({ engagementId: e.id, engagementTitle: e.title, title: i.title, kind: 'item' as const, milestoneId: null, itemKey: i.key, dueAt: i.dueAt, overdue: Date.parse(i.dueAt) < now })))
        .sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt)),
      ...engagements.flatMap((e) => e.milestones
        .filter((m) => m.status === 'current' && (m.owner ?? 'staff') === who && !(m as { blockedBy?: string[] }).blockedBy?.length)
        .map((m) => ({ engagementId: e.id, engagementTitle: e.title, title: m.title, kind: 'milestone' as const, milestoneId: m.id, itemKey: null, dueAt: null, overdue: false }))),
    ];
    return {
      account: { id: accountId, name: user.accountName ?? '' },
      team,
      engagements,
      // Signatures and reviews waiting for this person come first: they hold up the work.
      waitingOnYou: [...signatureItems, ...reviews.filter((d) => d.waitingOnYou).map(reviewItem), ...waiting('client')],
      waitingOnUs: [...waiting('staff'), ...reviews.filter((d) => d.status !== 'in_review').map(reviewItem)],
      people: people?.map(({ disabled: _d, ...p }) => p) ?? null,
      permissions: { invite: user.role === 'client_admin' },
    };
  });

  return r;
}
