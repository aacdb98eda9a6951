import { Router } from 'express';
import { z } from 'zod';
import { route } from '../http.ts';
import type { AppDeps } from '../deps.ts';

async function within<T>(ms: number, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms); })]);
  } finally {
    clearTimeout(timer);
  }
}

export function healthRoutes(deps: AppDeps): Router {
  const r = Router();
  route(r, { method: 'get', path: '/healthz', tag: 'health', auth: 'public', summary: 'Liveness: the process answers', response: z.object({ status: z.literal('ok') }) },
    () => ({ status: 'ok' as const }));

  r.get('/readyz', async (_req, res) => {
    const checks: Record<string, string> = {};
    await Promise.all([
      within(2000, deps.orm.em.getConnection().execute('select 1')).then(() => { checks.postgres = 'ok'; }, (e: Error) => { checks.postgres = e.message; }),
      within(2000, deps.temporal.connection.workflowService.getSystemInfo({})).then(() => { checks.temporal = 'ok'; }, (e: Error) => { checks.temporal = e.message; }),
    ]);
    const ready = Object.values(checks).every((v) => v === 'ok');
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unavailable', checks });
  });
  return r;
}
