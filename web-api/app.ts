import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import { pinoHttp } from 'pino-http';
import { RequestContext } from '@mikro-orm/core';
import type { AppDeps } from './deps.ts';
import { AppError } from './errors.ts';
import { createPassport } from './auth/passport.ts';
import { createSessionMiddleware, csrfProtection, sessionTimeouts } from './auth/session.ts';
import { securityHeaders } from './security-headers.ts';
import { closeUnreadBody, jsonBody } from './body-limits.ts';
import { LINK_PATHS, linkThrottle } from './auth/throttle.ts';
import { openApiDocument } from './openapi.ts';
import { authRoutes } from './routes/auth.ts';
import { invitationRoutes } from './routes/invitations.ts';
import { homeRoutes } from './routes/home.ts';
import { accountRoutes } from './routes/accounts.ts';
import { engagementRoutes } from './routes/engagements.ts';
import { brandingRoutes } from './routes/branding.ts';
import { adminRoutes } from './routes/admin.ts';
import { auditRoutes } from './routes/audit.ts';
import { evidenceExportRoutes } from './routes/evidence-exports.ts';
import { auditCheckpointRoutes } from './routes/audit-checkpoints.ts';
import { templateRoutes } from './routes/templates.ts';
import { fileRoutes } from './routes/files.ts';
import { deliverableRoutes } from './routes/deliverables.ts';
import { documentRoutes } from './routes/documents/index.ts';
import { templateFileRoutes } from './routes/template-files.ts';
import { invoiceRoutes, paymentWebhookRoutes } from './routes/invoices/index.ts';
import { healthRoutes } from './routes/health.ts';
import { staffRoutes } from './routes/staff.ts';
import { libraryRoutes } from './routes/library.ts';
import { signedCopyRoutes } from './routes/signed-copies.ts';
import { redactSecretPaths } from '../db/redaction.ts';
import { workPauseGuard } from './services/work-pause.ts';
import { getEngagement } from './services/engagements.ts';

const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
const REQUEST_ID = /^[A-Za-z0-9-]{8,64}$/;

/**
 * Builds the HTTP application over its dependencies. Order: request id and log, security headers,
 * body parsing, ORM request context, session, passport, timeouts, CSRF, routes, UI, one error handler.
 */
