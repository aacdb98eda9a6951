// The signer's flow: by emailed link and one-time code, or signed in; viewing, consent, signing, declining.
import { randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import { Readable } from 'node:stream';
import { type Router } from 'express';
import { z } from 'zod';
import { declineUpdate, signatureWorkflowId, signUpdate, type SignArgs } from '../../../workflows/signature.ts';
import { recordAudit } from '../../../db/audit.ts';
import { enqueueEmail, loadBranding } from '../../../db/outbox.ts';
import { hashToken } from '../../../domain/tokens.ts';
import { route } from '../../http.ts';
import { AppError } from '../../errors.ts';
import { sniffImage } from '../../../db/files/sniff.ts';
import { updateWorkflow } from '../../services/temporal.ts';
import { consumerDisclosure, documentView, loadDocument, loadSigners, signerView } from '../../services/documents.ts';
import { DocumentView, SignerSession, SigningLinkView } from '../../schemas/documents.ts';
import { DocumentParams, type DocumentContext } from './shared.ts';

const CODE_ATTEMPTS = 5;
const CODES_PER_LINK = 5;
/** A new code for a link is made at most this often: concurrent requests make one code and one email. */
const CODE_INTERVAL_SECONDS = 30;
const CODE_MINUTES = 10;
const GRANT_MINUTES = 60;

export function signingRoutes(r: Router, ctx: DocumentContext): void {
  const { deps, orm, temporalDeps, signingParty, refuseUnlessCollecting } = ctx;

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
}

/** "j***@example.com": enough to recognise, not enough to harvest. */
function maskEmail(email: string): string {
  const [local, domain] = email.split('@');
  return `${local!.slice(0, 1)}***@${domain}`;
}
