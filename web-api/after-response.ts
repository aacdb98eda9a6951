import type { Request } from 'express';

/** Work handed to `afterResponse` and not finished yet (waiting for its answer to be sent, or running). */
const inFlight = new Set<Promise<void>>();

/**
 * Runs `work` once the answer to `req` has been handed to the connection (or the connection is
 * gone), with its errors logged. What must not change an answer's timing — work that depends on
 * whether an address or an id exists, or that waits on the audit trail's lock — goes here. It is
 * not durable: a crash before it runs loses it, so it suits work the caller can ask for again and
 * audit events of refusals. A shutdown waits for it (`afterResponseSettled`) before closing the pools.
 */
export function afterResponse(req: Request, what: string, work: () => Promise<unknown>): void {
  let settle!: () => void;
  const done = new Promise<void>((resolve) => { settle = resolve; });
  inFlight.add(done);
  void done.then(() => inFlight.delete(done));
  const run = () => setImmediate(() => {
    work().catch((err: unknown) => req.log.error({ err }, `${what} failed after the response`)).finally(settle);
  });
  const res = req.res;
  if (!res || res.writableFinished || res.destroyed) run();
  else res.once('close', run);
}

/** Resolves once every piece of after-response work handed over so far has finished. */
export async function afterResponseSettled(): Promise<void> {
  while (inFlight.size) await Promise.all([...inFlight]);
}
