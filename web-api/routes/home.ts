import { Router } from 'express';
import { z } from 'zod';
import { route } from '../http.ts';
import type { AppDeps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { listEngagements } from '../services/engagements.ts';
import { accountTeam, accountUsers, TeamMemberView } from './accounts.ts';
import { EngagementView } from './engagements.ts';

const WaitingItem = z.object({ engagementId: z.uuid(), engagementTitle: z.string(), milestoneId: z.string(), title: z.string() });

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
      people: z.array(z.object({ id: z.uuid(), name: z.string(), email: z.string(), role: z.string(), lastLoginAt: z.string().nullable() })).nullable(),
      permissions: z.object({ invite: z.boolean() }),
    }),
  }, async ({ user }) => {
    // The client's own account only: the id comes from the session, never from the request.
    if (!user.accountId) throw new AppError('forbidden', 'The home page is for client users; staff use the accounts list');
    const accountId = user.accountId;
    const [engagements, team, people] = await Promise.all([
      listEngagements(orm.em, accountId),
      accountTeam(orm.em, accountId),
      user.role === 'client_admin' ? accountUsers(orm.em, accountId) : Promise.resolve(null),
    ]);
    const waiting = (who: 'client' | 'staff') => engagements.flatMap((e) => e.milestones
      .filter((m) => m.status === 'current' && (m.owner ?? 'staff') === who)
      .map((m) => ({ engagementId: e.id, engagementTitle: e.title, milestoneId: m.id, title: m.title })));
    return {
      account: { id: accountId, name: user.accountName ?? '' },
      team,
      engagements,
      waitingOnYou: waiting('client'),
      waitingOnUs: waiting('staff'),
      people: people?.map(({ disabled: _d, ...p }) => p) ?? null,
      permissions: { invite: user.role === 'client_admin' },
    };
  });

  return r;
}
