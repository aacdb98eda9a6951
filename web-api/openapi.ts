import { z } from 'zod';
import { ERROR_STATUS } from './errors.ts';
import { LINK_PATHS } from './auth/throttle.ts';
import { registry } from './http.ts';

const ErrorShape = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object', required: ['code', 'message'],
      properties: {
        code: { type: 'string', enum: Object.keys(ERROR_STATUS) },
        message: { type: 'string' },
        fields: { type: 'object', additionalProperties: { type: 'string' }, description: 'Field path → problem' },
      },
    },
  },
};

/** Named schemas written out where they are referenced (`#/$defs/<id>` → the schema itself). */
function inlined(value: unknown, defs: Record<string, unknown>): unknown {
  if (Array.isArray(value)) return value.map((v) => inlined(v, defs));
  if (value === null || typeof value !== 'object') return value;
  const { $ref, ...siblings } = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, inlined(v, defs)])) as Record<string, unknown>;
  if (typeof $ref !== 'string' || !$ref.startsWith('#/$defs/')) return $ref === undefined ? siblings : { $ref, ...siblings };
  return { ...(inlined(defs[$ref.slice('#/$defs/'.length)], defs) as Record<string, unknown>), ...siblings };
}

/**
 * A zod schema as JSON Schema. Answer schemas with an id (`.meta({ id })`) are written once under
 * `components.schemas` (collected in `shared`) and referenced from every route, so the UI's
 * generated types name them. What a request takes (`io: 'input'`: defaults make fields optional,
 * so it differs from the answer of the same name) is written out in full where it is used.
 */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output', shared?: Map<string, string>): Record<string, unknown> {
  const { $schema: _ignored, $defs, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  if (!$defs) return rest;
  if (io === 'input') return inlined(rest, $defs as Record<string, unknown>) as Record<string, unknown>;
  const toComponents = (v: unknown) => JSON.parse(JSON.stringify(v).replaceAll('"#/$defs/', '"#/components/schemas/')) as Record<string, unknown>;
  for (const [id, def] of Object.entries($defs as Record<string, unknown>)) {
    const text = JSON.stringify(toComponents(def));
    const known = shared?.get(id);
    if (!shared || id === 'Error' || (known !== undefined && known !== text)) throw new Error(`OpenAPI: two different schemas are named ${id}`);
    shared.set(id, text);
  }
  return toComponents(rest);
}

/** Routes that start new work for an account: refused with `work_paused` (409) while an unpaid invoice's dunning pauses it. */
const WORK_ROUTES = [
  'post /api/accounts/:accountId/engagements', 'post /api/engagements/:engagementId/deliverables',
  'post /api/engagements/:engagementId/documents', 'post /api/documents/:documentId/send',
];

