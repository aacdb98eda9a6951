import { readFileSync } from 'node:fs';
import type express from 'express';
import type { PassportStatic } from 'passport';
import type { AppDeps } from './deps.ts';
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

/**
 * Registers every route's contract without a database, Temporal or storage: the route builders
 * only declare routes, their dependencies are read when a request arrives. Used to write and
 * check the committed OpenAPI document (docs/openapi.json).
 */
const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
/** Where the committed document lives, from the repository root. */
export const OPENAPI_FILE = 'docs/openapi.json';

function inert(): unknown {
  const target = function inertDependency() { /* never called for real */ };
  const proxy: unknown = new Proxy(target, {
    get: (_t, key) => (key === 'then' || typeof key === 'symbol' ? undefined : proxy),
    apply: () => proxy,
    construct: () => proxy as object,
  });
  return proxy;
}

export function registerAllRoutes(): void {
  // A stand-in for every dependency: builders may take parts of it (`deps.config.x`), none is used.
  const deps = inert() as unknown as AppDeps;
  const passport = { authenticate: () => (_req: unknown, _res: unknown, next: () => void) => next() } as unknown as PassportStatic;
  const builders: ((d: AppDeps) => express.Router)[] = [
    paymentWebhookRoutes, healthRoutes, invitationRoutes, homeRoutes, accountRoutes, engagementRoutes, brandingRoutes,
    adminRoutes, auditRoutes, evidenceExportRoutes, auditCheckpointRoutes, templateRoutes, templateFileRoutes, fileRoutes,
    deliverableRoutes, documentRoutes, signedCopyRoutes, invoiceRoutes, staffRoutes, libraryRoutes,
  ];
  authRoutes(deps, passport);
  for (const build of builders) build(deps);
}

/** Object keys in code-point order at every level (arrays keep theirs): the same document always reads the same. */
export function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortedKeys((value as Record<string, unknown>)[k])]));
}

/** The OpenAPI document as committed in docs/openapi.json: sorted keys, two-space indent, a final newline. */
export function openApiText(doc: Record<string, unknown>): string {
  return `${JSON.stringify(sortedKeys(doc), null, 2)}\n`;
}

/** The document the code describes, built without any running service. */
export function currentOpenApiText(): string {
  registerAllRoutes();
  return openApiText(openApiDocument(VERSION));
}