export function createApp(deps: AppDeps): express.Express {
  const { config, logger, orm } = deps;
  const app = express();
  app.disable('x-powered-by');
  // Behind a reverse proxy the client address comes from X-Forwarded-For; without this every
  // client would share the proxy's address (and its login throttle).
  app.set('trust proxy', config.trustProxy);

  app.use(pinoHttp({
    logger,
    genReqId: (req, res) => {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
      res.setHeader('x-request-id', id);
      return id;
    },
    // Only what is needed to follow a request: never cookies, tokens or bodies (the token segment of
    // invitation, reset, signing and signed-copy paths is redacted).
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: redactSecretPaths(req.url, '[redacted]') }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    autoLogging: { ignore: (req) => req.url === '/healthz' },
  }));
  app.use(securityHeaders(config));
  // API answers are per user (and the anonymous ones carry a CSRF token): no cache keeps them.
  // Only a route that sets its own policy (the public branding logo) is cached.
  app.use('/api', (_req, res, next) => { res.setHeader('Cache-Control', 'no-store'); next(); });
  // Signed by the provider over the raw body: before any parsing, session or CSRF check.
  app.use(paymentWebhookRoutes(deps));
  const json = jsonBody(100 * 1024);
  // An imported template carries the PDFs of its documents to sign: its body is read further down,
  // once the session says an admin sent it.
  const IMPORT = '/api/templates/import';
  app.use((req, res, next) => (req.path === IMPORT ? next() : json(req, res, next)));
  app.use((_req, _res, next) => RequestContext.create(orm.em, next));

  app.use(createSessionMiddleware(config, deps.sessionStore));
  const passport = createPassport(orm);
  app.use(passport.initialize());
  app.use(passport.session());
  app.use(sessionTimeouts(config));
  const importJson = jsonBody(60 * 1024 * 1024);
  app.use(IMPORT, (req, res, next) => ((req.user as { role?: string } | undefined)?.role === 'admin' ? importJson : json)(req, res, next));

  app.use(healthRoutes(deps));
  app.get('/api/openapi.json', (_req, res) => { res.json(openApiDocument(VERSION)); });
  app.use(csrfProtection(config));
  // Routes that take a secret link: an address that sent too many invalid ones is refused first.
  app.use(LINK_PATHS, linkThrottle(deps));
  app.use(authRoutes(deps, passport));
  app.use(invitationRoutes(deps));
  app.use(homeRoutes(deps));
  app.use(accountRoutes(deps));
  app.use(engagementRoutes(deps));
  app.use(brandingRoutes(deps));
  app.use(adminRoutes(deps));
  app.use(auditRoutes(deps));
  app.use(evidenceExportRoutes(deps));
  app.use(auditCheckpointRoutes(deps));
  app.use(templateRoutes(deps));
  app.use(templateFileRoutes(deps));
  app.use(fileRoutes(deps));
  app.use(deliverableRoutes(deps));
  // New work for an account whose dunning paused it is refused (409 naming the invoice) before the
  // document routes read an upload or start a collection.
  app.post('/api/engagements/:engagementId/documents', workPauseGuard(orm, async (req) => (await getEngagement(orm.em.fork(), String(req.params.engagementId)))?.accountId ?? null, 'document.manage'));
  app.post('/api/documents/:documentId/send', workPauseGuard(orm, async (req) => (await orm.em.fork().getConnection().execute<{ account_id: string }[]>(
    'select account_id from signature_document where id = ?', [String(req.params.documentId)]))[0]?.account_id ?? null, 'document.manage'));
  app.use(documentRoutes(deps));
  app.use(signedCopyRoutes(deps));
  app.use(invoiceRoutes(deps));
  app.use(staffRoutes(deps));
  app.use(libraryRoutes(deps));
  app.use('/api', (_req, _res, next) => next(new AppError('not_found', 'No such API route')));

  if (config.uiDir && existsSync(join(config.uiDir, 'index.html'))) {
    const indexHtml = readFileSync(join(config.uiDir, 'index.html'));
    app.use('/_app/immutable', express.static(join(config.uiDir, '_app/immutable'), { maxAge: '1y', immutable: true, index: false }));
    app.use(express.static(config.uiDir, { index: false, maxAge: 0 }));
    // Single-page app: every other GET renders the shell and the client router takes over.
    app.get(/^(?!\/api\/).*/, (_req, res) => { res.type('html').set('Cache-Control', 'no-cache').send(indexHtml); });
  }

  app.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    const e = toAppError(err);
    // An error after the answer went out (e.g. saving the session): log it, let Express end the socket.
    if (res.headersSent) {
      req.log.error({ err }, 'error after response was sent');
      return next(err);
    }
    if (e.status >= 500) req.log.error({ err }, 'request failed');
    else if (e.code !== 'not_found' && e.code !== 'unauthenticated') req.log.info({ code: e.code }, e.message);
    if (e.headers) res.set(e.headers);
    closeUnreadBody(req, res);
    res.status(e.status).json({ error: { code: e.code, message: e.message, ...(e.fields ? { fields: e.fields } : {}) } });
  });
  return app;
}

function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const e = err as { type?: string; status?: number };
  if (e?.type === 'entity.parse.failed') return new AppError('invalid_json', 'The request body is not valid JSON', { fields: { body: 'Invalid JSON' } });
  if (e?.type === 'entity.too.large') return new AppError('payload_too_large', 'The request body is too large');
  if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported') return new AppError('unsupported_media_type', 'Unsupported body encoding');
  // The router refuses a path whose percent-encoding is malformed (`/api/files/%E0%A4%A`) with a URIError marked 400.
  if (err instanceof URIError && e.status === 400) return new AppError('validation_failed', 'The address is not valid percent-encoded UTF-8', { fields: { path: 'Malformed percent-encoding' } });
  return new AppError('internal', 'Something went wrong on our side. Please try again.', { cause: err });
}
