// Documents to sign. Routes are registered in this order (Express matches, and the OpenAPI
// document lists them, in registration order).
import { Router } from 'express';
import type { AppDeps } from '../../deps.ts';
import { documentContext } from './shared.ts';
import { setupRoutes } from './setup.ts';
import { fileRoutes } from './files.ts';
import { signingRoutes } from './signing.ts';
import { verifyRoutes } from './verify.ts';

export function documentRoutes(deps: AppDeps): Router {
  const r = Router();
  const ctx = documentContext(deps);
  setupRoutes(r, ctx);
  fileRoutes(r, ctx);
  signingRoutes(r, ctx);
  verifyRoutes(r, ctx);
  return r;
}
