import pg from 'pg';
import pino from 'pino';
import { Client, Connection } from '@temporalio/client';
import { initORM } from '../db/orm.ts';
import type { ApiConfig } from './config.ts';
import type { AppDeps } from './deps.ts';
import { Throttles, type ThrottlePolicy } from './auth/throttle.ts';
import { createFileStorage } from '../db/files/create-storage.ts';
import { StripeProvider } from './payments/stripe.ts';
import { CommandRelay } from '../db/workflow-commands.ts';
import { afterResponseSettled } from './after-response.ts';
import { createSessionStore } from './auth/session-store.ts';

/** Builds the API's dependencies from its configuration; `close()` releases them. */
export async function createAppDeps(
  config: ApiConfig,
  opts: { throttle?: Partial<ThrottlePolicy>; logStream?: pino.DestinationStream } = {},
): Promise<{ deps: AppDeps; close(): Promise<void> }> {
  const logger = pino({
    name: 'portico-api',
    level: config.logLevel,
    // Defence in depth: even if a header or credential field reaches a log line, it is masked.
    redact: { paths: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]', '*.password', '*.token', '*.passwordHash'], censor: '[redacted]' },
  }, opts.logStream);
  const orm = await initORM(config.databaseUrl);
  // Lazy: the API starts (and answers 503 for what needs Temporal, 202 for what it queues) while Temporal is down.
  const connection = Connection.lazy({ address: config.temporalAddress });
  const temporal = new Client({ connection, namespace: config.temporalNamespace });
  const commands = new CommandRelay(() => orm.em.fork(), temporal, { log: (msg, data) => logger.warn(data, msg) });
  const sessionPool = new pg.Pool({ connectionString: config.databaseUrl, max: 5 });
  const sessionStore = createSessionStore(sessionPool, {
    databaseUrl: config.databaseUrl,
    maxAgeMs: config.sessionCacheMs,
    onListenerError: (err) => logger.warn({ err: err.message }, 'session change listener lost; sessions are read from the database until it is back'),
  });
  const deps: AppDeps = { orm, temporal, commands, config, logger, throttles: new Throttles(sessionPool, opts.throttle), sessionPool, sessionStore, storage: createFileStorage(config.storage),
    payments: { stripe: config.stripe ? new StripeProvider(config.stripe) : null } };
  return {
    deps,
    async close() {
      // Work left for after an answer (refusal audit events, reset emails) still needs the pools.
      await afterResponseSettled();
      await connection.close();
      await sessionStore.close();
      await sessionPool.end();
      await orm.close();
    },
  };
}
