import { Router } from 'express';
import { z } from 'zod';
import { route, fields } from '../http.ts';
import type { AppDeps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { findVisibleFile } from '../services/files.ts';

/** Types shown in the browser when asked for inline (previews); everything else is always an attachment. */
const INLINE = new Set(['application/pdf', 'image/png', 'image/jpeg', 'image/gif', 'image/webp']);

export function fileRoutes(deps: AppDeps): Router {
  const r = Router();

  route(r, {
    method: 'get', path: '/api/files/:fileId', tag: 'files', auth: 'session', params: z.object({ fileId: fields.uuid }),
    query: z.object({ inline: z.enum(['1']).optional() }),
    summary: 'Download a file (streamed; Content-Disposition per RFC 6266). Only people who may see its account; staff-only files never reach clients.',
  }, async ({ res, user, params, query }) => {
    const file = await findVisibleFile(deps.orm.em, user, params.fileId);
    if (!file) throw new AppError('not_found', 'Not found');
    const stream = await deps.storage.open(file.storageKey);
    if (!stream) {
      deps.logger.error({ fileId: file.id }, 'file content missing from storage');
      throw new AppError('not_found', 'Not found');
    }
    // res.attachment writes filename (ASCII fallback) and filename* (UTF-8), per RFC 6266.
    res.attachment(file.name);
    if (query.inline && INLINE.has(file.contentType)) res.setHeader('Content-Disposition', String(res.getHeader('Content-Disposition')).replace(/^attachment/, 'inline'));
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('Content-Length', String(file.size));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    // A file opened directly can run nothing in the portal's origin.
    res.setHeader('Content-Security-Policy', "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox");
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('ETag', `"${file.sha256}"`);
    await new Promise<void>((resolve, reject) => {
      stream.on('error', reject);
      res.on('close', () => { stream.destroy(); resolve(); });
      stream.pipe(res);
    });
  });

  return r;
}
