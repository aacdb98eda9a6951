import { Router } from 'express';
import { z } from 'zod';
import { route, fields } from '../http.ts';
import type { AppDeps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { findVisibleFile, sendStoredFile } from '../services/files.ts';

export function fileRoutes(deps: AppDeps): Router {
  const r = Router();

  route(r, {
    method: 'get', path: '/api/files/:fileId', produces: '*/*', tag: 'files', auth: 'session', params: z.object({ fileId: fields.uuid }),
    query: z.object({ inline: z.enum(['1']).optional() }),
    summary: 'Download a file (streamed; Content-Disposition per RFC 6266). Only people who may see its account; staff-only files never reach clients.',
  }, async ({ res, user, params, query }) => {
    const file = await findVisibleFile(deps.orm.em, user, params.fileId);
    if (!file) throw new AppError('not_found', 'Not found');
    await sendStoredFile(deps.storage, deps.logger, res, file, { inline: !!query.inline });
  });

  return r;
}
