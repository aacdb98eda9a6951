import { Router } from 'express';
import { z } from 'zod';
import { fields, route } from '../http.ts';
import type { AppDeps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { auditContext, authorize } from '../policy.ts';
import { exportEvidence, type ResolvedScope } from '../services/export-evidence.ts';

/** An instant with its offset (`2026-12-04T10:00:00Z`, `2026-12-04T11:00:00+01:00`). */
const Instant = z.iso.datetime({ offset: true, message: 'Use a date and time with its offset, like 2026-12-04T10:00:00Z' })
  .refine((s) => { const y = new Date(s).getUTCFullYear(); return y >= 1 && y <= 9999; }, 'No such time')
  .transform((s) => new Date(s));

const ExportBody = z.strictObject({
  engagementId: fields.uuid.optional(),
  accountId: fields.uuid.optional(),
  from: Instant.optional(),
  to: Instant.optional(),
}).superRefine((b, ctx) => {
  if (!b.engagementId && !b.accountId && !b.from && !b.to) {
    for (const path of ['engagementId', 'accountId', 'from', 'to']) {
      ctx.addIssue({ code: 'custom', path: [path], message: 'Give an engagement, an account or a period (from, to)' });
    }
  }
  if (b.from && b.to && b.from > b.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'Must not be before from' });
});

export function evidenceExportRoutes(deps: AppDeps): Router {
  const r = Router();
  const { orm } = deps;

  route(r, {
    method: 'post', path: '/api/audit/exports', tag: 'audit', auth: 'session', body: ExportBody, produces: 'application/zip',
    summary: 'Evidence export (admins and compliance reviewers): a ZIP, streamed, of the audit events of an engagement, an account and/or a period '
      + '(JSON Lines and CSV), the chain segment that proves them, the approved deliverable versions, sealed PDFs with their certificates, '
      + 'invoices as sent, a PDF report, and manifest.json with its detached Ed25519 signature (manifest.json.sig). '
      + 'Recorded as the audit event evidence.exported before the bundle is sent. Check it offline with `npm run evidence:verify -- bundle.zip`.',
  }, async ({ req, res, user, body }) => {
    const em = orm.em.fork();
    const conn = em.getConnection();
    const scope: ResolvedScope = { engagement: null, account: null, from: body.from ?? null, to: body.to ?? null };
    let accountId: string | undefined = body.accountId;
    if (body.engagementId) {
      const [e] = await conn.execute<{ id: string; title: string; account_id: string }[]>('select id, title, account_id from engagement where id = ?', [body.engagementId]);
      // Not found, or of another account than the one named: the same answer as an engagement the caller cannot see.
      if (!e || (accountId && e.account_id !== accountId)) throw new AppError('not_found', 'Not found');
      scope.engagement = { id: e.id, title: e.title };
      accountId = e.account_id;
    }
    if (accountId) {
      const [a] = await conn.execute<{ id: string; name: string }[]>('select id, name from account where id = ?', [accountId]);
      if (!a) throw new AppError('not_found', 'Not found');
      scope.account = { id: a.id, name: a.name };
    }
    // 404 for an account the caller cannot see, 403 for a role without audit rights; a period alone spans every account.
    await authorize(em, req, user, 'audit.export', scope.account?.id);
    const ctx = auditContext(req, user);
    await exportEvidence(
      { orm, storage: deps.storage, signingSecret: deps.config.auditSigningSecret },
      scope,
      { actor: { id: user.id, email: user.email, role: user.role }, ip: ctx.ip, userAgent: ctx.userAgent },
      res,
      req.log,
    );
  });

  return r;
}
