import { Router } from 'express';
import { z } from 'zod';
import { verifyAuditChain } from '../../db/audit.ts';
import { auditPublicKeyPem } from '../../db/audit-checkpoint.ts';
import { AppError } from '../errors.ts';
import { route } from '../http.ts';
import type { AppDeps } from '../deps.ts';
import { authorize } from '../policy.ts';

const problem = z.object({
  seq: z.number(),
  kind: z.enum(['content', 'link', 'gap', 'checkpoint']),
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
      checkpoints: z.object({
        count: z.number(),
        last: z.object({ seq: z.number(), count: z.number(), createdAt: z.string() }).nullable(),
      }),
    }),
  }, async ({ req, user }) => {
    await authorize(orm.em, req, user, 'audit.verify');
    return verifyAuditChain(orm.em.fork());
  });

  // The installation's audit checkpoint key (Ed25519, PEM), for anyone checking a checkpoint or an
  // export offline. The first checkpoint makes the key; until then there is none (a GET writes nothing).
  // Plain text, not JSON, so it is not a `route()`.
  r.get('/.well-known/portico-audit-key', async (_req, res) => {
    const publicKeyPem = await auditPublicKeyPem(orm.em.fork());
    if (!publicKeyPem) throw new AppError('not_found', 'No audit signing key yet: no checkpoint has been signed');
    res.type('application/x-pem-file').set('Cache-Control', 'public, max-age=300').send(publicKeyPem);
  });

  return r;
}
