import express, { Router } from 'express';
import { z } from 'zod';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Branding } from '../../db/entities/branding.ts';
import { DEFAULT_BRANDING } from '../../db/outbox.ts';
import { recordAudit } from '../../db/audit.ts';
import { AppError } from '../errors.ts';
import { route } from '../http.ts';
import type { AppDeps } from '../deps.ts';
import { auditContext, authorize } from '../policy.ts';
import { sniffImage } from '../../db/files/sniff.ts';

export const LOGO_MAX_BYTES = 512 * 1024;

export const BrandingView = z.object({
  businessName: z.string(), primaryColor: z.string(), logoUrl: z.string().nullable(),
}).meta({ id: 'Branding' });

export async function brandingView(em: EntityManager): Promise<z.infer<typeof BrandingView>> {
  const rows = await em.getConnection().execute<{ business_name: string; primary_color: string; logo_updated_at: Date | null }[]>(
    'select business_name, primary_color, logo_updated_at from branding where id = 1');
  const b = rows[0];
  if (!b) return { businessName: DEFAULT_BRANDING.businessName, primaryColor: DEFAULT_BRANDING.primaryColor, logoUrl: null };
  return {
    businessName: b.business_name,
    primaryColor: b.primary_color,
    // The timestamp in the URL lets the browser cache the logo until it changes.
    logoUrl: b.logo_updated_at ? `/api/branding/logo?v=${new Date(b.logo_updated_at).getTime()}` : null,
  };
}

const BrandingBody = z.strictObject({
  businessName: z.string().trim().min(1, 'Required').max(120, 'At most 120 characters'),
  primaryColor: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'Use a hex colour like #2f5bd3').transform((s) => s.toLowerCase()),
  emailFrom: z.string().trim().max(254).pipe(z.email({ message: 'Enter a valid email address' })),
});

export function brandingRoutes(deps: AppDeps): Router {
  const r = Router();
  const { orm } = deps;

  route(r, { method: 'get', path: '/api/branding', tag: 'branding', auth: 'public', summary: 'The business branding shown on every page', response: BrandingView },
    () => brandingView(orm.em));

  r.get('/api/branding/logo', async (_req, res, next) => {
    try {
      const b = await orm.em.fork().findOne(Branding, { id: 1 }, { populate: ['logo'] });
      if (!b?.logo || !b.logoType) throw new AppError('not_found', 'No logo');
      res.set({ 'Content-Type': b.logoType, 'Cache-Control': 'public, max-age=31536000, immutable', 'Content-Disposition': 'inline; filename="logo"' });
      res.send(Buffer.from(b.logo));
    } catch (err) {
      next(err);
    }
  });

  route(r, { method: 'get', path: '/api/admin/branding', tag: 'branding', auth: 'session', summary: 'Branding settings (admin)',
    response: BrandingView.extend({ emailFrom: z.string() }) },
  async ({ req, user }) => {
    await authorize(orm.em, req, user, 'branding.manage');
    const b = await orm.em.fork().findOne(Branding, { id: 1 });
    return { ...(await brandingView(orm.em)), emailFrom: b?.emailFrom ?? DEFAULT_BRANDING.emailFrom };
  });

  route(r, { method: 'put', path: '/api/admin/branding', tag: 'branding', auth: 'session', summary: 'Change name, colour and email sender (admin)',
    body: BrandingBody, response: z.object({ branding: BrandingView }) },
  async ({ req, user, body }) => {
    await authorize(orm.em, req, user, 'branding.manage');
    const em = orm.em.fork();
    await em.transactional(async (tx) => {
      const before = await tx.findOne(Branding, { id: 1 });
      const old = before ? { businessName: before.businessName, primaryColor: before.primaryColor, emailFrom: before.emailFrom } : null;
      if (before) Object.assign(before, body);
      else tx.create(Branding, { id: 1, ...body });
      await tx.flush();
      await recordAudit(tx, { ...auditContext(req, user), action: 'branding.updated', data: { before: old, after: body } });
    });
    return { branding: await brandingView(orm.em) };
  });

  route(r, { method: 'put', path: '/api/admin/branding/logo', tag: 'branding', auth: 'session',
    summary: 'Upload the logo as the raw request body (PNG, JPEG or WebP, at most 512 KB)', rawBody: ['image/png', 'image/jpeg', 'image/webp'],
    response: z.object({ branding: BrandingView }), errors: ['payload_too_large', 'unsupported_media_type'] },
  async ({ req, res, user }) => {
    await authorize(orm.em, req, user, 'branding.manage');
    const body = await readRaw(req, res, LOGO_MAX_BYTES);
    const type = sniffImage(body);
    if (!type) throw new AppError('unsupported_media_type', 'The logo must be a PNG, JPEG or WebP image');
    const em = orm.em.fork();
    await em.transactional(async (tx) => {
      const b = await tx.findOne(Branding, { id: 1 });
      const target = b ?? tx.create(Branding, { id: 1, ...DEFAULT_BRANDING });
      Object.assign(target, { logo: body, logoType: type, logoUpdatedAt: new Date() });
      await tx.flush();
      await recordAudit(tx, { ...auditContext(req, user), action: 'branding.logo_updated', data: { type, bytes: body.length } });
    });
    return { branding: await brandingView(orm.em) };
  });

  return r;
}

/** Reads a raw body up to `limit` bytes; more is refused with 413 without buffering it all. */
function readRaw(req: express.Request, res: express.Response, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    express.raw({ type: () => true, limit })(req, res, (err?: unknown) => {
      if (err) {
        const e = err as { type?: string };
        reject(e.type === 'entity.too.large'
          ? new AppError('payload_too_large', `The file is larger than ${Math.round(limit / 1024)} KB`)
          : err);
        return;
      }
      resolve(Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0));
    });
  });
}
