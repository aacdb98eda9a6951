import type { NextFunction, Request, Response, Router } from 'express';
import { z } from 'zod';
import { AppError } from './errors.ts';
import type { SessionUser } from './auth/session-user.ts';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** A route's contract: the same zod schemas validate requests and generate the OpenAPI document. */
export interface RouteSpec<P extends z.ZodType, B extends z.ZodType, Q extends z.ZodType> {
  method: Method;
  /** Express path, e.g. `/api/accounts/:accountId`. */
  path: string;
  summary: string;
  tag: string;
  /** `public` routes need no session; the rest answer 401 without one. */
  auth: 'public' | 'session';
  params?: P;
  body?: B;
  query?: Q;
  /** Raw (non-JSON) request body media types, e.g. image uploads. */
  rawBody?: string[];
  response?: z.ZodType;
  /**
   * A binary answer by media type (e.g. `application/zip`): documented as such in OpenAPI. With a
   * `response` too, the route answers JSON unless asked for the file (e.g. `?format=csv`).
   */
  produces?: string;
  status?: number;
  /**
   * How the route reaches Temporal, if it does: `queued` (rows and a workflow command in one
   * transaction; 202 when not delivered in time) or `direct` (an Update; 503 when Temporal does not answer).
   */
  workflow?: 'queued' | 'direct';
  /** Extra documented error codes. */
  errors?: string[];
}

export interface RouteContext<P, B, Q> {
  req: Request;
  res: Response;
  params: P;
  body: B;
  query: Q;
  /** The signed-in user (always set on `auth: 'session'` routes). */
  user: SessionUser;
}

export const registry: RouteSpec<z.ZodType, z.ZodType, z.ZodType>[] = [];

/** Formats zod issues as `{ "field.path": "message" }`. */
export function zodFields(error: z.ZodError, prefix?: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || (prefix ?? 'body');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) fields[[prefix, ...issue.path.map(String), key].filter(Boolean).join('.')] = 'Unknown field';
      continue;
    }
    fields[path] ??= issue.message;
  }
  return fields;
}

/**
 * Why a string can never be stored, or null. PostgreSQL refuses NUL in text and jsonb, and a lone
 * UTF-16 surrogate has no UTF-8 form: jsonb refuses its `\ud800` escape and text would silently
 * keep U+FFFD instead of what was sent.
 */
export function textProblem(s: string): string | null {
  if (s.includes('\u0000')) return 'Must not contain a NUL character';
  if (!s.isWellFormed()) return 'Must not contain an unpaired UTF-16 surrogate';
  return null;
}

/**
 * The first string (value or key) in a decoded request part that `textProblem` refuses, as
 * `{ path, message }` with the field path named the way `zodFields` names it.
 */
export function findBadText(value: unknown, path: string[] = [], depth = 0): { path: string; message: string } | null {
  const at = (p: string[]) => p.filter(Boolean).join('.') || 'body';
  if (typeof value === 'string') {
    const message = textProblem(value);
    return message ? { path: at(path), message } : null;
  }
  // Bodies are at most 100 kB of JSON (60 MB for a template import): deep nesting is bounded by the parser.
  if (value === null || typeof value !== 'object' || depth > 64) return null;
  for (const [key, v] of Object.entries(value)) {
    const keyProblem = textProblem(key);
    if (keyProblem) return { path: at([...path, key.toWellFormed().replaceAll('\u0000', '\uFFFD')]), message: keyProblem };
    const found = findBadText(v, [...path, key], depth + 1);
    if (found) return found;
  }
  return null;
}

/** Refuses, naming the field, any string in the path, query or body that could never be stored. */
function refuseBadText(req: Request): void {
  const found = findBadText(req.params, ['path']) ?? findBadText(req.query, ['query']) ?? findBadText(req.body, []);
  if (found) throw new AppError('validation_failed', `Please check the field: ${found.path}`, { fields: { [found.path]: found.message } });
}

/**
 * A header's value, percent-decoded (as `X-File-Name` is sent); malformed percent-encoding or a
 * string that could never be stored answers 400 naming the header, never 500.
 */
export function decodedHeader(req: Request, name: string): string | undefined {
  const raw = req.get(name);
  if (raw === undefined) return undefined;
  let value: string;
  try {
    value = decodeURIComponent(raw);
  } catch {
    throw new AppError('validation_failed', `The ${name} header is not valid percent-encoded UTF-8`, { fields: { [`header.${name}`]: 'Malformed percent-encoding' } });
  }
  const problem = textProblem(value);
  if (problem) throw new AppError('validation_failed', `Please check the ${name} header`, { fields: { [`header.${name}`]: problem } });
  return value;
}

export function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown, prefix?: string): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const fields = zodFields(result.error, prefix);
    const names = Object.keys(fields);
    throw new AppError('validation_failed', `Please check ${names.length === 1 ? 'the field' : 'the fields'}: ${names.join(', ')}`, { fields });
  }
  return result.data;
}

