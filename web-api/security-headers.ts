import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import helmet from 'helmet';
import type { RequestHandler } from 'express';
import type { ApiConfig } from './config.ts';

/**
 * Hashes of the inline scripts of the UI's index.html (SvelteKit's bootstrap), so the CSP can
 * allow exactly them instead of `'unsafe-inline'`.
 */
export function inlineScriptHashes(indexHtml: string): string[] {
  const hashes: string[] = [];
  for (const m of indexHtml.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)) {
    if (m[1]!.trim()) hashes.push(`'sha256-${createHash('sha256').update(m[1]!).digest('base64')}'`);
  }
  return hashes;
}

/**
 * The inline preview of a deliverable's version (GET …/versions/:n/file?inline=1): the review page
 * shows a PDF in a frame, so that one response may be framed by the portal's own pages. Everything
 * else, and every other origin, still may not frame anything.
 */
const INLINE_PREVIEW = /^\/api\/deliverables\/[^/]+\/versions\/\d+\/file$/;

export function securityHeaders(config: ApiConfig): RequestHandler {
  const index = config.uiDir ? join(config.uiDir, 'index.html') : null;
  const scriptHashes = index && existsSync(index) ? inlineScriptHashes(readFileSync(index, 'utf8')) : [];
  const strict = headers(config, scriptHashes, ["'none'"]);
  const framable = headers(config, scriptHashes, ["'self'"]);
  return (req, res, next) => (req.query.inline === '1' && INLINE_PREVIEW.test(req.path) ? framable : strict)(req, res, next);
}

function headers(config: ApiConfig, scriptHashes: string[], frameAncestors: string[]): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", ...scriptHashes],
        // No inline styles at all: the UI's build extracts component CSS and rewrites SvelteKit's
        // one inline style attribute (ui/vite.config.ts); runtime styles go through the CSSOM.
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors,
        ...(config.env === 'production' ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: config.env === 'production' ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
  });
}
