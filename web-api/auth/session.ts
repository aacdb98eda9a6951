import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import session from 'express-session';
import type { ApiConfig } from '../config.ts';
import { AppError } from '../errors.ts';

/** Cookie name: `__Host-` (Secure, Path=/, no Domain) whenever cookies are Secure. Never `connect.sid`. */
export function sessionCookieName(config: Pick<ApiConfig, 'secureCookies'>): string {
  return config.secureCookies ? '__Host-portico.sid' : 'portico.sid';
}

/** express-session over the `session` table (made by a migration, not by the store), through `store`. */
export function createSessionMiddleware(config: ApiConfig, store: session.Store): RequestHandler {
  return session({
    name: sessionCookieName(config),
    secret: config.sessionSecret,
    store,
    // resave:true races parallel requests (express-session#1064); rolling would write on every request.
    resave: false,
    saveUninitialized: false,
    rolling: false,
    proxy: config.trustProxy !== false,
    cookie: {
      httpOnly: true,
      secure: config.secureCookies,
      sameSite: 'lax',
      path: '/',
      maxAge: config.sessionAbsoluteHours * 3600_000,
    },
  });
}

/**
 * Idle and absolute timeouts (ASVS 7.3.x). `lastSeenAt` is refreshed at most once a minute so that
 * a busy client does not turn every read into a session write.
 */
export function sessionTimeouts(config: ApiConfig): RequestHandler {
  const idleMs = config.sessionIdleMinutes * 60_000;
  const absoluteMs = config.sessionAbsoluteHours * 3600_000;
  return (req: Request, _res: Response, next: NextFunction) => {
    const s = req.session;
    if (!s || !req.user) return next();
    const now = Date.now();
    const expired = (s.authenticatedAt && now - s.authenticatedAt > absoluteMs) || (s.lastSeenAt && now - s.lastSeenAt > idleMs);
    if (expired) {
      req.session.destroy(() => next(new AppError('unauthenticated', 'Your session has expired; please sign in again')));
      return;
    }
    if (!s.lastSeenAt || now - s.lastSeenAt > 60_000) s.lastSeenAt = now;
    next();
  };
}

/** Returns the session's CSRF token, creating one (and so the session) when missing. */
export function ensureCsrfToken(req: Request): string {
  req.session.csrfToken ??= randomBytes(32).toString('base64url');
  return req.session.csrfToken;
}

/** The anonymous CSRF cookie: `__Host-` whenever cookies are Secure, like the session's. */
export function csrfCookieName(config: Pick<ApiConfig, 'secureCookies'>): string {
  return config.secureCookies ? '__Host-portico.csrf' : 'portico.csrf';
}

function signCsrf(secret: string, nonce: string): string {
  return createHmac('sha256', secret).update(`portico-csrf:${nonce}`).digest('base64url');
}

function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The request's anonymous CSRF token when its cookie holds one this server signed. */
function anonymousTokenOf(req: Request, config: Pick<ApiConfig, 'secureCookies' | 'sessionSecret'>): string | undefined {
  const token = readCookie(req, csrfCookieName(config));
  const [nonce, mac] = token?.split('.') ?? [];
  if (!nonce || !mac) return undefined;
  const expected = signCsrf(config.sessionSecret, nonce);
  return mac.length === expected.length && timingSafeEqual(Buffer.from(mac), Buffer.from(expected)) ? token : undefined;
}

/**
 * The CSRF token of a visitor without a session (signed double-submit cookie): a random nonce and
 * its HMAC under the session secret, set as an HttpOnly cookie and echoed by the client in
 * `x-csrf-token`. It lets the sign-in, reset, invitation and signing forms be protected without
 * storing a session row for every anonymous page load; signing in replaces it with the session's.
 */
export function anonymousCsrfToken(req: Request, res: Response, config: Pick<ApiConfig, 'secureCookies' | 'sessionSecret' | 'sessionAbsoluteHours'>): string {
  const existing = anonymousTokenOf(req, config);
  if (existing) return existing;
  const nonce = randomBytes(32).toString('base64url');
  const token = `${nonce}.${signCsrf(config.sessionSecret, nonce)}`;
  res.cookie(csrfCookieName(config), token, {
    httpOnly: true, secure: config.secureCookies, sameSite: 'lax', path: '/', maxAge: config.sessionAbsoluteHours * 3600_000,
  });
  return token;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Synchronizer-token CSRF protection: every state-changing request must echo the session's token
 * in `x-csrf-token`, or, without a session token, the anonymous cookie's (`anonymousCsrfToken`).
 * No GET changes state, so safe methods pass.
 */
export function csrfProtection(config: Pick<ApiConfig, 'secureCookies' | 'sessionSecret'>): RequestHandler {
  return (req, _res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const expected = req.session?.csrfToken ?? anonymousTokenOf(req, config);
    const given = req.get('x-csrf-token');
    const ok = !!expected && !!given && given.length === expected.length
      && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
    next(ok ? undefined : new AppError('csrf_invalid', 'Missing or invalid CSRF token; reload the page and try again'));
  };
}

export function saveSession(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.save((err) => (err ? reject(err) : resolve())));
}
