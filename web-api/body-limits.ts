import type { Request, RequestHandler } from 'express';
import { AppError } from './errors.ts';

/**
 * Request bodies are limited before they are read. body-parser answers an oversized body only
 * after reading all of it ("read off entire request"), so 300 MB sent to an anonymous route were
 * consumed before the 413. Here a Content-Length over the limit is refused at once, a body that
 * passes the limit while streaming is refused at that chunk, and the error handler closes the
 * connection of any request whose body was not read to its end (`closeUnreadBody`).
 */

/** The 413 every size refusal answers. */
export function payloadTooLarge(limit: number): AppError {
  return new AppError('payload_too_large', `The request body is larger than ${formatBytes(limit)}`);
}

/** Whether the request says it carries a body (the test body-parser uses). */
export function hasBody(req: Request): boolean {
  return req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] !== undefined && Number(req.headers['content-length']) > 0);
}

/** Throws 413 when the declared Content-Length is over the limit, before anything is read. */
export function assertDeclaredSize(req: Request, limit: number): void {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw payloadTooLarge(limit);
}

/**
 * Streams the body to `onChunk`, throwing 413 at the chunk that passes `limit` and leaving the rest
 * unread (the connection is then closed after the answer rather than drained).
 */
export async function readLimited(req: Request, limit: number, onChunk: (chunk: Buffer) => void): Promise<number> {
  assertDeclaredSize(req, limit);
  let size = 0;
  // destroyOnReturn: false, or leaving the loop would destroy the socket before the 413 is sent.
  for await (const chunk of req.iterator({ destroyOnReturn: false })) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) throw payloadTooLarge(limit);
    onChunk(buf);
  }
  return size;
}

const CHARSET = /;\s*charset\s*=\s*"?([^";\s]+)"?/i;

/**
 * JSON body parsing with the limit enforced before and while reading (in place of express.json,
 * whose refusal reads the whole body first). Only `application/json` in UTF-8 and without
 * Content-Encoding is read; the top level must be an object or an array; an empty body is `{}`.
 */
export function jsonBody(limit: number): RequestHandler {
  return (req, _res, next) => {
    if (req.body !== undefined || !hasBody(req) || !req.is('application/json')) return next();
    const charset = CHARSET.exec(req.headers['content-type'] ?? '')?.[1]?.toLowerCase();
    if (charset && charset !== 'utf-8' && charset !== 'utf8') return next(new AppError('unsupported_media_type', 'JSON bodies must be UTF-8'));
    if ((req.headers['content-encoding'] ?? 'identity').toLowerCase() !== 'identity') {
      return next(new AppError('unsupported_media_type', 'Compressed request bodies are not accepted'));
    }
    const chunks: Buffer[] = [];
    readLimited(req, limit, (c) => chunks.push(c)).then(() => {
      const text = Buffer.concat(chunks).toString('utf8').replace(/^\uFEFF/, '');
      if (text.trim() === '') { req.body = {}; return next(); }
      if (!/^\s*[{[]/.test(text)) return next(invalidJson());
      try {
        req.body = JSON.parse(text) as unknown;
      } catch {
        return next(invalidJson());
      }
      next();
    }, (err: unknown) => next(err instanceof AppError ? err : new AppError('invalid_json', 'The request body was not received completely', { cause: err })));
  };
}

function invalidJson(): AppError {
  return new AppError('invalid_json', 'The request body is not valid JSON', { fields: { body: 'Invalid JSON' } });
}

/**
 * For the error handler: a request refused before its body was read to the end gets
 * `Connection: close`, so Node closes the socket after the answer instead of reading (and
 * discarding) whatever the client still sends.
 */
export function closeUnreadBody(req: Request, res: { setHeader(name: string, value: string): unknown }): void {
  if (!req.complete && hasBody(req)) res.setHeader('Connection', 'close');
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${Math.round(n / (1024 * 1024))} MB`;
  return `${Math.round(n / 1024)} kB`;
}
