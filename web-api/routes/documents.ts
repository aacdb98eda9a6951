import { createHash, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { declineUpdate, signatureWorkflowId, signUpdate, voidUpdate, type SignArgs, type SigningEvidence } from '../../workflows/signature.ts';
import { StoredFile } from '../../db/entities/stored-file.ts';
import { isClientRole } from '../../db/entities/user.ts';
import { recordAudit } from '../../db/audit.ts';
import { enqueueEmail, loadBranding } from '../../db/outbox.ts';
import { hashToken } from '../../domain/tokens.ts';
import { loadSealingInput } from '../../domain/signing/evidence.ts';
import { certificatePdf } from '../../domain/signing/seal.ts';
import { checkPdfSignature } from '../../domain/signing/check-signature.ts';
import { installationCertificates } from '../../domain/signing/sealer.ts';
import { inspectPdf, PdfRefusedError } from '../../domain/signing/pdf.ts';
import { fields, route } from '../http.ts';
import { assertDeclaredSize, readLimited } from '../body-limits.ts';
import { addressKey, auditRefusal, tooManyRequests } from '../auth/throttle.ts';
import type { AppDeps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { sniffImage } from '../../db/files/sniff.ts';
import { authorize, canSeeAccount, roleMay } from '../policy.ts';
import type { SessionUser } from '../auth/session-user.ts';
import { getEngagement } from '../services/engagements.ts';
import { storeUpload } from '../services/files.ts';
import { updateWorkflow, deliverCommands, markQueued, temporalDepsOf } from '../services/temporal.ts';
import {
  consumerDisclosure, documentView, loadDocument, pageImage, sendDocument, loadSigners, signerForUser, signerView, type DocumentRow, type SignerRow,
} from '../services/documents.ts';
import { TemplateDocumentField } from '../templates/template-format.ts';
import { DocumentDetail, DocumentEvents, DocumentList, DocumentView, SignerSession, SigningLinkView } from '../schemas/documents.ts';

const DocumentParams = z.object({ documentId: fields.uuid });
// A field as a template places it; here the signer key is checked against the set-up's signers instead.
const Placement = TemplateDocumentField.extend({ signerKey: z.string().max(60) });
const SignerInput = z.strictObject({
  key: z.string().regex(/^[a-z0-9][a-z0-9-]{0,59}$/, 'Use lower-case letters, digits and dashes').optional(),
  name: fields.name,
  email: fields.email,
  userId: fields.uuid.nullable().optional(),
  roleLabel: z.string().trim().min(1, 'Required').max(100, 'At most 100 characters'),
});
const CODE_ATTEMPTS = 5;
const VerifySignature = z.object({
  status: z.enum(['missing', 'invalid', 'valid']).describe('missing: no digital signature; invalid: one that does not hold over its bytes; valid: it holds'),
  coversWholeDocument: z.boolean().describe('The signature covers every byte of the file but itself'),
  byThisInstallation: z.boolean().describe("The signer's certificate is one this installation seals with"),
  certificate: z.object({ subject: z.string(), sha256: z.string() }).nullable(),
  problem: z.string().nullable(),
});
const VerifyResponse = z.discriminatedUnion('match', [
  z.object({ match: z.literal(false), sha256: z.string(), signature: VerifySignature }),
  z.object({
    match: z.literal(true), sha256: z.string(), signature: VerifySignature,
    document: z.object({
      id: z.string(), title: z.string(), sealedAt: z.string(), originalSha256: z.string(),
      signers: z.array(z.object({ name: z.string(), roleLabel: z.string(), signedAt: z.string().nullable() })),
    }),
  }),
]);
const CODES_PER_LINK = 5;
/** A new code for a link is made at most this often: concurrent requests make one code and one email. */
const CODE_INTERVAL_SECONDS = 30;
const CODE_MINUTES = 10;
const GRANT_MINUTES = 60;

export function documentRoutes(deps: AppDeps): Router {
  const r = Router();
  const { orm } = deps;
  const temporalDeps = temporalDepsOf(deps);
  const actorOf = (user: SessionUser) => ({ id: user.id, email: user.email, role: user.role, name: user.name });

  /**
   * The document, if the caller may see it: its account (404 across accounts), then drafts, which are
   * the team's work in progress and do not exist for clients (404, the same answer as an unknown id:
   * a draft's pages, original, fields and events — with the staff's IP addresses — stay with the
   * team), and only then the action (403).
   */
  async function visible(req: Request, user: SessionUser, id: string, action: Parameters<typeof authorize>[3]): Promise<DocumentRow> {
    const doc = await loadDocument(orm.em, id);
    if (!doc) throw new AppError('not_found', 'Not found');
    await authorize(orm.em, req, user, 'account.read', doc.account_id);
    if (!mayReadDocument(user, doc)) throw new AppError('not_found', 'Not found');
    if (action !== 'account.read') await authorize(orm.em, req, user, action, doc.account_id);
    return doc;
  }

  /** A document the signed-in user may read as one of its account's people (drafts: the team only). */
  async function readableByAccount(user: SessionUser | undefined, doc: DocumentRow | null): Promise<DocumentRow | null> {
    return user && doc && mayReadDocument(user, doc) && await canSeeAccount(orm.em, user, doc.account_id) ? doc : null;
  }

  /**
   * Who is signing in this request: a signed-in user who is a signer of the document, or a signer
   * identified by an emailed link and a one-time code (a grant in the session). Else 404.
   */
  async function signingParty(req: Request, documentId: string): Promise<{ doc: DocumentRow; signer: SignerRow; evidence: SigningEvidence }> {
    const doc = await loadDocument(orm.em, documentId);
    // A draft has no signers yet, whatever its set-up names.
    if (!doc || doc.status === 'draft') throw new AppError('not_found', 'Not found');
    const signers = await loadSigners(orm.em, doc.id);
    const grant = req.session.signingGrant;
    const origin = { ip: req.ip ?? null, userAgent: req.get('user-agent') ?? null };
    if (grant && grant.documentId === doc.id && grant.expiresAt > Date.now()) {
      const signer = signers.find((s) => s.id === grant.signerId);
      if (signer) return { doc, signer, evidence: { authMethod: grant.method, ...origin } };
    }
    const user = req.user as SessionUser | undefined;
    const signer = signerForUser(signers, user);
    if (user && signer && (await canSeeAccount(orm.em, user, doc.account_id) || signer.user_id === user.id)) {
      return { doc, signer, evidence: { authMethod: 'portal sign-in (password)', ...origin } };
    }
    throw new AppError('not_found', 'Not found');
  }

  /** A document that no longer collects signatures says why (its workflow has finished and takes no Updates). */
  function refuseUnlessCollecting(doc: DocumentRow): void {
    const why: Record<string, string> = {
      declined: 'This document was declined; nothing more can be signed', voided: 'This document was voided',
      expired: 'This signing request has expired', completed: 'Everyone has signed this document', draft: 'This document has not been sent yet',
    };
    if (doc.status !== 'collecting') throw new AppError('conflict', why[doc.status] ?? 'This document is not collecting signatures');
  }

  async function detail(doc: DocumentRow, user: SessionUser) {
    const signers = await loadSigners(orm.em, doc.id);
    const staff = roleMay(user, 'document.manage');
    const me = signerForUser(signers, user);
    return {
      document: documentView(doc),
      signers: signers.map(signerView),
      permissions: {
        setup: staff && doc.status === 'draft',
        send: staff && doc.status === 'draft',
        void: staff && doc.status === 'collecting',
        sign: !!me && me.status === 'current' && doc.status === 'collecting',
        downloadSealed: !!doc.sealed_file_id,
      },
    };
  }

  async function readStored(fileId: string): Promise<Buffer | null> {
    const file = await orm.em.fork().findOne(StoredFile, { id: fileId });
    const stream = file && (await deps.storage.open(file.storageKey));
    return stream ? buffer(stream) : null;
  }

  async function streamStored(res: Response, fileId: string, name: string, inline: boolean) {
    const file = await orm.em.fork().findOne(StoredFile, { id: fileId });
    const stream = file && (await deps.storage.open(file.storageKey));
    if (!file || !stream) throw new AppError('not_found', 'Not found');
    res.attachment(name);
    if (inline) res.setHeader('Content-Disposition', String(res.getHeader('Content-Disposition')).replace(/^attachment/, 'inline'));
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Length', String(file.size));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'private, no-store');
    await new Promise<void>((resolve, reject) => {
      stream.on('error', reject);
      res.on('close', () => { stream.destroy(); resolve(); });
      stream.pipe(res);
    });
  }

  async function originalBytes(doc: DocumentRow): Promise<Buffer> {
    const file = (await orm.em.fork().findOne(StoredFile, { id: doc.original_file_id }))!;
    const stream = await deps.storage.open(file.storageKey);
    if (!stream) throw new AppError('not_found', 'Not found');
    return buffer(stream);
  }

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
        await orm.em.getConnection().execute('delete from stored_file where id = ?', [file.id]);
        throw new AppError(err.code === 'not_pdf' ? 'unsupported_media_type' : 'validation_failed', err.message, err.code === 'not_pdf' ? {} : { fields: { file: err.message } });
      }
      throw err;
    }
    const id = randomUUID();
    // A file name may run to 255 characters; a title to 200.
    const title = query.title || file.name.replace(/\.pdf$/i, '').slice(0, 200);
    await orm.em.fork().transactional(async (tx) => {
      await tx.getConnection().execute(
        `insert into signature_document (id, created_at, account_id, engagement_id, title, status, original_file_id, original_sha256, page_count, fields, ordering,
            reminder_every_days, expires_after_days, workflow_id, created_by_id, state, version, updated_at)
         values (?, now(), ?, ?, ?, 'draft', ?, ?, ?, '[]', 'sequential', 3, 30, ?, ?, '{}', 0, now())`,
        [id, engagement.accountId, engagement.id, title, file.id, file.sha256, info.pageCount, signatureWorkflowId(id), user.id], 'run', tx.getTransactionContext());
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
      const c = tx.getConnection();
      const ctx = tx.getTransactionContext();
      await c.execute('update signature_document set ordering = ?, reminder_every_days = ?, expires_after_days = ?, fields = ?, updated_at = now() where id = ?',
        [body.ordering, body.reminderEveryDays, body.expiresAfterDays, JSON.stringify(placed), doc.id], 'run', ctx);
      await c.execute('delete from document_signer where document_id = ?', [doc.id], 'run', ctx);
      for (const [i, s] of signers.entries()) {
        await c.execute(
          `insert into document_signer (id, created_at, document_id, key, position, name, email, user_id, role_label, status, values)
           values (gen_random_uuid(), now(), ?, ?, ?, ?, ?, ?, ?, 'waiting', '{}')`,
          [doc.id, s.key, i + 1, s.name, s.email, s.userId ?? null, s.roleLabel], 'run', ctx);
      }
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

  // ---- Pages and files ----

  route(r, {
    method: 'get', path: '/api/documents/:documentId/pages/:page', produces: 'image/png', tag: 'documents', auth: 'public',
    params: DocumentParams.extend({ page: z.coerce.number().int().min(1).max(10000) }), query: z.object({ w: z.coerce.number().int().min(200).max(1600).default(900) }),
    summary: 'One page of the original, as a PNG (for placing fields and for signers to read); account people and the document\'s signers',
  }, async ({ req, res, params, query }) => {
    const doc = await readableByAccount(req.user as SessionUser | undefined, await loadDocument(orm.em, params.documentId))
      ?? (await signingParty(req, params.documentId)).doc;
    if (params.page > doc.page_count) throw new AppError('not_found', 'Not found');
    const png = await pageImage(doc.original_sha256, params.page, query.w, async () => new Uint8Array(await originalBytes(doc)));
    res.setHeader('Content-Type', 'image/png');
    res.setHeader('Cache-Control', 'private, no-store');
    res.end(png);
  });

  route(r, {
    method: 'get', path: '/api/documents/:documentId/original', produces: 'application/pdf', tag: 'documents', auth: 'session', params: DocumentParams,
    summary: 'The original PDF, unchanged (account people)',
  }, async ({ req, res, user, params }) => {
    const doc = await visible(req, user, params.documentId, 'account.read');
    await streamStored(res, doc.original_file_id, `${doc.title}.pdf`, false);
  });

  route(r, {
    method: 'get', path: '/api/documents/:documentId/sealed', produces: 'application/pdf', tag: 'documents', auth: 'public', params: DocumentParams,
    summary: 'The sealed PDF (fields stamped, certificate appended): account people and the document\'s signers',
  }, async ({ req, res, params }) => {
    const doc = await readableByAccount(req.user as SessionUser | undefined, await loadDocument(orm.em, params.documentId))
      ?? (await signingParty(req, params.documentId)).doc;
    if (!doc.sealed_file_id) throw new AppError('not_found', 'Not sealed yet');
    await streamStored(res, doc.sealed_file_id, `${doc.title} (signed).pdf`, false);
  });

  route(r, {
    method: 'get', path: '/api/documents/:documentId/certificate', produces: 'application/pdf', tag: 'documents', auth: 'session', params: DocumentParams,
    summary: 'The certificate of completion alone, as a PDF (account people)',
  }, async ({ req, res, user, params }) => {
    const doc = await visible(req, user, params.documentId, 'account.read');
    if (!doc.sealed_file_id || !doc.sealed_at) throw new AppError('not_found', 'Not sealed yet');
    // The same evidence, at the same seal time, and the certificate the sealed PDF is signed with, as
    // the certificate inside the sealed PDF.
    const { input } = await loadSealingInput(orm, deps.storage, doc.id, new Date(doc.sealed_at).toISOString());
    const sealed = await readStored(doc.sealed_file_id);
    const pdf = await certificatePdf({ ...input, signingCertificate: sealed ? (await checkPdfSignature(sealed)).certificate : null });
    res.attachment(`${doc.title} (certificate).pdf`);
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.end(Buffer.from(pdf));
  });

  route(r, {
    method: 'get', path: '/api/documents/:documentId/events', produces: 'text/csv', response: DocumentEvents, tag: 'documents', auth: 'session', params: DocumentParams,
    query: z.object({ format: z.enum(['json', 'csv']).default('json') }),
    summary: "The document's audit events in order (JSON, or CSV to download)",
  }, async ({ req, res, user, params, query }) => {
    const doc = await visible(req, user, params.documentId, 'account.read');
    const rows = await orm.em.getConnection().execute<{ seq: string; occurred_at: Date; action: string; actor_email: string | null; ip: string | null; user_agent: string | null; hash: string; data: Record<string, unknown> }[]>(
      `select seq, occurred_at, action, actor_email, ip, user_agent, hash, data from audit_event where target_type = 'document' and target_id = ? order by seq`, [doc.id]);
    const events = rows.map((e) => ({ seq: Number(e.seq), at: new Date(e.occurred_at).toISOString(), action: e.action, actor: e.actor_email, ip: e.ip, userAgent: e.user_agent, hash: e.hash, data: e.data }));
    if (query.format === 'json') return { events };
    const cell = (v: unknown) => { const s = v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v); return /[",\n\r]/.test(s) || /^[=+\-@]/.test(s) ? `"${(/^[=+\-@]/.test(s) ? `'${s}` : s).replace(/"/g, '""')}"` : s; };
    const csv = ['seq,at,action,actor,ip,user_agent,hash,data', ...events.map((e) => [e.seq, e.at, e.action, e.actor, e.ip, e.userAgent, e.hash, e.data].map(cell).join(','))].join('\r\n');
    res.attachment(`${doc.title} (events).csv`);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.end(csv);
    return undefined;
  });

  // ---- The signing ceremony ----

  route(r, {
    method: 'get', path: '/api/sign/:token', response: SigningLinkView, tag: 'signing', auth: 'public', params: z.object({ token: z.string().min(20).max(100) }),
    summary: 'An emailed signing link: who it is for and which document (by title only) — the document shows after a one-time code',
    errors: ['link_invalid'],
  }, async ({ params }) => {
    const link = await signingLink(params.token);
    const branding = await loadBranding(orm.em.fork());
    return { documentTitle: link.title, signerName: link.name, businessName: branding.businessName, emailHint: maskEmail(link.email) };
  });

  async function signingLink(token: string) {
    const row = (await orm.em.getConnection().execute<{ id: string; signer_id: string; expires_at: Date; used_at: Date | null; code_hash: string | null; code_expires_at: Date | null; code_attempts: number; name: string; email: string; document_id: string; title: string; status: string; account_id: string }[]>(
      `select l.id, l.signer_id, l.expires_at, l.used_at, l.code_hash, l.code_expires_at, l.code_attempts, s.name, s.email, s.document_id, d.title, d.status, d.account_id
         from signing_link l join document_signer s on s.id = l.signer_id join signature_document d on d.id = s.document_id where l.token_hash = ?`, [hashToken(token)]))[0];
    if (!row || row.used_at || new Date(row.expires_at).getTime() < Date.now()) throw new AppError('link_invalid', 'This signing link is not valid any more; ask for a new one');
    return row;
  }

  route(r, {
    method: 'post', path: '/api/sign/:token/code', response: z.strictObject({ sentTo: z.string().describe('The address the code went to, masked') }), tag: 'signing', auth: 'public', params: z.object({ token: z.string().min(20).max(100) }), body: z.strictObject({}).optional(),
    summary: 'Email a one-time code to the signer of this link (at most 5 per link)', errors: ['link_invalid', 'too_many_attempts'],
  }, async ({ req, params }) => {
    const link = await signingLink(params.token);
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    await orm.em.fork().transactional(async (tx) => {
      const conn = tx.getConnection();
      const ctx = tx.getTransactionContext();
      // Requests for one link queue on its row: the count, the cool-down and the new code are
      // decided by one at a time, so the code stored is the one in the email queued with it.
      const [row] = await conn.execute<{ recent_wait: string | null }[]>(
        `select ceil(extract(epoch from code_expires_at - make_interval(mins => ?, secs => ?) - now())) as recent_wait
           from signing_link where id = ? and used_at is null for update`, [CODE_MINUTES, -CODE_INTERVAL_SECONDS, link.id], 'all', ctx);
      if (!row) throw new AppError('link_invalid', 'This signing link is not valid any more; ask for a new one');
      const wait = Number(row.recent_wait ?? 0);
      if (wait > 0) {
        throw new AppError('too_many_attempts', 'A code was sent a moment ago; check your email, or ask again in a few seconds', { headers: { 'Retry-After': String(wait) } });
      }
      const sent = Number((await conn.execute<{ n: string }[]>(`select count(*) as n from outbox_email where idempotency_key like ?`, [`signing-code:${link.id}:%`], 'all', ctx))[0]!.n);
      if (sent >= CODES_PER_LINK) throw new AppError('too_many_attempts', 'Too many codes were sent for this link; ask for a new link', { headers: { 'Retry-After': String(CODE_MINUTES * 60) } });
      await conn.execute('update signing_link set code_hash = ?, code_expires_at = now() + make_interval(mins => ?), code_attempts = 0 where id = ?',
        [hashToken(`${link.id}:${code}`), CODE_MINUTES, link.id], 'run', ctx);
      await enqueueEmail(tx, {
        idempotencyKey: `signing-code:${link.id}:${sent + 1}`, to: link.email, kind: 'signing_code',
        // The code only in the body: a subject shows in inbox lists and lock-screen notifications.
        content: { subject: `Your code to sign ${link.title}`, greeting: `Hello ${link.name},`, paragraphs: [`Your one-time code is ${code}. It works for ${CODE_MINUTES} minutes. If you did not ask for it, ignore this email.`] },
        secrets: { values: [code], expiresAt: new Date(Date.now() + CODE_MINUTES * 60_000) },
      });
      await recordAudit(tx, { action: 'document.code_sent', actor: { id: null, email: link.email, role: null }, accountId: link.account_id, target: { type: 'document', id: link.document_id }, ip: req.ip ?? null, userAgent: req.get('user-agent') ?? null, data: { signer: link.name } });
    });
    return { sentTo: maskEmail(link.email) };
  });

  route(r, {
    method: 'post', path: '/api/sign/:token/verify', response: z.strictObject({ documentId: z.string(), csrfToken: z.string() }), tag: 'signing', auth: 'public', params: z.object({ token: z.string().min(20).max(100) }),
    body: z.strictObject({ code: z.string().trim().regex(/^\d{6}$/, 'Enter the 6 digits from the email') }),
    summary: 'Check the one-time code; the link is then used up and this browser may sign for an hour', errors: ['link_invalid', 'too_many_attempts'],
  }, async ({ req, params, body }) => {
    const link = await signingLink(params.token);
    // The attempt is counted before the code is compared, in the one statement that checks the
    // limit: parallel guesses cannot pass it (each UPDATE waits for the one before on the row).
    const [counted] = await orm.em.getConnection().execute<{ code_hash: string }[]>(
      `update signing_link set code_attempts = code_attempts + 1
        where id = ? and used_at is null and code_hash is not null and code_expires_at > now() and code_attempts < ?
        returning code_hash`, [link.id, CODE_ATTEMPTS]);
    if (!counted) {
      // Why not, as the row says now (a parallel request may have used the link meanwhile).
      const [state] = await orm.em.getConnection().execute<{ used: boolean; live: boolean }[]>(
        'select used_at is not null as used, code_hash is not null and code_expires_at > now() as live from signing_link where id = ?', [link.id]);
      if (!state || state.used) throw new AppError('link_invalid', 'This signing link is not valid any more; ask for a new one');
      if (!state.live) throw new AppError('validation_failed', 'Ask for a new code first', { fields: { code: 'The code has expired; ask for a new one' } });
      throw new AppError('too_many_attempts', 'Too many wrong codes; ask for a new code', { headers: { 'Retry-After': String(CODE_INTERVAL_SECONDS) } });
    }
    const given = Buffer.from(hashToken(`${link.id}:${body.code}`));
    if (!timingSafeEqual(given, Buffer.from(counted.code_hash))) {
      throw new AppError('validation_failed', 'That code is not right', { fields: { code: 'That code is not right' } });
    }
    // Single use: of two right answers at once, one uses the link up.
    const used = await orm.em.getConnection().execute<{ affectedRows: number }>(
      'update signing_link set used_at = now(), verified_at = now() where id = ? and used_at is null', [link.id], 'run');
    if (used.affectedRows !== 1) throw new AppError('link_invalid', 'This signing link is not valid any more; ask for a new one');
    await new Promise<void>((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
    req.session.signingGrant = { signerId: link.signer_id, documentId: link.document_id, method: 'email link and one-time code', expiresAt: Date.now() + GRANT_MINUTES * 60_000 };
    await recordAudit(orm.em.fork(), { action: 'document.code_verified', actor: { id: null, email: link.email, role: null }, accountId: link.account_id, target: { type: 'document', id: link.document_id }, ip: req.ip ?? null, userAgent: req.get('user-agent') ?? null, data: { signer: link.name } });
    const csrfToken = randomUUID();
    req.session.csrfToken = csrfToken;
    return { documentId: link.document_id, csrfToken };
  });

  route(r, {
    method: 'get', path: '/api/documents/:documentId/signing', response: SignerSession, tag: 'signing', auth: 'public', params: DocumentParams,
    summary: "The signer's view: the disclosure, the document's pages, their own fields, their status (signed in, or by link and code). Records nothing: the signing page records the view with POST …/signing/viewed",
  }, async ({ req, params }) => {
    const { doc, signer } = await signingParty(req, params.documentId);
    const branding = await loadBranding(orm.em.fork());
    const signers = await loadSigners(orm.em, doc.id);
    const fresh = signers.find((s) => s.id === signer.id) ?? signer;
    return {
      document: { id: doc.id, title: doc.title, status: doc.status, pageCount: doc.page_count, expiresAt: doc.expires_at ? new Date(doc.expires_at).toISOString() : null, sealed: !!doc.sealed_file_id },
      disclosure: consumerDisclosure(branding.businessName),
      signer: signerView(fresh),
      fields: doc.fields.filter((f) => f.signerKey === signer.key),
      otherFields: doc.fields.filter((f) => f.signerKey !== signer.key).map((f) => ({ page: f.page, x: f.x, y: f.y, w: f.w, h: f.h, type: f.type })),
      signers: signers.map((s) => ({ name: s.name, roleLabel: s.role_label, status: s.status, signedAt: s.signed_at ? new Date(s.signed_at).toISOString() : null })),
      mayAct: fresh.status === 'current' && doc.status === 'collecting',
    };
  });

  route(r, {
    method: 'post', path: '/api/documents/:documentId/signing/viewed', response: z.strictObject({ viewedAt: z.string().nullable() }), tag: 'signing', auth: 'public', params: DocumentParams, body: z.strictObject({}).optional(),
    summary: "Record that the signer has the document in front of them (the certificate's \"Viewed\" time): once, while it collects signatures",
  }, async ({ req, params }) => {
    const { doc, signer } = await signingParty(req, params.documentId);
    // A write of its own, not a side effect of the GET above: no GET changes anything.
    if (!signer.viewed_at && doc.status === 'collecting') {
      await orm.em.fork().transactional(async (tx) => {
        const res = await tx.getConnection().execute<{ affectedRows: number }>('update document_signer set viewed_at = now() where id = ? and viewed_at is null', [signer.id], 'run', tx.getTransactionContext());
        if (res.affectedRows) {
          await recordAudit(tx, { eventKey: `signature:${doc.id}:${signer.key}:viewed`, action: 'document.viewed', actor: { id: signer.user_id, email: signer.email, role: null }, accountId: doc.account_id, target: { type: 'document', id: doc.id }, ip: req.ip ?? null, userAgent: req.get('user-agent') ?? null, data: { signer: signer.name } });
        }
      });
    }
    const viewed = (await loadSigners(orm.em, doc.id)).find((s) => s.id === signer.id)?.viewed_at;
    return { viewedAt: viewed ? new Date(viewed).toISOString() : null };
  });

  route(r, {
    method: 'post', path: '/api/documents/:documentId/signing/consent', response: z.strictObject({ consentAt: z.string() }), tag: 'signing', auth: 'public', params: DocumentParams,
    body: z.strictObject({ agree: z.literal(true, { message: 'Tick the box to agree' }), disclosureVersion: z.string().max(20) }),
    summary: 'Consent to electronic records and signatures (recorded with time, IP and user agent)',
  }, async ({ req, params, body }) => {
    const { doc, signer } = await signingParty(req, params.documentId);
    await orm.em.fork().transactional(async (tx) => {
      const res = await tx.getConnection().execute<{ affectedRows: number }>('update document_signer set consent_at = now() where id = ? and consent_at is null', [signer.id], 'run', tx.getTransactionContext());
      if (res.affectedRows) {
        await recordAudit(tx, { eventKey: `signature:${doc.id}:${signer.key}:consented`, action: 'document.consented', actor: { id: signer.user_id, email: signer.email, role: null }, accountId: doc.account_id, target: { type: 'document', id: doc.id }, ip: req.ip ?? null, userAgent: req.get('user-agent') ?? null, data: { signer: signer.name, disclosureVersion: body.disclosureVersion } });
      }
    });
    return { consentAt: new Date().toISOString() };
  });

  route(r, {
    method: 'post', path: '/api/documents/:documentId/signing/sign', response: z.strictObject({ signed: z.literal(true), document: DocumentView }), tag: 'signing', auth: 'public', params: DocumentParams,
    body: z.strictObject({
      signature: z.discriminatedUnion('type', [
        z.strictObject({ type: z.literal('typed'), text: z.string().trim().min(1, 'Type your name').max(100, 'At most 100 characters') }),
        z.strictObject({ type: z.literal('drawn'), png: z.string().regex(/^data:image\/png;base64,[A-Za-z0-9+/=]+$/, 'Draw your signature').max(400_000, 'The drawing is too large') }),
      ]),
      initials: z.string().trim().max(10, 'At most 10 characters').optional(),
      values: z.record(z.string().max(40), z.string().trim().max(500, 'At most 500 characters')).default({}),
    }),
    summary: 'Sign (a Workflow Update: refused if it is not your turn, you signed already, or the document was declined, voided or has expired)',
    errors: ['conflict'],
  }, async ({ req, res, params, body }) => {
    const { doc, signer, evidence } = await signingParty(req, params.documentId);
    refuseUnlessCollecting(doc);
    if (!signer.consent_at) throw new AppError('validation_failed', 'Agree to sign electronically first', { fields: { consent: 'Required' } });
    const mine = doc.fields.filter((f) => f.signerKey === signer.key);
    const missing: Record<string, string> = {};
    for (const f of mine) {
      if (f.type === 'text' && f.required && !body.values[f.id]?.trim()) missing[`values.${f.id}`] = 'Required';
      if (f.type === 'initials' && !body.initials) missing.initials = 'Required';
    }
    for (const k of Object.keys(body.values)) if (!mine.some((f) => f.id === k && f.type === 'text')) missing[`values.${k}`] = 'Unknown field';
    if (Object.keys(missing).length) throw new AppError('validation_failed', 'Please fill in your fields', { fields: missing });
    let signature: SignArgs['signature'];
    if (body.signature.type === 'typed') signature = body.signature;
    else {
      // The drawing goes to the file storage first (content-addressed, so a retry stores nothing new);
      // only its key and hash travel in the Update, and so in the workflow's history.
      const png = Buffer.from(body.signature.png.replace(/^data:image\/png;base64,/, ''), 'base64');
      if (sniffImage(png) !== 'image/png') throw new AppError('validation_failed', 'Draw your signature', { fields: { 'signature.png': 'Not a PNG image' } });
      const stored = await deps.storage.put(Readable.from([png]), { maxBytes: png.length });
      signature = { type: 'drawn', storageKey: stored.key, sha256: stored.sha256, size: stored.size };
    }
    await updateWorkflow(temporalDeps, res, signatureWorkflowId(doc.id), signUpdate, {
      args: [{ signerKey: signer.key, evidence, signature, initials: body.initials ?? null, values: body.values }],
      // A retried request (same X-Request-Id) is the same Update; another attempt meets the validator.
      updateId: `sign:${signer.id}:${req.get('x-request-id') ?? req.id}`,
    });
    return { signed: true, document: documentView((await loadDocument(orm.em, doc.id))!) };
  });

  route(r, {
    method: 'post', path: '/api/documents/:documentId/signing/decline', response: z.strictObject({ declined: z.literal(true), document: DocumentView }), tag: 'signing', auth: 'public', params: DocumentParams,
    body: z.strictObject({ reason: z.string().trim().min(1, 'Give a reason').max(1000, 'At most 1000 characters') }),
    summary: 'Decline to sign, with a reason: the collection stops and the account team is told', errors: ['conflict'], workflow: 'direct',
  }, async ({ req, res, params, body }) => {
    const { doc, signer, evidence } = await signingParty(req, params.documentId);
    refuseUnlessCollecting(doc);
    await updateWorkflow(temporalDeps, res, signatureWorkflowId(doc.id), declineUpdate, {
      args: [{ signerKey: signer.key, reason: body.reason, evidence }], updateId: `decline:${signer.id}:${req.get('x-request-id') ?? req.id}`,
    });
    return { declined: true, document: documentView((await loadDocument(orm.em, doc.id))!) };
  });

  // ---- Verification ----

  route(r, {
    method: 'post', path: '/api/verify', tag: 'signing', auth: 'public', rawBody: ['application/pdf'],
    summary: 'Is this PDF byte for byte a document sealed here, and does its digital signature hold, by this installation\'s certificate, over the whole file? Names the document and its signers if it matches; says nothing else otherwise',
    errors: ['payload_too_large', 'too_many_attempts'],
    response: VerifyResponse,
  }, async ({ req }) => {
    // Anyone may ask, so the size is checked before reading (and while), and each address may ask
    // a limited number of times: no one can make the API hash without end.
    const limit = deps.config.uploadMaxBytes;
    assertDeclaredSize(req, limit);
    const ip = addressKey(req.ip);
    const allowed = await deps.throttles.verify.hit(ip);
    if (!allowed.allowed) {
      auditRefusal(deps, req, deps.throttles.verify, ip, 'verify.throttled', {});
      throw tooManyRequests(allowed.retryAfter, 'Too many verifications from this address; try again later');
    }
    const chunks: Buffer[] = [];
    await readLimited(req, limit, (chunk) => chunks.push(chunk));
    const pdf = Buffer.concat(chunks);
    const sha256 = createHash('sha256').update(pdf).digest('hex');
    const checked = await checkPdfSignature(pdf);
    const ours = checked.certificate ? (await installationCertificates(orm.em)).some((c) => c.sha256 === checked.certificate!.sha256) : false;
    const signature = { ...checked, byThisInstallation: ours };
    const doc = (await orm.em.getConnection().execute<{ id: string; title: string; sealed_at: Date; original_sha256: string }[]>(
      `select id, title, sealed_at, original_sha256 from signature_document where sealed_sha256 = ? and status = 'completed'`, [sha256]))[0];
    if (!doc) return { match: false as const, sha256, signature };
    const signers = await loadSigners(orm.em, doc.id);
    return {
      match: true as const, sha256, signature,
      document: { id: doc.id, title: doc.title, sealedAt: new Date(doc.sealed_at).toISOString(), originalSha256: doc.original_sha256,
        signers: signers.map((s) => ({ name: s.name, roleLabel: s.role_label, signedAt: s.signed_at ? new Date(s.signed_at).toISOString() : null })) },
    };
  });

  return r;
}

/** Drafts are the team's: clients see a document once it has been sent. */
function mayReadDocument(user: SessionUser, doc: DocumentRow): boolean {
  return doc.status !== 'draft' || !isClientRole(user.role);
}

/** "j***@example.com": enough to recognise, not enough to harvest. */
function maskEmail(email: string): string {
  const [local, domain] = email.split('@');
  return `${local!.slice(0, 1)}***@${domain}`;
}
