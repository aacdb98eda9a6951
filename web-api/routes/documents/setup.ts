// The account team's side: a document uploaded, listed, set up, sent and voided.
import { randomUUID } from 'node:crypto';
import { buffer } from 'node:stream/consumers';
import { type Router } from 'express';
import { z } from 'zod';
import { signatureWorkflowId, voidUpdate } from '../../../workflows/signature.ts';
import { recordAudit } from '../../../db/audit.ts';
import { insertDocumentDraft, setSigners } from '../../../db/signature-documents.ts';
import { forgetStoredFile } from '../../../db/stored-files.ts';
import { inspectPdf, PdfRefusedError } from '../../../domain/signing/pdf.ts';
import { fields, route } from '../../http.ts';
import { AppError } from '../../errors.ts';
import { authorize } from '../../policy.ts';
import { getEngagement } from '../../services/engagements.ts';
import { storeUpload } from '../../services/files.ts';
import { updateWorkflow, deliverCommands, markQueued } from '../../services/temporal.ts';
import { documentView, loadDocument, sendDocument, loadSigners, signerForUser, signerView, type DocumentRow } from '../../services/documents.ts';
import { TemplateDocumentField } from '../../templates/template-format.ts';
import { DocumentDetail, DocumentList } from '../../schemas/documents.ts';
import { DocumentParams, mayReadDocument, type DocumentContext } from './shared.ts';

// A field as a template places it; here the signer key is checked against the set-up's signers instead.
const Placement = TemplateDocumentField.extend({ signerKey: z.string().max(60) });
const SignerInput = z.strictObject({
  key: z.string().regex(/^[a-z0-9][a-z0-9-]{0,59}$/, 'Use lower-case letters, digits and dashes').optional(),
  name: fields.name,
  email: fields.email,
  userId: fields.uuid.nullable().optional(),
  roleLabel: z.string().trim().min(1, 'Required').max(100, 'At most 100 characters'),
});

