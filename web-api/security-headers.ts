import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
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
 * Hashes of the literal `style="…"` attributes in the built UI's scripts (SvelteKit's route
 * announcer has one). Allowed with 'unsafe-hashes', which admits exactly these attribute values
 * and no other inline style.
 */
export function inlineStyleAttributeHashes(uiDir: string): string[] {
  const dir = join(uiDir, '_app/immutable');
  if (!existsSync(dir)) return [];
  const hashes = new Set<string>();
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.js')) {
        for (const m of readFileSync(p, 'utf8').matchAll(/style="([^"]*)"/g)) {
          hashes.add(`'sha256-${createHash('sha256').update(m[1]!).digest('base64')}'`);
        }
      }
    }
  };
  walk(dir);
  return [...hashes];
}

export function securityHeaders(config: ApiConfig): RequestHandler {
  const index = config.uiDir ? join(config.uiDir, 'index.html') : null;
  const scriptHashes = index && existsSync(index) ? inlineScriptHashes(readFileSync(index, 'utf8')) : [];
  const styleHashes = config.uiDir ? inlineStyleAttributeHashes(config.uiDir) : [];
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", ...scriptHashes],
        styleSrc: ["'self'", ...(styleHashes.length ? ["'unsafe-hashes'", ...styleHashes] : [])],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(config.env === 'production' ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: config.env === 'production' ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
  });
}
