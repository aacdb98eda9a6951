import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { createHash } from 'node:crypto';
import { Router } from 'express';
import { z } from 'zod';
import { FileTooLargeError, formatBytes, type FileStorage } from '../../db/files/storage.ts';
import { sniffType } from '../../db/files/sniff.ts';
import { inspectPdf, PdfRefusedError } from '../../domain/signing/pdf.ts';
import { route } from '../http.ts';
import type { AppDeps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { authorize } from '../policy.ts';
import { cleanFileName, typeName } from '../services/files.ts';
import { pageImage } from '../services/documents.ts';
import type { TemplateDefinition } from '../templates/template-format.ts';

/**
 * The PDFs shipped with templates (documents to sign). They belong to no account: the bytes live
 * in the file storage under their SHA-256 and the template's definition names them by it. Only
 * admins, who design templates and see every account, upload them and see their pages.
 */
const TemplateFile = z.object({ sha256: z.string(), name: z.string(), size: z.number(), pageCount: z.number() }).meta({ id: 'TemplateFile' });

async function readPdf(storage: FileStorage, sha256: string): Promise<Uint8Array | null> {
  const stream = await storage.open(sha256);
  return stream ? new Uint8Array(await buffer(stream)) : null;
}

/**
 * Makes every document's PDF of a definition about to be published present in the storage: an
 * imported template brings the bytes (base64 in `file.content`, checked against its hash and page
 * count, then stored and dropped from the definition); otherwise they must have been uploaded.
 */
export async function settleTemplateFiles(storage: FileStorage, definition: TemplateDefinition, maxBytes: number): Promise<TemplateDefinition> {
  const errors: Record<string, string> = {};
  const documents = [];
  for (const [i, d] of definition.documents.entries()) {
    const { content, ...file } = d.file;
    if (content !== undefined) {
      const bytes = Buffer.from(content, 'base64');
      if (bytes.length > maxBytes) errors[`documents.${i}.file`] = `The PDF is larger than ${formatBytes(maxBytes)}`;
      else if (createHash('sha256').update(bytes).digest('hex') !== file.sha256) errors[`documents.${i}.file`] = 'The PDF does not match its SHA-256: the file was changed';
      else {
        try {
          const info = await inspectPdf(new Uint8Array(bytes));
          if (info.pageCount !== file.pageCount) errors[`documents.${i}.file`] = `The PDF has ${info.pageCount} pages, not ${file.pageCount}`;
          else await storage.put(Readable.from([bytes]), { maxBytes });
        } catch (err) {
          if (!(err instanceof PdfRefusedError)) throw err;
          errors[`documents.${i}.file`] = err.message;
        }
      }
    } else {
      const stream = await storage.open(file.sha256);
      stream?.destroy();
      if (!stream) errors[`documents.${i}.file`] = 'The PDF is missing: upload it again, or import the template with its files';
    }
    documents.push({ ...d, file });
  }
  if (Object.keys(errors).length) throw new AppError('validation_failed', 'Please check the documents to sign', { fields: errors });
  return { ...definition, documents };
}

/** A definition to share: each document's PDF goes along, base64. */
export async function withTemplateFiles(storage: FileStorage, definition: Record<string, unknown>): Promise<Record<string, unknown>> {
  const documents = (definition.documents ?? []) as { file: { sha256: string } }[];
  return {
    ...definition,
    documents: await Promise.all(documents.map(async (d) => {
      const bytes = await readPdf(storage, d.file.sha256);
      return bytes ? { ...d, file: { ...d.file, content: Buffer.from(bytes).toString('base64') } } : d;
    })),
  };
}

export function templateFileRoutes(deps: AppDeps): Router {
  const r = Router();
  const { orm } = deps;

  route(r, {
    method: 'post', path: '/api/template-files', tag: 'templates', auth: 'session', status: 201,
    query: z.object({ name: z.string().max(1000).optional() }), rawBody: ['application/pdf'],
    summary: "Upload a PDF for a template's document to sign (raw body; admin). A broken, encrypted or non-PDF file is refused with the reason.",
    response: z.object({ file: TemplateFile }), errors: ['payload_too_large', 'unsupported_media_type'],
  }, async ({ req, user, query }) => {
    await authorize(orm.em, req, user, 'templates.manage');
    const name = cleanFileName(query.name ?? '') || 'document.pdf';
    const maxBytes = deps.config.uploadMaxBytes;
    const declared = Number(req.get('content-length'));
    if (Number.isFinite(declared) && declared > maxBytes) {
      req.resume();
      throw new AppError('payload_too_large', `The file is larger than ${formatBytes(maxBytes)}`);
    }
    let stored;
    try {
      stored = await deps.storage.put(req, {
        maxBytes,
        check: (head) => {
          const sniffed = sniffType(head);
          if (sniffed !== 'application/pdf') throw new AppError('unsupported_media_type', `${sniffed ? `A ${typeName(sniffed)} file` : 'This kind of file'} is not accepted here; upload PDF`);
        },
      });
    } catch (err) {
      if (err instanceof FileTooLargeError) throw new AppError('payload_too_large', err.message);
      throw err;
    }
    try {
      const info = await inspectPdf((await readPdf(deps.storage, stored.key))!);
      return { file: { sha256: stored.sha256, name, size: stored.size, pageCount: info.pageCount } };
    } catch (err) {
      if (err instanceof PdfRefusedError) throw new AppError('validation_failed', err.message, { fields: { file: err.message } });
      throw err;
    }
  });

  route(r, {
    method: 'get', path: '/api/template-files/:sha256/pages/:page', produces: 'image/png', tag: 'templates', auth: 'session',
    params: z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/, 'Not a SHA-256'), page: z.coerce.number().int().min(1).max(10000) }),
    query: z.object({ w: z.coerce.number().int().min(200).max(1600).default(900) }),
    summary: "One page of a template's PDF as a PNG, for placing fields (admin)",
  }, async ({ req, res, user, params, query }) => {
    await authorize(orm.em, req, user, 'templates.manage');
    let png: Buffer;
    try {
      // The PDF is read only when the page is not in the image cache already.
      png = await pageImage(params.sha256, params.page, query.w, async () => {
        const bytes = await readPdf(deps.storage, params.sha256);
        if (!bytes) throw new AppError('not_found', 'Not found');
        return bytes;
      });
    } catch {
      // An unknown file, or a page past its last one.
      throw new AppError('not_found', 'Not found');
    }
    res.setHeader('Content-Type', 'image/png');
    res.setHeader('Cache-Control', 'private, no-store');
    res.end(png);
  });

  return r;
}