export function setupRoutes(r: Router, ctx: DocumentContext): void {
  const { deps, orm, temporalDeps, actorOf, visible, detail, refuseUnlessCollecting } = ctx;

  route(r, {
    method: 'post', path: '/api/engagements/:engagementId/documents', response: DocumentDetail, tag: 'documents', auth: 'session', status: 201,
    params: z.object({ engagementId: fields.uuid }), query: z.object({ name: z.string().max(1000).optional(), title: z.string().trim().max(200).optional() }),
    rawBody: ['application/pdf'],
    summary: 'Upload a PDF to be signed (raw body). A broken, encrypted or non-PDF file is refused with the reason; the original is kept unchanged.',
    errors: ['payload_too_large', 'unsupported_media_type'],
  }, async ({ req, user, params, query }) => {
    const engagement = await getEngagement(orm.em, params.engagementId);
    if (!engagement) throw new AppError('not_found', 'Not found');
    await authorize(orm.em, req, user, 'document.manage', engagement.accountId);
    const { file } = await storeUpload(orm.em.fork(), deps.storage, req, {
      accountId: engagement.accountId, user, maxBytes: deps.config.uploadMaxBytes, quotaBytes: deps.config.accountQuotaBytes, accept: ['application/pdf'], purpose: 'signature', engagementId: engagement.id, staffOnly: true,
    });
    const stream = await deps.storage.open(file.storageKey);
    let info;
    try {
      info = await inspectPdf(new Uint8Array(await buffer(stream!)));
    } catch (err) {
      if (err instanceof PdfRefusedError) {
        await forgetStoredFile(orm.em, file.id);
        throw new AppError(err.code === 'not_pdf' ? 'unsupported_media_type' : 'validation_failed', err.message, err.code === 'not_pdf' ? {} : { fields: { file: err.message } });
      }
      throw err;
    }
    const id = randomUUID();
    // A file name may run to 255 characters; a title to 200.
    const title = query.title || file.name.replace(/\.pdf$/i, '').slice(0, 200);
    await orm.em.fork().transactional(async (tx) => {
      // The team sets it up next: no fields or signers yet, the default ordering, reminders and expiry.
      await insertDocumentDraft(tx, {
        id, accountId: engagement.accountId, engagementId: engagement.id, title, originalFileId: file.id, originalSha256: file.sha256, pageCount: info.pageCount,
        fields: [], ordering: 'sequential', reminderEveryDays: 3, expiresAfterDays: 30, workflowId: signatureWorkflowId(id), createdById: user.id,
      });
      await recordAudit(tx, {
        eventKey: `signature:${id}:created`, action: 'document.created', actor: { id: user.id, email: user.email, role: user.role }, accountId: engagement.accountId,
        target: { type: 'document', id }, ip: req.ip ?? null, userAgent: req.get('user-agent') ?? null, data: { document: title, pages: info.pageCount, sha256: file.sha256 },
      });
    });
    return detail((await loadDocument(orm.em, id))!, user);
  });

  route(r, {
    method: 'get', path: '/api/engagements/:engagementId/documents', response: DocumentList, tag: 'documents', auth: 'session', params: z.object({ engagementId: fields.uuid }),
    summary: "An engagement's documents to sign, with their signers",
  }, async ({ req, user, params }) => {
    const engagement = await getEngagement(orm.em, params.engagementId);
    if (!engagement) throw new AppError('not_found', 'Not found');
    await authorize(orm.em, req, user, 'account.read', engagement.accountId);
    const docs = await orm.em.getConnection().execute<DocumentRow[]>('select * from signature_document where engagement_id = ? order by created_at desc', [engagement.id]);
    return {
      documents: await Promise.all(docs.filter((d) => mayReadDocument(user, d)).map(async (d) => {
        const signers = await loadSigners(orm.em, d.id);
        const me = signerForUser(signers, user);
        return { ...documentView(d), signers: signers.map(signerView), waitingOnYou: !!me && me.status === 'current' && d.status === 'collecting' };
      })),
    };
  });

  route(r, {
    method: 'get', path: '/api/documents/:documentId', response: DocumentDetail, tag: 'documents', auth: 'session', params: DocumentParams,
    summary: 'A document: its status, fields, signers and what the caller may do',
  }, async ({ req, user, params }) => {
    const doc = await visible(req, user, params.documentId, 'account.read');
    return detail(doc, user);
  });

  route(r, {
    method: 'put', path: '/api/documents/:documentId/setup', response: DocumentDetail, tag: 'documents', auth: 'session', params: DocumentParams,
    body: z.strictObject({
      ordering: z.enum(['sequential', 'parallel']).default('sequential'),
      reminderEveryDays: z.number().int().min(0).max(30).default(3),
      expiresAfterDays: z.number().int().min(1).max(365).default(30),
      signers: z.array(SignerInput).min(1, 'Add at least one signer').max(10, 'At most 10 signers'),
      fields: z.array(Placement).max(200, 'At most 200 fields'),
    }),
    summary: 'Set the signers (in order), their fields on the pages, reminders and expiry of a draft (account team)',
  }, async ({ req, user, params, body }) => {
    const doc = await visible(req, user, params.documentId, 'document.manage');
    if (doc.status !== 'draft') throw new AppError('conflict', 'This document has been sent; its set-up can no longer change');
    const signers = body.signers.map((s, i) => ({ ...s, key: s.key ?? `signer-${i + 1}` }));
    const errors: Record<string, string> = {};
    const keys = new Set<string>();
    signers.forEach((s, i) => { if (keys.has(s.key)) errors[`signers.${i}.key`] = 'Another signer has this key'; keys.add(s.key); });
    const emails = new Set<string>();
    signers.forEach((s, i) => { if (emails.has(s.email)) errors[`signers.${i}.email`] = 'Another signer has this email'; emails.add(s.email); });
    body.fields.forEach((f, i) => {
      if (!keys.has(f.signerKey)) errors[`fields.${i}.signerKey`] = 'No signer has this key';
      if (f.page > doc.page_count) errors[`fields.${i}.page`] = `The document has ${doc.page_count} page${doc.page_count === 1 ? '' : 's'}`;
      if (f.x + f.w > 1.0001 || f.y + f.h > 1.0001) errors[`fields.${i}.x`] = 'The field runs off the page';
    });
    for (const [i, s] of signers.entries()) {
      if (s.userId) {
        const u = (await orm.em.getConnection().execute<{ account_id: string | null; role: string }[]>('select account_id, role from app_user where id = ?', [s.userId]))[0];
        const ok = u && (u.account_id === doc.account_id || (await orm.em.getConnection().execute<unknown[]>('select 1 from account_team_member where user_id = ? and account_id = ?', [s.userId, doc.account_id])).length > 0 || u.role === 'admin');
        if (!ok) errors[`signers.${i}.userId`] = 'No such person on this account';
      }
    }
    if (Object.keys(errors).length) throw new AppError('validation_failed', 'Please check the set-up', { fields: errors });
    const placed = body.fields.map((f, i) => ({ ...f, id: f.id ?? `f${i + 1}` }));
    await orm.em.fork().transactional(async (tx) => {
      await tx.getConnection().execute('update signature_document set ordering = ?, reminder_every_days = ?, expires_after_days = ?, fields = ?, updated_at = now() where id = ?',
        [body.ordering, body.reminderEveryDays, body.expiresAfterDays, JSON.stringify(placed), doc.id], 'run', tx.getTransactionContext());
      await setSigners(tx, doc.id, signers.map((s) => ({ key: s.key, name: s.name, email: s.email, userId: s.userId ?? null, roleLabel: s.roleLabel })));
    });
    return detail((await loadDocument(orm.em, doc.id))!, user);
  });

  route(r, {
    method: 'post', path: '/api/documents/:documentId/send', response: DocumentDetail, tag: 'documents', auth: 'session', params: DocumentParams, body: z.strictObject({}).optional(),
    summary: 'Send a draft for signature: its workflow starts, the first signer(s) get their link',
    errors: ['conflict'], workflow: 'queued',
  }, async ({ req, res, user, params }) => {
    const doc = await visible(req, user, params.documentId, 'document.manage');
    const commandId = await orm.em.fork().transactional(async (tx) => sendDocument(tx, deps.config.dayMs, (await loadDocument(tx, doc.id))!, actorOf(user)));
    markQueued(res, await deliverCommands(temporalDeps, [commandId]));
    return detail((await loadDocument(orm.em, doc.id))!, user);
  });

  route(r, {
    method: 'post', path: '/api/documents/:documentId/void', response: DocumentDetail, tag: 'documents', auth: 'session', params: DocumentParams,
    body: z.strictObject({ reason: z.string().trim().min(1, 'Give a reason').max(1000, 'At most 1000 characters') }),
    summary: 'Void a document being signed, with a reason (account team); signers are told', workflow: 'direct',
  }, async ({ req, res, user, params, body }) => {
    const doc = await visible(req, user, params.documentId, 'document.manage');
    refuseUnlessCollecting(doc);
    await updateWorkflow(temporalDeps, res, signatureWorkflowId(doc.id), voidUpdate, {
      args: [{ reason: body.reason, actor: actorOf(user), ip: req.ip ?? null, userAgent: req.get('user-agent') ?? null }],
    });
    return detail((await loadDocument(orm.em, doc.id))!, user);
  });
}
