import { Router } from 'express';
import { z } from 'zod';
import { verifyAuditChain } from '../../db/audit.ts';
import { route } from '../http.ts';
import type { AppDeps } from '../deps.ts';
import { authorize } from '../policy.ts';

const problem = z.object({
  seq: z.number(),
  kind: z.enum(['content', 'link', 'gap']),
  reason: z.string(),
  missing: z.object({ from: z.number(), to: z.number() }).optional(),
});

export function auditRoutes(deps: AppDeps): Router {
  const r = Router();
  const { orm } = deps;

  route(r, {
    method: 'get', path: '/api/audit/verify', tag: 'audit', auth: 'session',
    summary: 'Verify the whole audit hash chain (compliance reviewers); lists every changed event, broken link and run of deleted events',
    response: z.object({
      ok: z.boolean(),
      count: z.number(),
      head: z.string().nullable(),
      firstBad: z.object({ seq: z.number(), reason: z.string() }).nullable(),
      problems: z.array(problem),
      problemsTruncated: z.boolean(),
      legacy: z.object({ count: z.number(), firstSeq: z.number().nullable(), lastSeq: z.number().nullable() }),
      skippedSeqs: z.number(),
    }),
  }, async ({ req, user }) => {
    await authorize(orm.em, req, user, 'audit.verify');
    return verifyAuditChain(orm.em.fork());
  });

  return r;
}