/**
 * Under test, every JSON answer is held to its route's documented response schema, so a schema
 * that does not say what the handler sends fails the tests that exercise the route (production
 * sends the answer as it is: no parsing cost).
 */
const CHECK_ANSWERS = process.env.NODE_ENV === 'test';

/** Paths of object keys in `sent` that `parsed` does not have: fields the schema does not document. */
function undocumentedKeys(sent: unknown, parsed: unknown, path: string[] = []): string[] {
  if (Array.isArray(sent)) return Array.isArray(parsed) ? sent.flatMap((v, i) => undocumentedKeys(v, parsed[i], [...path, String(i)])) : [];
  if (sent === null || typeof sent !== 'object' || parsed === null || typeof parsed !== 'object') return [];
  return Object.entries(sent).flatMap(([key, v]) => (key in parsed
    ? undocumentedKeys(v, (parsed as Record<string, unknown>)[key], [...path, key])
    : [[...path, key].join('.') || '(root)']));
}

/**
 * The answer as it goes on the wire, checked against the route's response schema: a route that
 * answers JSON without one, a value the schema refuses, or a field it does not name throws (500),
 * naming the route and the problem.
 */
function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  throw new Error(message);
}

function checkAnswer(spec: RouteSpec<z.ZodType, z.ZodType, z.ZodType>, out: unknown): unknown {
  const where = `${spec.method.toUpperCase()} ${spec.path}`;
  const sent: unknown = JSON.parse(JSON.stringify(out));
  if (!spec.response) fail(`Response check: ${where} answered JSON but declares no response schema`);
  const result = spec.response.safeParse(sent);
  if (!result.success) {
    fail(`Response check: ${where} answered what its response schema refuses: ${JSON.stringify(result.error.issues.slice(0, 5))}`);
  }
  const extra = undocumentedKeys(sent, result.data);
  if (extra.length) fail(`Response check: ${where} answered fields its response schema does not name: ${extra.slice(0, 10).join(', ')}`);
  return out;
}

/**
 * Registers a route on the router and in the OpenAPI registry. The handler gets parsed params,
 * body and query; what it returns is sent as JSON (undefined → 204).
 */
export function route<P extends z.ZodType = z.ZodObject<Record<string, never>>, B extends z.ZodType = z.ZodUndefined, Q extends z.ZodType = z.ZodObject<Record<string, never>>>(
  router: Router,
  spec: RouteSpec<P, B, Q>,
  handler: (ctx: RouteContext<z.infer<P>, z.infer<B>, z.infer<Q>>) => Promise<unknown> | unknown,
): void {
  // Several apps may be built in one process (tests); the contract is recorded once per route.
  if (!registry.some((s) => s.method === spec.method && s.path === spec.path)) {
    registry.push(spec as unknown as RouteSpec<z.ZodType, z.ZodType, z.ZodType>);
  }
  router[spec.method](spec.path, async (req: Request, res: Response, next: NextFunction) => {
    try {
      if (spec.auth === 'session' && !req.user) throw new AppError('unauthenticated', 'Please sign in');
      // One rule for every route, so no schema can forget it: text that could never be stored is refused here.
      refuseBadText(req);
      const params = spec.params ? parseOrThrow(spec.params, req.params, 'path') : {};
      const body = spec.body ? parseOrThrow(spec.body, req.body ?? {}, '') : undefined;
      const query = spec.query ? parseOrThrow(spec.query, req.query, 'query') : {};
      const out = await handler({ req, res, params, body, query, user: req.user as SessionUser } as RouteContext<z.infer<P>, z.infer<B>, z.infer<Q>>);
      if (res.headersSent) return;
      // A handler may answer 202 (`res.locals.status`): its change committed and its workflow command is on its way.
      const status = (res.locals.status as number | undefined) ?? spec.status;
      if (out === undefined) {
        if (CHECK_ANSWERS && spec.response) fail(`Response check: ${spec.method.toUpperCase()} ${spec.path} declares a JSON answer but sent none`);
        res.status(status ?? 204).end();
      }
      else if (CHECK_ANSWERS) res.status(status ?? 200).json(checkAnswer(spec, out));
      else res.status(status ?? 200).json(out);
    } catch (err) {
      next(err);
    }
  });
}

/** Common field schemas. */
export const fields = {
  /** An id, in either case, parsed into the lowercase form PostgreSQL returns (so comparisons and audit data agree). */
  uuid: z.uuid({ message: 'Must be an id' }).toLowerCase(),
  email: z.string().trim().toLowerCase().max(254, 'Too long').pipe(z.email({ message: 'Enter a valid email address' })),
  name: z.string().trim().min(1, 'Required').max(200, 'Too long'),
  password: z.string().max(1024, 'Too long'),
};
