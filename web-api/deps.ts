import type { MikroORM } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type pg from 'pg';
import type { SessionStore } from './auth/session-store.ts';
import type { ApiConfig } from './config.ts';
import type { Throttles } from './auth/throttle.ts';
import type { FileStorage } from '../db/files/storage.ts';
import type { PaymentProvider } from './payments/provider.ts';
import type { CommandRelay } from '../db/workflow-commands.ts';

/** Everything the API needs, built once by its caller (the server, a test, the benchmark). */
export interface AppDeps {
  orm: MikroORM;
  temporal: Client;
  /** Delivers the workflow commands a request's transaction queued (the worker's relay delivers what is left). */
  commands: CommandRelay;
  config: ApiConfig;
  logger: Logger;
  /** Every throttle (sign-in, password reset, links, verification), shared through PostgreSQL. */
  throttles: Throttles;
  /** A small pool of its own for the session store and the throttles (the ORM's pool is private to its driver). */
  sessionPool: pg.Pool;
  /** Sessions in PostgreSQL, read through this process's cache (web-api/auth/session-store.ts). */
  sessionStore: SessionStore;
  /** Where uploaded files are kept. */
  storage: FileStorage;
  /** Online payments, when configured (bank transfers need nothing). */
  payments?: { stripe: PaymentProvider | null };
}
