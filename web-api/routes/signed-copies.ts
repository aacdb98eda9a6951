import { Router } from 'express';
import { z } from 'zod';
import { StoredFile } from '../../db/entities/stored-file.ts';
import { recordAudit } from '../../db/audit.ts';
import { hashToken } from '../../domain/tokens.ts';
import { route } from '../http.ts';
import type { AppDeps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { sendStoredFile } from '../services/files.ts';

/**
 * A signer's lasting link to their signed copy (sent in the completion email, so a signer who came by
 * an emailed link, without a portal account, keeps their copy after the hour of their signing grant).
 * The token is single-purpose: it downloads the sealed PDF of its one document and opens no session,
 * no signing and no other file. Only its hash is stored; it expires, and a revoked link stops at once.
 */
export function signedCopyRoutes(deps: AppDeps): Router {
  const r = Router();
  const { orm } = deps;

  route(r, {
    method: 'get', path: '/api/signed-copies/:token', produces: 'application/pdf', tag: 'signing', auth: 'public', params: z.object({ token: z.string().min(20).max(100) }),
    summary: "A signer's copy of a completed document: the sealed PDF, by the link in the completion email (valid 90 days)",
    errors: ['link_invalid'],
  }, async ({ req, res, params }) => {
    const link = (await orm.em.getConnection().execute<{ id: string; signer_name: string; signer_email: string; document_id: string; account_id: string; sealed_file_id: string | null }[]>(
      `select l.id, s.name as signer_name, s.email as signer_email, d.id as document_id, d.account_id, d.sealed_file_id
         from signed_copy_link l join document_signer s on s.id = l.signer_id join signature_document d on d.id = s.document_id
        where l.token_hash = ? and l.revoked_at is null and l.expires_at > now() and d.status = 'completed'`, [hashToken(params.token)]))[0];
    if (!link?.sealed_file_id) throw new AppError('link_invalid', 'This link to a signed copy is not valid any more; ask for a new one');
    const file = await orm.em.fork().findOne(StoredFile, { id: link.sealed_file_id });
    if (!file) throw new AppError('link_invalid', 'This link to a signed copy is not valid any more; ask for a new one');
    // One event per link and day: what a reviewer needs (the signer fetched their copy), without letting
    // a link holder fill the audit trail, or queue on its lock, by downloading in a loop.
    const eventKey = `signed-copy:${link.id}:${new Date().toISOString().slice(0, 10)}`;
    const recorded = await orm.em.getConnection().execute<unknown[]>('select 1 from audit_event where event_key = ?', [eventKey]);
    if (!recorded.length) await orm.em.fork().transactional(async (tx) => {
      await tx.getConnection().execute('update signed_copy_link set last_used_at = now() where id = ?', [link.id], 'run', tx.getTransactionContext());
      await recordAudit(tx, {
        eventKey, action: 'document.copy_downloaded', actor: { id: null, email: link.signer_email, role: null }, accountId: link.account_id,
        target: { type: 'document', id: link.document_id }, ip: req.ip ?? null, userAgent: req.get('user-agent') ?? null, data: { signer: link.signer_name },
      });
    });
    await sendStoredFile(deps.storage, deps.logger, res, file);
  });

  return r;
}
