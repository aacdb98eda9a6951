// A document's pages, its original and sealed PDFs, its certificate and its audit events.
import { buffer } from 'node:stream/consumers';
import { type Router, type Response } from 'express';
import { z } from 'zod';
import { StoredFile } from '../../../db/entities/stored-file.ts';
import { loadSealingInput } from '../../../domain/signing/evidence.ts';
import { certificatePdf } from '../../../domain/signing/seal.ts';
import { checkPdfSignature } from '../../../domain/signing/check-signature.ts';
import { route } from '../../http.ts';
import { AppError } from '../../errors.ts';
import type { SessionUser } from '../../auth/session-user.ts';
import { loadDocument, pageImage, type DocumentRow } from '../../services/documents.ts';
import { DocumentEvents } from '../../schemas/documents.ts';
import { DocumentParams, type DocumentContext } from './shared.ts';

export function fileRoutes(r: Router, ctx: DocumentContext): void {
  const { deps, orm, visible, readableByAccount, signingParty } = ctx;

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
}
