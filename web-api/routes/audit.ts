import { Router } from 'express';
import { z } from 'zod';
import { verifyAuditChain } from '../../db/audit.ts';
import { route } from '../http.ts';
import type { AppDeps } from '../deps.ts';
import { authorize } from '../policy.ts';

export function auditRoutes(deps: AppDeps): Router {
  const r = Router();
  const { orm } = deps;

  route(r, {
    method: 'get', path: '/api/audit/verify', tag: 'audit', auth: 'session',
    summary: 'Verify the whole audit hash chain (compliance reviewers); names the first bad event',
    response: z.object({ ok: z.boolean(), count: z.number(), head: z.string().nullable(), firstBad: z.object({ seq: z.number(), reason: z.string() }).nullable() }),
  }, async ({ req, user }) => {
    await authorize(orm.em, req, user, 'audit.verify');
    return verifyAuditChain(orm.em.fork());
  });

  return r;
}
