import type { Request } from 'express';

/**
 * Runs `work` once the answer to `req` has been handed to the connection (or the connection is
 * gone), with its errors logged. What must not change an answer's timing — work that depends on
 * whether an address or an id exists, or that waits on the audit trail's lock — goes here. It is
 * not durable: a crash before it runs loses it, so it suits work the caller can ask for again and
 * audit events of refusals.
 */
export function afterResponse(req: Request, what: string, work: () => Promise<unknown>): void {
  const run = () => setImmediate(() => {
    work().catch((err: unknown) => req.log.error({ err }, `${what} failed after the response`));
  });
  const res = req.res;
  if (!res || res.writableFinished || res.destroyed) run();
  else res.once('close', run);
}