/** The OpenAPI 3.1 document, generated from the same zod schemas that validate requests. */
export function openApiDocument(version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const shared = new Map<string, string>();
  for (const spec of registry) {
    const path = spec.path.replace(/:(\w+)/g, '{$1}');
    const parameters: unknown[] = [];
    if (spec.params instanceof z.ZodObject) {
      for (const [name, s] of Object.entries(spec.params.shape as Record<string, z.ZodType>)) {
        parameters.push({ name, in: 'path', required: true, schema: jsonSchema(s, 'input') });
      }
    }
    if (spec.query instanceof z.ZodObject) {
      for (const [name, s] of Object.entries(spec.query.shape as Record<string, z.ZodType>)) {
        parameters.push({ name, in: 'query', required: !s.safeParse(undefined).success, schema: jsonSchema(s, 'input') });
      }
    }
    const errorCodes = new Set<string>(['validation_failed', 'internal', ...(spec.errors ?? [])]);
    if (spec.auth === 'session') ['unauthenticated', 'forbidden', 'not_found'].forEach((c) => errorCodes.add(c));
    if (spec.method !== 'get') errorCodes.add('csrf_invalid');
    // JSON bodies are limited before they are read (app.ts, body-limits.ts).
    if (spec.body) ['invalid_json', 'payload_too_large'].forEach((c) => errorCodes.add(c));
    // Routes that take a secret link are throttled per address in front of their routers (app.ts).
    if (LINK_PATHS.some((prefix) => spec.path === prefix || spec.path.startsWith(`${prefix}/`))) errorCodes.add('too_many_attempts');
    const responses: Record<string, unknown> = {
      // A route may answer JSON or, on request, a file (an event list as CSV): both are documented.
      [String(spec.status ?? 200)]: spec.produces || spec.response
        ? { description: 'OK', content: {
          ...(spec.response ? { 'application/json': { schema: jsonSchema(spec.response, 'output', shared) } } : {}),
          ...(spec.produces ? { [spec.produces]: { schema: { type: 'string', format: 'binary' } } } : {}),
        } }
        : { description: 'No content' },
    };
    // A change queued for its workflow answers 202 when Temporal did not acknowledge it in time (the relay delivers it).
    if (spec.workflow === 'queued') responses['202'] = { description: 'Accepted: the change is committed and its workflow command is being delivered', ...(spec.response ? { content: { 'application/json': { schema: jsonSchema(spec.response, 'output', shared) } } } : {}) };
    // A decision sent straight to a workflow answers 503 with Retry-After when Temporal does not answer in time (nothing is written).
    if (spec.workflow === 'direct') errorCodes.add('unavailable');
    // New work for an account can be paused by an unpaid invoice's dunning; the document routes are guarded in front of their router (app.ts).
    if (WORK_ROUTES.includes(`${spec.method} ${spec.path}`)) errorCodes.add('work_paused');
    for (const code of errorCodes) {
      const status = String(ERROR_STATUS[code as keyof typeof ERROR_STATUS]);
      const existing = responses[status] as { description: string } | undefined;
      // Codes that share a status are listed together ("conflict or work_paused").
      responses[status] = existing ? { ...existing, description: `${existing.description} or ${code}` } : { description: code, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
    }
    paths[path] ??= {};
    paths[path][spec.method] = {
      summary: spec.summary,
      tags: [spec.tag],
      ...(parameters.length ? { parameters } : {}),
      // A body the route may go without (`z.strictObject({}).optional()`) is documented as optional.
      ...(spec.body ? { requestBody: { required: !spec.body.safeParse(undefined).success, content: { 'application/json': { schema: jsonSchema(spec.body, 'input') } } } } : {}),
      ...(spec.rawBody ? { requestBody: { required: true, content: Object.fromEntries(spec.rawBody.map((t) => [t, { schema: { type: 'string', format: 'binary' } }])) } } : {}),
      ...(spec.auth === 'session' ? { security: [{ session: [] }] } : {}),
      responses,
    };
  }
  const readiness = (status: string) => ({ 'application/json': { schema: {
    type: 'object', required: ['status', 'checks'], additionalProperties: false,
    properties: { status: { const: status }, checks: { type: 'object', description: 'Per dependency (postgres, temporal): "ok" or what failed', additionalProperties: { type: 'string' } } },
  } } });
  paths['/readyz'] = { get: { summary: 'Readiness: PostgreSQL and Temporal reachable', tags: ['health'], responses: { 200: { description: 'Ready', content: readiness('ready') }, 503: { description: 'A dependency is unavailable', content: readiness('unavailable') } } } };
  paths['/api/branding/logo'] = { get: { summary: 'The business logo', tags: ['branding'], responses: { 200: { description: 'Image', content: { 'image/*': {} } }, 404: { description: 'No logo' } } } };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Portico API', version,
      description: 'Session-cookie API. Every state-changing request carries the `x-csrf-token` header from `GET /api/session` or the sign-in response. '
        + 'Money is integer minor units (cents). While a dunning step with the `pause_work` escalation is in force, routes that start new work for the account '
        + '(engagements, deliverables, documents to sign) answer 409 `work_paused`, naming the unpaid invoice (`fields.invoiceId`).',
    },
    paths,
    components: {
      schemas: { Error: ErrorShape, ...Object.fromEntries([...shared].map(([id, text]) => [id, JSON.parse(text) as unknown])) },
      securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: '__Host-portico.sid' } },
    },
  };
}
